package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.trace.SyscallNesting.Axis;
import dev.k42lens.core.trace.SyscallNesting.BlockedInterval;
import dev.k42lens.core.trace.SyscallNesting.CallSpan;
import dev.k42lens.core.trace.SyscallNesting.DeferredSignal;
import dev.k42lens.core.trace.SyscallNesting.Ending;
import dev.k42lens.core.trace.SyscallNesting.SignalDelivery;
import dev.k42lens.core.trace.SyscallNesting.Snapshot;
import dev.k42lens.core.trace.SyscallNesting.ThreadNesting;

/**
 * The Syscall Nesting of real runs: the signals sample's saved trace (nested calls down to depth 3,
 * the blocked read, the SIGUSR1 deferred in kill and delivered after the outermost return), a run
 * of the threads sample taken in a few events at a time while it goes (five threads, blocked
 * futexes, threads that exit), the test bundle's signals program (a read restarted after a
 * handler) and the pipe sample (a forked process). Every expectation is counted from the events.
 */
class SyscallNestingTest {
    private static final int SIGUSR1 = 10;
    private static final Path SIGNALS_TRACE = Path.of("..", "dev.k42lens.ui.tests", "resources", "signals.k42trace.jsonl");

    private static List<TraceEvent> events(TraceStore store) {
        List<TraceEvent> events = new ArrayList<>();
        for (int row = 0; row < store.size(); row++) {
            events.add(store.get(row));
        }
        return events;
    }

    private static List<CallSpan> spans(ThreadNesting thread) {
        return thread.lanes().stream().flatMap(List::stream).toList();
    }

    private static CallSpan only(List<CallSpan> spans, Predicate<CallSpan> wanted) {
        List<CallSpan> found = spans.stream().filter(wanted).toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    /** Each entry of a thread is the entry of exactly one span, at the entry's depth; nested spans lie inside a span one level up. */
    private static void assertSpansMatchEntries(List<TraceEvent> events, ThreadNesting thread) {
        List<TraceEvent> entries = events.stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.pid() == thread.pid()
                && e.tid() == thread.tid()).toList();
        List<CallSpan> spans = spans(thread);
        assertEquals(entries.size(), spans.size(), thread.label() + ": one span per entry");
        for (TraceEvent entry : entries) {
            CallSpan span = only(spans, s -> s.entrySeq() == entry.seq());
            assertEquals(entry.depth(), span.depth());
            assertEquals(entry.name(), span.name());
            assertEquals(entry.path(), span.path());
            assertTrue(span.endSeq() >= span.entrySeq());
            if (span.depth() > 1) {
                CallSpan parent = thread.callAt(span.depth() - 1, Axis.ORDER, span.entrySeq());
                assertNotNull(parent, span + " has a caller one level up");
                assertTrue(parent.entrySeq() < span.entrySeq() && span.endSeq() < parent.endSeq(), span + " inside " + parent);
            }
        }
        for (List<CallSpan> lane : thread.lanes()) {
            for (int i = 1; i < lane.size(); i++) {
                assertTrue(lane.get(i - 1).endSeq() < lane.get(i).entrySeq(), "the calls of a lane follow one another");
                assertTrue(lane.get(i - 1).endNs() <= lane.get(i).entryNs());
            }
        }
    }

