package dev.k42lens.ui.views;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import dev.k42lens.debug.launch.GuestProgramProcess;
import dev.k42lens.debug.model.K42LensDebugTarget;
import dev.k42lens.debug.model.K42LensStackFrame;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.ui.disassembly.DisassemblyView;
import dev.k42lens.core.trace.FilteredTrace;
import dev.k42lens.core.trace.TraceExport;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceFilter;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.views.TraceFocus.ShownTrace;

/**
 * Every event of a dispatch trace in a virtual table (only the rows on screen are formatted), from
 * a saved trace file or a live session's growing {@link TraceStore}. Reading, filtering, finding
 * and exporting run on jobs; while a store grows (a live session, a file being read) a UI timer
 * polls it at most every {@value #REFRESH_MS} ms, so that a burst of events costs the UI one
 * update per tick. Public methods are for the UI thread.
 */
public final class DispatchTraceView extends K42LensView {
    public static final String ID = K42LensViews.DISPATCH_TRACE;
    /** At most ~30 table updates a second while a store grows. */
    private static final int REFRESH_MS = 33;
    /** Pixels a cell needs beyond its text. */
    private static final int CELL_PADDING = 10;
    /** Pixels a header needs beyond its text: the header button's padding and separator. */
    private static final int HEADER_PADDING = 24;
    /**
     * Rows added to the table per UI event: GTK takes about a microsecond a row, so a million
     * rows arrive in steps with input handled in between.
     */
    private static final int GROWTH_STEP = 50_000;

    private Composite content;
    /** Holds the table, which is made anew for each set of rows: dropping a million GTK rows one by one would take seconds. */
    private Composite tableHolder;
    private Table table;
    private TraceFilterBar filterBar;
    private Text findText;
    private Label message;
    private Label count;
    private IAction exportAction;

    /** What the table shows: replaced on the UI thread, extended by {@link #catchUp}. */
    private volatile FilteredTrace shown;
    // UI thread only
    /** The trace shown, or being filtered to be shown; a UI timer polls its store while it may grow. */
    private ShownTrace trace;
    /** Counts filter requests, so that only the latest one's result is shown. */
    private int filterGeneration;
    /** The sequence number of an event to select once the table shows it, or -1. */
    private long pendingSelection = -1;
    /** Whether a step of table growth is queued. */
    private boolean growing;
    /** Whether a live store's newest events are kept in view: until the user scrolls away from the end, again when back there. */
    private boolean followingEnd;

