package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.IAction;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.k42lens.core.trace.DispatchGraph;
import dev.k42lens.core.trace.DispatchGraph.Graph;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.ui.views.DispatchGraphLayout.Box;
import dev.k42lens.ui.views.DispatchGraphLayout.TextMetrics;
import dev.k42lens.ui.views.TraceFocus.ShownTrace;

/**
 * The routes of system calls as a graph laid out by ELK Layered, left to right: either the path of
 * the selected event (its outermost call from the call site through the wrapper, the table slot or
 * the trap and its reflection, the handler and the nested calls' handlers to the servers and the
 * signals delivered on its return), or the whole run with every node and edge weighted by the
 * events that went through it, the selected event's route drawn strongly. Clicking a node selects
 * the latest event through it in every K42 Lens view.
 * <p>
 * Counting and layout run on a job; while a run goes, a UI timer polls its store at most every
 * {@value #REFRESH_MS} ms and the job, scheduled again while it runs, coalesces the new events into
 * one layout. Public methods are for the UI thread.
 */
public final class DispatchGraphView extends K42LensView {
    public static final String ID = K42LensViews.DISPATCH_GRAPH;
    /** At most ~30 layouts a second while a store grows. */
    private static final int REFRESH_MS = 33;

    /** What the graph shows. */
    public enum Scope {
        /** The selected event's outermost call. */
        PATH("Selected event path", "The outermost call of the selected event: site, wrapper, slot or trap, handlers, servers, signals"),
        /** Every call of the run, counted. */
        RUN("Whole run", "Every route the run's calls took, weighted by how many events took it");

        private final String label;
        private final String description;

        Scope(String label, String description) {
            this.label = label;
            this.description = description;
        }
    }

    /** What the job laid out, for the trace, scope and selection current when it started. */
    private record Shown(DispatchGraphLayout layout, String status, int generation) {
    }

    private Composite content;
    private Label status;
    private DispatchGraphCanvas canvas;
    private Button[] scopeButtons;

    // what the job works on: replaced on the UI thread, read by the job
    private volatile DispatchGraph wholeRun;
    private volatile Scope scope = Scope.RUN;
    private volatile long selectedSeq = -1;
    /** Counts changes of trace, scope and selection, so that only a layout of the latest is shown. */
    private volatile int generation;
    private volatile TextMetrics metrics;
    // UI thread only
    private BooleanSupplier growing = () -> false;
    private ShownTrace trace;

    // the job's own
    /** The graph laid out last, to skip laying out the same graph again. */
    private Graph laidOut;
    private int laidOutGeneration = -1;
    /** The selected event's path, and the store size it was computed at. */
    private Graph path = Graph.EMPTY;
    private long pathSeq = -1;
    private int pathStoreSize = -1;

