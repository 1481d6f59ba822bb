package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.DispatchGraph.Edge;
import dev.k42lens.core.trace.DispatchGraph.EdgeKind;
import dev.k42lens.core.trace.DispatchGraph.Graph;
import dev.k42lens.core.trace.DispatchGraph.Node;
import dev.k42lens.core.trace.DispatchGraph.NodeKind;

/**
 * The dispatch graph of a real run of the signals program (be-dynamic: the dynamic loader's
 * access nests faccessat and faccessat2, a read blocks on a pipe, SIGUSR1 is deferred in the call that sends it,
 * rt_sigreturn traps): its edge counts are what counting the trace's events gives; taken in a few
 * events at a time while the run goes, it equals the graph taken in once; the path of one event is
 * its outermost call with the site, nested calls, servers and signals, the event's route in focus.
 */
class DispatchGraphTest {
    private static final int WRITE = 4;
    private static final int RT_SIGRETURN = 172;
    private static final int SIGUSR1 = 10;

    private record Run(List<TraceEvent> events, TraceStore store, DispatchGraph live) {
        List<TraceEvent> where(Predicate<TraceEvent> wanted) {
            return events.stream().filter(wanted).toList();
        }
    }

    private static Run signals() throws Exception {
        List<TraceEvent> events = new ArrayList<>();
        TraceStore store = new TraceStore("signals");
        DispatchGraph live = new DispatchGraph(store);
        GuestTraces.run("be-dynamic", "signals", e -> {
            events.add(e);
            store.event(e);
            if (events.size() % 7 == 0) {
                live.update();
            }
        });
        live.update();
        return new Run(events, store, live);
    }

    private static boolean entry(TraceEvent e) {
        return e.kind() == TraceKind.SYSCALL_ENTRY;
    }

    private static long count(Graph graph, String from, String to, EdgeKind kind) {
        Edge edge = graph.edge(from, to, kind);
        assertNotNull(edge, "no " + kind.label() + " edge " + from + " -> " + to + " in " + graph.edges());
        return edge.count();
    }