    @Test
    void theSignalsTraceNestsItsCallsAndShowsTheBlockedReadAndTheDeferredSignal() throws Exception {
        TraceStore store = TraceStore.load(SIGNALS_TRACE, TraceProgress.NONE);
        List<TraceEvent> events = events(store);
        SyscallNesting computed = SyscallNesting.of(store);
        Snapshot nesting = computed.snapshot();
        assertEquals(store.size(), nesting.eventsTakenIn());
        assertEquals(1, nesting.threads().size());
        ThreadNesting main = nesting.threads().get(0);
        assertSpansMatchEntries(events, main);
        assertEquals(events.stream().mapToInt(TraceEvent::depth).max().orElseThrow(), main.maxDepth());
        assertTrue(main.ended(), "exit_group ended the process");
        assertEquals(events.get(events.size() - 1).seq(), main.endSeq());
        CallSpan exitGroup = only(spans(main), s -> s.name().equals("exit_group"));
        assertEquals(Ending.THREAD_END, exitGroup.ending());

        // the dynamic loader's access is served by faccessat (depth 2), itself by faccessat2 (depth 3)
        List<CallSpan> spans = spans(main);
        CallSpan access = only(spans, s -> s.name().equals("access"));
        CallSpan faccessat = only(spans, s -> s.name().equals("faccessat"));
        CallSpan faccessat2 = only(spans, s -> s.name().equals("faccessat2"));
        assertEquals(List.of(1, 2, 3), List.of(access.depth(), faccessat.depth(), faccessat2.depth()));
        assertEquals(faccessat, main.innermostCallOf(faccessat.entrySeq()));
        assertEquals(faccessat2, main.callAt(3, Axis.TIME, faccessat2.entryNs()), "calls take no virtual time: found at their instant");
        assertTrue(computed.describe(faccessat).startsWith("faccessat(AT_FDCWD, \"/etc/ld.so.preload\", R_OK) = -1 ENOENT"),
                computed.describe(faccessat));
        assertTrue(computed.describe(faccessat).endsWith(" — table, depth 2, at k42:access"), computed.describe(faccessat));

        // the read of the empty pipe left the layer, blocked until SIGALRM woke it, and failed with EINTR
        TraceEvent leave = events.stream().filter(e -> e.kind() == TraceKind.LEAVE_TO_BLOCK).findFirst().orElseThrow();
        TraceEvent woken = events.stream().filter(e -> e.kind() == TraceKind.WOKEN).findFirst().orElseThrow();
        assertEquals(1, main.blocked().size());
        BlockedInterval blocked = main.blocked().get(0);
        assertEquals(List.of("read", leave.seq(), woken.seq(), woken.timeNs() - leave.timeNs()),
                List.of(blocked.name(), blocked.leaveSeq(), blocked.endSeq(), blocked.endNs() - blocked.leaveNs()));
        assertTrue(blocked.woken() && !blocked.open());
        CallSpan read = main.innermostCallOf(leave.seq());
        assertEquals("read", read.name());
        assertEquals(1, blocked.depth());
        assertTrue(read.covers(blocked.leaveSeq()) && read.covers(blocked.endSeq()), "the blocked interval is inside its call");
        assertEquals(Ending.EXIT, read.ending());
        TraceEvent readExit = events.stream().filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("read") && e.errno() != 0)
                .findFirst().orElseThrow();
        assertTrue(readExit.args().startsWith("3, 0x"), readExit.args());
        assertTrue(computed.describe(read).startsWith("read(" + readExit.args() + ") = -1 EINTR"), computed.describe(read));

