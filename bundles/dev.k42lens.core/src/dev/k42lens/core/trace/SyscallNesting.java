package dev.k42lens.core.trace;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.ToLongFunction;

import dev.k42lens.core.layer.table.Signal;

/**
 * The system calls of a run per thread, nested by depth, for the Syscall Nesting view: each call
 * from its entry to its exit, the intervals a thread spent blocked outside the layer, the signals
 * deferred in a call and their deliveries. Computed from a {@link TraceStore} as it grows:
 * {@link #update()} takes in only the rows appended since the last update and runs on one thread
 * at a time; any thread may read {@link #snapshot()}, an immutable picture as of the last update in
 * which calls and blocked intervals not finished yet stay open to the last event taken in.
 */
public final class SyscallNesting extends TraceDigest<SyscallNesting.Snapshot> {
    /** Where along a thread something happens: its guest virtual time, or its place in the order of events. */
    public enum Axis {
        /** Virtual time in ns: shows where time went (blocking, computing); calls themselves take none. */
        TIME,
        /** The events' sequence numbers: every event one step, so that each call and its nesting have a width. */
        ORDER;

        public long of(long seq, long timeNs) {
            return this == TIME ? timeNs : seq;
        }
    }

    /** How a span ended. */
    public enum Ending {
        /** The call returned (from inside the layer, or outside it after blocking). */
        EXIT,
        /** The call was taken back to start again from its site: a new entry follows. */
        RESTART,
        /** Its thread or process ended during it (exit, exit_group). */
        THREAD_END,
        /** Not yet ended when the snapshot was taken: it lasts until the last event taken in. */
        OPEN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One call of a thread at {@code depth}, from its entry to its exit (or to what ended it,
     * see {@code ending}); the rows are the store's, {@code exitRow} -1 when it has no exit event.
     */
    public record CallSpan(int depth, int nr, String name, DispatchPath path, long entrySeq, long entryNs, int entryRow, long endSeq,
            long endNs, int exitRow, Ending ending) {
        public long start(Axis axis) {
            return axis.of(entrySeq, entryNs);
        }

        public long end(Axis axis) {
            return axis.of(endSeq, endNs);
        }

        /** Whether the event {@code seq} happened during this call, entry and exit included. */
        public boolean covers(long seq) {
            return entrySeq <= seq && seq <= endSeq;
        }
    }

    /**
     * A call that left the layer to block ({@code leave_to_block}) until it was {@code woken}, its
     * thread ended or, while it is still blocked ({@code open}), the last event taken in.
     * {@code depth} is that of the call that left.
     */
    public record BlockedInterval(int depth, String name, long leaveSeq, long leaveNs, int leaveRow, long endSeq, long endNs,
            boolean woken, boolean open) {
        public long start(Axis axis) {
            return axis.of(leaveSeq, leaveNs);
        }

        public long end(Axis axis) {
            return axis.of(endSeq, endNs);
        }
    }

    /** A signal that arrived while the thread was in the layer, in the call {@code callName} at {@code depth}. */
    public record DeferredSignal(int signal, int depth, String callName, long seq, long timeNs, int row) {
        public long at(Axis axis) {
            return axis.of(seq, timeNs);
        }

        public String signalName() {
            return Signal.nameOf(signal);
        }
    }

    /** A signal delivered to the thread; {@code deferred} is the index of its deferral in the thread's list, or -1 if it was not deferred. */
    public record SignalDelivery(int signal, int depth, long seq, long timeNs, int row, int deferred) {
        public long at(Axis axis) {
            return axis.of(seq, timeNs);
        }

        public String signalName() {
            return Signal.nameOf(signal);
        }
    }

