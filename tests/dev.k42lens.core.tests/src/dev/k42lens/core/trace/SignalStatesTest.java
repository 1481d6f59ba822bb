package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.trace.SignalStates.Arrival;
import dev.k42lens.core.trace.SignalStates.Outcome;
import dev.k42lens.core.trace.SignalStates.State;
import dev.k42lens.core.trace.SignalStates.ThreadSignals;

/**
 * Each thread's signals from real runs of guest/src/signals.c, checked against what the guest
 * itself read back from the layer (rt_sigprocmask's old set, rt_sigpending's set) and against
 * the signal events of the trace.
 */
class SignalStatesTest {
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    private static final int SIGALRM = 14;

    private static TraceStore run(String flavour) throws Exception {
        TraceStore store = new TraceStore("signals");
        GuestTraces.run(flavour, "signals", store);
        return store;
    }

    private static List<TraceEvent> events(TraceStore store) {
        List<TraceEvent> events = new ArrayList<>();
        for (int row = 0; row < store.size(); row++) {
            events.add(store.get(row));
        }
        return events;
    }

    /**
     * Whenever the guest asked for its old mask, rt_sigprocmask's exit shows (as strace does) the
     * mask the thread had before the call: the mask the signal_mask events give as of the entry.
     * Likewise rt_sigpending's set is the pending signals the mask blocks.
     */
    @ParameterizedTest
    @ValueSource(strings = { "be-dynamic", "le-static" })
    void theMaskAndPendingSetAreWhatTheGuestReadsBack(String flavour) throws Exception {
        TraceStore store = run(flavour);
        List<TraceEvent> events = events(store);
        ThreadSignals thread = SignalStates.of(store).thread(events.get(0).tid());
        assertNotNull(thread);
        int oldMasks = 0;
        int pendingSets = 0;
        long lastEntry = -1;
        for (TraceEvent e : events) {
            if (e.kind() == TraceKind.SYSCALL_ENTRY) {
                lastEntry = e.seq();
            }
            if (e.kind() != TraceKind.SYSCALL_EXIT || e.depth() != 1) {
                continue;
            }
            String[] args = e.args().split(", ");
            if (e.name().equals("rt_sigprocmask") && !args[2].equals("NULL")) {
                assertEquals(Signal.parseSet(args[2]), thread.maskAt(lastEntry), "old mask at " + e);
                oldMasks++;
            }
            if (e.name().equals("rt_sigpending")) {
                State state = thread.stateAt(lastEntry);
                long blockedPending = state.pending().stream().filter(a -> state.blocks(a.signal()))
                        .mapToLong(a -> SignalStates.bit(a.signal())).reduce(0, (a, b) -> a | b);
                assertEquals(Signal.parseSet(args[0]), blockedPending, "pending set at " + e);
                pendingSets++;
            }
        }
        assertTrue(oldMasks >= 3, "the guest read its old mask " + oldMasks + " times");
        assertEquals(1, pendingSets, "sigpending is called once");
    }

    @Test
    void aDeferredSignalABlockedOneAWaitedOneAndAnIgnoredOne() throws Exception {
        TraceStore store = run("be-dynamic");
        List<TraceEvent> events = events(store);
        List<Arrival> arrivals = SignalStates.of(store).thread(events.get(0).tid()).arrivals();
        assertEquals(events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_POSTED).count(), arrivals.size(), "one arrival per posting");

