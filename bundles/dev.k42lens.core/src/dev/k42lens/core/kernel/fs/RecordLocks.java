package dev.k42lens.core.kernel.fs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-range locks on every file of a run: those of fcntl (F_SETLK, F_SETLKW, F_GETLK and their
 * open-file-description forms) in one table, flock's whole-file locks in another. As on Linux they
 * are advisory and belong to an owner: a process (its pid) for POSIX locks, an open file
 * description for OFD and flock locks. A file is the node's host path, or its guest path for a
 * node the emulator makes up.
 */
public final class RecordLocks {
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;
    /** The end of a lock that reaches past any end of the file (l_len 0). */
    public static final long TO_END = Long.MAX_VALUE;

    /** One held lock over the bytes [start, end], end inclusive; {@code pid} is what F_GETLK reports. */
    public record Lock(Object owner, int pid, int type, long start, long end) {
        boolean overlaps(long from, long to) {
            return start <= to && from <= end;
        }
    }

    private final Map<Object, List<Lock>> byFile = new HashMap<>();

    private static Object fileOf(FsNode node) {
        return node instanceof FsNode.HostFile host ? host.hostPath() : node.guestPath();
    }

    /** The first lock of another owner that a lock of {@code type} over [start, end] would conflict with, or null. */
    public synchronized Lock conflict(FsNode node, Object owner, int type, long start, long end) {
        for (Lock lock : byFile.getOrDefault(fileOf(node), List.of())) {
            if (!lock.owner().equals(owner) && lock.overlaps(start, end) && (type == F_WRLCK || lock.type() == F_WRLCK)) {
                return lock;
            }
        }
        return null;
    }

    /**
     * Makes the owner's locks over [start, end] of {@code type}: F_UNLCK removes them, the others
     * replace whatever the owner held there (a read lock over part of a write lock splits it).
     * The caller has checked {@link #conflict} first.
     */
    public synchronized void set(FsNode node, Object owner, int pid, int type, long start, long end) {
        Object file = fileOf(node);
        List<Lock> kept = new ArrayList<>();
        for (Lock lock : byFile.getOrDefault(file, List.of())) {
            if (!lock.owner().equals(owner) || !lock.overlaps(start, end)) {
                kept.add(lock);
                continue;
            }
            if (lock.start() < start) {
                kept.add(new Lock(owner, lock.pid(), lock.type(), lock.start(), start - 1));
            }
            if (lock.end() > end) {
                kept.add(new Lock(owner, lock.pid(), lock.type(), end + 1, lock.end()));
            }
        }
        if (type != F_UNLCK) {
            kept.add(new Lock(owner, pid, type, start, end));
        }
        if (kept.isEmpty()) {
            byFile.remove(file);
        } else {
            byFile.put(file, kept);
        }
    }

    /** Drops every lock the owner holds on the file: a process closing any descriptor of it, the last close of a description. */
    public synchronized void release(FsNode node, Object owner) {
        set(node, owner, 0, F_UNLCK, 0, TO_END);
    }
}
