package dev.k42lens.core.layer;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.k42lens.core.kernel.Epoll;
import dev.k42lens.core.kernel.EventFd;
import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.ProcessTimers;
import dev.k42lens.core.kernel.SignalFd;
import dev.k42lens.core.kernel.TimerFd;
import dev.k42lens.core.kernel.fs.FileStat;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Waiting for several descriptors and the descriptors made for waiting: poll, ppoll, select,
 * pselect6, epoll, eventfd, timerfd and signalfd. A wait that cannot be answered at once leaves
 * the layer and blocks; the signal mask ppoll, pselect6 and epoll_pwait give holds while they
 * wait and comes back when they return (through the signal frame when a handler interrupts them).
 */
final class EventCalls {
    private static final int EFD_SEMAPHORE = 1;
    private static final int TFD_TIMER_ABSTIME = 1;
    private static final int TFD_TIMER_CANCEL_ON_SET = 2;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_BOOTTIME = 7;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    /** sizeof(struct epoll_event) on ppc64: u32 events, then u64 data at 8 (not packed as on x86-64). */
    private static final int EPOLL_EVENT_SIZE = 16;
    private static final int EPOLL_MAX_EVENTS = Integer.MAX_VALUE / EPOLL_EVENT_SIZE;
    private static final int POLLNVAL = 0x20;
    private static final int FD_SETSIZE = 1024;
    private static final int SIGSET_SIZE = 8;
    private static final long UNBLOCKABLE = (1L << 8) | (1L << 18); // SIGKILL, SIGSTOP
    private static final long NS_PER_S = 1_000_000_000L;

