package dev.k42lens.core.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;

/**
 * The futex wait queues of a run, in arrival order, keyed as Linux keys them (see {@link #key}):
 * a process-private futex by its address space and address, a futex in a shared mapping by the
 * shared page and offset, so that processes mapping it anywhere meet on it.
 */
public final class Futexes {
    /** A futex of one address space. */
    private record PrivateKey(GuestMemory memory, long address) {
    }

    /** A futex in a shared page, wherever and by whomever it is mapped. */
    private record SharedKey(MemoryObject.Frame frame, long offset) {
    }

    /**
     * The key of the futex at {@code address}: FUTEX_PRIVATE_FLAG, or a page not shared with
     * anything, keeps it within the address space.
     */
    public static Object key(GuestMemory memory, long address, boolean processPrivate) {
        MemoryObject.Frame frame = processPrivate ? null : memory.sharedFrame(address);
        return frame == null ? new PrivateKey(memory, address) : new SharedKey(frame, address & GuestMemory.PAGE_MASK);
    }

    /** One waiting thread; {@code woken} turns true when a wake reaches it. */
    public static final class Waiter {
        private final GuestThread thread;
        private final int bitset;
        private Object key;
        private boolean woken;

        Waiter(GuestThread thread, Object key, int bitset) {
            this.thread = thread;
            this.key = key;
            this.bitset = bitset;
        }

        public boolean woken() {
            return woken;
        }

        public GuestThread thread() {
            return thread;
        }
    }

    private final Map<Object, List<Waiter>> queues = new HashMap<>();

    public Waiter enqueue(GuestThread thread, Object key, int bitset) {
        Waiter waiter = new Waiter(thread, key, bitset);
        queues.computeIfAbsent(key, k -> new ArrayList<>()).add(waiter);
        return waiter;
    }

    /** Removes a waiter that stops waiting without a wake (timeout, signal). */
    public void cancel(Waiter waiter) {
        List<Waiter> queue = queues.get(waiter.key);
        if (queue != null) {
            queue.remove(waiter);
            dropIfEmpty(waiter.key, queue);
        }
    }

    /** An empty queue goes, so the table does not keep the address spaces of ended processes. */
    private void dropIfEmpty(Object key, List<Waiter> queue) {
        if (queue.isEmpty()) {
            queues.remove(key);
        }
    }

    /** Wakes up to {@code count} waiters on {@code key} whose bitset meets {@code bitset}. */
    public int wake(Object key, int count, int bitset) {
        List<Waiter> queue = queues.get(key);
        int woken = 0;
        if (queue == null) {
            return 0;
        }
        for (Iterator<Waiter> i = queue.iterator(); i.hasNext() && woken < count;) {
            Waiter w = i.next();
            if ((w.bitset & bitset) != 0) {
                w.woken = true;
                i.remove();
                woken++;
            }
        }
        dropIfEmpty(key, queue);
        return woken;
    }

    /** Wakes {@code wake} waiters on {@code from} and moves up to {@code move} others to {@code to}. */
    public int requeue(Object from, Object to, int wake, int move) {
        int woken = wake(from, wake, -1);
        List<Waiter> queue = queues.get(from);
        int moved = 0;
        if (queue != null) {
            for (Iterator<Waiter> i = queue.iterator(); i.hasNext() && moved < move;) {
                Waiter w = i.next();
                i.remove();
                w.key = to;
                queues.computeIfAbsent(to, k -> new ArrayList<>()).add(w);
                moved++;
            }
            dropIfEmpty(from, queue);
        }
        return woken + moved;
    }
}