    /**
     * One thread as of a snapshot: its calls by depth ({@code lanes.get(d - 1)} holds those at
     * depth d, in the order they started, which is also the order they ended), its blocked
     * intervals, deferred signals and deliveries in order; it lasts from its first event to its
     * end, or to the last event taken in if it has not {@code ended}.
     */
    public record ThreadNesting(int pid, int tid, long firstSeq, long firstNs, long endSeq, long endNs, boolean ended,
            List<List<CallSpan>> lanes, List<BlockedInterval> blocked, List<DeferredSignal> deferred,
            List<SignalDelivery> deliveries) {
        public int maxDepth() {
            return lanes.size();
        }

        public long start(Axis axis) {
            return axis.of(firstSeq, firstNs);
        }

        public long end(Axis axis) {
            return axis.of(endSeq, endNs);
        }

        public String label() {
            return pid == tid ? "pid " + pid : "pid " + pid + " tid " + tid;
        }

        /** The call at {@code depth} in progress at {@code position} (entry and end included), or null. */
        public CallSpan callAt(int depth, Axis axis, long position) {
            if (depth < 1 || depth > lanes.size()) {
                return null;
            }
            // a lane's calls follow one another: they are ordered by their ends as by their starts
            List<CallSpan> lane = lanes.get(depth - 1);
            int i = lastAtOrBefore(lane, span -> span.start(axis), position);
            return i >= 0 && lane.get(i).end(axis) >= position ? lane.get(i) : null;
        }

        /** The innermost call during which the event {@code seq} happened, or null. */
        public CallSpan innermostCallOf(long seq) {
            for (int depth = lanes.size(); depth >= 1; depth--) {
                CallSpan span = callAt(depth, Axis.ORDER, seq);
                if (span != null) {
                    return span;
                }
            }
            return null;
        }
    }

    /** Every thread in the order of their first events, and the sequence numbers and times of the first and last events taken in. */
    public record Snapshot(List<ThreadNesting> threads, int eventsTakenIn, long firstSeq, long firstNs, long lastSeq, long lastNs) {
        public static final Snapshot EMPTY = new Snapshot(List.of(), 0, 0, 0, 0, 0);

        public long start(Axis axis) {
            return axis.of(firstSeq, firstNs);
        }

        public long end(Axis axis) {
            return axis.of(lastSeq, lastNs);
        }

        /** The thread {@code pid}/{@code tid}, or null. */
        public ThreadNesting thread(int pid, int tid) {
            for (ThreadNesting thread : threads) {
                if (thread.pid() == pid && thread.tid() == tid) {
                    return thread;
                }
            }
            return null;
        }
    }

    /** By pid and tid, in order of appearance. */
    private final Map<Long, ThreadBuilder> threads = new LinkedHashMap<>();
    private long firstSeq;
    private long firstNs;
    private long lastSeq;
    private long lastNs;

    public SyscallNesting(TraceStore store) {
        super(store, Snapshot.EMPTY);
    }

    /** The nesting of every event {@code store} holds now. */
    public static SyscallNesting of(TraceStore store) {
        SyscallNesting nesting = new SyscallNesting(store);
        nesting.update();
        return nesting;
    }

    @Override
    protected void take(TraceEvent e, int row) {
        add(e, row);
    }

    @Override
    protected Snapshot snapshot(int eventsTakenIn) {
        List<ThreadNesting> shown = new ArrayList<>(threads.size());
        for (ThreadBuilder thread : threads.values()) {
            shown.add(thread.snapshot(lastSeq, lastNs));
        }
        return new Snapshot(List.copyOf(shown), eventsTakenIn, firstSeq, firstNs, lastSeq, lastNs);
    }

    /** The nesting as of the last update. */
    public Snapshot snapshot() {
        return published();
    }

    /**
     * The call as strace shows it with how it was dispatched and from where, read from the
     * store: {@code write(1, "hi\n", 3) = 3 — table, depth 1, at write+0x60}; the arguments as
     * decoded at the exit (buffers read are filled then).
     */
    public String describe(CallSpan span) {
        TraceEvent entry = store().get(span.entryRow());
        TraceEvent exit = span.exitRow() < 0 ? null : store().get(span.exitRow());
        String call = exit != null ? StracePrinter.call(exit) : entry.name() + "(" + entry.args() + ")";
        String outcome = switch (span.ending()) {
            case EXIT -> "";
            case RESTART -> " — restarted";
            case THREAD_END -> " — its thread ended";
            case OPEN -> " — not returned yet";
        };
        String at = entry.symbol() == null || entry.symbol().isEmpty() ? String.format("0x%x", entry.site()) : entry.symbol();
        return call + outcome + " — " + (span.path() == null ? "?" : span.path().label()) + ", depth " + span.depth() + ", at " + at
                + (entry.implemented() ? "" : " (not implemented)");
    }