    private final Job layoutJob = new Job("Laying out the dispatch graph") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            DispatchGraph run = wholeRun;
            TextMetrics textMetrics = metrics;
            int started = generation;
            Scope shownScope = scope;
            long seq = selectedSeq;
            if (run == null || textMetrics == null) {
                return Status.OK_STATUS;
            }
            run.update();
            Graph graph = graphToShow(run, shownScope, seq);
            if (graph.equals(laidOut) && started == laidOutGeneration) {
                return Status.OK_STATUS;
            }
            DispatchGraphLayout layout = DispatchGraphLayout.of(graph, textMetrics);
            laidOut = graph;
            laidOutGeneration = started;
            Shown shown = new Shown(layout, statusOf(run, graph, shownScope, seq), started);
            onUiThread(() -> {
                if (shown.generation() == generation) {
                    canvas.show(shown.layout(), emptyMessage());
                    status.setText(shown.status());
                    status.getParent().layout();
                }
            });
            return Status.OK_STATUS;
        }
    };
    private final Runnable poll = this::poll;

    @Override
    protected String purpose() {
        return "The path of a system call from its call site through the transfer table or trap reflection to its handlers and servers.";
    }

    @Override
    protected void createActions() {
        IAction open = openTraceFileAction("Show the dispatch graph of a saved trace file (--trace FILE, or a launch's trace file)",
                this::open);
        getViewSite().getActionBars().getToolBarManager().add(open);
    }

    @Override
    protected TraceFocus.Listener traceFocusListener() {
        return focusListener;
    }

    private final TraceFocus.Listener focusListener = new TraceFocus.Listener() {
        @Override
        public void traceShown(ShownTrace shown) {
            show(shown);
        }

        @Override
        public void eventSelected(ShownTrace shown, long seq, Object origin) {
            if (shown == trace) {
                select(seq);
            }
        }
    };

    @Override
    protected Control createContent(Composite parent) {
        layoutJob.setSystem(true);
        content = dataColumn(parent);
        Composite row = K42LensUi.flushComposite(content, Scope.values().length + 4);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scopeButtons = new Button[Scope.values().length];
        for (Scope each : Scope.values()) {
            Button button = new Button(row, SWT.RADIO);
            button.setText(each.label);
            button.setToolTipText(each.description);
            button.setSelection(each == scope);
            button.addListener(SWT.Selection, event -> {
                if (button.getSelection()) {
                    showScope(each);
                }
            });
            scopeButtons[each.ordinal()] = button;
        }
        button(row, "Zoom In", "Zoom in (Ctrl+wheel zooms around the pointer)", () -> canvas.zoomBy(DispatchGraphCanvas.ZOOM_STEP));
        button(row, "Zoom Out", "Zoom out", () -> canvas.zoomBy(1 / DispatchGraphCanvas.ZOOM_STEP));
        button(row, "Fit", "Show the whole graph", () -> canvas.fit());
        status = new Label(row, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        canvas = new DispatchGraphCanvas(content, this::nodeClicked);
        canvas.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        metrics = TextMetrics.of(display(), canvas.control().getFont());
        return content;
    }

    private static void button(Composite parent, String label, String tip, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setToolTipText(tip);
        button.addListener(SWT.Selection, event -> action.run());
    }

    /** Reads {@code file} on a job and shows it in every view ({@link TraceFocus#open}); the job is done when the file is read. */
    public Job open(Path file) {
        return TraceFocus.get().open(file);
    }

    private void show(ShownTrace shown) {
        trace = shown;
        growing = shown.growing();
        wholeRun = new DispatchGraph(shown.store());
        selectedSeq = -1;
        generation++;
        setContentDescription(shown.title());
        showContent();
        canvas.fit();
        layoutJob.schedule();
        poll();
    }

    /** Shows {@code shown}: the selected event's path or the whole run. */
    public void showScope(Scope shown) {
        scope = shown;
        for (Scope each : Scope.values()) {
            scopeButtons[each.ordinal()].setSelection(each == shown);
        }
        generation++;
        canvas.fit();
        layoutJob.schedule();
    }

    private void select(long seq) {
        selectedSeq = seq;
        generation++;
        layoutJob.schedule();
    }

    /** Selects the latest event through the clicked node, here and in every view. */
    private void nodeClicked(Box box) {
        long seq = box.node().latestSeq();
        if (seq >= 0 && trace != null) {
            select(seq);
            TraceFocus.get().select(seq, focusListener);
        }
    }

    /** The timer of a growing store: has the graph brought up to date; stops once the store is complete and counted. */
    private void poll() {
        followGrowth(wholeRun, layoutJob, growing, REFRESH_MS, poll);
    }

    /** On the job: the whole run with the selected event's route as focus, or the selected event's path. */
    private Graph graphToShow(DispatchGraph run, Scope shown, long seq) {
        TraceStore store = run.store();
        if (seq < 0) {
            path = Graph.EMPTY;
        } else if (seq != pathSeq || shown == Scope.PATH && store.size() != pathStoreSize) {
            // a path grows with its call while the store does; the whole run needs only the event's own route
            pathStoreSize = store.size();
            path = DispatchGraph.pathOf(store, seq);
            pathSeq = seq;
        }
        if (shown == Scope.PATH) {
            return path;
        }
        Graph all = run.graph();
        return path.isEmpty() ? all : new Graph(all.nodes(), all.edges(), Set.copyOf(path.focus()));
    }

    /** On the job: the line above the graph. */
    private static String statusOf(DispatchGraph run, Graph graph, Scope shown, long seq) {
        String size = String.format("%d nodes, %d edges", graph.nodes().size(), graph.edges().size());
        if (shown == Scope.RUN) {
            return String.format("%s from %,d events", size, run.eventsTakenIn());
        }
        if (graph.isEmpty()) {
            return "";
        }
        TraceStore store = run.store();
        int row = store.rowOf(seq);
        TraceEvent event = row < 0 ? null : store.get(row);
        return event == null ? size : String.format("Event #%d (%s%s): %s", event.seq(), event.kind().label(),
                event.name() == null || event.name().isEmpty() ? "" : " " + event.name(), size);
    }

    private String emptyMessage() {
        return scope == Scope.PATH
                ? "Select an event (in the Dispatch Trace, or a node of the whole run's graph) to see the path of its call."
                : "No system call in the trace yet.";
    }

    /** The graph shown now (its focus is the selected event's route), for tests. */
    public Graph graph() {
        return canvas.layout().graph();
    }

    /** What the graph shows. */
    public Scope scope() {
        return scope;
    }

    /** The line above the graph: its size, and the event whose path it is. */
    public String statusLine() {
        return status.getText();
    }

    /** The canvas the graph is drawn on, for tests. */
    public Canvas canvas() {
        return canvas.control();
    }

    /** The canvas pixels of node {@code id}'s box as drawn now, or null when the graph has no such node. */
    public Rectangle nodeBounds(String id) {
        return canvas.bounds(id);
    }

    /** The id of the node drawn at canvas pixel {@code (x, y)}, or null. */
    public String nodeAt(int x, int y) {
        Box box = canvas.boxAt(x, y);
        return box == null ? null : box.node().id();
    }

    /** The zoom factor: 1 draws the graph at its layout's size. */
    public double zoom() {
        return canvas.zoom();
    }

    @Override
    public void dispose() {
        layoutJob.cancel();
        super.dispose();
    }
}
