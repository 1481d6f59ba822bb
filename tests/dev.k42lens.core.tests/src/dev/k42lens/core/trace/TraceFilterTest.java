package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filters and searches on the real trace of the procs program (twelve processes, fork and exec,
 * signals, calls that fail, block and restart, both dispatch paths): each filter gives exactly the
 * rows a plain predicate over the engine's events picks.
 */
class TraceFilterTest {
    private static final List<TraceEvent> EVENTS = new ArrayList<>();
    private static final TraceStore STORE = new TraceStore("procs");

    @BeforeAll
    static void runProcs() throws Exception {
        GuestTraces.run("le-dynamic", "procs", e -> {
            EVENTS.add(e);
            STORE.event(e);
        });
    }

    /** The filter's rows are the events {@code expected} accepts, and there are some. */
    private static int[] assertFilter(TraceFilter filter, Predicate<TraceEvent> expected) {
        int[] wanted = IntStream.range(0, EVENTS.size()).filter(row -> expected.test(EVENTS.get(row))).toArray();
        assertTrue(wanted.length > 0, "the trace has events for " + filter);
        assertTrue(wanted.length < EVENTS.size(), "the trace has events other than those of " + filter);
        int[] rows = filter.matchingRows(STORE);
        assertArrayEquals(wanted, rows, filter.toString());
        return rows;
    }

    private static boolean isCall(TraceEvent e, String... names) {
        return e.nr() >= 0 && List.of(names).contains(e.name());
    }

    @Test
    void eachCriterionAloneSelectsWhatItSays() {
        int child = EVENTS.stream().mapToInt(TraceEvent::pid).max().orElseThrow();
        assertFilter(new TraceFilter(Set.of("write"), null, null, null, null, false, null, false), e -> isCall(e, "write"));
        assertFilter(new TraceFilter(null, child, null, null, null, false, null, false), e -> e.tid() == child);
        assertFilter(new TraceFilter(null, null, child, null, null, false, null, false), e -> e.pid() == child);
        assertFilter(new TraceFilter(null, null, null, DispatchPath.TRAP, null, false, null, false), e -> e.path() == DispatchPath.TRAP);
        assertFilter(new TraceFilter(null, null, null, null, EnumSet.of(TraceKind.SIGNAL_POSTED, TraceKind.SIGNAL_DEFERRED), false, null,
                false), e -> e.kind() == TraceKind.SIGNAL_POSTED || e.kind() == TraceKind.SIGNAL_DEFERRED);
        assertFilter(new TraceFilter(null, null, null, null, null, true, null, false),
                e -> e.kind() == TraceKind.SYSCALL_EXIT && e.errno() != 0);
    }

    @Test
    void textIsLookedForInArgumentsAndSymbolCaseInsensitivelyOrAsARegularExpression() {
        assertFilter(new TraceFilter(null, null, null, null, null, false, "K42:CLONE", false),
                e -> e.symbol() != null && e.symbol().toLowerCase().contains("k42:clone")
                        || e.args() != null && e.args().toLowerCase().contains("k42:clone"));
        // a server event's server is its "arguments"
        assertFilter(new TraceFilter(null, null, null, null, null, false, "^process$", true),
                e -> "process".equals(e.args()) || "process".equals(e.symbol()));
        assertFilter(new TraceFilter(null, null, null, null, null, false, "^P_P(ID|GID), ", true),
                e -> e.args() != null && e.args().matches("^P_P(ID|GID), .*") || e.symbol() != null && e.symbol().matches("^P_P(ID|GID), .*"));
    }

    @Test
    void criteriaCombine() {
        int[] rows = assertFilter(new TraceFilter(Set.of("wait4", "read", "kill"), null, 1000, DispatchPath.TABLE,
                EnumSet.of(TraceKind.SYSCALL_EXIT), true, null, false),
                e -> isCall(e, "wait4", "read", "kill") && e.pid() == 1000 && e.path() == DispatchPath.TABLE
                        && e.kind() == TraceKind.SYSCALL_EXIT && e.errno() != 0);
        assertTrue(rows.length >= 1);
        assertEquals(0, TraceFilter.ALL.matchingRows(STORE)[0]);
        assertEquals(EVENTS.size(), TraceFilter.ALL.matchingRows(STORE).length);
        assertTrue(TraceFilter.ALL.acceptsAll());
        assertFalse(new TraceFilter(null, null, null, null, null, true, "", false).acceptsAll());
    }

    @Test
    void searchFindsTheNextAndPreviousMatchFromARow() {
        TraceFilter forks = new TraceFilter(null, null, null, null, EnumSet.of(TraceKind.FORK), false, null, false);
        int[] all = forks.matchingRows(STORE);
        assertEquals(all[0], forks.next(STORE, -1, true));
        assertEquals(all[1], forks.next(STORE, all[0], true));
        assertEquals(all[0], forks.next(STORE, all[1], false));
        assertEquals(all[all.length - 1], forks.next(STORE, STORE.size(), false));
        assertEquals(-1, forks.next(STORE, all[all.length - 1], true));
        assertEquals(-1, forks.next(STORE, all[0], false));
    }

    @Test
    void anInvalidRegularExpressionIsRefusedWithItsReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TraceFilter(null, null, null, null, null, false, "write(", true));
        assertTrue(e.getMessage().startsWith("invalid regular expression \"write(\": Unclosed group"), e.getMessage());
        // the same text is fine as plain text
        new TraceFilter(null, null, null, null, null, false, "write(", false);
    }

    /** The view's model: rows of a growing store filtered in steps give the same as filtering at once, and find walks them. */
    @Test
    void aFilteredTraceFollowsAGrowingStore() {
        TraceFilter failed = new TraceFilter(null, null, null, null, null, true, null, false);
        TraceStore growing = new TraceStore("procs");
        FilteredTrace shown = new FilteredTrace(growing, failed);
        FilteredTrace everything = new FilteredTrace(growing, TraceFilter.ALL);
        for (int row = 0; row < EVENTS.size(); row++) {
            growing.event(EVENTS.get(row));
            if (row % 37 == 0) {
                shown.update();
                everything.update();
            }
        }
        assertTrue(shown.isBehind());
        shown.update();
        everything.update();
        assertFalse(shown.isBehind());
        assertArrayEquals(failed.matchingRows(STORE), shown.rows());
        assertEquals(EVENTS.size(), everything.count());
        assertEquals(EVENTS.size() - 1, everything.row(EVENTS.size() - 1));

        int[] rows = shown.rows();
        assertEquals(2, shown.position(rows[2]));
        int hidden = IntStream.range(0, EVENTS.size()).filter(row -> Arrays.binarySearch(rows, row) < 0).findFirst().orElseThrow();
        assertEquals(-1, shown.position(hidden));

        // find walks the shown positions whose rows the query accepts
        String symbol = EVENTS.get(rows[rows.length - 1]).symbol();
        TraceFilter query = new TraceFilter(null, null, null, null, null, false, symbol, false);
        int[] wanted = IntStream.range(0, rows.length).filter(p -> EVENTS.get(rows[p]).symbol().toLowerCase().contains(symbol.toLowerCase())
                || EVENTS.get(rows[p]).args().toLowerCase().contains(symbol.toLowerCase())).toArray();
        assertEquals(wanted[0], shown.find(query, -1, true));
        assertEquals(wanted[wanted.length - 1], shown.find(query, shown.count(), false));
        if (wanted.length > 1) {
            assertEquals(wanted[1], shown.find(query, wanted[0], true));
        }
        assertEquals(-1, shown.find(query, wanted[wanted.length - 1], true));
    }
}
