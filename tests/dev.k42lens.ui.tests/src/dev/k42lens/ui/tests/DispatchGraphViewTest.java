package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.DispatchGraph;
import dev.k42lens.core.trace.DispatchGraph.EdgeKind;
import dev.k42lens.core.trace.DispatchGraph.Graph;
import dev.k42lens.ui.views.DispatchGraphView;
import dev.k42lens.ui.views.DispatchTraceView;
import dev.k42lens.ui.views.TraceFocus;

/**
 * The Dispatch Graph view on a real run of the bundled big-endian signals sample, followed live,
 * and on the saved signals trace: its whole-run edges carry the counts that counting the trace
 * file's lines gives (wrapper to slot 4 to write's handler by the table, the rt_sigreturn trap
 * through its reflection, nested calls from their calling handler, server requests); clicking a
 * node selects its latest event in every view; the selected event's path shows its call site and,
 * for the loader's access, the nested handlers and the server, for the deferred SIGUSR1's delivery,
 * the call it arrived in and its deferral; Ctrl+wheel zooms around the
 * pointer. Takes screenshots when asked ({@link Screenshots}).
 */
class DispatchGraphViewTest {
    private static final long TIMEOUT_MS = 120_000;
    private static final int WRITE = 4;
    private static final int RT_SIGRETURN = 172;

    private IWorkbenchPage page;
    private DispatchGraphView view;
    private ILaunch launch;

    @BeforeEach
    void showView() throws Exception {
        page = UiTestSupport.k42LensPage();
        page.showView(DispatchTraceView.ID);
        view = (DispatchGraphView) UiTestSupport.showMaximized(page, DispatchGraphView.ID);
    }

    @AfterEach
    void closeView() throws Exception {
        page.hideView(page.findView(DispatchTraceView.ID));
        UiTestSupport.close(page, view, launch);
    }

    /** The events of a trace file, each as its JSON fields (after the header line). */
    private record Trace(List<Map<String, String>> events) {
        static Trace read(Path file) throws Exception {
            List<String> lines = Files.readAllLines(file);
            return new Trace(lines.subList(1, lines.size()).stream().map(UiTestSupport::traceFields).toList());
        }

        List<Map<String, String>> where(Predicate<Map<String, String>> wanted) {
            return events.stream().filter(wanted).toList();
        }

        static boolean entry(Map<String, String> e) {
            return "syscall_entry".equals(e.get("kind"));
        }

        static int number(Map<String, String> e, String field) {
            return Integer.parseInt(e.get(field));
        }

        static long seq(Map<String, String> e) {
            return Long.parseLong(e.get("seq"));
        }

        static String wrapper(Map<String, String> e) {
            return DispatchGraph.wrapperId(e.get("symbol"), Long.decode(e.get("site")));
        }
    }