    @Test
    void theWholeRunsEdgesCountTheTracesEvents() throws Exception {
        Run run = signals();
        Graph graph = run.live().graph();
        assertEquals(run.events().size(), run.live().eventsTakenIn());
        assertEquals(DispatchGraph.of(run.store()).graph(), graph, "taken in as the run went or at once: the same graph");

        // every call reaches its slot as often as it was entered, and each slot's handler as often
        Map<Integer, Long> entries = run.where(DispatchGraphTest::entry).stream()
                .collect(Collectors.groupingBy(TraceEvent::nr, TreeMap::new, Collectors.counting()));
        for (var slot : entries.entrySet()) {
            assertEquals(slot.getValue(), graph.node(DispatchGraph.slotId(slot.getKey())).count(), "slot " + slot.getKey());
        }

        // write: from the wrapper through slot 4 to its handler, by the table
        List<TraceEvent> writes = run.where(e -> entry(e) && e.nr() == WRITE && e.path() == DispatchPath.TABLE);
        assertFalse(writes.isEmpty());
        Map<String, Long> writeWrappers = writes.stream().filter(e -> e.depth() == 1)
                .collect(Collectors.groupingBy(e -> DispatchGraph.wrapperId(e.symbol(), e.site()), Collectors.counting()));
        writeWrappers.forEach((wrapper, n) -> assertEquals(n, count(graph, wrapper, DispatchGraph.slotId(WRITE), EdgeKind.TABLE), wrapper));
        assertEquals(writes.size(), count(graph, DispatchGraph.slotId(WRITE), DispatchGraph.handlerId("k42:write"), EdgeKind.TABLE));

        // rt_sigreturn: the trampoline's sc traps and is reflected through slot 172
        List<TraceEvent> traps = run.where(e -> entry(e) && e.path() == DispatchPath.TRAP);
        long sigreturns = traps.stream().filter(e -> e.nr() == RT_SIGRETURN).count();
        assertTrue(sigreturns >= 3, "SIGALRM, SIGUSR1 and SIGUSR2 return through rt_sigreturn");
        String trampoline = DispatchGraph.wrapperId(traps.get(0).symbol(), traps.get(0).site());
        assertEquals("WRAPPER:[k42 signal return]", trampoline);
        assertEquals(traps.size(), count(graph, DispatchGraph.TRAP_ID, DispatchGraph.REFLECTION_ID, EdgeKind.TRAP));
        assertEquals(sigreturns, count(graph, DispatchGraph.REFLECTION_ID, DispatchGraph.slotId(RT_SIGRETURN), EdgeKind.TRAP));
        assertEquals(sigreturns, count(graph, DispatchGraph.slotId(RT_SIGRETURN), DispatchGraph.handlerId("k42:rt_sigreturn"), EdgeKind.TRAP));
        assertEquals(sigreturns, count(graph, trampoline, DispatchGraph.TRAP_ID, EdgeKind.TRAP));

        // nested calls: from the calling handler (the entry's symbol) to the slot called
        Map<String, Long> nested = run.where(e -> entry(e) && e.depth() >= 2).stream()
                .collect(Collectors.groupingBy(e -> e.symbol() + " " + e.nr(), TreeMap::new, Collectors.counting()));
        assertTrue(nested.containsKey("k42:access 298"), "the loader's access calls faccessat at depth 2: " + nested);
        nested.forEach((key, n) -> {
            String[] caller = key.split(" ");
            assertEquals(n, count(graph, DispatchGraph.handlerId(caller[0]), DispatchGraph.slotId(Integer.parseInt(caller[1])), EdgeKind.TABLE),
                    key);
        });

        // servers: each request from the handler of the innermost call (the latest entry at its depth)
        Map<String, Long> requests = new TreeMap<>();
        for (int i = 0; i < run.events().size(); i++) {
            TraceEvent request = run.events().get(i);
            if (request.kind() == TraceKind.SERVER_CALL) {
                TraceEvent call = latestEntryAtDepth(run.events(), i, request.depth());
                requests.merge("k42:" + call.name() + " " + request.args(), 1L, Long::sum);
            }
        }
        assertTrue(requests.containsKey("k42:read pipe"), "read asks the pipe server: " + requests);
        assertTrue(requests.containsKey("k42:faccessat2 file-system"), "the nested faccessat2 asks the file system: " + requests);
        requests.forEach((key, n) -> {
            String[] route = key.split(" ");
            assertEquals(n, count(graph, DispatchGraph.handlerId(route[0]), DispatchGraph.serverId(route[1]), EdgeKind.SERVER), key);
        });

        // signals: SIGUSR1 deferred in the handler of the call that sent it, delivered after that call returned
        TraceEvent deferred = run.where(e -> e.kind() == TraceKind.SIGNAL_DEFERRED).get(0);
        assertEquals(SIGUSR1, deferred.signal());
        assertEquals(1, count(graph, DispatchGraph.handlerId(deferred.symbol()), DispatchGraph.signalId(SIGUSR1), EdgeKind.DEFERRED));
        for (TraceEvent delivered : run.where(e -> e.kind() == TraceKind.SIGNAL_DELIVERED)) {
            assertTrue(count(graph, DispatchGraph.wrapperId(delivered.symbol(), delivered.site()), DispatchGraph.signalId(delivered.signal()),
                    EdgeKind.DELIVERED) >= 1);
        }
        assertEquals(sigreturns, graph.edges().stream().filter(e -> e.kind() == EdgeKind.SIGRETURN).mapToLong(Edge::count).sum());
        assertEquals("SIGUSR1", graph.node(DispatchGraph.signalId(SIGUSR1)).label());

        // each edge keeps its latest event: the last write entry for the write handler's edge
        assertEquals(writes.get(writes.size() - 1).seq(),
                graph.edge(DispatchGraph.slotId(WRITE), DispatchGraph.handlerId("k42:write"), EdgeKind.TABLE).latestSeq());
        assertTrue(graph.focus().isEmpty());
    }

