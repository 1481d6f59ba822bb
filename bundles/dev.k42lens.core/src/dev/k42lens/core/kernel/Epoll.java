package dev.k42lens.core.kernel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k42lens.core.layer.table.Errno;

/**
 * An epoll instance: the interest list of epoll_ctl and the readiness epoll_wait reports, level-
 * or edge-triggered (EPOLLET: a description's state must have changed since it was last
 * reported), optionally once (EPOLLONESHOT, until EPOLL_CTL_MOD). An interest goes away with the
 * last descriptor of its description, as on Linux.
 */
public final class Epoll extends FileDescription {
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    /** What epoll_wait hands back for one ready descriptor. */
    public record Event(int events, long data) {
    }

    private static final class Interest {
        final FileDescription description;
        int events;
        long data;
        long reportedChanges = -1;
        boolean disabled;

        Interest(FileDescription description, int events, long data) {
            this.description = description;
            this.events = events;
            this.data = data;
        }

        /** The events it would report now, before edge and one-shot rules. */
        int ready() {
            return description.pollEvents() & (events | POLLERR | POLLHUP);
        }
    }

    private final Map<Integer, Interest> interests = new LinkedHashMap<>();

    public Epoll(int flags) {
        super(flags);
    }

    @Override
    public String describe() {
        return "anon_inode:[eventpoll]";
    }

    /** EPOLL_CTL_ADD; returns 0 or a negated errno. */
    public long add(int fd, FileDescription description, int events, long data) {
        dropClosed();
        if (interests.containsKey(fd)) {
            return Errno.EEXIST.negated();
        }
        interests.put(fd, new Interest(description, events, data));
        return 0;
    }

    /** EPOLL_CTL_MOD: new events and data, and a one-shot interest is armed again. */
    public long modify(int fd, int events, long data) {
        dropClosed();
        Interest interest = interests.get(fd);
        if (interest == null) {
            return Errno.ENOENT.negated();
        }
        interest.events = events;
        interest.data = data;
        interest.disabled = false;
        interest.reportedChanges = -1;
        return 0;
    }

    /** EPOLL_CTL_DEL. */
    public long remove(int fd) {
        dropClosed();
        return interests.remove(fd) == null ? Errno.ENOENT.negated() : 0;
    }

    private void dropClosed() {
        interests.values().removeIf(interest -> !interest.description.isOpen());
    }

    /** Up to {@code max} ready events, taking them: an edge-triggered interest is not reported again until its state changes. */
    public List<Event> take(int max) {
        dropClosed();
        List<Event> events = new ArrayList<>();
        for (Iterator<Interest> it = interests.values().iterator(); it.hasNext() && events.size() < max;) {
            Interest interest = it.next();
            int ready = interest.disabled ? 0 : interest.ready();
            long changes = interest.description.changes();
            if (ready == 0 || ((interest.events & EPOLLET) != 0 && changes == interest.reportedChanges)) {
                continue;
            }
            interest.reportedChanges = changes;
            interest.disabled = (interest.events & EPOLLONESHOT) != 0;
            events.add(new Event(ready, interest.data));
        }
        return events;
    }

    /** Whether epoll_wait would report something now (without taking it). */
    @Override
    public boolean readReady() {
        dropClosed();
        for (Interest interest : interests.values()) {
            if (!interest.disabled && interest.ready() != 0
                    && ((interest.events & EPOLLET) == 0 || interest.description.changes() != interest.reportedChanges)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean writeReady() {
        return false;
    }

    /** The earliest time one of its descriptions becomes ready by itself (a timerfd), or 0. */
    @Override
    public long readyAtNs() {
        long next = 0;
        for (Interest interest : interests.values()) {
            long at = interest.description.readyAtNs();
            if (at != 0 && (next == 0 || at < next)) {
                next = at;
            }
        }
        return next;
    }
}
