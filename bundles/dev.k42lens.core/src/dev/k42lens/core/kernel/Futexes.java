package dev.k42lens.core.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The futex wait queues of one address space, keyed by guest address, in arrival order. */
public final class Futexes {
    /** One waiting thread; {@code woken} turns true when a wake reaches it. */
    public static final class Waiter {
        private final GuestThread thread;
        private final int bitset;
        private long address;
        private boolean woken;

        Waiter(GuestThread thread, long address, int bitset) {
            this.thread = thread;
            this.address = address;
            this.bitset = bitset;
        }

        public boolean woken() {
            return woken;
        }

        public GuestThread thread() {
            return thread;
        }
    }

    private final Map<Long, List<Waiter>> queues = new HashMap<>();

    public Waiter enqueue(GuestThread thread, long address, int bitset) {
        Waiter waiter = new Waiter(thread, address, bitset);
        queues.computeIfAbsent(address, a -> new ArrayList<>()).add(waiter);
        return waiter;
    }

    /** Removes a waiter that stops waiting without a wake (timeout, signal). */
    public void cancel(Waiter waiter) {
        List<Waiter> queue = queues.get(waiter.address);
        if (queue != null) {
            queue.remove(waiter);
        }
    }

    /** Wakes up to {@code count} waiters on {@code address} whose bitset meets {@code bitset}. */
    public int wake(long address, int count, int bitset) {
        List<Waiter> queue = queues.get(address);
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
        return woken;
    }

    /** Wakes {@code wake} waiters on {@code from} and moves up to {@code move} others to {@code to}. */
    public int requeue(long from, long to, int wake, int move) {
        int woken = wake(from, wake, -1);
        List<Waiter> queue = queues.get(from);
        int moved = 0;
        if (queue != null) {
            for (Iterator<Waiter> i = queue.iterator(); i.hasNext() && moved < move;) {
                Waiter w = i.next();
                i.remove();
                w.address = to;
                queues.computeIfAbsent(to, a -> new ArrayList<>()).add(w);
                moved++;
            }
        }
        return woken + moved;
    }
}
