package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.TraceProgress;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.views.SlotColumn;
import dev.k42lens.ui.views.TraceFocus;
import dev.k42lens.ui.views.TransferTableView;

/**
 * The Transfer Table view on the signals sample's real trace: the rows of write, rt_sigreturn
 * (the only trapped call) and read (which blocked) say what counting the trace file's lines
 * gives; "Called only" leaves the slots the run called; a click on the Table hits header sorts
 * them busiest first; the name filter "sig" leaves the signal calls. A live store is counted as
 * it grows. Takes a screenshot when asked ({@link Screenshots}).
 */
class TransferTableViewTest {
    private static final long TIMEOUT_MS = 120_000;

    private IWorkbenchPage page;
    private TransferTableView view;

    @BeforeEach
    void showView() throws Exception {
        page = UiTestSupport.k42LensPage();
        view = (TransferTableView) UiTestSupport.showMaximized(page, TransferTableView.ID);
    }

    @AfterEach
    void closeView() throws Exception {
        UiTestSupport.close(page, view, null);
    }

    /** One call event of the trace file, as its JSON line has it (fields as written, strings unquoted). */
    private record Call(boolean entry, int nr, String name, String path, int depth, int errno, long timeNs, String site, String symbol) {
        static Call parse(String line) {
            Map<String, String> fields = UiTestSupport.traceFields(line);
            String kind = fields.get("kind");
            if (!"syscall_entry".equals(kind) && !"syscall_exit".equals(kind)) {
                return null;
            }
            return new Call(kind.equals("syscall_entry"), Integer.parseInt(fields.get("nr")), fields.get("name"), fields.get("path"),
                    Integer.parseInt(fields.get("depth")), Integer.parseInt(fields.getOrDefault("errno", "0")),
                    Long.parseLong(fields.get("time_ns")), fields.get("site"), fields.get("symbol"));
        }
    }

    @Test
    void theSignalsTraceCountsEverySlotsCallsSortsAndFilters() throws Exception {
        var bundle = Platform.getBundle("dev.k42lens.ui.tests");
        Path resource = Path.of(FileLocator.toFileURL(bundle.getEntry("resources/signals.k42trace.jsonl")).getPath());
        List<Call> calls = new ArrayList<>();
        List<String> lines = Files.readAllLines(resource);
        int events = lines.size() - 1; // after the header line
        for (String line : lines) {
            Call call = Call.parse(line);
            if (call != null) {
                calls.add(call);
            }
        }
        assertTrue(view.emptyStateMessage().contains("Nothing to show yet"));

        Job reading = view.open(resource);
        // the view counts the events as they are read: done when the count line has them all
        UiTestSupport.waitUntil("the trace is counted", TIMEOUT_MS, () -> reading.getResult() != null && view.statistics() != null
                && view.countLine().endsWith(String.format(" %,d events", events)));
        Table table = view.viewer().getTable();
        assertEquals(512, table.getItemCount(), "every slot, before any filter");

        assertRow(table, calls, "write");
        assertRow(table, calls, "rt_sigreturn");
        assertRow(table, calls, "read");
        assertEquals("3", cell(table, "rt_sigreturn", SlotColumn.TRAP_HITS), "the signal trampoline's sc traps");
        assertEquals("0", cell(table, "rt_sigreturn", SlotColumn.TABLE_HITS));
        assertEquals("no", cell(table, "rseq", SlotColumn.IMPLEMENTED), "glibc's rseq registration has no handler");
        assertEquals("—", cell(table, "sigaltstack", SlotColumn.IMPLEMENTED), "never called: unknown");

        Button calledOnly = UiTestSupport.find(view.viewer().getControl().getParent(), Button.class, b -> b.getText().equals("Called only"));
        calledOnly.setSelection(true);
        calledOnly.notifyListeners(SWT.Selection, null);
        Set<String> called = new TreeSet<>(calls.stream().filter(Call::entry).map(Call::name).toList());
        assertEquals(called, names(table));

        table.getColumn(SlotColumn.TABLE_HITS.ordinal()).notifyListeners(SWT.Selection, null);
        long[] tableHits = Arrays.stream(table.getItems()).mapToLong(item -> Long.parseLong(item.getText(SlotColumn.TABLE_HITS.ordinal())))
                .toArray();
        for (int i = 1; i < tableHits.length; i++) {
            assertTrue(tableHits[i - 1] >= tableHits[i], "busiest first: " + Arrays.toString(tableHits));
        }
        assertEquals("mmap", table.getItem(0).getText(SlotColumn.NAME.ordinal()), "five mmaps, the most");
        assertEquals(table.getColumn(SlotColumn.TABLE_HITS.ordinal()), table.getSortColumn());
        assertEquals(SWT.DOWN, table.getSortDirection());
        assertTrue(calledOnly.getSelection());
        Screenshots.take("transfer-table-signals");

        Text nameFilter = UiTestSupport.find(view.viewer().getControl().getParent(), Text.class, t -> (t.getStyle() & SWT.SEARCH) != 0);
        nameFilter.setText("sig");
        assertEquals(new TreeSet<>(called.stream().filter(name -> name.contains("sig")).toList()), names(table));
        assertEquals(Set.of("rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigreturn"), names(table));
        calledOnly.setSelection(false);
        calledOnly.notifyListeners(SWT.Selection, null);
        assertTrue(names(table).containsAll(Set.of("rt_sigaction", "sigaltstack", "rt_sigsuspend", "signalfd4")), names(table).toString());
        assertTrue(names(table).stream().allMatch(name -> name.contains("sig")), names(table).toString());
    }

