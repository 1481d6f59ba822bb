package dev.k42lens.core.trace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Times calls by pairing each exit with its entry on the same thread, innermost first. A call
 * that blocked ends with an exit outside the layer (depth 0) and its time includes the wait; one
 * that restarted is timed once, from its last entry.
 */
final class CallTimer {
    /** Per tid, the entry times of calls not yet finished, innermost first. */
    private final Map<Integer, Deque<Long>> openCalls = new HashMap<>();

    void entry(int tid, long timeNs) {
        open(tid).push(timeNs);
    }

    /** The call starts again from its site: a new entry follows. */
    void restart(int tid) {
        open(tid).poll();
    }

    /** The time since the entry of {@code tid}'s innermost open call (0 if the trace has none). */
    long exit(int tid, long timeNs) {
        Long start = open(tid).poll();
        return start == null ? 0 : timeNs - start;
    }

    private Deque<Long> open(int tid) {
        return openCalls.computeIfAbsent(tid, key -> new ArrayDeque<>());
    }
}