    @Test
    void aRunOfTheSignalsSampleIsGraphedLiveClickedAndFollowedToAPath() throws Exception {
        Path traceFile = Files.createTempFile("k42lens-signals", ".k42trace.jsonl");
        launch = UiTestSupport.runSample("samples/bin/be/signals", "signals (graph test)", traceFile);
        UiTestSupport.waitUntil("the run ends", TIMEOUT_MS, launch::isTerminated);
        UiTestSupport.activateAfterConsole(page, launch, view);
        Trace trace = Trace.read(traceFile);
        UiTestSupport.waitUntil("the view follows the run", TIMEOUT_MS, () -> view.getContentDescription().contains("live session"));
        waitForWholeRun(trace);
        assertWholeRun(view.graph(), trace);

        // the graph is fitted: every node is on the canvas
        Rectangle area = view.canvas().getClientArea();
        for (var node : view.graph().nodes()) {
            Rectangle bounds = view.nodeBounds(node.id());
            assertTrue(area.contains(bounds.x, bounds.y) && area.contains(bounds.x + bounds.width - 1, bounds.y + bounds.height - 1),
                    node.label() + " " + bounds + " in " + area);
        }

        // a click on slot 4 selects the latest write everywhere, and the graph shows its route
        List<Map<String, String>> writes = trace.where(e -> Trace.entry(e) && Trace.number(e, "nr") == WRITE);
        long lastWrite = Trace.seq(writes.get(writes.size() - 1));
        String slot4 = DispatchGraph.slotId(WRITE);
        click(view.nodeBounds(slot4));
        assertEquals(lastWrite, TraceFocus.get().selectedSeq());
        DispatchTraceView traceView = (DispatchTraceView) page.findView(DispatchTraceView.ID);
        UiTestSupport.waitUntil("the Dispatch Trace selects the write", TIMEOUT_MS, () -> traceView.table().getSelectionCount() == 1
                && traceView.shown().store().get(traceView.shown().row(traceView.table().getSelectionIndex())).seq() == lastWrite);
        String writeHandler = DispatchGraph.handlerId("k42:write");
        UiTestSupport.waitUntil("the write's route in focus", TIMEOUT_MS, () -> view.graph().focus().contains(writeHandler));
        assertTrue(view.graph().focus().contains(Trace.wrapper(writes.get(writes.size() - 1))));
        Screenshots.take("dispatch-graph-whole-run");

        // the selected event's path: site, wrapper, slot 4, handler, each once
        view.showScope(DispatchGraphView.Scope.PATH);
        Map<String, String> write = writes.get(writes.size() - 1);
        String site = DispatchGraph.siteId(Long.decode(write.get("site")));
        UiTestSupport.waitUntil("the write's path", TIMEOUT_MS, () -> view.graph().node(site) != null);
        Graph path = view.graph();
        assertEquals(1, count(path, site, Trace.wrapper(write), EdgeKind.TABLE));
        assertEquals(1, count(path, Trace.wrapper(write), slot4, EdgeKind.TABLE));
        assertEquals(1, count(path, slot4, writeHandler, EdgeKind.TABLE));
        assertTrue(view.statusLine().startsWith("Event #" + lastWrite + " (syscall_entry write)"), view.statusLine());

        // an event selected elsewhere: the loader's access, whose handler calls faccessat (depth 2) which asks the file system
        Map<String, String> nested = trace.where(e -> Trace.entry(e) && Trace.number(e, "depth") == 2).get(0);
        Map<String, String> outer = trace.where(e -> Trace.entry(e) && Trace.number(e, "depth") == 1 && Trace.seq(e) < Trace.seq(nested))
                .getLast();
        TraceFocus.get().select(Trace.seq(outer), null);
        String caller = DispatchGraph.handlerId(nested.get("symbol"));
        String nestedSlot = DispatchGraph.slotId(Trace.number(nested, "nr"));
        UiTestSupport.waitUntil("the access call's path", TIMEOUT_MS, () -> view.graph().edge(caller, nestedSlot, EdgeKind.TABLE) != null);
        assertEquals(DispatchGraph.handlerId("k42:" + outer.get("name")), caller, "the depth-2 call comes from the outer call's handler");
        assertTrue(view.graph().nodes().stream().anyMatch(n -> n.kind() == DispatchGraph.NodeKind.SERVER), view.graph().nodes().toString());
        Screenshots.take("dispatch-graph-nested-path");

        // the delivery of the deferred SIGUSR1: the call it arrived in, deferred by that call's handler, delivered after its return
        Map<String, String> deferred = trace.where(e -> "signal_deferred".equals(e.get("kind"))).get(0);
        Map<String, String> delivered = trace.where(e -> "signal_delivered".equals(e.get("kind")) && e.get("signal").equals(deferred.get("signal")))
                .get(0);
        String signal = DispatchGraph.signalId(Trace.number(deferred, "signal"));
        TraceFocus.get().select(Trace.seq(delivered), null);
        UiTestSupport.waitUntil("the delivery's path", TIMEOUT_MS, () -> view.graph().edge(Trace.wrapper(delivered), signal, EdgeKind.DELIVERED) != null);
        assertEquals(1, count(view.graph(), DispatchGraph.handlerId(deferred.get("symbol")), signal, EdgeKind.DEFERRED));
        assertEquals(1, count(view.graph(), Trace.wrapper(delivered), DispatchGraph.slotId(Trace.number(deferred, "nr")), EdgeKind.TABLE));
        assertTrue(view.graph().focus().contains(signal), "the delivery is the selected event's route");
        Screenshots.take("dispatch-graph-signal-path");

        // in the whole run, zoomed in beyond the canvas, Ctrl+wheel zooms in around the pointer: the node under it stays under it
        view.showScope(DispatchGraphView.Scope.RUN);
        UiTestSupport.waitUntil("the whole run again", TIMEOUT_MS, () -> view.graph().node(slot4) != null);
        double fitted = view.zoom();
        UiTestSupport.find(view.canvas().getParent(), Button.class, b -> b.getText().equals("Zoom In")).notifyListeners(SWT.Selection, null);
        assertEquals(fitted * 1.25, view.zoom(), 1e-9);
        Rectangle node = view.nodeBounds(signal);
        int x = node.x + node.width / 2;
        int y = node.y + node.height / 2;
        double zoom = view.zoom();
        Event wheel = new Event();
        wheel.x = x;
        wheel.y = y;
        wheel.count = 3;
        wheel.stateMask = SWT.MOD1;
        view.canvas().notifyListeners(SWT.MouseVerticalWheel, wheel);
        assertTrue(view.zoom() > zoom, view.zoom() + " after " + zoom);
        assertEquals(signal, view.nodeAt(x, y));
    }

