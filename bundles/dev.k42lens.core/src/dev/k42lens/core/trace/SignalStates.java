package dev.k42lens.core.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.k42lens.core.layer.table.Signal;

/**
 * Each thread's signals as a {@link TraceStore} tells them, kept up to date as it grows: its
 * signal mask (from {@code signal_mask} events), every signal posted to it with whether the layer
 * deferred it and how it ended, so that the state of a thread can be asked as of the newest event
 * or as of any earlier one. Which signals are pending comes from the pending set that signal
 * events carry; a signal taken by rt_sigtimedwait ends at that call's exit. {@link #update()} takes
 * in only the rows appended since the last update and runs on one thread at a time; any thread may
 * read {@link #threads()}.
 */
public final class SignalStates extends TraceDigest<List<SignalStates.ThreadSignals>> {
    /** How a posted signal left the pending set. */
    public enum Outcome {
        /** Still pending. */
        PENDING,
        /** A handler frame was built or the default action taken. */
        DELIVERED,
        /** rt_sigtimedwait took it. */
        ACCEPTED,
        /** Never pending (ignored when posted, or posted again while pending: a signal is pending once) or dropped later. */
        DISCARDED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The layer deferred a signal that arrived in call {@code call} ({@code nr}) at {@code depth}: the signal_deferred event. */
    public record Deferral(long seq, long timeNs, int depth, int nr, String call) {
    }

    /**
     * One posting of {@code signal} to a thread: the signal_posted event ({@code depth} is the
     * thread's depth in the layer when it arrived), its deferral (null if none) and how it ended
     * ({@code endSeq} and {@code endNs} the event that ended it, -1 while pending).
     */
    public record Arrival(int signal, long postedSeq, long postedNs, int depth, Deferral deferral, Outcome outcome, long endSeq, long endNs) {
        /** Posted at or before event {@code seq} and still pending after it. */
        public boolean pendingAt(long seq) {
            return postedSeq <= seq && (outcome == Outcome.PENDING || endSeq > seq);
        }

        /** Ended at or before event {@code seq}. */
        public boolean endedAt(long seq) {
            return outcome != Outcome.PENDING && endSeq <= seq;
        }

        /** Deferred by the layer at or before event {@code seq}. */
        public boolean deferredAt(long seq) {
            return deferral != null && deferral.seq() <= seq;
        }

        /** Virtual time from posting to the end, or -1 while pending. */
        public long delayNs() {
            return outcome == Outcome.PENDING ? -1 : endNs - postedNs;
        }

        Arrival deferred(Deferral by) {
            return new Arrival(signal, postedSeq, postedNs, depth, by, outcome, endSeq, endNs);
        }

        Arrival ended(Outcome how, TraceEvent at) {
            return new Arrival(signal, postedSeq, postedNs, depth, deferral, how, at.seq(), at.timeNs());
        }
    }

    /**
     * A thread's state as of event {@code asOfSeq}: its mask, the signals pending (posted and not
     * ended, in posting order), among them those the layer deferred, and those that ended, oldest first.
     */
    public record State(int pid, int tid, long asOfSeq, long mask, List<Arrival> pending, List<Arrival> deferred, List<Arrival> ended) {
        /** Whether the mask blocks {@code signal}. */
        public boolean blocks(int signal) {
            return (mask & bit(signal)) != 0;
        }
    }

    /** One thread's signals, immutable: the mask's changes and the signals posted to it. */
    public static final class ThreadSignals {
        private final int pid;
        private final int tid;
        private final long[] maskSeqs;
        private final long[] masks;
        private final List<Arrival> arrivals;

        ThreadSignals(int pid, int tid, long[] maskSeqs, long[] masks, List<Arrival> arrivals) {
            this.pid = pid;
            this.tid = tid;
            this.maskSeqs = maskSeqs;
            this.masks = masks;
            this.arrivals = arrivals;
        }

        public int pid() {
            return pid;
        }

        public int tid() {
            return tid;
        }

        /** Every posting, oldest first. */
        public List<Arrival> arrivals() {
            return arrivals;
        }

        /** The mask after event {@code seq}: that of the latest signal_mask event up to it, empty before any. */
        public long maskAt(long seq) {
            int at = Arrays.binarySearch(maskSeqs, seq);
            int latest = at >= 0 ? at : -at - 2;
            return latest < 0 ? 0 : masks[latest];
        }

        /** The state after event {@code seq} (Long.MAX_VALUE: after the newest). */
        public State stateAt(long seq) {
            List<Arrival> pending = new ArrayList<>();
            List<Arrival> deferred = new ArrayList<>();
            List<Arrival> ended = new ArrayList<>();
            for (Arrival a : arrivals) {
                if (a.postedSeq() > seq) {
                    break;
                }
                if (a.pendingAt(seq)) {
                    pending.add(a);
                    if (a.deferredAt(seq)) {
                        deferred.add(a);
                    }
                } else if (a.endedAt(seq)) {
                    ended.add(a);
                }
            }
            ended.sort((a, b) -> Long.compare(a.endSeq(), b.endSeq()));
            return new State(pid, tid, seq, maskAt(seq), List.copyOf(pending), List.copyOf(deferred), List.copyOf(ended));
        }
    }

    /** A thread's signals while they are being taken in. */
    private static final class Builder {
        final int pid;
        final int tid;
        long[] maskSeqs = new long[8];
        long[] masks = new long[8];
        int maskChanges;
        final List<Arrival> arrivals = new ArrayList<>();
        /** Per signal number, the index in {@link #arrivals} of its pending posting, or -1. */
        final int[] open = new int[Signal.NSIG + 1];

        Builder(int pid, int tid) {
            this.pid = pid;
            this.tid = tid;
            Arrays.fill(open, -1);
        }