    private void add(TraceEvent e, int row) {
        if (row == 0) {
            firstSeq = e.seq();
            firstNs = e.timeNs();
        }
        lastSeq = e.seq();
        lastNs = e.timeNs();
        if (e.kind() == TraceKind.EXIT) {
            // the process ended: every thread of it still going (the event may name any of them)
            for (ThreadBuilder thread : threads.values()) {
                if (thread.pid == e.pid() && !thread.ended) {
                    thread.end(e);
                }
            }
            return;
        }
        ThreadBuilder thread = threads.computeIfAbsent(key(e.pid(), e.tid()), key -> new ThreadBuilder(e.pid(), e.tid(), e));
        if (thread.ended) {
            return;
        }
        thread.endSeq = e.seq();
        thread.endNs = e.timeNs();
        switch (e.kind()) {
            case SYSCALL_ENTRY -> thread.open.push(new OpenCall(e, row));
            case SYSCALL_EXIT -> {
                thread.endBlocked(e);
                OpenCall call = thread.open.poll();
                if (call != null) {
                    thread.close(call, e.seq(), e.timeNs(), row, Ending.EXIT);
                }
            }
            case RESTART -> {
                thread.endBlocked(e);
                OpenCall call = thread.open.poll();
                if (call != null) {
                    thread.close(call, e.seq(), e.timeNs(), -1, Ending.RESTART);
                }
            }
            case LEAVE_TO_BLOCK -> {
                OpenCall call = thread.open.peek();
                thread.blocking = new OpenBlock(call == null ? 1 : call.entry.depth(), e.name(), e, row);
            }
            case WOKEN -> thread.endBlocked(e);
            case SIGNAL_DEFERRED -> {
                thread.pendingDeferred.computeIfAbsent(e.signal(), signal -> new ArrayDeque<>()).add(thread.deferred.size());
                thread.deferred.add(new DeferredSignal(e.signal(), e.depth(), e.name(), e.seq(), e.timeNs(), row));
            }
            case SIGNAL_DELIVERED -> {
                Deque<Integer> pending = thread.pendingDeferred.get(e.signal());
                Integer deferral = pending == null ? null : pending.poll();
                thread.deliveries.add(new SignalDelivery(e.signal(), e.depth(), e.seq(), e.timeNs(), row, deferral == null ? -1 : deferral));
            }
            case THREAD_EXIT -> thread.end(e);
            default -> {
            }
        }
    }

    private static long key(int pid, int tid) {
        return (long) pid << 32 | tid & 0xffffffffL;
    }

    private record OpenCall(TraceEvent entry, int row) {
        CallSpan until(long seq, long timeNs, int exitRow, Ending ending) {
            return new CallSpan(entry.depth(), entry.nr(), entry.name(), entry.path(), entry.seq(), entry.timeNs(), row, seq, timeNs,
                    exitRow, ending);
        }
    }

    private record OpenBlock(int depth, String name, TraceEvent leave, int row) {
        BlockedInterval until(long seq, long timeNs, boolean woken, boolean open) {
            return new BlockedInterval(depth, name, leave.seq(), leave.timeNs(), row, seq, timeNs, woken, open);
        }
    }

    /** One thread as the update thread builds it; what it appended stays as it is, so that snapshots share it. */
    private static final class ThreadBuilder {
        final int pid;
        final int tid;
        final long firstSeq;
        final long firstNs;
        long endSeq;
        long endNs;
        boolean ended;
        /** The calls entered and not yet ended, innermost first. */
        final Deque<OpenCall> open = new ArrayDeque<>();
        final List<Column<CallSpan>> lanes = new ArrayList<>();
        OpenBlock blocking;
        final Column<BlockedInterval> blocked = new Column<>();
        final Column<DeferredSignal> deferred = new Column<>();
        final Column<SignalDelivery> deliveries = new Column<>();
        /** Per signal, the indexes of its deferrals not delivered yet, oldest first. */
        final Map<Integer, Deque<Integer>> pendingDeferred = new HashMap<>();

