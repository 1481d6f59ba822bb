package dev.k42lens.core.mem;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.HashSet;
import java.util.Set;

/**
 * The private pages all address spaces of one run may hold together (each is a 4 KiB array on the
 * engine's heap): a page past it is not made and {@link MemoryLimitException} says so, so that a
 * runaway guest gets ENOMEM (from fork, or a mapping larger than the whole budget) or is killed
 * as Linux's OOM killer would kill it (touching one page too many) instead of the engine running
 * out of heap. The frames of shared objects (anonymous shared memory, memfds, System V segments,
 * the page caches of files mapped shared) count too, from when each is made until its object is
 * collected: nothing else knows when the last descriptor, mapping and name of one are gone.
 */
public final class PageBudget {
    private final long limitPages;
    private long usedPages;
    /** The shared objects whose frames are counted here, until the collector finds them unreachable. */
    private final Set<SharedCharge> charges = new HashSet<>();
    private final ReferenceQueue<MemoryObject> collected = new ReferenceQueue<>();

    /** The frames one shared object has counted here. */
    static final class SharedCharge extends PhantomReference<MemoryObject> {
        private final PageBudget budget;
        private long pages;

        private SharedCharge(MemoryObject object, PageBudget budget) {
            super(object, budget.collected);
            this.budget = budget;
        }

        /** Counts {@code more} frames of the object, failing as {@link PageBudget#check} does. */
        void add(long more) {
            synchronized (budget) {
                budget.check(more);
                budget.add(more);
                pages += more;
            }
        }
    }

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

    /**
     * Fails, changing nothing, when {@code pages} more would pass the limit, after giving back the
     * frames of shared objects no one can reach any more.
     */
    synchronized void check(long pages) {
        if (pages > 0 && usedPages + pages > limitPages) {
            reclaim();
            if (usedPages + pages > limitPages) {
                throw new MemoryLimitException(limitBytes(), usedPages * GuestMemory.PAGE_SIZE, pages * GuestMemory.PAGE_SIZE);
            }
        }
    }

    /** Counts the frames a new shared object will make (and takes back those of objects found dead meanwhile). */
    synchronized SharedCharge track(MemoryObject object) {
        release(collected.poll());
        SharedCharge charge = new SharedCharge(object, this);
        charges.add(charge);
        return charge;
    }

    /**
     * The limit is reached: shared objects the guest let go of may still hold frames, counted
     * until the collector finds them. Asks for a collection and takes back what it found (the
     * collector queues the references just after, hence the short wait); only when some shared
     * object is counted at all.
     */
    private void reclaim() {
        release(collected.poll());
        if (charges.isEmpty()) {
            return;
        }
        System.gc();
        try {
            for (Reference<? extends MemoryObject> found; (found = collected.remove(20)) != null; ) {
                release(found);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release(Reference<? extends MemoryObject> found) {
        for (Reference<? extends MemoryObject> r = found; r != null; r = collected.poll()) {
            SharedCharge charge = (SharedCharge) r;
            if (charges.remove(charge)) {
                usedPages -= charge.pages;
            }
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