    private EventCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("poll", c -> poll(layer, c, c.arg(2) < 0 ? -1 : c.arg(2) * 1_000_000L, 0));
        layer.register("ppoll", c -> poll(layer, c, timespecTimeout(c, c.arg(2)), c.arg(3)));
        layer.register("select", c -> select(layer, c, true, 0));
        layer.register("_newselect", c -> select(layer, c, true, 0));
        layer.register("pselect6", c -> {
            long maskAddress = 0;
            if (c.arg(5) != 0) {
                maskAddress = c.memory().read64(c.arg(5));
                if (maskAddress != 0 && c.memory().read64(c.arg(5) + 8) != SIGSET_SIZE) {
                    return Errno.EINVAL.negated();
                }
            }
            return select(layer, c, false, maskAddress);
        });
        layer.register("eventfd", c -> c.nested("eventfd2", c.arg(0), 0));
        layer.register("eventfd2", EventCalls::eventfd2);
        layer.register("timerfd_create", EventCalls::timerfdCreate);
        layer.register("timerfd_settime", EventCalls::timerfdSettime);
        layer.register("timerfd_gettime", c -> {
            if (!(c.process().description(c.arg(0)) instanceof TimerFd timer)) {
                return c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : Errno.EINVAL.negated();
            }
            writeItimerspec(c.memory(), c.arg(1), timer);
            return 0;
        });
        layer.register("signalfd", c -> c.nested("signalfd4", c.arg(0), c.arg(1), c.arg(2), 0));
        layer.register("signalfd4", EventCalls::signalfd4);
        layer.register("epoll_create", c -> c.arg(0) <= 0 ? Errno.EINVAL.negated() : c.nested("epoll_create1", 0));
        layer.register("epoll_create1", c -> (c.arg(0) & ~OpenFlags.O_CLOEXEC) != 0 ? Errno.EINVAL.negated()
                : c.process().install(new Epoll(OpenFlags.O_RDWR), (c.arg(0) & OpenFlags.O_CLOEXEC) != 0, 0));
        layer.register("epoll_ctl", EventCalls::epollCtl);
        layer.register("epoll_wait", c -> epollWait(layer, c, 0));
        layer.register("epoll_pwait", c -> {
            if (c.arg(4) != 0 && c.arg(5) != SIGSET_SIZE) {
                return Errno.EINVAL.negated();
            }
            return epollWait(layer, c, c.arg(4));
        });
        layer.limit("epoll_ctl", "EPOLLEXCLUSIVE and EPOLLWAKEUP are accepted and change nothing; an epoll inside an epoll is never ready");
        layer.limit("signalfd4", "reads the pending signals of every thread of the process, not only the caller's");
    }

    /** A timeout given as a struct timespec pointer: -1 (none) for null, -2 when invalid, else nanoseconds. */
    private static long timespecTimeout(SyscallCall c, long address) {
        if (address == 0) {
            return -1;
        }
        long ns = GuestData.readTimespec(c.memory(), address);
        return ns < 0 ? -2 : ns;
    }

    // ---- waiting ------------------------------------------------------------------------------

    /**
     * The wait every call here shares: answer at once when {@code answer} has something or the
     * timeout is zero, else leave the layer and block until {@code ready} or the timeout. While
     * it waits the thread has the mask at {@code maskAddress} (0: its own).
     */
    private static long await(SyscallLayer layer, SyscallCall c, long timeoutNs, long maskAddress, BooleanSupplier ready,
            LongSupplier answer, LongSupplier readyAtNs) {
        if (timeoutNs == -2) {
            return Errno.EINVAL.negated();
        }
        if (ready.getAsBoolean() || timeoutNs == 0) {
            return answer.getAsLong();
        }
        GuestThread thread = c.thread();
        long oldMask = thread.signalMask();
        if (maskAddress != 0) {
            layer.setSignalMask(thread, c.memory().read64(maskAddress) & ~UNBLOCKABLE);
            thread.setSuspendedMask(oldMask);
        }
        Runnable restoreMask = () -> {
            if (maskAddress != 0) {
                thread.setSuspendedMask(-1);
                layer.setSignalMask(thread, oldMask);
            }
        };
        GuestProcess process = c.process();
        long deadline = timeoutNs < 0 ? 0 : process.clock().monotonicNs() + timeoutNs;
        long at = readyAtNs.getAsLong();
        long wakeAt = at == 0 ? deadline : deadline == 0 ? at : Math.min(at, deadline);
        return c.block(() -> ready.getAsBoolean() || (deadline > 0 && process.clock().monotonicNs() >= deadline), false, () -> {
            long result = answer.getAsLong();
            restoreMask.run();
            return result;
        }, wakeAt);
    }

    private static long poll(SyscallLayer layer, SyscallCall c, long timeoutNs, long maskAddress) {
        if (maskAddress != 0 && c.arg(4) != SIGSET_SIZE) {
            return Errno.EINVAL.negated();
        }
        long fds = c.arg(0);
        if (c.arg(1) < 0 || c.arg(1) > FD_SETSIZE) {
            return Errno.EINVAL.negated();
        }
        int count = (int) c.arg(1);
        GuestProcess process = c.process();
        GuestMemory memory = c.memory();
        LongSupplier answer = () -> {
            int ready = 0;
            for (int i = 0; i < count; i++) {
                long entry = fds + 8L * i;
                int revents = pollEntry(process, memory.read32(entry), memory.read16(entry + 4));
                memory.write16(entry + 6, revents);
                ready += revents != 0 ? 1 : 0;
            }
            return ready;
        };
        BooleanSupplier ready = () -> {
            for (int i = 0; i < count; i++) {
                if (pollEntry(process, memory.read32(fds + 8L * i), memory.read16(fds + 8L * i + 4)) != 0) {
                    return true;
                }
            }
            return false;
        };
        LongSupplier readyAt = () -> {
            long next = 0;
            for (int i = 0; i < count; i++) {
                next = earlier(next, process.description(memory.read32(fds + 8L * i)));
            }
            return next;
        };
        return await(layer, c, timeoutNs, maskAddress, ready, answer, readyAt);
    }

    /** The revents of one pollfd: its events that hold, POLLHUP and POLLERR always, POLLNVAL for a closed descriptor. */
    private static int pollEntry(GuestProcess process, int fd, int events) {
        if (fd < 0) {
            return 0;
        }
        FileDescription d = process.description(fd);
        return d == null ? POLLNVAL : d.pollEvents() & (events | FileDescription.POLLHUP | FileDescription.POLLERR);
    }

    private static long earlier(long next, FileDescription d) {
        long at = d == null ? 0 : d.readyAtNs();
        return at != 0 && (next == 0 || at < next) ? at : next;
    }

    /**
     * select and pselect6: three fd_sets of 1024 bits (64-bit words in the guest's byte order),
     * rewritten to the ready descriptors; the timeout (a timeval, or pselect6's timespec) is
     * rewritten to the time left, as Linux does.
     */
    private static long select(SyscallLayer layer, SyscallCall c, boolean timeval, long maskAddress) {
        if (c.intArg(0) < 0) {
            return Errno.EINVAL.negated(); // an int: the upper half of the register is not looked at
        }
        int n = Math.min(c.intArg(0), FD_SETSIZE); // Linux stops at the size of the descriptor table
        GuestProcess process = c.process();
        GuestMemory memory = c.memory();
        long[] sets = { c.arg(1), c.arg(2), c.arg(3) };
        long[][] wanted = new long[3][(FD_SETSIZE + 63) / 64];
        int words = (n + 63) / 64;
        for (int s = 0; s < 3; s++) {
            for (int w = 0; w < words && sets[s] != 0; w++) {
                wanted[s][w] = memory.read64(sets[s] + 8L * w) & (w == words - 1 && n % 64 != 0 ? (1L << (n % 64)) - 1 : -1L);
            }
        }
        for (int fd = 0; fd < n; fd++) {
            if (((wanted[0][fd / 64] | wanted[1][fd / 64] | wanted[2][fd / 64]) >>> (fd % 64) & 1) != 0
                    && process.description(fd) == null) {
                return Errno.EBADF.negated();
            }
        }
        long timeoutAddress = c.arg(4);
        long timeoutNs = -1;
        if (timeoutAddress != 0) {
            long seconds = memory.read64(timeoutAddress);
            long fraction = memory.read64(timeoutAddress + 8);
            long unit = timeval ? 1000 : 1;
            timeoutNs = seconds < 0 || fraction < 0 || fraction >= NS_PER_S / unit ? -2 : seconds * NS_PER_S + fraction * unit;
        }
        long start = process.clock().monotonicNs();
        long timeout = timeoutNs;
        LongSupplier count = () -> {
            long[][] result = readySets(process, n, wanted);
            int total = 0;
            for (long[] set : result) {
                for (long word : set) {
                    total += Long.bitCount(word);
                }
            }
            return total;
        };
        LongSupplier answer = () -> {
            long[][] result = readySets(process, n, wanted);
            int total = 0;
            for (int s = 0; s < 3; s++) {
                for (int w = 0; w < words && sets[s] != 0; w++) {
                    memory.write64(sets[s] + 8L * w, result[s][w]);
                    total += Long.bitCount(result[s][w]);
                }
            }
            if (timeoutAddress != 0 && timeout > 0) {
                long left = Math.max(0, timeout - (process.clock().monotonicNs() - start));
                memory.write64(timeoutAddress, left / NS_PER_S);
                memory.write64(timeoutAddress + 8, left % NS_PER_S / (timeval ? 1000 : 1));
            }
            return total;
        };
        LongSupplier readyAt = () -> {
            long next = 0;
            for (int fd = 0; fd < n; fd++) {
                next = earlier(next, process.description(fd));
            }
            return next;
        };
        return await(layer, c, timeoutNs, maskAddress, () -> count.getAsLong() > 0, answer, readyAt);
    }

    /** Which of the wanted descriptors are ready: readable (or hung up), writable, exceptional (never). */
    private static long[][] readySets(GuestProcess process, int n, long[][] wanted) {
        long[][] ready = new long[3][wanted[0].length];
        for (int fd = 0; fd < n; fd++) {
            long bit = 1L << (fd % 64);
            FileDescription d = process.description(fd);
            if (d == null) {
                continue;
            }
            int events = d.pollEvents();
            if ((wanted[0][fd / 64] & bit) != 0 && (events & (FileDescription.POLLIN | FileDescription.POLLHUP | FileDescription.POLLERR)) != 0) {
                ready[0][fd / 64] |= bit;
            }
            if ((wanted[1][fd / 64] & bit) != 0 && (events & (FileDescription.POLLOUT | FileDescription.POLLERR)) != 0) {
                ready[1][fd / 64] |= bit;
            }
        }
        return ready;
    }

    // ---- epoll --------------------------------------------------------------------------------

    private static long epollCtl(SyscallCall c) {
        GuestProcess process = c.process();
        FileDescription instance = process.description(c.arg(0));
        FileDescription target = process.description(c.arg(2));
        if (instance == null || target == null) {
            return Errno.EBADF.negated();
        }
        if (!(instance instanceof Epoll epoll) || instance == target) {
            return Errno.EINVAL.negated();
        }
        if (target.node() != null && FileStat.isRegular(target.node().mode())) {
            return Errno.EPERM.negated(); // regular files are always ready: Linux refuses to watch them
        }
        int op = c.intArg(1);
        if (op == EPOLL_CTL_DEL) {
            return epoll.remove(c.intArg(2));
        }
        if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD) {
            return Errno.EINVAL.negated();
        }
        int events = c.memory().read32(c.arg(3));
        long data = c.memory().read64(c.arg(3) + 8);
        return op == EPOLL_CTL_ADD ? epoll.add(c.intArg(2), target, events, data) : epoll.modify(c.intArg(2), events, data);
    }

    private static long epollWait(SyscallLayer layer, SyscallCall c, long maskAddress) {
        FileDescription instance = c.process().description(c.arg(0));
        if (instance == null) {
            return Errno.EBADF.negated();
        }
        if (!(instance instanceof Epoll epoll) || c.arg(2) <= 0 || c.arg(2) > EPOLL_MAX_EVENTS) {
            return Errno.EINVAL.negated();
        }
        int max = c.intArg(2);
        long out = c.arg(1);
        GuestMemory memory = c.memory();
        if (!memory.isMapped(out, (long) max * EPOLL_EVENT_SIZE)) {
            return Errno.EFAULT.negated();
        }
        LongSupplier answer = () -> {
            List<Epoll.Event> events = epoll.take(max);
            for (int i = 0; i < events.size(); i++) {
                memory.write32(out + (long) EPOLL_EVENT_SIZE * i, events.get(i).events());
                memory.write64(out + (long) EPOLL_EVENT_SIZE * i + 8, events.get(i).data());
            }
            return events.size();
        };
        long timeoutNs = c.intArg(3) < 0 ? -1 : c.intArg(3) * 1_000_000L;
        return await(layer, c, timeoutNs, maskAddress, epoll::readReady, answer, epoll::readyAtNs);
    }

    // ---- eventfd, timerfd, signalfd -------------------------------------------------------------

    private static long eventfd2(SyscallCall c) {
        int flags = c.intArg(1);
        if ((flags & ~(EFD_SEMAPHORE | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC)) != 0) {
            return Errno.EINVAL.negated();
        }
        EventFd eventFd = new EventFd(c.arg(0) & 0xffffffffL, (flags & EFD_SEMAPHORE) != 0, OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK),
                c.memory().isBigEndian());
        return c.process().install(eventFd, (flags & OpenFlags.O_CLOEXEC) != 0, 0);
    }

    private static long timerfdCreate(SyscallCall c) {
        int flags = c.intArg(1);
        ProcessTimers.Clock clock = switch (c.intArg(0)) {
            case CLOCK_REALTIME -> ProcessTimers.Clock.REALTIME;
            case CLOCK_MONOTONIC, CLOCK_BOOTTIME -> ProcessTimers.Clock.MONOTONIC;
            default -> null;
        };
        if (clock == null || (flags & ~(OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC)) != 0) {
            return Errno.EINVAL.negated();
        }
        TimerFd timer = new TimerFd(clock, c.process().clock(), OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK), c.memory().isBigEndian());
        return c.process().install(timer, (flags & OpenFlags.O_CLOEXEC) != 0, 0);
    }

    /** timerfd_settime(fd, flags, new, old): struct itimerspec {it_interval, it_value}; value 0 disarms. */
    private static long timerfdSettime(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (!(d instanceof TimerFd timer)) {
            return d == null ? Errno.EBADF.negated() : Errno.EINVAL.negated();
        }
        int flags = c.intArg(1);
        long interval = GuestData.readTimespec(c.memory(), c.arg(2));
        long value = GuestData.readTimespec(c.memory(), c.arg(2) + 16);
        if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0 || interval < 0 || value < 0) {
            return Errno.EINVAL.negated();
        }
        if (c.arg(3) != 0) {
            writeItimerspec(c.memory(), c.arg(3), timer);
        }
        long expiry = timer.timer().expiryFor(value, (flags & TFD_TIMER_ABSTIME) != 0, timer.clock());
        timer.arm(expiry, interval);
        return 0;
    }

    private static void writeItimerspec(GuestMemory memory, long address, TimerFd timer) {
        GuestData.writeTimespec(memory, address, timer.timer().interval());
        GuestData.writeTimespec(memory, address + 16, timer.timer().left(timer.clock(), 1));
    }

    private static long signalfd4(SyscallCall c) {
        int flags = c.intArg(3);
        if (c.arg(2) != SIGSET_SIZE || (flags & ~(OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC)) != 0) {
            return Errno.EINVAL.negated();
        }
        long mask = c.memory().read64(c.arg(1)) & ~UNBLOCKABLE;
        if (c.intArg(0) == -1) {
            SignalFd signalFd = new SignalFd(c.process(), mask, OpenFlags.O_RDWR | (flags & OpenFlags.O_NONBLOCK));
            return c.process().install(signalFd, (flags & OpenFlags.O_CLOEXEC) != 0, 0);
        }
        FileDescription d = c.process().description(c.arg(0));
        if (!(d instanceof SignalFd signalFd)) {
            return d == null ? Errno.EBADF.negated() : Errno.EINVAL.negated();
        }
        signalFd.setMask(mask);
        return c.arg(0);
    }
}
