package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.trace.SignalStates;
import dev.k42lens.core.trace.SignalStates.Arrival;
import dev.k42lens.core.trace.SignalStates.State;
import dev.k42lens.core.trace.SignalStates.ThreadSignals;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.ui.views.TraceFocus.ShownTrace;

/**
 * Per thread: its signal mask, the signals pending (blocked by the mask, or deferred by the layer
 * until the outermost call returns), the deferred queue with the depth and call each signal
 * arrived in, and the history of the signals that ended (delivered, taken by rt_sigtimedwait or
 * discarded) with their delay. It shows the state after the newest event, or after the event
 * selected in another view; selecting an entry selects its event in every view. The signals are
 * taken in on a job ({@link SignalStates}, only the new events each time), at most every
 * {@value #REFRESH_MS} ms while the trace grows. Public methods are for the UI thread.
 */
public final class DeferredSignalsView extends K42LensView {
    public static final String ID = K42LensViews.DEFERRED_SIGNALS;
    /** At most ~30 refreshes a second while a run goes. */
    private static final int REFRESH_MS = 33;
    /** Pixels a cell needs beyond its text, and a header beyond its text (the header button's padding and separator). */
    private static final int CELL_PADDING = 16;
    private static final int HEADER_PADDING = 36;
    private static final long NEWEST = Long.MAX_VALUE;

    /** A column of the two tables: its header, the text that sets its width and its text for an entry. */
    private record Column(String header, String sampleText, String description, Function<Arrival, String> text) {
    }

    private static final Column SIGNAL = new Column("Signal", "SIGRTMIN", "The signal", a -> Signal.nameOf(a.signal()));
    private static final Column POSTED = new Column("Posted seq", "99999999", "The signal_posted event", a -> Long.toString(a.postedSeq()));
    private static final Column DEPTH = new Column("Arrival depth", "Arrival depth", "The thread's depth in the layer when it arrived (0: outside)",
            a -> Integer.toString(a.depth()));

    private static final List<Column> QUEUE_COLUMNS = List.of(SIGNAL, DEPTH,
            new Column("Arrived in", "rt_sigtimedwait (999)", "The call it arrived in, with its number",
                    a -> a.deferral().call() + " (" + a.deferral().nr() + ")"),
            new Column("Deferred seq", "99999999", "The signal_deferred event", a -> Long.toString(a.deferral().seq())),
            new Column("Deferred at (s)", "9.999999999", "Virtual time of the deferral", a -> TraceColumn.seconds(a.deferral().timeNs())),
            POSTED);

    private static final List<Column> HISTORY_COLUMNS = List.of(SIGNAL, POSTED,
            new Column("Posted at (s)", "9.999999999", "Virtual time of the posting", a -> TraceColumn.seconds(a.postedNs())), DEPTH,
            new Column("Deferred in", "rt_sigtimedwait", "The call the layer deferred it in; empty if it was not deferred",
                    a -> a.deferral() == null ? "" : a.deferral().call()),
            new Column("Outcome", "discarded", "delivered (handler or default action), accepted (by rt_sigtimedwait) or discarded",
                    a -> a.outcome().label()),
            new Column("Ended seq", "99999999", "The event that ended it: for a delivery, the signal_delivered event",
                    a -> Long.toString(a.endSeq())),
            new Column("Delay (ns)", "999,999,999", "Virtual time from posting to delivery", a -> String.format("%,d", a.delayNs())));

    private Composite content;
    private Combo threadChoice;
    private Label asOfLine;
    private Label maskText;
    private Label pendingText;
    private TableViewer queue;
    private TableViewer history;

    /** The signals shown: replaced on the UI thread, taken in by {@link #computing}. */
    private volatile SignalStates states;
    /** The thread chosen (-1: the first with signals), the event the state is as of, and whether to show that event's thread. */
    private volatile int chosenTid = -1;
    private volatile long asOfSeq = NEWEST;
    private volatile boolean toEventsThread;
    /** Set when the view asks for a state the last computation did not give. */
    private volatile boolean stale;
    // UI thread only
    private BooleanSupplier growing = () -> false;
    private List<ThreadSignals> threadsShown = List.of();
    private State state;
    // the computing job's only: what it last had shown
    private List<ThreadSignals> threadsComputed;
    private State stateComputed;