        // raise(SIGUSR1) with a handler: deferred in tgkill at depth 1, delivered after the outermost return
        TraceEvent deferredEvent = events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_DEFERRED).findFirst().orElseThrow();
        Arrival deferred = arrivals.stream().filter(a -> a.deferral() != null).findFirst().orElseThrow();
        assertEquals(SIGUSR1, deferred.signal());
        assertEquals(deferredEvent.seq(), deferred.deferral().seq());
        assertEquals("tgkill", deferred.deferral().call());
        assertEquals(1, deferred.deferral().depth());
        assertEquals(Outcome.DELIVERED, deferred.outcome());
        TraceEvent delivered = next(events, deferredEvent.seq(), TraceKind.SIGNAL_DELIVERED);
        assertEquals(delivered.seq(), deferred.endSeq());
        assertEquals(delivered.timeNs() - at(events, deferred.postedSeq()).timeNs(), deferred.delayNs());
        State during = SignalStates.of(store).thread(deferredEvent.tid()).stateAt(deferredEvent.seq());
        assertEquals(List.of(deferred.deferral()), during.deferred().stream().map(Arrival::deferral).toList(), "queued after its deferral");
        assertTrue(SignalStates.of(store).thread(deferredEvent.tid()).stateAt(delivered.seq()).deferred().isEmpty(), "delivered: no longer queued");

        // raise(SIGUSR2) while blocked: pending, not deferred, until sigprocmask unblocks it
        Arrival blocked = arrivals.stream().filter(a -> a.signal() == SIGUSR2).findFirst().orElseThrow();
        assertNull(blocked.deferral(), "a blocked signal waits for the mask, not for the layer");
        assertEquals(Outcome.DELIVERED, blocked.outcome());
        TraceEvent unblocking = previous(events, blocked.endSeq(), TraceKind.SIGNAL_MASK);
        assertEquals(0, Signal.parseSet(unblocking.args()) & SignalStates.bit(SIGUSR2));

        // kill(SIGUSR1) blocked, then taken by sigwaitinfo: accepted at the rt_sigtimedwait exit that returned it
        Arrival waited = arrivals.stream().filter(a -> a.outcome() == Outcome.ACCEPTED && a.signal() == SIGUSR1).findFirst().orElseThrow();
        TraceEvent taken = at(events, waited.endSeq());
        assertEquals("rt_sigtimedwait", taken.name());
        assertEquals(SIGUSR1, taken.ret());
        assertTrue(arrivals.stream().anyMatch(a -> a.outcome() == Outcome.ACCEPTED && a.signal() == SIGALRM), "the timer's SIGALRM waited for");

        // the last one, ignored: discarded when posted
        Arrival ignored = arrivals.get(arrivals.size() - 1);
        assertEquals(SIGUSR1, ignored.signal());
        assertEquals(Outcome.DISCARDED, ignored.outcome());
        assertEquals(ignored.postedSeq(), ignored.endSeq());
        assertFalse(arrivals.stream().anyMatch(a -> a.outcome() == Outcome.PENDING), "nothing left pending at the end");
    }

    /** Taken in a few events at a time, as a live run is followed, the threads are those of the whole trace taken in at once. */
    @Test
    void takenInIncrementallyAsAtOnce() throws Exception {
        TraceStore whole = run("le-dynamic");
        TraceStore growing = new TraceStore("signals");
        SignalStates states = new SignalStates(growing);
        for (int row = 0; row < whole.size(); row++) {
            growing.event(whole.get(row));
            if (row % 7 == 0) {
                states.update();
            }
        }
        assertTrue(states.isBehind());
        states.update();
        assertEquals(whole.size(), states.eventsTakenIn());
        ThreadSignals once = SignalStates.of(whole).threads().get(0);
        ThreadSignals incremental = states.threads().get(0);
        assertEquals(once.arrivals(), incremental.arrivals());
        for (int row = 0; row < whole.size(); row++) {
            long seq = whole.get(row).seq();
            assertEquals(once.maskAt(seq), incremental.maskAt(seq));
        }
    }

    @Test
    void signalSetsAreWrittenAndReadAsStraceWritesThem() {
        assertEquals("[]", Signal.setText(0));
        assertEquals("[USR1 ALRM]", Signal.setText(SignalStates.bit(SIGUSR1) | SignalStates.bit(SIGALRM)));
        assertEquals("~[KILL STOP RTMIN RT_1]", Signal.setText(~(SignalStates.bit(9) | SignalStates.bit(19) | SignalStates.bit(32)
                | SignalStates.bit(33))));
        for (long set : new long[] { 0, 1, SignalStates.bit(64), -1L, 0x5555_5555_5555_5555L, ~SignalStates.bit(SIGUSR2) }) {
            assertEquals(set, Signal.parseSet(Signal.setText(set)), Signal.setText(set));
        }
        assertEquals("all but SIGKILL SIGSTOP", SignalStates.names(~(SignalStates.bit(9) | SignalStates.bit(19))));
        assertEquals("SIGUSR1 SIGALRM", SignalStates.names(Signal.parseSet("[USR1 ALRM]")));
        assertEquals("not a signal: FOO in [FOO]", assertThrows(IllegalArgumentException.class, () -> Signal.parseSet("[FOO]")).getMessage());
    }

    private static TraceEvent at(List<TraceEvent> events, long seq) {
        return events.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
    }

    private static TraceEvent next(List<TraceEvent> events, long after, TraceKind kind) {
        return events.stream().filter(e -> e.seq() > after && e.kind() == kind).findFirst().orElseThrow();
    }

    private static TraceEvent previous(List<TraceEvent> events, long before, TraceKind kind) {
        return events.stream().filter(e -> e.seq() < before && e.kind() == kind).reduce((a, b) -> b).orElseThrow();
    }
}
