package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.layer.TransferTable;

/**
 * The Transfer Table statistics of real runs (be-dynamic/iov through the table and forced to
 * trap) equal what counting the trace's events directly gives, slot by slot; taken in a few
 * events at a time while the run goes, they equal those computed once at the end.
 */
class TransferTableStatisticsTest {
    /** A run's events, its store, and the statistics updated every few events while it ran. */
    private record Run(List<TraceEvent> events, TraceStore store, TransferTableStatistics live) {
    }

    private static Run run(DispatchMode mode) throws Exception {
        List<TraceEvent> events = new ArrayList<>();
        TraceStore store = new TraceStore("iov");
        TransferTableStatistics live = new TransferTableStatistics(store);
        GuestTraces.run("be-dynamic", "iov", mode, e -> {
            events.add(e);
            store.event(e);
            if (events.size() % 7 == 0) {
                live.update();
            }
        });
        live.update();
        return new Run(events, store, live);
    }

    /** Per syscall number, the slot as counting the events one by one gives it (cost is checked by its count of calls). */
    private static Map<Integer, TransferTableStatistics.Slot> counted(List<TraceEvent> events) {
        Map<Integer, TransferTableStatistics.Slot> slots = new TreeMap<>();
        for (TraceEvent e : events) {
            if (e.kind() != TraceKind.SYSCALL_ENTRY && e.kind() != TraceKind.SYSCALL_EXIT) {
                continue;
            }
            var s = slots.getOrDefault(e.nr(), new TransferTableStatistics.Slot(e.nr(), e.name(), null, 0, 0, 0, 0, 0, 0, 0, null, null));
            boolean entry = e.kind() == TraceKind.SYSCALL_ENTRY;
            slots.put(e.nr(), new TransferTableStatistics.Slot(e.nr(), e.name(), e.implemented(),
                    s.tableHits() + (entry && e.path() == DispatchPath.TABLE ? 1 : 0),
                    s.trapHits() + (entry && e.path() == DispatchPath.TRAP ? 1 : 0), s.nestedHits() + (entry && e.depth() >= 2 ? 1 : 0),
                    s.failures() + (!entry && e.errno() != 0 ? 1 : 0), s.timedCalls() + (entry ? 0 : 1), 0,
                    entry ? e.site() : s.lastSite(), entry ? e.symbol() : s.lastSymbol(), null));
        }
        return slots;
    }

    private static void assertCountsMatch(Run run) {
        Map<Integer, TransferTableStatistics.Slot> expected = counted(run.events());
        assertFalse(expected.isEmpty());
        for (var want : expected.values()) {
            var got = run.live().slot(want.number());
            String what = want.name() + " (" + want.number() + ")";
            assertEquals(want.name(), got.name(), what);
            assertEquals(want.implemented(), got.implemented(), what);
            assertEquals(want.tableHits(), got.tableHits(), what + " table hits");
            assertEquals(want.trapHits(), got.trapHits(), what + " trap hits");
            assertEquals(want.nestedHits(), got.nestedHits(), what + " nested hits");
            assertEquals(want.failures(), got.failures(), what + " failures");
            assertEquals(want.timedCalls(), got.timedCalls(), what + " calls timed");
            assertTrue(got.totalCostNs() >= 0, what + " cost");
            assertEquals(want.lastSite(), got.lastSite(), what + " last site");
            assertEquals(want.lastSymbol(), got.lastSymbol(), what + " last symbol");
        }
        List<TransferTableStatistics.Slot> uncalled = run.live().slots().stream().filter(s -> !expected.containsKey(s.number())).toList();
        assertEquals(TransferTable.SLOTS, uncalled.size() + expected.keySet().stream().filter(n -> n < TransferTable.SLOTS).count());
        assertTrue(uncalled.stream().allMatch(s -> s.implemented() == null && s.hits() == 0 && s.meanCostNs() == -1 && s.lastSymbol() == null));
        assertEquals("getpid", run.live().slot(20).name(), "an uncalled slot is named from the syscall table");
    }

