package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.core.layer.SlotSwap;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.debug.launch.GuestProgramProcess;
import dev.k42lens.ui.DebugJobs;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TransferTableStatistics;
import dev.k42lens.core.trace.TransferTableStatistics.Slot;
import dev.k42lens.ui.views.TraceFocus.ShownTrace;

/**
 * Every slot of the transfer table with what a run did with it: hits by path, failures, mean cost,
 * the latest calling site; sortable by any column, filterable by name and to the slots called.
 * The statistics of a live run are brought up to date on a job at most every
 * {@value #REFRESH_MS} ms, each update taking in only the new events, and the table is refreshed
 * once per update; a saved trace is read and counted on a job. Public methods are for the UI thread.
 */
public final class TransferTableView extends K42LensView {
    public static final String ID = K42LensViews.TRANSFER_TABLE;
    /** At most ~10 table refreshes a second while a run goes: 500 rows re-sorted and redrawn each time. */
    private static final int REFRESH_MS = 100;
    /** Pixels a cell needs beyond its text. */
    private static final int CELL_PADDING = 12;
    /** Pixels a header needs beyond its text: the header button's padding, separator and sort arrow. */
    private static final int HEADER_PADDING = 36;
    /** Heat from white (no hits) to a warm orange (the column's most hit slot) in steps, light enough for black text. */
    private static final Color[] HEAT = heatScale(12, new int[] { 255, 255, 255 }, new int[] { 255, 150, 70 });
    private static final Color HEAT_TEXT = new Color(0, 0, 0);

    /** Each update makes new slot records: a slot is the same row as long as its number is (the viewer compares its inputs too). */
    private static final IElementComparer SAME_SLOT = new IElementComparer() {
        @Override
        public boolean equals(Object a, Object b) {
            return a instanceof Slot x && b instanceof Slot y ? x.number() == y.number() : Objects.equals(a, b);
        }

        @Override
        public int hashCode(Object element) {
            return element instanceof Slot slot ? slot.number() : Objects.hashCode(element);
        }
    };

    private ShownTrace shownTrace;
    private Composite content;
    private Text nameFilter;
    private Button calledOnly;
    private Label count;
    private TableViewer viewer;

    /** The statistics shown: replaced on the UI thread, updated by {@link #updating}. */
    private volatile TransferTableStatistics statistics;
    // UI thread only
    /** Whether the shown statistics' store may still grow: the poll timer then runs. */
    private BooleanSupplier growing = () -> false;
    private SlotColumn sortColumn = SlotColumn.NUMBER;
    private boolean descending;
    /** Per heat-coloured column, its largest value among all slots. */
    private final Map<SlotColumn, Long> heatMax = new EnumMap<>(SlotColumn.class);