    @Test
    void theSavedSignalsTraceIsGraphedAsItIsRead() throws Exception {
        var bundle = Platform.getBundle("dev.k42lens.ui.tests");
        Path resource = Path.of(FileLocator.toFileURL(bundle.getEntry("resources/signals.k42trace.jsonl")).getPath());
        Trace trace = Trace.read(resource);
        Job reading = view.open(resource);
        UiTestSupport.waitUntil("the file is read", TIMEOUT_MS, () -> reading.getResult() != null);
        waitForWholeRun(trace);
        assertWholeRun(view.graph(), trace);
        // the deferred SIGUSR1: from the handler it arrived in, and delivered where the thread was after the return
        Map<String, String> deferred = trace.where(e -> "signal_deferred".equals(e.get("kind"))).get(0);
        Map<String, String> delivered = trace.where(e -> "signal_delivered".equals(e.get("kind")) && e.get("signal").equals(deferred.get("signal")))
                .get(0);
        String signal = DispatchGraph.signalId(Trace.number(deferred, "signal"));
        assertEquals(1, count(view.graph(), DispatchGraph.handlerId(deferred.get("symbol")), signal, EdgeKind.DEFERRED));
        assertEquals(1, count(view.graph(), Trace.wrapper(delivered), signal, EdgeKind.DELIVERED));
    }

    /** Waits until the view has laid out the graph of every event of {@code trace}. */
    private void waitForWholeRun(Trace trace) throws InterruptedException {
        String counted = String.format("from %,d events", trace.events().size());
        UiTestSupport.waitUntil("the graph of all " + trace.events().size() + " events", TIMEOUT_MS,
                () -> view.statusLine().endsWith(counted));
    }

    /** The whole run's edges count what the trace file's lines say. */
    private static void assertWholeRun(Graph graph, Trace trace) {
        // write: each wrapper to slot 4, and slot 4 to the handler, by the table
        List<Map<String, String>> writes = trace.where(e -> Trace.entry(e) && Trace.number(e, "nr") == WRITE && "table".equals(e.get("path")));
        assertTrue(!writes.isEmpty(), "the sample writes its report");
        writes.stream().filter(e -> Trace.number(e, "depth") == 1).collect(Collectors.groupingBy(Trace::wrapper, Collectors.counting()))
                .forEach((wrapper, n) -> assertEquals(n, count(graph, wrapper, DispatchGraph.slotId(WRITE), EdgeKind.TABLE), wrapper));
        assertEquals(writes.size(), count(graph, DispatchGraph.slotId(WRITE), DispatchGraph.handlerId("k42:write"), EdgeKind.TABLE));

        // rt_sigreturn: trapped, reflected into slot 172
        List<Map<String, String>> traps = trace.where(e -> Trace.entry(e) && "trap".equals(e.get("path")));
        long sigreturns = traps.stream().filter(e -> Trace.number(e, "nr") == RT_SIGRETURN).count();
        assertTrue(sigreturns >= 3, "three signals handled, three returns");
        assertEquals(traps.size(), count(graph, DispatchGraph.TRAP_ID, DispatchGraph.REFLECTION_ID, EdgeKind.TRAP));
        assertEquals(sigreturns, count(graph, DispatchGraph.REFLECTION_ID, DispatchGraph.slotId(RT_SIGRETURN), EdgeKind.TRAP));

        // nested calls (depth 2 and more) from the calling handler, their entry's symbol
        Map<String, Long> nested = trace.where(e -> Trace.entry(e) && Trace.number(e, "depth") >= 2).stream()
                .collect(Collectors.groupingBy(e -> e.get("symbol") + " " + e.get("nr"), TreeMap::new, Collectors.counting()));
        assertTrue(nested.keySet().stream().anyMatch(k -> k.startsWith("k42:access ")), "the loader's access nests: " + nested);
        nested.forEach((key, n) -> assertEquals(n, count(graph, DispatchGraph.handlerId(key.split(" ")[0]),
                DispatchGraph.slotId(Integer.parseInt(key.split(" ")[1])), EdgeKind.TABLE), key));

        // servers: from the handler of the call open at the request's depth (the latest entry there)
        Map<String, Long> requests = new TreeMap<>();
        List<Map<String, String>> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            Map<String, String> request = events.get(i);
            if ("server_call".equals(request.get("kind"))) {
                int j = i - 1;
                while (!(Trace.entry(events.get(j)) && events.get(j).get("depth").equals(request.get("depth")))) {
                    j--;
                }
                requests.merge("k42:" + events.get(j).get("name") + " " + request.get("server"), 1L, Long::sum);
            }
        }
        assertTrue(requests.containsKey("k42:read pipe"), requests.toString());
        requests.forEach((key, n) -> assertEquals(n, count(graph, DispatchGraph.handlerId(key.split(" ")[0]),
                DispatchGraph.serverId(key.split(" ")[1]), EdgeKind.SERVER), key));
    }

    private static long count(Graph graph, String from, String to, EdgeKind kind) {
        var edge = graph.edge(from, to, kind);
        assertNotNull(edge, "no " + kind.label() + " edge " + from + " -> " + to + " among " + graph.edges());
        return edge.count();
    }

    /** A left click at the centre of {@code bounds} on the graph's canvas. */
    private void click(Rectangle bounds) {
        assertNotNull(bounds);
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            Event event = new Event();
            event.button = 1;
            event.x = bounds.x + bounds.width / 2;
            event.y = bounds.y + bounds.height / 2;
            view.canvas().notifyListeners(type, event);
        }
    }
}
