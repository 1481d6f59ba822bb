package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.FilteredTrace;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceFilter;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.K42LensPerspective;
import dev.k42lens.ui.views.DispatchTraceView;
import dev.k42lens.ui.views.TraceColumn;
import dev.k42lens.ui.views.TraceFocus;

/**
 * The Dispatch Trace view in a real workbench: a generated trace file of a million events opens
 * through the view's open path, its end and middle read back as the store has them, a filter
 * gives the count the generator knows; the signals sample's real trace opens from the workspace
 * (double-click), is filtered, searched and exported, and an event is selected by sequence
 * number; a live store is followed as it grows. Prints the 1M timings; takes screenshots when
 * asked ({@link Screenshots}).
 */
class DispatchTraceViewTest {
    private static final long TIMEOUT_MS = 300_000;
    private static final int MILLION = 1_000_000;
    private static final String[] CALLS = { "read", "write", "openat", "close", "futex", "mmap", "newfstatat", "clock_gettime" };

    private IWorkbenchPage page;
    private DispatchTraceView view;
    private Path generated;

    @BeforeEach
    void showView() throws Exception {
        var workbench = PlatformUI.getWorkbench();
        page = workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        Screenshots.fillScreen();
        page.closeAllEditors(false);
        view = (DispatchTraceView) page.showView(DispatchTraceView.ID);
        maximize();
    }

    /** Maximizes the view, as one reads a long trace (and as the screenshots show it); the empty editor area goes too. */
    private void maximize() {
        page.setEditorAreaVisible(false);
        if (page.getPartState(page.getReference(view)) != IWorkbenchPage.STATE_MAXIMIZED) {
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        }
        settle();
    }

    @AfterEach
    void closeView() throws IOException {
        page.hideView(view);
        page.setEditorAreaVisible(true);
        if (generated != null) {
            Files.deleteIfExists(generated);
        }
    }

    /** What the generator wrote, counted as it wrote it. */
    private record Generated(Path file, int failedWrites) {
    }