    /** Takes in the events the shown store gained, then has the table refreshed. */
    private final Job updating = new Job("Counting transfer-table hits") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            TransferTableStatistics current = statistics;
            if (current != null && current.update()) {
                onUiThread(() -> {
                    if (statistics == current) {
                        refresh();
                    }
                });
            }
            return Status.OK_STATUS;
        }
    };
    private final Runnable poll = this::poll;

    @Override
    protected String purpose() {
        return "Every slot of the system-call transfer table: handler, table-path and trap-path hits, last calling site.";
    }

    @Override
    protected void createActions() {
        IAction open = openTraceFileAction("Count the calls of a saved trace file (--trace FILE, or a launch's trace file)", this::open);
        getViewSite().getActionBars().getToolBarManager().add(open);
    }

    @Override
    protected TraceFocus.Listener traceFocusListener() {
        return focusListener;
    }

    private final TraceFocus.Listener focusListener = new TraceFocus.Listener() {
        @Override
        public void traceShown(ShownTrace shown) {
            shownTrace = shown;
            show(new TransferTableStatistics(shown.store()), shown.title(), shown.growing());
        }

        @Override
        public void eventSelected(ShownTrace shown, long seq, Object origin) {
            TransferTableStatistics current = statistics;
            int row = shown.store().rowOf(seq);
            if (current != null && current.store() == shown.store() && row >= 0) {
                TraceEvent event = shown.store().get(row);
                if (event.kind() == TraceKind.SYSCALL_ENTRY || event.kind() == TraceKind.SYSCALL_EXIT) {
                    current.slots().stream().filter(slot -> slot.number() == event.nr()).findFirst()
                            .ifPresent(slot -> viewer.setSelection(new StructuredSelection(slot), true));
                }
            }
        }
    };

    @Override
    protected Control createContent(Composite parent) {
        updating.setSystem(true);
        content = dataColumn(parent);
        createFilterRow(content);
        viewer = new TableViewer(content, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setComparer(SAME_SLOT);
        for (SlotColumn column : SlotColumn.values()) {
            createColumn(column);
        }
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer shown, Object a, Object b) {
                return order().compare((Slot) a, (Slot) b);
            }
        });
        viewer.setFilters(new ViewerFilter() {
            @Override
            public boolean select(Viewer shown, Object parentElement, Object element) {
                Slot slot = (Slot) element;
                String wanted = nameFilter.getText().trim().toLowerCase(Locale.ROOT);
                return (!calledOnly.getSelection() || slot.called())
                        && (wanted.isEmpty() || slot.name() != null && slot.name().toLowerCase(Locale.ROOT).contains(wanted));
            }
        });
        showSort();
        createSwapMenu();
        return content;
    }

    /**
     * The table's context menu: hot-swap the selected slot of the running program to ENOSYS, to
     * another call's handler, or back to its own handler. The swap shows as a slot_swap event,
     * which the Handler column then reflects.
     */
    private void createSwapMenu() {
        MenuManager menu = new MenuManager();
        menu.setRemoveAllWhenShown(true);
        menu.addMenuListener(manager -> {
            Slot slot = (Slot) viewer.getStructuredSelection().getFirstElement();
            GuestProgramProcess run = shownTrace == null ? null : shownTrace.run();
            boolean swappable = slot != null && run != null && !run.isTerminated();
            String tip = swappable ? "" : " (a slot of a running program)";
            manager.add(swapAction("Swap to ENOSYS" + tip, swappable, () -> swap(run, slot, TransferTable.ENOSYS_HANDLER)));
            manager.add(swapAction("Swap to Another Call's Handler..." + tip, swappable, () -> askAndSwap(run, slot)));
            manager.add(swapAction("Restore Own Handler" + tip, swappable, () -> swap(run, slot, null)));
        });
        viewer.getTable().setMenu(menu.createContextMenu(viewer.getTable()));
    }

    private static IAction swapAction(String label, boolean enabled, Runnable run) {
        IAction action = new Action(label) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setEnabled(enabled);
        return action;
    }

    private void askAndSwap(GuestProgramProcess run, Slot slot) {
        InputDialog dialog = new InputDialog(content.getShell(), "Swap Slot " + slot.number(),
                "Point slot " + slot.number() + " (" + slot.name() + ") at the handler of this call (name or number):", "", text -> {
                    try {
                        SlotSwap.callNumber(text);
                        return null;
                    } catch (IllegalArgumentException e) {
                        return text.isBlank() ? "Type a system call's name or number." : e.getMessage();
                    }
                });
        if (dialog.open() == Window.OK) {
            swap(run, slot, SlotSwap.callNumber(dialog.getValue()));
        }
    }

    /** Swaps on a job: the engine may be busy, and the UI thread must not wait for it. */
    private static void swap(GuestProgramProcess run, Slot slot, Integer handler) {
        DebugJobs.run("Swapping transfer-table slot " + slot.number(), "Cannot swap slot " + slot.number(), () -> run.swapSlot(slot.number(), handler));
    }

    private void createFilterRow(Composite parent) {
        Composite row = K42LensUi.flushComposite(parent, 4);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(row, SWT.NONE).setText("Name:");
        nameFilter = new Text(row, SWT.BORDER | SWT.SINGLE | SWT.SEARCH | SWT.ICON_CANCEL);
        nameFilter.setMessage("contains");
        nameFilter.setToolTipText("Show the slots whose system call's name contains this text");
        GridData filterData = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        filterData.widthHint = textWidth(nameFilter, "rt_sigtimedwait_time64");
        nameFilter.setLayoutData(filterData);
        nameFilter.addListener(SWT.Modify, event -> refresh());
        calledOnly = new Button(row, SWT.TOGGLE);
        calledOnly.setText("Called only");
        calledOnly.setToolTipText("Show only the slots the run called");
        calledOnly.addListener(SWT.Selection, event -> refresh());
        count = new Label(row, SWT.RIGHT);
        count.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    }

    private void createColumn(SlotColumn column) {
        TableViewerColumn viewerColumn = new TableViewerColumn(viewer, column.alignment());
        var tableColumn = viewerColumn.getColumn();
        tableColumn.setText(column.header());
        tableColumn.setToolTipText(column.description());
        tableColumn.setWidth(Math.max(textWidth(viewer.getTable(), column.header()) + HEADER_PADDING,
                textWidth(viewer.getTable(), column.sampleText()) + CELL_PADDING));
        tableColumn.setMoveable(true);
        tableColumn.addListener(SWT.Selection, event -> sortBy(column));
        ToLongFunction<Slot> heat = column.heat();
        viewerColumn.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return column.text((Slot) element);
            }

            @Override
            public Color getBackground(Object element) {
                return heat == null ? null : HEAT[heatStep(heat.applyAsLong((Slot) element), heatMax.getOrDefault(column, 0L))];
            }

            @Override
            public Color getForeground(Object element) {
                return heat == null ? null : HEAT_TEXT;
            }
        });
    }

    /** The step of {@link #HEAT} for {@code value}: 0 for none, the last for {@code max}, logarithmic in between. */
    static int heatStep(long value, long max) {
        if (value <= 0 || max <= 0) {
            return 0;
        }
        double fraction = Math.log1p(value) / Math.log1p(max);
        return Math.max(1, (int) Math.round(fraction * (HEAT.length - 1)));
    }

    private static Color[] heatScale(int steps, int[] from, int[] to) {
        Color[] scale = new Color[steps];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            scale[i] = new Color((int) Math.round(from[0] + t * (to[0] - from[0])), (int) Math.round(from[1] + t * (to[1] - from[1])),
                    (int) Math.round(from[2] + t * (to[2] - from[2])));
        }
        return scale;
    }

    /** Sorts by {@code column}; a second click on the same header reverses the order. */
    public void sortBy(SlotColumn column) {
        descending = column == sortColumn ? !descending : column.descendingFirst();
        sortColumn = column;
        showSort();
        viewer.refresh();
    }

    private void showSort() {
        var table = viewer.getTable();
        table.setSortColumn(table.getColumn(sortColumn.ordinal()));
        table.setSortDirection(descending ? SWT.DOWN : SWT.UP);
    }

    /** The rows' order: the sort column's, ties by number. */
    private Comparator<Slot> order() {
        Comparator<Slot> byColumn = descending ? sortColumn.order().reversed() : sortColumn.order();
        return byColumn.thenComparingInt(Slot::number);
    }

    /** Reads {@code file} on a job and shows it in every view ({@link TraceFocus#open}); the job is done when the file is read. */
    public Job open(Path file) {
        return TraceFocus.get().open(file);
    }

    private void show(TransferTableStatistics shown, String title, BooleanSupplier running) {
        statistics = shown;
        growing = running;
        setContentDescription(title);
        showContent();
        refresh();
        poll();
    }

    /** The timer of a live run: has its new events counted; stops once the run has ended and every event is counted. */
    private void poll() {
        followGrowth(statistics, updating, growing, REFRESH_MS, poll);
    }

    /**
     * Shows the current statistics' slots, as filtered and sorted, each hit column heat-coloured
     * against its most hit slot; the selected slot stays selected.
     */
    private void refresh() {
        TransferTableStatistics current = statistics;
        if (current == null) {
            return;
        }
        int counted = current.eventsTakenIn(); // before the slots: they count at least that many
        List<Slot> slots = current.slots();
        for (SlotColumn column : SlotColumn.values()) {
            if (column.heat() != null) {
                heatMax.put(column, slots.stream().mapToLong(column.heat()).max().orElse(0));
            }
        }
        IStructuredSelection selected = viewer.getStructuredSelection();
        viewer.setInput(slots);
        viewer.setSelection(selected);
        long called = slots.stream().filter(Slot::called).count();
        count.setText(String.format("%d of %d slots shown, %d called, %,d events", viewer.getTable().getItemCount(), slots.size(), called,
                counted));
    }

    /** The table's viewer, for tests and commands. */
    public TableViewer viewer() {
        return viewer;
    }

    /** The line that counts the slots shown and the events counted, for tests. */
    public String countLine() {
        return count.getText();
    }

    /** The statistics shown, or null before any. */
    public TransferTableStatistics statistics() {
        return statistics;
    }


    @Override
    public void dispose() {
        updating.cancel();
        super.dispose();
    }
}
