package dev.k42lens.core.mem;

/**
 * The private pages all address spaces of one run may hold together (each is a 4 KiB array on the
 * engine's heap): a page past it is not made and {@link MemoryLimitException} says so, so that a
 * runaway guest gets ENOMEM (from fork, or a mapping larger than the whole budget) or is killed
 * as Linux's OOM killer would kill it (touching one page too many) instead of the engine running
 * out of heap. Shared pages (files, shared memory) belong to their objects and are not counted here.
 */
public final class PageBudget {
    private final long limitPages;
    private long usedPages;

    /** A budget of {@code limitBytes} (rounded down to whole pages). */
    public PageBudget(long limitBytes) {
        this.limitPages = limitBytes / GuestMemory.PAGE_SIZE;
    }

    /** No limit: for address spaces outside a run (tests, tools). */
    public static PageBudget unlimited() {
        return new PageBudget(Long.MAX_VALUE);
    }

    public long limitBytes() {
        return limitPages * GuestMemory.PAGE_SIZE;
    }

    public synchronized long usedPages() {
        return usedPages;
    }

    /** Fails, changing nothing, when {@code pages} more would pass the limit. */
    synchronized void check(long pages) {
        if (pages > 0 && usedPages + pages > limitPages) {
            throw new MemoryLimitException(limitBytes(), usedPages * GuestMemory.PAGE_SIZE, pages * GuestMemory.PAGE_SIZE);
        }
    }

    /** Fails when one mapping of {@code bytes} could never be backed: it is larger than the whole budget. */
    void checkMapping(long bytes) {
        if (Long.compareUnsigned(bytes, limitBytes()) > 0) {
            throw new MemoryLimitException(limitBytes(), usedPages() * GuestMemory.PAGE_SIZE, bytes);
        }
    }

    synchronized void add(long pages) {
        usedPages += pages;
    }
}