    /** Filters the events a growing store gained since the last poll. */
    private final Job catchUp = new Job("Filtering new trace events") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            FilteredTrace current = shown;
            if (current != null) {
                current.update();
            }
            return Status.OK_STATUS;
        }
    };
    private final Runnable storePoll = this::pollStore;

    @Override
    protected String purpose() {
        return "Every event of the dispatch trace, filterable, searchable and exportable to CSV and JSONL.";
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
                selectEvent(seq);
            }
        }

        @Override
        public void readingEnded(ShownTrace read, String outcome) {
            if (read == null || read == trace) {
                setMessage(outcome);
            }
        }
    };

    @Override
    protected Control createContent(Composite parent) {
        catchUp.setSystem(true);
        content = dataColumn(parent);
        filterBar = new TraceFilterBar(content, this::filterChanged);
        filterBar.control().setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        createFindRow(content);
        tableHolder = new Composite(content, SWT.NONE);
        tableHolder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        tableHolder.setLayout(new FillLayout());
        table = createTable(null, null);
        return content;
    }

    private void createFindRow(Composite content) {
        Composite row = K42LensUi.flushComposite(content, 6);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(row, SWT.NONE).setText("Find:");
        findText = new Text(row, SWT.BORDER | SWT.SINGLE | SWT.SEARCH);
        findText.setToolTipText("Text in the arguments or the symbol of a shown event (Enter: next)");
        GridData findData = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        findData.widthHint = textWidth(findText, "AT_FDCWD, \"/etc/ld.so.cache\"");
        findText.setLayoutData(findData);
        findText.addListener(SWT.DefaultSelection, event -> find(true));
        button(row, "Previous", "Select the previous shown event that contains the text", () -> find(false));
        button(row, "Next", "Select the next shown event that contains the text", () -> find(true));
        message = new Label(row, SWT.NONE);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        count = new Label(row, SWT.RIGHT);
        GridData countData = new GridData(SWT.RIGHT, SWT.CENTER, false, false);
        countData.widthHint = textWidth(count, "10,000,000 of 10,000,000 events");
        count.setLayoutData(countData);
    }

    private static void button(Composite parent, String label, String tip, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setToolTipText(tip);
        button.addListener(SWT.Selection, event -> action.run());
    }

    /** An empty table with the given column widths and order (null: widths made for each column's sample text, in order). */
    private Table createTable(int[] widths, int[] order) {
        Table created = new Table(tableHolder, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        created.setHeaderVisible(true);
        created.setLinesVisible(true);
        for (TraceColumn column : TraceColumn.values()) {
            TableColumn tableColumn = new TableColumn(created, column.alignment());
            tableColumn.setText(column.header());
            tableColumn.setToolTipText(column.description());
            tableColumn.setWidth(widths != null ? widths[column.ordinal()]
                    : Math.max(textWidth(created, column.header()) + HEADER_PADDING, textWidth(created, column.sampleText()) + CELL_PADDING));
            tableColumn.setMoveable(true);
        }
        if (order != null) {
            created.setColumnOrder(order);
        }
        // Only the user's scrolling decides whether the view follows the end: GTK also reports the
        // scroll bar moves made by setItemCount and setTopIndex, some of them late, with stale values.
        Listener userScrolled = event -> display().asyncExec(() -> {
            if (!created.isDisposed()) {
                followingEnd = trace.live() && showsLastRow(created);
            }
        });
        created.getVerticalBar().addListener(SWT.Selection, event -> {
            if (event.detail != SWT.NONE) {
                userScrolled.handleEvent(event);
            }
        });
        // scrolling up leaves the end for sure (the scroll bar may not say so yet); scrolling down may reach it
        created.addListener(SWT.MouseWheel, event -> {
            if (event.count > 0) {
                followingEnd = false;
            } else {
                userScrolled.handleEvent(event);
            }
        });
        created.addListener(SWT.KeyDown, event -> {
            if (event.keyCode == SWT.ARROW_UP || event.keyCode == SWT.PAGE_UP || event.keyCode == SWT.HOME) {
                followingEnd = false;
            } else {
                userScrolled.handleEvent(event);
            }
        });
        created.addListener(SWT.Selection, event -> {
            FilteredTrace current = shown;
            int selected = created.getSelectionIndex();
            if (current != null && created.getSelectionCount() == 1 && selected < current.count()) {
                TraceFocus.get().select(current.store().get(current.row(selected)).seq(), focusListener);
            }
        });
        created.addListener(SWT.DefaultSelection, event -> showSiteInDisassembly());
        created.addListener(SWT.SetData, event -> {
            FilteredTrace current = shown;
            if (current != null && event.index < current.count()) {
                ((TableItem) event.item).setText(TraceColumn.texts(current.store().get(current.row(event.index))));
            }
        });
        tableHolder.layout(true);
        return created;
    }

    /** Replaces the table by an empty one that keeps the user's column widths and order. */
    private void replaceTable() {
        int[] widths = Arrays.stream(table.getColumns()).mapToInt(TableColumn::getWidth).toArray();
        int[] order = table.getColumnOrder();
        table.dispose();
        table = createTable(widths, order);
    }


    @Override
    protected void createActions() {
        IAction openAction = openTraceFileAction("Open a saved trace file (--trace FILE, or a launch's trace file)", this::open);
        exportAction = new Action("Export...", PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_ETOOL_SAVEAS_EDIT)) {
            @Override
            public void run() {
                askAndExport();
            }
        };
        exportAction.setToolTipText("Export the selected or all shown events to CSV or JSONL");
        exportAction.setEnabled(false);
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(openAction);
        toolBar.add(exportAction);
    }

    /** The table, for tests: a new one for each set of rows (a new file, filter or live store). */
    public Table table() {
        return table;
    }

    /** The events the table shows (null until a trace is shown). */
    public FilteredTrace shown() {
        return shown;
    }

    /**
     * Reads a trace file on a job and shows it in every view ({@link TraceFocus#open}), saying here
     * how reading goes. The returned job is done when the file is read (the last of its events are
     * shown shortly after).
     */
    public Job open(Path file) {
        setMessage("Reading " + file + "...");
        return TraceFocus.get().open(file);
    }

    /**
     * Selects the event with sequence number {@code seq} and scrolls to it; if the filter hides it,
     * the filter is cleared first. False if the store shown has no such event.
     */
    public boolean selectEvent(long seq) {
        FilteredTrace current = shown;
        int row = current == null ? -1 : current.store().rowOf(seq);
        if (row < 0) {
            return false;
        }
        pendingSelection = seq;
        if (current.position(row) < 0) {
            applyFilter(TraceFilter.ALL);
        } else {
            showCount(current);
        }
        return true;
    }

    /** Shows {@code filter} in the filter bar and applies it; the job (null while nothing is shown) is done when the rows are counted. */
    public Job applyFilter(TraceFilter filter) {
        filterBar.show(filter);
        return filter(filter);
    }

    /** Shows the events of a trace whose store may grow: a live session's (keeping the newest in view) or a file's being read. */
    private void show(ShownTrace shownTrace) {
        if (content.isDisposed()) {
            return;
        }
        trace = shownTrace;
        followingEnd = shownTrace.live();
        setContentDescription(shownTrace.title());
        showContent();
        exportAction.setEnabled(true);
        TraceFilter filter;
        try {
            filter = filterBar.filter();
        } catch (IllegalArgumentException e) {
            filter = TraceFilter.ALL;
            filterBar.show(filter);
        }
        shown = null;
        replaceTable();
        filter(shownTrace.store(), filter);
    }

    private void filterChanged() {
        try {
            filter(filterBar.filter());
        } catch (IllegalArgumentException e) {
            setMessage(e.getMessage());
        }
    }

    private Job filter(TraceFilter filter) {
        return trace == null ? null : filter(trace.store(), filter);
    }

    /** Counts the rows {@code filter} accepts on a job, then shows them, unless a later filter was asked for meanwhile. */
    private Job filter(TraceStore filtered, TraceFilter filter) {
        int generation = ++filterGeneration;
        FilteredTrace next = new FilteredTrace(filtered, filter);
        Job job = Job.create(String.format("Filtering %,d trace events", filtered.size()), monitor -> {
            monitor.beginTask("Filtering", IProgressMonitor.UNKNOWN);
            next.update();
            monitor.done();
            onUiThread(() -> {
                if (generation == filterGeneration) {
                    install(next);
                }
            });
            return Status.OK_STATUS;
        });
        schedule(job);
        return job;
    }

    /** Shows {@code next}'s rows instead of the current ones, keeping the selected event selected if it is still shown. */
    private void install(FilteredTrace next) {
        FilteredTrace previous = shown;
        int selected = table.getSelectionIndex();
        if (pendingSelection < 0 && previous != null && selected >= 0 && selected < previous.count()) {
            pendingSelection = previous.store().get(previous.row(selected)).seq();
        }
        shown = next;
        replaceTable();
        pollStore();
    }

    /**
     * Brings the table toward the rows {@code current} shows now, {@value #GROWTH_STEP} rows per UI
     * event, keeping the end in view while following a live store there; selects the pending event
     * once the table has its row.
     */
    private void showCount(FilteredTrace current) {
        int rows = current.count();
        int items = table.getItemCount();
        if (items < rows) {
            int next = Math.min(rows, items + GROWTH_STEP);
            table.setItemCount(next);
            if (followingEnd) {
                table.setTopIndex(Math.max(0, next - visibleRows(table)));
            }
            if (next < rows && !growing) {
                growing = true;
                display().asyncExec(() -> {
                    growing = false;
                    if (!content.isDisposed() && shown == current) {
                        showCount(current);
                    }
                });
            }
        } else if (followingEnd && !showsLastRow(table)) {
            // GTK sometimes drops a scroll asked for right after rows were added: ask again
            table.setTopIndex(Math.max(0, items - visibleRows(table)));
        }
        count.setText(String.format("%,d of %,d events", rows, current.store().size()));
        if (pendingSelection >= 0) {
            int row = current.store().rowOf(pendingSelection);
            int position = row < 0 ? -1 : current.position(row);
            if (position >= 0 && position < table.getItemCount()) {
                pendingSelection = -1;
                table.setSelection(position);
                table.showSelection();
            } else if (position < 0 && !current.isBehind()) {
                pendingSelection = -1; // the filter hides it
            }
        }
    }

    /** Whether the last row is in view (or nothing is: a hidden table): the scroll bar is at its end, give or take a row. */
    private static boolean showsLastRow(Table table) {
        ScrollBar bar = table.getVerticalBar();
        return bar == null || table.getClientArea().height == 0
                || bar.getSelection() + bar.getThumb() >= bar.getMaximum() - table.getItemHeight();
    }

    private static int visibleRows(Table table) {
        return Math.max(1, (table.getClientArea().height - table.getHeaderHeight()) / Math.max(1, table.getItemHeight()));
    }

    /**
     * The timer of a growing store: has the events it gained filtered and shows those filtered
     * since the last poll; stops once the store has stopped growing and every event is shown.
     */
    private void pollStore() {
        FilteredTrace current = shown;
        if (content.isDisposed()) {
            return;
        }
        if (current != null) {
            if (current.isBehind()) {
                catchUp.schedule();
            }
            showCount(current);
        }
        if (trace.growing().getAsBoolean() || current == null || current.isBehind() || table.getItemCount() < current.count()
                || followingEnd && !showsLastRow(table)) {
            display().timerExec(REFRESH_MS, storePoll);
        }
    }

    /**
     * Go to event (double-click, Enter): the event is selected in every view already; in a live
     * session its site is shown in the Disassembly view too.
     */
    private void showSiteInDisassembly() {
        FilteredTrace current = shown;
        int selected = table.getSelectionIndex();
        if (current == null || selected < 0 || selected >= current.count() || !trace.live()) {
            return;
        }
        long site = current.store().get(current.row(selected)).site();
        try {
            DisassemblyView disassembly = (DisassemblyView) getSite().getPage().showView(DisassemblyView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
            if (!disassembly.showAddress(site, suspendedFrame(trace.run()))) {
                setMessage("The site shows in the Disassembly view while the program is suspended.");
            }
        } catch (PartInitException e) {
            setMessage(e.getMessage());
        }
    }

    /** The top frame of a suspended thread of {@code run}'s program, or null. */
    private static K42LensStackFrame suspendedFrame(GuestProgramProcess run) {
        if (run != null && run.getLaunch().getDebugTarget() instanceof K42LensDebugTarget target) {
            try {
                for (IThread thread : target.getThreads()) {
                    if (thread.isSuspended() && thread.getTopStackFrame() instanceof K42LensStackFrame top) {
                        return top;
                    }
                }
            } catch (DebugException e) {
                return null; // it moved on: nothing to read memory from
            }
        }
        return null;
    }

    private void find(boolean forward) {
        FilteredTrace current = shown;
        String text = findText.getText();
        if (current == null || text.isEmpty()) {
            return;
        }
        TraceFilter query = new TraceFilter(null, null, null, null, null, false, text, false);
        int from = table.getSelectionIndex() >= 0 ? table.getSelectionIndex() : forward ? -1 : current.count();
        schedule(Job.create("Finding \"" + text + "\"", monitor -> {
            int position = current.find(query, from, forward);
            onUiThread(() -> {
                if (shown != current) {
                    return; // the rows changed meanwhile
                }
                if (position < 0) {
                    setMessage("No " + (forward ? "later" : "earlier") + " event contains \"" + text + "\".");
                } else {
                    setMessage("");
                    table.setSelection(position);
                    table.showSelection();
                }
            });
            return Status.OK_STATUS;
        }));
    }

    /** Asks what to export (the selection or every shown event) and where, then exports on a job. */
    private void askAndExport() {
        FilteredTrace current = shown;
        if (current == null) {
            return;
        }
        int selected = table.getSelectionCount();
        boolean selectionOnly = false;
        if (selected > 0 && selected < current.count()) {
            int choice = new MessageDialog(content.getShell(), "Export Events", null, "Export the selected events or every shown event?",
                    MessageDialog.QUESTION, 0, String.format("Selected (%,d)", selected), String.format("All Shown (%,d)", current.count()),
                    "Cancel").open();
            if (choice != 0 && choice != 1) {
                return;
            }
            selectionOnly = choice == 0;
        }
        FileDialog dialog = new FileDialog(content.getShell(), SWT.SAVE);
        dialog.setText("Export Events");
        dialog.setFilterExtensions(new String[] { "*.csv", "*.jsonl" });
        dialog.setFilterNames(new String[] { "CSV (*.csv)", "K42 Lens trace, JSONL (*.jsonl)" });
        dialog.setFileName("dispatch-trace.csv");
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            TraceExport.Format byName = TraceExport.Format.of(Path.of(chosen));
            TraceExport.Format byFilter = dialog.getFilterIndex() == 1 ? TraceExport.Format.JSONL : TraceExport.Format.CSV;
            export(Path.of(byName != null ? chosen : chosen + byFilter.extension()), selectionOnly);
        }
    }

    /**
     * Writes the selected events, or every shown one, to {@code file} on a job: CSV or JSONL as its
     * name ends (.csv; .jsonl or .json). The job is done when the file is written.
     *
     * @throws IllegalArgumentException if the file name asks for neither format
     * @throws IllegalStateException if the view shows no events yet
     */
    public Job export(Path file, boolean selectionOnly) {
        TraceExport.Format format = TraceExport.Format.of(file);
        if (format == null) {
            throw new IllegalArgumentException(file + ": the name must end in .csv or .jsonl");
        }
        FilteredTrace current = shown;
        if (current == null) {
            throw new IllegalStateException("no events are shown yet");
        }
        int[] positions = selectionOnly ? table.getSelectionIndices() : null;
        Job job = Job.create("Exporting trace events to " + file.getFileName(), monitor -> {
            int[] rows = positions == null ? current.rows() : current.rows(Arrays.stream(positions).sorted().toArray());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                TraceExport.write(current.store(), rows, format, out, new MonitorProgress(monitor, "Exporting to " + file));
            } catch (IOException e) {
                onUiThread(() -> reportError("Cannot export the events", file + ": " + e.getMessage()));
                return Status.OK_STATUS; // reported above
            } catch (CancellationException e) {
                deleteQuietly(file);
                onUiThread(() -> setMessage("Export to " + file + " canceled."));
                return Status.CANCEL_STATUS;
            } finally {
                monitor.done();
            }
            onUiThread(() -> setMessage(String.format("Exported %,d events to %s.", rows.length, file)));
            return Status.OK_STATUS;
        });
        schedule(job);
        return job;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the partial file stays; the message says the export was canceled
        }
    }

    private void schedule(Job job) {
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(job);
    }

    private void setMessage(String text) {
        message.setText(text);
        message.setToolTipText(text);
    }

    private void reportError(String what, String reason) {
        setMessage(reason);
        ErrorDialog.openError(content.getShell(), "Dispatch Trace", what + ".", Status.error(reason));
    }

    @Override
    public void dispose() {
        trace = null;
        catchUp.cancel();
        super.dispose();
    }
}
