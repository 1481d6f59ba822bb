package dev.k42lens.core.trace;

import java.util.Arrays;

/**
 * The rows of a store that a filter accepts, kept up to date as the store grows: what the
 * Dispatch Trace view shows, computed off the UI thread. {@link #update()} takes in the rows
 * appended since the last update (one updating thread at a time); readers on any thread see the
 * shown rows published so far: position {@code p} &lt; {@link #count()} shows store row
 * {@link #row(int) row(p)}, in ascending order.
 */
public final class FilteredTrace {
    private final TraceStore store;
    private final TraceFilter filter;
    /** Null when the filter accepts everything: then position and row are the same. */
    private final TraceFilter.Matcher matcher;
    private volatile int[] rows = new int[0];
    private volatile int count;
    /** Rows of the store filtered so far. */
    private volatile int scanned;

    /** Shows nothing until the first {@link #update()}. */
    public FilteredTrace(TraceStore store, TraceFilter filter) {
        this.store = store;
        this.filter = filter;
        this.matcher = filter.acceptsAll() ? null : filter.matcher(store);
    }

    public TraceStore store() {
        return store;
    }

    public TraceFilter filter() {
        return filter;
    }

    /** Filters the rows the store has gained since the last update; true if that shows more rows. */
    public synchronized boolean update() {
        int to = store.size();
        if (to == scanned) {
            return false;
        }
        int before = count;
        if (matcher == null) {
            count = to;
        } else {
            int[] found = matcher.rows(scanned, to);
            int[] all = rows;
            if (before + found.length > all.length) {
                all = Arrays.copyOf(all, Math.max(before + found.length, all.length * 2));
                rows = all;
            }
            System.arraycopy(found, 0, all, before, found.length);
            count = before + found.length; // publishes the new rows
        }
        scanned = to;
        return count != before;
    }

    /** True when the store has rows that the last update did not filter. */
    public boolean isBehind() {
        return scanned < store.size();
    }

    /** The number of rows shown. */
    public int count() {
        return count;
    }

    /** The store row shown at {@code position}. */
    public int row(int position) {
        if (position < 0 || position >= count) {
            throw new IndexOutOfBoundsException("position " + position + " of " + count);
        }
        return matcher == null ? position : rows[position];
    }

    /** The position that shows store row {@code row}, or -1 if the filter hides it. */
    public int position(int row) {
        int n = count;
        if (matcher == null) {
            return row >= 0 && row < n ? row : -1;
        }
        int found = Arrays.binarySearch(rows, 0, n, row);
        return found >= 0 ? found : -1;
    }

    /** The store rows shown, in order. */
    public int[] rows() {
        int n = count;
        if (matcher == null) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return Arrays.copyOf(rows, n);
    }

    /** The store rows shown at {@code positions}. */
    public int[] rows(int[] positions) {
        return Arrays.stream(positions).map(this::row).toArray();
    }

    /**
     * The nearest shown position after (or before) {@code fromPosition} whose row {@code query}
     * accepts, or -1; {@code fromPosition} may be -1 or {@link #count()} to search from an end.
     */
    public int find(TraceFilter query, int fromPosition, boolean forward) {
        TraceFilter.Matcher wanted = query.matcher(store);
        int n = count;
        for (int p = forward ? fromPosition + 1 : Math.min(fromPosition, n) - 1; p >= 0 && p < n; p += forward ? 1 : -1) {
            if (wanted.accepts(row(p))) {
                return p;
            }
        }
        return -1;
    }
}
