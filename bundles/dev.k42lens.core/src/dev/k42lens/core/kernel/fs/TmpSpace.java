package dev.k42lens.core.kernel.fs;

/**
 * The size of the private /tmp and /dev/shm together, as tmpfs's {@code size=} option sets it:
 * bytes that writes add to their files are granted against the limit, and a write that would take
 * more gets what is left, then ENOSPC. Truncating a file, and removing its last name, gives its
 * bytes back. File sizes count, not the blocks the host gives them: a sparse file counts its holes
 * once something is written past them.
 */
public final class TmpSpace {
    private final long limit;
    private long used;

    TmpSpace(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Bytes the files hold now, as far as the writes and removals seen add up. */
    public synchronized long used() {
        return used;
    }

    /** How many of {@code wanted} more bytes fit (all, some, or 0: ENOSPC); those are taken. */
    public synchronized long grant(long wanted) {
        long granted = Math.max(0, Math.min(wanted, limit - used));
        used += granted;
        return granted;
    }

    /** Bytes a file no longer holds. */
    public synchronized void release(long bytes) {
        used = Math.max(0, used - Math.max(0, bytes));
    }
}