    /** Takes in the new events and computes the state asked for, then has it shown. */
    private final Job computing = new Job("Following signals") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            SignalStates current = states;
            if (current == null) {
                return Status.OK_STATUS;
            }
            boolean asked = stale;
            stale = false;
            if (!current.update() && !asked) {
                return Status.OK_STATUS;
            }
            long asOf = asOfSeq;
            if (toEventsThread && asOf != NEWEST) {
                int row = current.store().rowOf(asOf);
                if (row >= 0) {
                    chosenTid = current.store().get(row).tid();
                    toEventsThread = false;
                }
            }
            List<ThreadSignals> threads = current.threads();
            ThreadSignals thread = threads.stream().filter(t -> t.tid() == chosenTid).findFirst()
                    .orElse(threads.isEmpty() ? null : threads.get(0));
            State computed = thread == null ? null : thread.stateAt(asOf);
            if (!asked && threads == threadsComputed && Objects.equals(computed, stateComputed)) {
                return Status.OK_STATUS; // events without signals: nothing to redraw
            }
            threadsComputed = threads;
            stateComputed = computed;
            String event = asOf == NEWEST ? null : describe(current.store(), asOf);
            onUiThread(() -> {
                if (states == current) {
                    show(threads, computed, event);
                }
            });
            return Status.OK_STATUS;
        }
    };
    private final Runnable poll = this::poll;

    @Override
    protected String purpose() {
        return "Per thread, the signal mask, pending signals, signals deferred in the layer and their deliveries.";
    }

    @Override
    protected void createActions() {
        getViewSite().getActionBars().getToolBarManager()
                .add(openTraceFileAction("Show the signals of a saved trace file (--trace FILE, or a launch's trace file)", this::open));
    }

    @Override
    protected TraceFocus.Listener traceFocusListener() {
        return focusListener;
    }

    private final TraceFocus.Listener focusListener = new TraceFocus.Listener() {
        @Override
        public void traceShown(ShownTrace shown) {
            states = new SignalStates(shown.store());
            growing = shown.growing();
            chosenTid = -1;
            asOfSeq = NEWEST;
            setContentDescription(shown.title());
            showContent();
            recompute();
            poll();
        }

        @Override
        public void eventSelected(ShownTrace shown, long seq, Object origin) {
            if (states != null && states.store() == shown.store()) {
                asOfSeq = seq;
                toEventsThread = true;
                recompute();
                poll(); // a finished trace's timer has stopped
            }
        }
    };

    @Override
    protected Control createContent(Composite parent) {
        computing.setSystem(true);
        content = dataColumn(parent);
        Composite top = K42LensUi.flushComposite(content, 4);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(top, SWT.NONE).setText("Thread:");
        threadChoice = new Combo(top, SWT.READ_ONLY);
        threadChoice.setToolTipText("The thread whose signals are shown");
        threadChoice.addListener(SWT.Selection, event -> {
            int index = threadChoice.getSelectionIndex();
            if (index >= 0 && index < threadsShown.size()) {
                chosenTid = threadsShown.get(index).tid();
                recompute();
            }
        });
        Button newest = new Button(top, SWT.PUSH);
        newest.setText("Newest");
        newest.setToolTipText("Show the state after the newest event");
        newest.addListener(SWT.Selection, event -> showNewest());
        asOfLine = new Label(top, SWT.NONE);
        asOfLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        Composite sets = K42LensUi.flushComposite(content, 2);
        sets.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        maskText = valueRow(sets, "Mask:", "The signals the thread blocks");
        pendingText = valueRow(sets, "Pending:", "Posted and not yet delivered: blocked by the mask, or deferred by the layer");

        SashForm tables = new SashForm(content, SWT.VERTICAL);
        tables.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        queue = table(tables, "Deferred queue: signals the layer holds until the thread's outermost call returns", QUEUE_COLUMNS,
                a -> a.deferral().seq());
        history = table(tables, "History: signals delivered, taken by rt_sigtimedwait or discarded, in the order they ended",
                HISTORY_COLUMNS, Arrival::endSeq);
        tables.setWeights(1, 2);
        return content;
    }

    private static Label valueRow(Composite parent, String name, String toolTip) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(name);
        label.setToolTipText(toolTip);
        Label value = new Label(parent, SWT.WRAP);
        value.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        value.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        value.setToolTipText(toolTip);
        return value;
    }

    /** A heading and a table of entries; selecting an entry selects its event ({@code event}) in every view. */
    private TableViewer table(Composite parent, String heading, List<Column> columns, Function<Arrival, Long> event) {
        Composite box = K42LensUi.flushComposite(parent, 1);
        new Label(box, SWT.NONE).setText(heading);
        TableViewer viewer = new TableViewer(box, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.VIRTUAL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        for (Column column : columns) {
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.header());
            viewerColumn.getColumn().setToolTipText(column.description());
            viewerColumn.getColumn().setWidth(Math.max(textWidth(viewer.getTable(), column.header()) + HEADER_PADDING,
                    textWidth(viewer.getTable(), column.sampleText()) + CELL_PADDING));
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return column.text().apply((Arrival) element);
                }
            });
        }
        // the table's own event: only the user's choice, not the view's highlighting, is broadcast
        viewer.getTable().addListener(SWT.Selection, selected -> {
            if (viewer.getStructuredSelection().getFirstElement() instanceof Arrival arrival) {
                TraceFocus.get().select(event.apply(arrival), focusListener);
            }
        });
        return viewer;
    }

    /** Reads {@code file} on a job and shows it in every view ({@link TraceFocus#open}). */
    public Job open(Path file) {
        return TraceFocus.get().open(file);
    }

    /** Shows the state after the newest event again. */
    public void showNewest() {
        asOfSeq = NEWEST;
        recompute();
        poll();
    }

    private void recompute() {
        stale = true;
        computing.schedule();
    }

    /** The timer of a growing trace: has its new events taken in; stops once it stopped growing and all are in. */
    private void poll() {
        followGrowth(states, computing, growing, REFRESH_MS, poll);
    }

    private void show(List<ThreadSignals> threads, State shown, String event) {
        state = shown;
        if (!threads.equals(threadsShown) || threadChoice.getItemCount() != threads.size()) {
            threadChoice.setItems(threads.stream().map(t -> "tid " + t.tid() + " (pid " + t.pid() + ")").toArray(String[]::new));
        }
        threadsShown = threads;
        for (int i = 0; i < threads.size(); i++) {
            if (shown != null && threads.get(i).tid() == shown.tid() && threadChoice.getSelectionIndex() != i) {
                threadChoice.select(i);
            }
        }
        asOfLine.setText(event != null ? "As of event " + event : "As of the newest event");
        maskText.setText(shown == null ? "no signal yet" : SignalStates.names(shown.mask()));
        pendingText.setText(shown == null ? "none" : pendingText(shown));
        setInput(queue, shown == null ? List.of() : shown.deferred(), a -> a.deferral().seq());
        setInput(history, shown == null ? List.of() : shown.ended(), Arrival::endSeq);
        content.layout(true, true);
    }

    /**
     * Shows {@code entries}; the entry of the event the state is as of is selected (highlighted),
     * else the one selected before stays selected.
     */
    private void setInput(TableViewer viewer, List<Arrival> entries, Function<Arrival, Long> event) {
        Object selected = viewer.getStructuredSelection().getFirstElement();
        viewer.setInput(entries);
        long asOf = state == null ? NEWEST : state.asOfSeq();
        Arrival matching = entries.stream().filter(a -> event.apply(a) == asOf || a.postedSeq() == asOf).findFirst().orElse(null);
        if (matching != null) {
            viewer.setSelection(new StructuredSelection(matching), true);
        } else if (selected != null && entries.contains(selected)) {
            viewer.setSelection(new StructuredSelection(selected), true);
        }
    }

    /** Each pending signal with why it waits: {@code SIGUSR2 (blocked), SIGUSR1 (deferred in kill)}. */
    private static String pendingText(State shown) {
        if (shown.pending().isEmpty()) {
            return "none";
        }
        return String.join(", ", shown.pending().stream().map(a -> Signal.nameOf(a.signal()) + (shown.blocks(a.signal()) ? " (blocked)"
                : a.deferredAt(shown.asOfSeq()) ? " (deferred in " + a.deferral().call() + ")" : " (posted)")).toList());
    }

    /** {@code 108 (signal_deferred, tid 1000)}. */
    private static String describe(TraceStore store, long seq) {
        int row = store.rowOf(seq);
        if (row < 0) {
            return seq + " (not in the trace)";
        }
        TraceEvent e = store.get(row);
        return seq + " (" + e.kind().label() + (e.nr() >= 0 ? " " + e.name() : "") + ", tid " + e.tid() + ")";
    }

    /** The state shown, or null before a thread had signals; for tests. */
    public State state() {
        return state;
    }

    /** The deferred queue's viewer, for tests. */
    public TableViewer queue() {
        return queue;
    }

    /** The history's viewer, for tests. */
    public TableViewer history() {
        return history;
    }

    /** The mask, pending set and "as of" lines as shown, for tests. */
    public String maskLine() {
        return maskText.getText();
    }

    public String pendingLine() {
        return pendingText.getText();
    }

    public String asOfLine() {
        return asOfLine.getText();
    }

    @Override
    public void dispose() {
        computing.cancel();
        super.dispose();
    }
}