        ThreadSignals build() {
            return new ThreadSignals(pid, tid, Arrays.copyOf(maskSeqs, maskChanges), Arrays.copyOf(masks, maskChanges),
                    List.copyOf(arrivals));
        }

        void mask(long seq, long mask) {
            if (maskChanges == maskSeqs.length) {
                maskSeqs = Arrays.copyOf(maskSeqs, maskChanges * 2);
                masks = Arrays.copyOf(masks, maskChanges * 2);
            }
            maskSeqs[maskChanges] = seq;
            masks[maskChanges++] = mask;
        }

        void end(int signal, Outcome how, TraceEvent at) {
            int index = open[signal];
            if (index >= 0) {
                arrivals.set(index, arrivals.get(index).ended(how, at));
                open[signal] = -1;
            }
        }
    }

    private static final String RT_SIGTIMEDWAIT = "rt_sigtimedwait";

    private final Map<Integer, Builder> builders = new HashMap<>();
    private final Map<Integer, ThreadSignals> threads = new LinkedHashMap<>();
    /** The threads whose state the events taken in since the last snapshot changed. */
    private final Set<Builder> changed = new HashSet<>();

    public SignalStates(TraceStore store) {
        super(store, List.of());
    }

    /** The signals of every event {@code store} holds now. */
    public static SignalStates of(TraceStore store) {
        SignalStates states = new SignalStates(store);
        states.update();
        return states;
    }

    @Override
    protected void take(TraceEvent e, int row) {
        Builder thread = builders.computeIfAbsent(e.tid(), tid -> new Builder(e.pid(), tid));
        if (add(thread, e)) {
            changed.add(thread);
        }
    }

    @Override
    protected List<ThreadSignals> snapshot(int eventsTakenIn) {
        if (changed.isEmpty()) {
            return published();
        }
        for (Builder b : changed) {
            threads.put(b.tid, b.build());
        }
        changed.clear();
        return List.copyOf(threads.values());
    }

    /** The threads that had a signal or a mask, in the order they first did, as of the last update. */
    public List<ThreadSignals> threads() {
        return published();
    }

    /** The thread {@code tid} as of the last update, or null if it had no signal or mask. */
    public ThreadSignals thread(int tid) {
        for (ThreadSignals t : published()) {
            if (t.tid() == tid) {
                return t;
            }
        }
        return null;
    }

    /** The signal set an event's args hold, or null when they hold none (a damaged trace file): the event then changes nothing. */
    private static Long setIn(TraceEvent e) {
        if (e.args() == null) {
            return null;
        }
        try {
            return Signal.parseSet(e.args());
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }

    /** Takes in one event of {@code thread}; true if it changed its signals. */
    private static boolean add(Builder thread, TraceEvent e) {
        switch (e.kind()) {
            case SIGNAL_MASK -> {
                Long mask = setIn(e);
                if (mask == null) {
                    return false;
                }
                thread.mask(e.seq(), mask);
            }
            case SIGNAL_POSTED -> {
                if (thread.open[e.signal()] >= 0) {
                    // a signal is pending once: this posting merges with the pending one
                    thread.arrivals.add(new Arrival(e.signal(), e.seq(), e.timeNs(), e.depth(), null, Outcome.DISCARDED, e.seq(), e.timeNs()));
                } else {
                    thread.open[e.signal()] = thread.arrivals.size();
                    thread.arrivals.add(new Arrival(e.signal(), e.seq(), e.timeNs(), e.depth(), null, Outcome.PENDING, -1, -1));
                }
                endThoseNotPending(thread, e);
            }
            case SIGNAL_DEFERRED -> {
                int index = thread.open[e.signal()];
                if (index >= 0) {
                    thread.arrivals.set(index, thread.arrivals.get(index).deferred(new Deferral(e.seq(), e.timeNs(), e.depth(), e.nr(), e.name())));
                }
            }
            case SIGNAL_DELIVERED -> {
                thread.end(e.signal(), Outcome.DELIVERED, e);
                endThoseNotPending(thread, e);
            }
            case SIGRETURN -> endThoseNotPending(thread, e);
            case SYSCALL_EXIT -> {
                if (!e.name().startsWith(RT_SIGTIMEDWAIT) || e.errno() != 0 || e.ret() <= 0 || e.ret() > Signal.NSIG) {
                    return false;
                }
                thread.end((int) e.ret(), Outcome.ACCEPTED, e);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A signal event's pending set (traces before it carried one have none): a posting it does not
     * hold was discarded (ignored when posted, or dropped by job control).
     */
    private static void endThoseNotPending(Builder thread, TraceEvent e) {
        if (e.args() == null || e.args().isEmpty()) {
            return;
        }
        Long pending = setIn(e);
        if (pending == null) {
            return;
        }
        for (int signal = 1; signal <= Signal.NSIG; signal++) {
            if (thread.open[signal] >= 0 && (pending & bit(signal)) == 0) {
                thread.end(signal, Outcome.DISCARDED, e);
            }
        }
    }

    static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /**
     * Readable names of a set of signals, {@code SIGUSR1 SIGALRM}; "none" for the empty set, and
     * a set of more than half the signals as what it lacks, {@code all but SIGKILL SIGSTOP}.
     */
    public static String names(long signals) {
        if (Long.bitCount(signals) > Signal.NSIG / 2) {
            return signals == -1L ? "all" : "all but " + names(~signals);
        }
        if (signals == 0) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        for (int signal = 1; signal <= Signal.NSIG; signal++) {
            if ((signals & bit(signal)) != 0) {
                names.add(Signal.nameOf(signal));
            }
        }
        return String.join(" ", names);
    }
}