    /**
     * A million events as a run of six threads in two processes would give: calls (entry, exit)
     * with their arguments, file-system server requests inside openat, failures (ENOENT, EAGAIN,
     * EPIPE) and now and then a signal posted, delivered and returned from.
     */
    private static Generated generate(int events) throws IOException {
        Path file = Files.createTempFile("k42lens-1m", ".k42trace.jsonl");
        Random random = new Random(42);
        int failedWrites = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(TraceFile.header("synthetic/six-threads"));
            out.write('\n');
            long seq = 0;
            long time = 25_000;
            while (seq < events) {
                int tid = 1000 + random.nextInt(6);
                int pid = tid < 1003 ? 1000 : 1003;
                int nr = random.nextInt(CALLS.length);
                String name = CALLS[nr];
                DispatchPath path = random.nextInt(4) == 0 ? DispatchPath.TRAP : DispatchPath.TABLE;
                long site = 0x7ffff7e70000L + 16 * nr;
                String symbol = name + "+0x" + Integer.toHexString(0x20 + 4 * nr);
                String args = switch (name) {
                    case "read" -> random.nextInt(10) + ", 0x7fffffff" + Integer.toHexString(0x1000 + random.nextInt(4096)) + ", 4096";
                    case "write" -> random.nextInt(3) + ", \"line " + random.nextInt(100_000) + ", \\\"quoted\\\"\\n\", 24";
                    case "openat", "newfstatat" -> "AT_FDCWD, \"/usr/share/data/file" + random.nextInt(5000) + ".txt\", O_RDONLY";
                    case "futex" -> "0x7fffffff" + Integer.toHexString(random.nextInt(1 << 16)) + ", FUTEX_WAKE_PRIVATE, 1";
                    default -> "0x" + Integer.toHexString(random.nextInt(1 << 20)) + ", " + random.nextInt(100_000);
                };
                int errno = switch (name) {
                    case "openat" -> random.nextInt(3) == 0 ? 2 : 0; // ENOENT
                    case "read" -> random.nextInt(20) == 0 ? 11 : 0; // EAGAIN
                    case "write" -> random.nextInt(10) == 0 ? 32 : 0; // EPIPE
                    default -> 0;
                };
                List<TraceEvent> call = new ArrayList<>();
                call.add(new TraceEvent(0, time, pid, tid, TraceKind.SYSCALL_ENTRY, nr, name, args, 0, 0, path, 1, site, symbol, 0, 0, true));
                if (name.equals("openat")) {
                    for (TraceKind server : List.of(TraceKind.SERVER_CALL, TraceKind.SERVER_RETURN)) {
                        call.add(new TraceEvent(0, time + 40, pid, tid, server, -1, "openat", "file-system", 0, 0, null, 1, 0x8478,
                                "k42:openat", 0, 0, true));
                    }
                }
                time += 100 + random.nextInt(900);
                call.add(new TraceEvent(0, time, pid, tid, TraceKind.SYSCALL_EXIT, nr, name, args, errno == 0 ? random.nextInt(4096) : -errno,
                        errno, path, 1, site, symbol, 0, 0, true));
                if (random.nextInt(200) == 0) {
                    for (TraceKind signal : List.of(TraceKind.SIGNAL_POSTED, TraceKind.SIGNAL_DELIVERED, TraceKind.SIGRETURN)) {
                        call.add(new TraceEvent(0, time, pid, tid, signal, -1, null, null, 0, 0, null, signal == TraceKind.SIGRETURN ? 1 : 0,
                                site + 4, symbol, 14, 0, true));
                    }
                }
                for (TraceEvent e : call) {
                    if (seq == events) {
                        break;
                    }
                    TraceEvent numbered = new TraceEvent(seq++, e.timeNs(), e.pid(), e.tid(), e.kind(), e.nr(), e.name(), e.args(), e.ret(),
                            e.errno(), e.path(), e.depth(), e.site(), e.symbol(), e.signal(), e.targetTid(), e.implemented());
                    out.write(TraceFile.json(numbered));
                    out.write('\n');
                    if (e.kind() == TraceKind.SYSCALL_EXIT && name.equals("write") && errno != 0) {
                        failedWrites++;
                    }
                }
            }
        }
        return new Generated(file, failedWrites);
    }

    @Test
    void aMillionEventTraceOpensScrollsAndFilters() throws Exception {
        Generated trace = generate(MILLION);
        generated = trace.file();

        long start = System.nanoTime();
        Job reading = view.open(trace.file());
        UiTestSupport.waitUntil("the trace is read", TIMEOUT_MS, () -> reading.getResult() != null);
        long read = System.nanoTime();
        UiTestSupport.waitUntil("the trace is shown", TIMEOUT_MS, () -> view.shown() != null && view.table().getItemCount() == MILLION);
        long opened = System.nanoTime();
        assertTrue(reading.getResult().isOK(), reading.getResult().toString());
        TraceStore store = view.shown().store();
        assertEquals(MILLION, store.size());
        assertEquals("synthetic/six-threads", store.program());

        long scrollToEnd = assertRowsShown(view.table(), MILLION - 1, MILLION - 1);
        long scrollToMiddle = assertRowsShown(view.table(), MILLION / 2, MILLION / 2);
        long scrolled = System.nanoTime();

        Job filtering = view.applyFilter(new TraceFilter(Set.of("write"), null, null, null, null, true, null, false));
        UiTestSupport.waitUntil("the filter is applied", TIMEOUT_MS, () -> filtering.getResult() != null && view.shown().filter().failedOnly()
                && view.table().getItemCount() == view.shown().count());
        long filtered = System.nanoTime();
        Table table = view.table();
        assertTrue(button(table.getParent().getParent(), "Failed only").getSelection(), "the filter bar shows the filter");
        assertEquals(trace.failedWrites(), table.getItemCount());
        assertEquals(trace.failedWrites(), view.shown().count());
        assertEquals("write", table.getItem(0).getText(TraceColumn.SYSCALL.ordinal()));
        assertEquals("EPIPE", table.getItem(table.getItemCount() - 1).getText(TraceColumn.ERRNO.ordinal()));
        table.setTopIndex(table.getItemCount() / 2);
        table.setSelection(table.getItemCount() / 2 + 3);
        maximize();
        Screenshots.take("dispatch-trace-1m");
        System.out.printf("dispatch-trace 1M: open %.1f s (file read %.1f s, table filled %.1f s later), scroll to the end %d ms, to the middle"
                + " %d ms, filter %d ms (write, failed only: %,d events)%n", (opened - start) / 1e9, (read - start) / 1e9,
                (opened - read) / 1e9, scrollToEnd / 1_000_000, scrollToMiddle / 1_000_000, (filtered - scrolled) / 1_000_000,
                trace.failedWrites());
    }

    /** Scrolls so that {@code position} is the top row and checks each column of the rows on screen against the store. */
    private long assertRowsShown(Table table, int position, int expectedTop) {
        long start = System.nanoTime();
        table.setTopIndex(position);
        settle();
        long scrolled = System.nanoTime() - start;
        int top = table.getTopIndex();
        assertTrue(Math.abs(top - expectedTop) < 100, "top row " + top + ", asked for " + expectedTop);
        FilteredTrace shown = view.shown();
        for (int p = top; p < Math.min(table.getItemCount(), top + 30); p++) {
            String[] cells = new String[TraceColumn.values().length];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = table.getItem(p).getText(c);
            }
            TraceEvent event = shown.store().get(shown.row(p));
            assertArrayEquals(TraceColumn.texts(event), cells, "row " + p);
            assertEquals(Long.toString(event.seq()), cells[TraceColumn.SEQ.ordinal()]);
            assertEquals(event.nr() >= 0 ? event.name() : "", cells[TraceColumn.SYSCALL.ordinal()]);
        }
        return scrolled;
    }

    /** Opened as a user would: double-click (the default editor) on the trace file in a workspace project. */
    @Test
    void theSignalsSamplesTraceOpensFromTheWorkspaceIsSearchedAndAnEventSelectedBySequenceNumber() throws Exception {
        var bundle = Platform.getBundle("dev.k42lens.ui.tests");
        Path resource = Path.of(FileLocator.toFileURL(bundle.getEntry("resources/signals.k42trace.jsonl")).getPath());
        int events = Files.readAllLines(resource).size() - 1;
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("dispatch-trace-test");
        project.create(null);
        project.open(null);
        try {
            IFile file = project.getFile("signals.k42trace.jsonl");
            try (var content = Files.newInputStream(resource)) {
                file.create(content, true, null);
            }
            IDE.openEditor(page, file);
            searchSelectAndExport(events, resource);
        } finally {
            project.delete(true, true, null);
        }
    }

    private void searchSelectAndExport(int events, Path resource) throws Exception {
        UiTestSupport.waitUntil("the trace is shown", TIMEOUT_MS, () -> view.shown() != null && view.table().getItemCount() == events);
        assertEquals("be/signals", view.shown().store().program());

        // the deferred SIGUSR1 of kill(getpid(), SIGUSR1), found by kind; it stays selected when the filter is cleared
        Job kinds = view.applyFilter(new TraceFilter(null, null, null, null, EnumSet.of(TraceKind.SIGNAL_DEFERRED), false, null, false));
        UiTestSupport.waitUntil("the signal_deferred events", TIMEOUT_MS, () -> kinds.getResult() != null && view.shown().filter().kinds() != null
                && view.table().getItemCount() == view.shown().count());
        Table table = view.table();
        assertEquals(1, table.getItemCount());
        assertEquals("kill", table.getItem(0).getText(TraceColumn.SYSCALL.ordinal()));
        assertEquals("SIGUSR1", table.getItem(0).getText(TraceColumn.SIGNAL.ordinal()));
        String deferred = table.getItem(0).getText(TraceColumn.SEQ.ordinal());
        table.setSelection(0);
        Job all = view.applyFilter(TraceFilter.ALL);
        UiTestSupport.waitUntil("every event, the deferral still selected", TIMEOUT_MS, () -> all.getResult() != null && view.table().getItemCount() == events
                && selectedSeq().equals(deferred));

        // selected by sequence number while a filter hides it: the filter is cleared
        Job failed = view.applyFilter(new TraceFilter(null, null, null, null, null, true, null, false));
        UiTestSupport.waitUntil("the failed calls", TIMEOUT_MS, () -> failed.getResult() != null && view.shown().filter().failedOnly()
                && view.table().getItemCount() == view.shown().count());
        assertTrue(view.table().getItemCount() < events);
        assertTrue(view.selectEvent(Long.parseLong(deferred)), "the event is in the trace");
        UiTestSupport.waitUntil("the filter cleared and the event selected", TIMEOUT_MS, () -> view.table().getItemCount() == events && selectedSeq().equals(deferred));
        assertFalse(button(view.table().getParent().getParent(), "Failed only").getSelection());
        assertFalse(view.selectEvent(1_000_000), "no such event");

        // Find: the next event after the selection whose arguments or symbol contain the text (tgkill's SIGUSR2)
        TraceStore store = view.shown().store();
        int row = store.rowOf(Long.parseLong(deferred)) + 1;
        while (!String.valueOf(store.get(row).args()).contains("SIGUSR2")) {
            row++;
        }
        String expected = Long.toString(store.get(row).seq());
        Composite controls = view.table().getParent().getParent();
        text(controls, "Find:").setText("sigusr2");
        button(controls, "Next").notifyListeners(SWT.Selection, new Event());
        UiTestSupport.waitUntil("the next event with SIGUSR2 selected", TIMEOUT_MS, () -> selectedSeq().equals(expected));
        assertEquals("tgkill", view.table().getItem(view.table().getSelectionIndex()).getText(TraceColumn.SYSCALL.ordinal()));
        maximize();
        Screenshots.take("dispatch-trace-signals");

        // exported: the selected tgkill as CSV; every event as JSONL, which is the file it was read from
        Path csv = Files.createTempFile("dispatch-trace", ".csv");
        Path jsonl = Files.createTempFile("dispatch-trace", ".k42trace.jsonl");
        try {
            Job selectionExport = view.export(csv, true);
            Job allExport = view.export(jsonl, false);
            UiTestSupport.waitUntil("both exports written", TIMEOUT_MS, () -> selectionExport.getResult() != null && allExport.getResult() != null);
            List<String> records = Files.readAllLines(csv);
            assertEquals(String.join(",", TraceFile.FIELD_NAMES), records.get(0));
            assertEquals(2, records.size());
            assertTrue(records.get(1).startsWith(expected + ","), records.get(1));
            assertTrue(records.get(1).contains(",tgkill,\"1000, 1000, SIGUSR2\","), records.get(1));
            assertEquals(Files.readAllLines(resource), Files.readAllLines(jsonl));
        } finally {
            Files.delete(csv);
            Files.delete(jsonl);
        }
    }

    private String selectedSeq() {
        Table table = view.table();
        return table.getSelectionCount() == 1 ? table.getItem(table.getSelectionIndex()).getText(TraceColumn.SEQ.ordinal()) : "";
    }

    @Test
    void aLiveStoreIsFollowedAsItGrows() throws Exception {
        TraceStore store = new TraceStore("live test");
        TraceFocus.get().showLive(store, () -> true);
        int events = 200_000;
        Thread engine = new Thread(() -> {
            for (int seq = 0; seq < events; seq++) {
                store.event(getpid(seq));
                if (seq % 20_000 == 0) {
                    try {
                        Thread.sleep(50); // bursts, as a program runs between calls
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "live test engine");
        engine.start();
        UiTestSupport.waitUntil("the view shows part of the events while they arrive", TIMEOUT_MS, () -> view.table().getItemCount() > 0);
        engine.join(TIMEOUT_MS);
        UiTestSupport.waitUntil("the view shows every event", TIMEOUT_MS, () -> view.table().getItemCount() == events);
        Table table = view.table();
        UiTestSupport.waitUntil("the table follows the end", TIMEOUT_MS, () -> table.getTopIndex() > events - 100);
        assertEquals(Long.toString(events - 1), table.getItem(events - 1).getText(TraceColumn.SEQ.ordinal()));

        // the user scrolls up with the wheel: later events no longer pull the table to the end
        table.setTopIndex(1000);
        UiTestSupport.waitUntil("the table scrolled", TIMEOUT_MS, () -> table.getTopIndex() == 1000);
        Event wheelUp = new Event();
        wheelUp.count = 3;
        table.notifyListeners(SWT.MouseWheel, wheelUp);
        UiTestSupport.runEvents(200);
        appendGetpids(store, events, 1000);
        UiTestSupport.waitUntil("the view shows the later events", TIMEOUT_MS, () -> table.getItemCount() == events + 1000);
        UiTestSupport.runEvents(500);
        assertEquals(1000, table.getTopIndex(), "the table stayed where the user scrolled");
        // (scrolling back to the end follows again; GTK does not reliably hold a far setTopIndex, so that is not simulated here)
    }

    private static void appendGetpids(TraceStore store, long from, int count) {
        for (long seq = from; seq < from + count; seq++) {
            store.event(getpid(seq));
        }
    }

    private static TraceEvent getpid(long seq) {
        return new TraceEvent(seq, 1000L * seq, 1000, 1000, seq % 2 == 0 ? TraceKind.SYSCALL_ENTRY : TraceKind.SYSCALL_EXIT, 20,
                "getpid", "", seq % 2 == 0 ? 0 : 1000, 0, DispatchPath.TABLE, 1, 0x1000, "getpid+0x8", 0, 0, true);
    }

    /** The button labelled {@code label} among {@code root}'s descendants. */
    private static Button button(Composite root, String label) {
        return UiTestSupport.find(root, Button.class, b -> b.getText().equals(label));
    }

    /** The text field right after the label {@code label} among {@code root}'s descendants. */
    private static Text text(Composite root, String label) {
        Label before = UiTestSupport.find(root, Label.class, l -> l.getText().equals(label));
        Control[] siblings = before.getParent().getChildren();
        return (Text) siblings[Arrays.asList(siblings).indexOf(before) + 1];
    }



    /** Runs the UI's pending work (layout, painting, SetData) until nothing is left. */
    private static void settle() {
        Display display = Display.getCurrent();
        for (int idle = 0; idle < 3;) {
            if (display.readAndDispatch()) {
                idle = 0;
            } else {
                idle++;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

}
