package dev.k42lens.core.trace;

/**
 * What a view shows of a {@link TraceStore} that may grow, kept incrementally: {@link #update()}
 * takes in only the rows appended since the last update (one thread at a time) and publishes an
 * immutable snapshot {@code S} that any thread may read, so that following a live run costs each
 * event once.
 */
public abstract class TraceDigest<S> {
    private final TraceStore store;
    /** Rows of the store taken in so far. */
    private volatile int consumed;
    private volatile S published;

    /** A digest of {@code store} that shows {@code empty} until its first update. */
    protected TraceDigest(TraceStore store, S empty) {
        this.store = store;
        this.published = empty;
    }

    public final TraceStore store() {
        return store;
    }

    /** Takes in the rows the store gained since the last update; true if there were any. */
    public final synchronized boolean update() {
        int to = store.size();
        if (to == consumed) {
            return false;
        }
        for (int row = consumed; row < to; row++) {
            take(store.get(row), row);
        }
        published = snapshot(to);
        consumed = to; // after publishing: a reader that sees the count sees the snapshot that holds it
        return true;
    }

    /** Takes in {@code e}, the store's row {@code row}; under the update's lock. */
    protected abstract void take(TraceEvent e, int row);

    /** The snapshot after the events taken in so far ({@code eventsTakenIn} of them); the last one if it still holds. */
    protected abstract S snapshot(int eventsTakenIn);

    /** The snapshot of the last update. */
    protected final S published() {
        return published;
    }

    /** How many of the store's events the published snapshot takes in. */
    public final int eventsTakenIn() {
        return consumed;
    }

    /** True when the store has rows the last update did not take in. */
    public final boolean isBehind() {
        return consumed < store.size();
    }
}
