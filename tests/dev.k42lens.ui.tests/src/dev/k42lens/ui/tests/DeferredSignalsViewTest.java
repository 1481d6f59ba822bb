package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.ILaunch;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.ui.views.DeferredSignalsView;
import dev.k42lens.ui.views.TraceFocus;

/**
 * The Deferred Signals view on a real run of the bundled signals sample (samples/src/signals.c),
 * followed live: its kill(getpid(), SIGUSR1) arrives at depth 1 in kill and waits in the deferred
 * queue, sigprocmask blocks SIGUSR2 which then waits in the pending set; the history holds the
 * three signals with their delays. What the view shows is checked against the run's own events.
 */
class DeferredSignalsViewTest {
    private static final long TIMEOUT_MS = 120_000;
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;

    private IWorkbenchPage page;
    private DeferredSignalsView view;
    private ILaunch launch;

    @BeforeEach
    void showView() throws Exception {
        page = UiTestSupport.k42LensPage();
        view = (DeferredSignalsView) UiTestSupport.showMaximized(page, DeferredSignalsView.ID);
    }

    @AfterEach
    void closeView() throws Exception {
        UiTestSupport.close(page, view, launch);
    }

    @Test
    void theSignalsSamplesDeferredSignalBlockedSignalAndHistory() throws Exception {
        launch = UiTestSupport.runSample("samples/bin/be/signals", "signals (view test)", null);
        UiTestSupport.waitUntil("the run ends, shown in the views", TIMEOUT_MS, () -> launch.isTerminated() && TraceFocus.get().shown() != null
                && TraceFocus.get().shown().run() == launch.getProcesses()[0]);
        TraceStore store = TraceFocus.get().shown().store();
        assertTrue(view.getContentDescription().contains("live session"), view.getContentDescription());
        List<TraceEvent> events = new ArrayList<>();
        for (int row = 0; row < store.size(); row++) {
            events.add(store.get(row));
        }

        // after the run: nothing pending or deferred, nothing blocked; the history has the three signals with their delays
        List<TraceEvent> delivered = events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_DELIVERED).toList();
        Table history = view.history().getTable();
        UiTestSupport.waitUntil("every delivery taken in", TIMEOUT_MS, () -> history.getItemCount() == delivered.size());
        assertEquals("As of the newest event", view.asOfLine());
        assertEquals("none", view.maskLine());
        assertEquals("none", view.pendingLine());
        assertEquals(0, view.queue().getTable().getItemCount());
        assertEquals(delivered.size(), history.getItemCount());
        assertEquals(List.of("SIGALRM", "SIGUSR1", "SIGUSR2"), column(history, 0));
        for (int i = 0; i < delivered.size(); i++) {
            TraceEvent end = delivered.get(i);
            TraceEvent posted = last(events, end.seq(), TraceKind.SIGNAL_POSTED, end.signal());
            assertEquals(Long.toString(posted.seq()), history.getItem(i).getText(1));
            assertEquals(Integer.toString(posted.depth()), history.getItem(i).getText(3));
            assertEquals("delivered", history.getItem(i).getText(5));
            assertEquals(Long.toString(end.seq()), history.getItem(i).getText(6));
            assertEquals(String.format("%,d", end.timeNs() - posted.timeNs()), history.getItem(i).getText(7), "delay of " + end);
        }
        assertEquals("kill", history.getItem(1).getText(4), "SIGUSR1 was deferred in kill");
        assertEquals("", history.getItem(2).getText(4), "SIGUSR2 waited for the mask, not for the layer");

        // as of the deferral (selected in another view): SIGUSR1 queued, arrived at depth 1 in kill
        TraceEvent deferral = events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_DEFERRED).findFirst().orElseThrow();
        assertEquals(SIGUSR1, deferral.signal());
        TraceFocus.get().select(deferral.seq(), null);
        UiTestSupport.waitUntil("the state as of the deferral", TIMEOUT_MS, () -> view.asOfLine().startsWith("As of event " + deferral.seq() + " "));
        Table queue = view.queue().getTable();
        assertEquals(1, queue.getItemCount());
        assertEquals(List.of("SIGUSR1", "1", "kill (" + deferral.nr() + ")", Long.toString(deferral.seq())),
                List.of(queue.getItem(0).getText(0), queue.getItem(0).getText(1), queue.getItem(0).getText(2), queue.getItem(0).getText(3)));
        assertEquals(0, queue.getSelectionIndex(), "the selected event's entry is highlighted");
        assertEquals("SIGUSR1 (deferred in kill)", view.pendingLine());
        assertEquals("none", view.maskLine());
        assertEquals(1, history.getItemCount(), "only SIGALRM ended before");
        // the run's output brought the Console up over the view (once it has shown it); no header tooltip in the picture
        UiTestSupport.runEvents(1500);
        page.hideView(page.findView(org.eclipse.ui.console.IConsoleConstants.ID_CONSOLE_VIEW));
        page.activate(view);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        view.getSite().getShell().getDisplay().setCursorLocation(0, 0);
        Screenshots.take("deferred-signals-kill");

        // as of raise(SIGUSR2) while sigprocmask blocks it: the mask holds it and it is pending, blocked
        TraceEvent blockedPosting = events.stream().filter(e -> e.kind() == TraceKind.SIGNAL_POSTED && e.signal() == SIGUSR2).findFirst()
                .orElseThrow();
        TraceFocus.get().select(blockedPosting.seq(), null);
        UiTestSupport.waitUntil("the state as of the blocked posting", TIMEOUT_MS,
                () -> view.asOfLine().startsWith("As of event " + blockedPosting.seq() + " "));
        assertEquals("SIGUSR2", view.maskLine());
        assertEquals("SIGUSR2 (blocked)", view.pendingLine());
        assertEquals(0, queue.getItemCount());

        // choosing a history entry selects its delivery in every view
        view.showNewest();
        UiTestSupport.waitUntil("the newest state again", TIMEOUT_MS, () -> view.asOfLine().startsWith("As of the newest event"));
        history.setSelection(1);
        history.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertEquals(delivered.get(1).seq(), TraceFocus.get().selectedSeq());
        assertNotNull(view.state());
    }

    private static List<String> column(Table table, int index) {
        List<String> texts = new ArrayList<>();
        for (int row = 0; row < table.getItemCount(); row++) {
            texts.add(table.getItem(row).getText(index));
        }
        return texts;
    }

    private static TraceEvent last(List<TraceEvent> events, long before, TraceKind kind, int signal) {
        return events.stream().filter(e -> e.seq() < before && e.kind() == kind && e.signal() == signal).reduce((a, b) -> b).orElseThrow();
    }
}
