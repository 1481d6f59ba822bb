package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.k42lens.core.trace.SyscallNesting;
import dev.k42lens.core.trace.SyscallNesting.Axis;
import dev.k42lens.core.trace.SyscallNesting.Snapshot;
import dev.k42lens.core.trace.SyscallNesting.ThreadNesting;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.ui.views.TraceFocus.ShownTrace;

/**
 * Per thread, a flame chart of the system calls by nesting depth, with the intervals spent blocked
 * outside the layer and the signals deferred in a call joined to their deliveries
 * ({@link SyscallNestingChart}). The nesting of a growing store (a live run, a file being read) is
 * brought up to date on a job at most every {@value #REFRESH_MS} ms, each update taking in only
 * the new events, and the chart is repainted once per update. A click on a call selects its entry
 * in every view; an event selected elsewhere is outlined here and brought into view. Public methods
 * are for the UI thread.
 */
public final class SyscallNestingView extends K42LensView {
    public static final String ID = K42LensViews.SYSCALL_NESTING;
    /** At most ~30 chart updates a second while a store grows. */
    private static final int REFRESH_MS = 33;

    private Composite content;
    private SyscallNestingChart chart;
    private Label summary;
    private IAction timeAxis;

    /** The nesting shown: replaced on the UI thread, updated by {@link #updating}. */
    private volatile SyscallNesting nesting;
    // UI thread only
    private ShownTrace trace;
    /** An event selected before the nesting took it in: its row, sequence number, pid and tid; row -1 when none. */
    private int pendingRow = -1;
    private long pendingSeq;
    private int pendingPid;
    private int pendingTid;

    /** Takes in the events the shown store gained, then has the chart repainted. */
    private final Job updating = new Job("Nesting system calls") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            SyscallNesting current = nesting;
            if (current != null && current.update()) {
                onUiThread(() -> {
                    if (nesting == current) {
                        refresh(false);
                    }
                });
            }
            return Status.OK_STATUS;
        }
    };
    private final Runnable poll = this::poll;

    @Override
    protected String purpose() {
        return "Per thread, system calls over time by nesting depth, with leave-to-block, blocked intervals and deferred signals.";
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
                revealEvent(seq);
            }
        }
    };

    @Override
    protected Control createContent(Composite parent) {
        updating.setSystem(true);
        content = dataColumn(parent);
        chart = new SyscallNestingChart(content, seq -> TraceFocus.get().select(seq, focusListener));
        chart.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        summary = new Label(content, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return content;
    }

    @Override
    protected void createActions() {
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(openTraceFileAction("Show the nesting of a saved trace file (--trace FILE, or a launch's trace file)", this::open));
        toolBar.add(action("Zoom In", "Zoom in (Ctrl+wheel over the chart, or +)", IAction.AS_PUSH_BUTTON, () -> chart.zoom(2)));
        toolBar.add(action("Zoom Out", "Zoom out (Ctrl+wheel over the chart, or -)", IAction.AS_PUSH_BUTTON, () -> chart.zoom(0.5)));
        toolBar.add(action("Fit", "Show the whole trace (Home)", IAction.AS_PUSH_BUTTON, () -> chart.fit()));
        timeAxis = action("Virtual Time", "x: guest virtual time when pressed, else the order of events. Calls take no virtual time, "
                + "so the order of events shows their nesting and virtual time shows where the time went (blocking, computing)",
                IAction.AS_CHECK_BOX, () -> setAxis(timeAxis.isChecked() ? Axis.TIME : Axis.ORDER));
        toolBar.add(timeAxis);
    }

    private static IAction action(String text, String toolTip, int style, Runnable run) {
        IAction action = new Action(text, style) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setToolTipText(toolTip);
        return action;
    }

    /** The chart, for tests and commands. */
    public SyscallNestingChart chart() {
        return chart;
    }

    /** The nesting shown, or null before any. */
    public SyscallNesting nesting() {
        return nesting;
    }

    /** The line under the chart that counts threads, calls and events taken in, for tests. */
    public String summaryLine() {
        return summary.getText();
    }

    /** Positions calls by virtual time or by the order of events. */
    public void setAxis(Axis axis) {
        timeAxis.setChecked(axis == Axis.TIME);
        chart.setAxis(axis);
    }

    /** Reads {@code file} on a job and shows it in every view ({@link TraceFocus#open}); the job is done when the file is read. */
    public Job open(Path file) {
        return TraceFocus.get().open(file);
    }

    /** Outlines the event {@code seq} of the trace shown and brings it into view (once taken in, if it is not yet). */
    public void revealEvent(long seq) {
        SyscallNesting current = nesting;
        int row = current == null ? -1 : current.store().rowOf(seq);
        if (row < 0) {
            return;
        }
        TraceEvent event = current.store().get(row);
        pendingRow = row;
        pendingSeq = seq;
        pendingPid = event.pid();
        pendingTid = event.tid();
        revealPending(current.snapshot());
    }

    private void revealPending(Snapshot shown) {
        if (pendingRow >= 0 && pendingRow < shown.eventsTakenIn()) {
            pendingRow = -1;
            chart.reveal(pendingSeq, pendingPid, pendingTid);
        }
    }

    private void show(ShownTrace shown) {
        if (content.isDisposed()) {
            return;
        }
        trace = shown;
        nesting = new SyscallNesting(shown.store());
        pendingRow = -1;
        setContentDescription(shown.title());
        showContent();
        refresh(true);
        poll();
    }

    /** The timer of a growing store: has its new events taken in; stops once the store has stopped growing and every event is in. */
    private void poll() {
        followGrowth(nesting, updating, () -> trace.growing().getAsBoolean(), REFRESH_MS, poll);
    }

    private void refresh(boolean fresh) {
        SyscallNesting current = nesting;
        chart.show(current, fresh);
        Snapshot shown = current.snapshot();
        List<ThreadNesting> threads = shown.threads();
        long calls = threads.stream().flatMap(thread -> thread.lanes().stream()).mapToLong(List::size).sum();
        int depth = threads.stream().mapToInt(ThreadNesting::maxDepth).max().orElse(0);
        long blocked = threads.stream().mapToLong(thread -> thread.blocked().size()).sum();
        long deferred = threads.stream().mapToLong(thread -> thread.deferred().size()).sum();
        summary.setText(count(threads.size(), "thread") + ", " + count(calls, "call") + ", depth up to " + depth + ", "
                + count(blocked, "blocked interval") + ", " + count(deferred, "deferred signal") + "; " + count(shown.eventsTakenIn(), "event"));
        revealPending(shown);
    }

    private static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    @Override
    public void dispose() {
        updating.cancel();
        super.dispose();
    }
}