    private static long sum(Run run, ToLongFunction<TransferTableStatistics.Slot> field) {
        return run.live().slots().stream().mapToLong(field).sum();
    }

    private static long entries(Run run, int minDepth, int maxDepth) {
        return run.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() >= minDepth && e.depth() <= maxDepth)
                .count();
    }

    @Test
    void throughTheTableEveryHitIsATableHit() throws Exception {
        Run run = run(DispatchMode.AUTO);
        assertCountsMatch(run);
        assertEquals(0, sum(run, TransferTableStatistics.Slot::trapHits));
        assertEquals(entries(run, 1, Integer.MAX_VALUE), sum(run, TransferTableStatistics.Slot::tableHits));
        var write = run.live().slot(4);
        assertEquals("write", write.name());
        assertEquals(Boolean.TRUE, write.implemented());
        assertTrue(write.nestedHits() > 0, "writev's writes re-enter the layer");
        assertTrue(write.meanCostNs() >= 0, "every write finished and was timed");
    }

    @Test
    void forcedToTrapOnlyTheNestedCallsUseTheTable() throws Exception {
        Run run = run(DispatchMode.TRAP);
        assertCountsMatch(run);
        assertEquals(entries(run, 1, 1), sum(run, TransferTableStatistics.Slot::trapHits));
        assertEquals(entries(run, 2, Integer.MAX_VALUE), sum(run, TransferTableStatistics.Slot::tableHits));
        assertEquals(sum(run, TransferTableStatistics.Slot::nestedHits), sum(run, TransferTableStatistics.Slot::tableHits));
    }

    @Test
    void takenInAsTheRunGoesEqualsTakenInOnce() throws Exception {
        Run run = run(DispatchMode.AUTO);
        TransferTableStatistics once = TransferTableStatistics.of(run.store());
        assertEquals(once.slots(), run.live().slots());
        assertFalse(once.update(), "nothing new");
        assertFalse(once.isBehind());
    }

    @Test
    void aSlotWithoutHandlerIsMarkedNotImplemented() throws Exception {
        Run run = run(DispatchMode.AUTO);
        var notImplemented = run.live().slots().stream().filter(s -> Boolean.FALSE.equals(s.implemented())).toList();
        assertFalse(notImplemented.isEmpty(), "glibc's rseq registration has no handler");
        assertTrue(notImplemented.stream().allMatch(s -> s.failures() == s.timedCalls()), "every call of them fails (ENOSYS)");
        assertNull(run.live().slot(TransferTable.SLOTS + 1000), "no row for a number beyond the table that was never called");
    }

    @Test
    void theHandlerIsKnownFromCallsAndFollowsSlotSwaps() throws Exception {
        Run run = run(DispatchMode.AUTO);
        var write = run.live().slot(4);
        assertEquals("k42:write", write.handler(), "a called, implemented slot has its own handler");
        assertNull(write.swappedTo());
        var rseq = run.live().slots().stream().filter(s -> "rseq".equals(s.name())).findFirst().orElseThrow();
        assertEquals("k42:enosys", rseq.handler(), "a called slot without handler");
        assertNull(run.live().slot(200).handler(), "never called, never swapped: not known from the trace");

        long seq = run.events().size();
        run.store().event(new TraceEvent(seq, 0, 1000, 1000, TraceKind.SLOT_SWAP, 4, "write", "k42:getpid", 0, 0, null, 0, 0, "main", 0, 0,
                true));
        run.store().event(new TraceEvent(seq + 1, 0, 1000, 1000, TraceKind.SLOT_SWAP, 200, "syscall_200", "k42:enosys", 0, 0, null, 0, 0,
                "main", 0, 0, true));
        run.live().update();
        assertEquals("k42:getpid", run.live().slot(4).handler());
        assertEquals(write.tableHits(), run.live().slot(4).tableHits(), "a swap is no call");
        assertEquals("k42:enosys", run.live().slot(200).handler());
    }
}