        ThreadBuilder(int pid, int tid, TraceEvent first) {
            this.pid = pid;
            this.tid = tid;
            this.firstSeq = first.seq();
            this.firstNs = first.timeNs();
        }

        void close(OpenCall call, long seq, long timeNs, int exitRow, Ending ending) {
            lane(call.entry.depth()).add(call.until(seq, timeNs, exitRow, ending));
        }

        Column<CallSpan> lane(int depth) {
            int index = Math.max(1, depth) - 1;
            while (lanes.size() <= index) {
                lanes.add(new Column<>());
            }
            return lanes.get(index);
        }

        void endBlocked(TraceEvent e) {
            if (blocking != null) {
                blocked.add(blocking.until(e.seq(), e.timeNs(), e.kind() == TraceKind.WOKEN, false));
                blocking = null;
            }
        }

        /** The thread ended with {@code e}: what it was in ends there too. */
        void end(TraceEvent e) {
            endSeq = e.seq();
            endNs = e.timeNs();
            if (blocking != null) {
                blocked.add(blocking.until(e.seq(), e.timeNs(), false, false));
                blocking = null;
            }
            while (!open.isEmpty()) {
                close(open.poll(), e.seq(), e.timeNs(), -1, Ending.THREAD_END);
            }
            ended = true;
        }

        ThreadNesting snapshot(long nowSeq, long nowNs) {
            long untilSeq = ended ? endSeq : nowSeq;
            long untilNs = ended ? endNs : nowNs;
            // the open calls, outermost first, each at the end of its lane
            List<List<CallSpan>> openByDepth = new ArrayList<>();
            open.descendingIterator().forEachRemaining(call -> {
                lane(call.entry.depth());
                int index = Math.max(1, call.entry.depth()) - 1;
                while (openByDepth.size() <= index) {
                    openByDepth.add(new ArrayList<>());
                }
                openByDepth.get(index).add(call.until(untilSeq, untilNs, -1, Ending.OPEN));
            });
            List<List<CallSpan>> shownLanes = new ArrayList<>(lanes.size());
            for (int i = 0; i < lanes.size(); i++) {
                shownLanes.add(lanes.get(i).snapshot(i < openByDepth.size() ? openByDepth.get(i) : List.of()));
            }
            List<BlockedInterval> openBlock = blocking == null ? List.of() : List.of(blocking.until(untilSeq, untilNs, false, true));
            return new ThreadNesting(pid, tid, firstSeq, firstNs, untilSeq, untilNs, ended, List.copyOf(shownLanes),
                    blocked.snapshot(openBlock), deferred.snapshot(List.of()), deliveries.snapshot(List.of()));
        }
    }

    /**
     * A list that only grows, on one thread. A snapshot shares its array: the items below the
     * snapshot's size are never written again (a full array is copied, not changed), and the
     * volatile publication of the snapshot makes them visible to its readers.
     */
    private static final class Column<T> {
        private Object[] items = new Object[16];
        private int size;

        void add(T item) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }

        int size() {
            return size;
        }

        /** The items so far followed by {@code tail}, unchanging. */
        List<T> snapshot(List<T> tail) {
            return new Frozen<>(items, size, tail);
        }
    }

    private static final class Frozen<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] items;
        private final int size;
        private final List<T> tail;

        Frozen(Object[] items, int size, List<T> tail) {
            this.items = items;
            this.size = size;
            this.tail = tail;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            return index < size ? (T) items[index] : tail.get(index - size);
        }

        @Override
        public int size() {
            return size + tail.size();
        }
    }

    /**
     * The index of the last item of {@code sorted} whose {@code position} is at most {@code value},
     * or -1; {@code sorted} is in ascending order of {@code position} (a lane by start, blocked
     * intervals by start, signals by time).
     */
    public static <T> int lastAtOrBefore(List<T> sorted, ToLongFunction<T> position, long value) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (position.applyAsLong(sorted.get(middle)) <= value) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }
}