    @Test
    void thePathOfANestedCallIsItsOutermostCallWithSiteServersAndFocus() throws Exception {
        Run run = signals();
        List<TraceEvent> events = run.events();
        int nestedIndex = events.indexOf(run.where(e -> entry(e) && e.depth() == 2).get(0));
        int outerIndex = nestedIndex;
        while (!(entry(events.get(outerIndex)) && events.get(outerIndex).depth() == 1)) {
            outerIndex--;
        }
        TraceEvent outer = events.get(outerIndex);
        TraceEvent nested = events.get(nestedIndex);
        Graph fromOuter = DispatchGraph.pathOf(run.store(), outer.seq());
        Graph fromNested = DispatchGraph.pathOf(run.store(), nested.seq());
        assertEquals(fromOuter.nodes(), fromNested.nodes(), "one outermost call, one path");
        assertEquals(fromOuter.edges(), fromNested.edges());

        String site = DispatchGraph.siteId(outer.site());
        String wrapper = DispatchGraph.wrapperId(outer.symbol(), outer.site());
        assertEquals(1, count(fromOuter, site, wrapper, EdgeKind.TABLE));
        assertEquals(1, count(fromOuter, wrapper, DispatchGraph.slotId(outer.nr()), EdgeKind.TABLE));
        // every call the outermost one made, down to its exit, hangs from its caller's handler
        for (int i = outerIndex + 1; !(events.get(i).kind() == TraceKind.SYSCALL_EXIT && events.get(i).depth() == 1); i++) {
            TraceEvent e = events.get(i);
            if (entry(e)) {
                assertEquals(1, count(fromOuter, DispatchGraph.handlerId(e.symbol()), DispatchGraph.slotId(e.nr()), EdgeKind.TABLE));
                assertEquals(1, count(fromOuter, DispatchGraph.slotId(e.nr()), DispatchGraph.handlerId("k42:" + e.name()), EdgeKind.TABLE));
            }
        }
        assertTrue(fromOuter.nodes().stream().anyMatch(n -> n.kind() == NodeKind.SERVER), "the innermost call asks a server");
        assertTrue(fromOuter.nodes().stream().mapToLong(Node::count).allMatch(n -> n == 1), "one call: every node once");

        // the focus is the selected call's own route
        assertTrue(fromOuter.focus().contains(site));
        assertFalse(fromOuter.focus().contains(DispatchGraph.slotId(nested.nr())));
        assertTrue(fromNested.focus().contains(DispatchGraph.slotId(nested.nr())));
        assertTrue(fromNested.focus().contains(DispatchGraph.handlerId(nested.symbol())));
        assertFalse(fromNested.focus().contains(site));
    }

    @Test
    void thePathOfADeferredSignalsDeliveryIsTheCallItArrivedIn() throws Exception {
        Run run = signals();
        TraceEvent deferred = run.where(e -> e.kind() == TraceKind.SIGNAL_DEFERRED && e.signal() == SIGUSR1).get(0);
        TraceEvent delivered = run.where(e -> e.kind() == TraceKind.SIGNAL_DELIVERED && e.signal() == SIGUSR1).get(0);
        Graph path = DispatchGraph.pathOf(run.store(), delivered.seq());
        assertEquals(1, count(path, DispatchGraph.handlerId(deferred.symbol()), DispatchGraph.signalId(SIGUSR1), EdgeKind.DEFERRED));
        String wrapper = DispatchGraph.wrapperId(delivered.symbol(), delivered.site());
        assertEquals(1, count(path, wrapper, DispatchGraph.signalId(SIGUSR1), EdgeKind.DELIVERED));
        assertEquals(1, count(path, wrapper, DispatchGraph.slotId(deferred.nr()), EdgeKind.TABLE), "the wrapper made the call it arrived in");
        assertTrue(path.focus().contains(DispatchGraph.edgeId(wrapper, DispatchGraph.signalId(SIGUSR1), EdgeKind.DELIVERED)));
        assertEquals(Graph.EMPTY, DispatchGraph.pathOf(run.store(), run.events().size() + 100), "no such event");

        TraceEvent sigreturn = run.where(e -> entry(e) && e.nr() == RT_SIGRETURN).get(0);
        Graph trapped = DispatchGraph.pathOf(run.store(), sigreturn.seq());
        assertEquals(1, count(trapped, DispatchGraph.TRAP_ID, DispatchGraph.REFLECTION_ID, EdgeKind.TRAP));
        assertEquals(1, count(trapped, DispatchGraph.handlerId("k42:rt_sigreturn"), DispatchGraph.signalId(run.where(
                e -> e.kind() == TraceKind.SIGRETURN).get(0).signal()), EdgeKind.SIGRETURN));
    }

    /** The latest call entry before {@code index} on the same thread at {@code depth}. */
    private static TraceEvent latestEntryAtDepth(List<TraceEvent> events, int index, int depth) {
        TraceEvent at = events.get(index);
        for (int i = index - 1; i >= 0; i--) {
            TraceEvent e = events.get(i);
            if (entry(e) && e.tid() == at.tid() && e.depth() == depth) {
                return e;
            }
        }
        throw new AssertionError("no call open at " + at);
    }
}