    /** A live run's store, filled on another thread a few events at a time: the view catches up with each step and ends with every call counted. */
    @Test
    void aLiveStoreIsCountedAsItGrows() throws Exception {
        var bundle = Platform.getBundle("dev.k42lens.ui.tests");
        TraceStore saved = TraceStore.load(Path.of(FileLocator.toFileURL(bundle.getEntry("resources/signals.k42trace.jsonl")).getPath()),
                TraceProgress.NONE);
        TraceStore live = new TraceStore("be/signals");
        AtomicBoolean running = new AtomicBoolean(true);
        TraceFocus.get().showLive(live, running::get);
        Thread run = new Thread(() -> {
            for (int row = 0; row < saved.size(); row++) {
                live.event(saved.get(row));
                if (row % 20 == 0) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            running.set(false);
        }, "live run");
        run.start();
        Table table = view.viewer().getTable();
        UiTestSupport.waitUntil("some calls are counted", TIMEOUT_MS, () -> !cell(table, "brk", SlotColumn.TABLE_HITS).equals("0"));
        assertTrue(running.get(), "counted while the run goes (it takes over a second)");
        // every event counted and shown (the count line follows the table's refresh)
        UiTestSupport.waitUntil("every call is counted", TIMEOUT_MS,
                () -> !running.get() && view.countLine().endsWith(String.format(" %,d events", saved.size())));
        run.join();
        assertEquals("3", cell(table, "rt_sigreturn", SlotColumn.TRAP_HITS));
        assertEquals("1", cell(table, "write", SlotColumn.TABLE_HITS));
        assertEquals("5", cell(table, "mmap", SlotColumn.TABLE_HITS));
        assertTrue(view.getContentDescription().contains("live session"), view.getContentDescription());
    }

    /** The counts of {@code name}'s row are those of its calls in the trace file; its last site and symbol those of its last entry. */
    private static void assertRow(Table table, List<Call> calls, String name) {
        List<Call> entries = calls.stream().filter(c -> c.entry() && c.name().equals(name)).toList();
        List<Call> exits = calls.stream().filter(c -> !c.entry() && c.name().equals(name)).toList();
        assertTrue(!entries.isEmpty(), name + " is called");
        assertEquals(Integer.toString(entries.get(0).nr()), cell(table, name, SlotColumn.NUMBER));
        assertEquals("yes", cell(table, name, SlotColumn.IMPLEMENTED));
        assertEquals(Long.toString(entries.stream().filter(c -> c.path().equals("table")).count()), cell(table, name, SlotColumn.TABLE_HITS));
        assertEquals(Long.toString(entries.stream().filter(c -> c.path().equals("trap")).count()), cell(table, name, SlotColumn.TRAP_HITS));
        assertEquals(Long.toString(entries.stream().filter(c -> c.depth() >= 2).count()), cell(table, name, SlotColumn.NESTED));
        assertEquals(Long.toString(exits.stream().filter(c -> c.errno() != 0).count()), cell(table, name, SlotColumn.FAILURES));
        // the signals run has one thread and these calls neither nest nor restart: each exit pairs with the entry before it
        double meanNs = (double) (exits.stream().mapToLong(Call::timeNs).sum() - entries.stream().mapToLong(Call::timeNs).sum()) / exits.size();
        assertEquals(String.format("%,.3f", meanNs / 1000), cell(table, name, SlotColumn.MEAN_COST));
        Call last = entries.get(entries.size() - 1);
        assertEquals(last.site(), cell(table, name, SlotColumn.LAST_SITE));
        assertEquals(last.symbol(), cell(table, name, SlotColumn.LAST_SYMBOL));
    }

    private static String cell(Table table, String name, SlotColumn column) {
        for (TableItem item : table.getItems()) {
            if (item.getText(SlotColumn.NAME.ordinal()).equals(name)) {
                return item.getText(column.ordinal());
            }
        }
        throw new AssertionError("no row for " + name);
    }

    private static Set<String> names(Table table) {
        Set<String> names = new TreeSet<>();
        for (TableItem item : table.getItems()) {
            names.add(item.getText(SlotColumn.NAME.ordinal()));
        }
        return names;
    }


}