        // SIGUSR1 sent to itself arrived in kill at depth 1, and was delivered after kill returned
        assertEquals(1, main.deferred().size());
        DeferredSignal deferred = main.deferred().get(0);
        assertEquals(List.of(SIGUSR1, 1, "kill", "SIGUSR1"), List.of(deferred.signal(), deferred.depth(), deferred.callName(),
                deferred.signalName()));
        CallSpan kill = main.innermostCallOf(deferred.seq());
        assertEquals(List.of("kill", 1), List.of(kill.name(), kill.depth()));
        List<SignalDelivery> deliveries = main.deliveries();
        assertEquals(events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_DELIVERED).count(), deliveries.size());
        List<SignalDelivery> ofDeferred = deliveries.stream().filter(d -> d.deferred() == 0).toList();
        assertEquals(1, ofDeferred.size(), deliveries.toString());
        SignalDelivery delivery = ofDeferred.get(0);
        assertEquals(List.of(SIGUSR1, 0), List.of(delivery.signal(), delivery.depth()));
        assertTrue(delivery.seq() > kill.endSeq(), "delivered after the outermost return");
        assertEquals(null, main.innermostCallOf(delivery.seq()), "outside any call");
        assertEquals(deliveries.size() - 1, deliveries.stream().filter(d -> d.deferred() < 0).count(), "SIGALRM and SIGUSR2 were not deferred");
    }

    /**
     * The threads sample, taken in every few events while it runs: five threads in the order they
     * started, each call and blocked futex in place, the four workers ended by their exit; taken
     * in while it ran, a blocked futex was open; the end is what one update of the whole store gives.
     */
    @Test
    void theThreadsSampleHasEachThreadsCallsAndBlockedFutexesTakenInAsItRuns() throws Exception {
        TraceStore store = new TraceStore("threads");
        SyscallNesting live = new SyscallNesting(store);
        List<TraceEvent> events = new ArrayList<>();
        boolean[] sawOpenBlock = new boolean[1];
        GuestTraces.runSample("be", "threads", e -> {
            events.add(e);
            store.event(e);
            if (events.size() % 5 == 0) {
                live.update();
                sawOpenBlock[0] |= live.snapshot().threads().stream().flatMap(t -> t.blocked().stream()).anyMatch(BlockedInterval::open);
            }
        });
        live.update();
        Snapshot nesting = live.snapshot();
        assertTrue(sawOpenBlock[0], "while the run went, a thread was seen blocked");
        assertEquals(SyscallNesting.of(store).snapshot(), nesting, "taken in step by step, as taken in at once");

        Map<Integer, Integer> firstSeqByTid = new LinkedHashMap<>();
        events.stream().filter(e -> e.kind() != TraceKind.EXIT).forEach(e -> firstSeqByTid.putIfAbsent(e.tid(), (int) e.seq()));
        assertEquals(List.copyOf(firstSeqByTid.keySet()), nesting.threads().stream().map(ThreadNesting::tid).toList());
        assertEquals(5, nesting.threads().size(), "main and four workers");
        for (ThreadNesting thread : nesting.threads()) {
            assertSpansMatchEntries(events, thread);
            assertTrue(thread.ended(), thread.label());
            long leaves = events.stream().filter(e -> e.kind() == TraceKind.LEAVE_TO_BLOCK && e.tid() == thread.tid()).count();
            assertEquals(leaves, thread.blocked().size(), thread.label());
            for (BlockedInterval blocked : thread.blocked()) {
                assertEquals("futex", blocked.name());
                assertTrue(blocked.woken(), thread.label() + " woken from " + blocked);
                CallSpan call = thread.innermostCallOf(blocked.leaveSeq());
                assertTrue(call.name().equals("futex") && call.covers(blocked.endSeq()), call.toString());
            }
            assertFalse(spans(thread).stream().anyMatch(s -> s.ending() == Ending.OPEN), "nothing open once the run ended");
        }
        for (ThreadNesting worker : nesting.threads().subList(1, 5)) {
            TraceEvent exit = events.stream().filter(e -> e.kind() == TraceKind.THREAD_EXIT && e.tid() == worker.tid()).findFirst()
                    .orElseThrow();
            assertEquals(exit.seq(), worker.endSeq());
            CallSpan last = worker.lanes().get(0).get(worker.lanes().get(0).size() - 1);
            assertEquals(List.of("exit", Ending.THREAD_END, exit.seq()), List.of(last.name(), last.ending(), last.endSeq()));
        }
    }

    /** The test bundle's signals program: its second read is taken back when SIGALRM wakes it (SA_RESTART) and entered again after the handler. */
    @Test
    void aRestartedCallEndsAtItsRestartAndIsEnteredAgain() throws Exception {
        TraceStore store = new TraceStore("signals");
        GuestTraces.run("be-dynamic", "signals", DispatchMode.AUTO, store);
        List<TraceEvent> events = events(store);
        TraceEvent restart = events.stream().filter(e -> e.kind() == TraceKind.RESTART).findFirst().orElseThrow();
        ThreadNesting thread = SyscallNesting.of(store).snapshot().thread(restart.pid(), restart.tid());
        CallSpan restarted = only(spans(thread), s -> s.ending() == Ending.RESTART);
        assertEquals(List.of("read", restart.seq(), -1), List.of(restarted.name(), restarted.endSeq(), restarted.exitRow()));
        BlockedInterval blocked = thread.blocked().stream().filter(b -> restarted.covers(b.leaveSeq())).findFirst().orElseThrow();
        assertTrue(blocked.woken() && blocked.endSeq() <= restart.seq(), blocked.toString());
        // the handler runs (its write, its rt_sigreturn), then the read is entered again and returns
        List<CallSpan> lane = thread.lanes().get(restarted.depth() - 1);
        CallSpan again = lane.subList(lane.indexOf(restarted) + 1, lane.size()).stream().filter(s -> s.name().equals("read")).findFirst()
                .orElseThrow();
        assertEquals(Ending.EXIT, again.ending());
        assertTrue(lane.subList(lane.indexOf(restarted) + 1, lane.indexOf(again)).stream().anyMatch(s -> s.name().equals("rt_sigreturn")));
        assertEquals(1, store.get(again.exitRow()).ret(), "the byte the handler wrote");
    }

    /** The pipe sample forks: the child is a thread of a new pid, which starts after the fork. */
    @Test
    void aForkedChildIsAThreadOfItsOwnProcess() throws Exception {
        TraceStore store = new TraceStore("pipe");
        GuestTraces.runSample("be", "pipe", store);
        List<TraceEvent> events = events(store);
        TraceEvent fork = events.stream().filter(e -> e.kind() == TraceKind.FORK).findFirst().orElseThrow();
        Snapshot nesting = SyscallNesting.of(store).snapshot();
        assertEquals(2, nesting.threads().size());
        ThreadNesting child = nesting.threads().get(1);
        assertEquals(fork.targetTid(), child.pid());
        assertTrue(child.firstSeq() > fork.seq());
        assertTrue(child.ended() && nesting.threads().get(0).ended());
        for (ThreadNesting thread : nesting.threads()) {
            assertSpansMatchEntries(events, thread);
        }
    }
}
