package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.debug.core.ILaunch;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.trace.SyscallNesting.Axis;
import dev.k42lens.core.trace.SyscallNesting.BlockedInterval;
import dev.k42lens.core.trace.SyscallNesting.CallSpan;
import dev.k42lens.core.trace.SyscallNesting.DeferredSignal;
import dev.k42lens.core.trace.SyscallNesting.SignalDelivery;
import dev.k42lens.core.trace.SyscallNesting.ThreadNesting;
import dev.k42lens.core.trace.StracePrinter;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.debug.launch.GuestProgramProcess;
import dev.k42lens.ui.views.SyscallNestingChart;
import dev.k42lens.ui.views.SyscallNestingView;
import dev.k42lens.ui.views.TraceFocus;

/**
 * The Syscall Nesting view following a real run of the bundled big-endian signals sample: once the
 * run has ended, the chart draws, where its hit test finds them, a depth-2 call inside its depth-1
 * caller, the read's blocked interval, the SIGUSR1 deferred in kill at depth 1 and its delivery
 * outside the layer after kill returned; a click on kill selects its entry in every view and an
 * event selected elsewhere is outlined here. Expectations come from the run's own events. Takes
 * screenshots when asked ({@link Screenshots}).
 */
class SyscallNestingViewTest {
    private static final long TIMEOUT_MS = 120_000;
    private static final int SIGUSR1 = 10;

    private IWorkbenchPage page;
    private SyscallNestingView view;
    private ILaunch launch;

    @BeforeEach
    void showView() throws Exception {
        page = UiTestSupport.k42LensPage();
        view = (SyscallNestingView) UiTestSupport.showMaximized(page, SyscallNestingView.ID);
    }

    @AfterEach
    void closeView() throws Exception {
        UiTestSupport.close(page, view, launch);
    }

    @Test
    void aRunOfTheSignalsSampleShowsNestingBlockingAndTheDeferredSignal() throws Exception {
        assertTrue(view.emptyStateMessage().contains("Nothing to show yet"));
        launch = UiTestSupport.runSample("samples/bin/be/signals", "signals (nesting test)", null);
        UiTestSupport.waitUntil("the program ends", TIMEOUT_MS, launch::isTerminated);
        TraceStore store = ((GuestProgramProcess) launch.getProcesses()[0]).traceStore();
        UiTestSupport.waitUntil("the chart shows every event of the run", TIMEOUT_MS, () -> view.nesting() != null
                && view.nesting().store() == store && view.chart().snapshot().eventsTakenIn() == store.size());
        UiTestSupport.activateAfterConsole(page, launch, view);
        if (page.getPartState(page.getReference(view)) != IWorkbenchPage.STATE_MAXIMIZED) {
            page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        }
        UiTestSupport.runEvents(300);
        List<TraceEvent> events = new ArrayList<>();
        for (int row = 0; row < store.size(); row++) {
            events.add(store.get(row));
        }
        SyscallNestingChart chart = view.chart();
        assertEquals(1, chart.snapshot().threads().size());
        ThreadNesting thread = chart.snapshot().threads().get(0);
        assertTrue(view.summaryLine().startsWith("1 thread, " + events.stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY).count()
                + " calls, depth up to 3, 1 blocked interval, 1 deferred signal"), view.summaryLine());
        Screenshots.take("syscall-nesting-signals");

        // a call a handler made (depth 2) is drawn inside the depth-1 call it serves
        TraceEvent nested = first(events, e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 2);
        TraceEvent caller = events.subList(0, events.indexOf(nested)).reversed().stream()
                .filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1).findFirst().orElseThrow();
        view.revealEvent(nested.seq());
        CallSpan inner = chart.spanAt(chart.xOf(nested.seq()) + 1, chart.yOf(thread, 2));
        assertNotNull(inner, "a call drawn at depth 2");
        assertEquals(List.of(nested.name(), 2, nested.seq()), List.of(inner.name(), inner.depth(), inner.entrySeq()));
        CallSpan outer = chart.spanAt(chart.xOf(nested.seq()) + 1, chart.yOf(thread, 1));
        assertEquals(List.of(caller.name(), caller.seq()), List.of(outer.name(), outer.entrySeq()), "its caller, above it");
        assertTrue(chart.xOf(outer.entrySeq()) < chart.xOf(inner.entrySeq()) && chart.xOf(inner.endSeq()) < chart.xOf(outer.endSeq()),
                "drawn inside it");
        assertEquals(nested.seq(), chart.selectedSeq());

        // the read left the layer to block: its blocked interval is drawn in its call's lane
        TraceEvent leave = first(events, e -> e.kind() == TraceKind.LEAVE_TO_BLOCK);
        TraceEvent woken = first(events, e -> e.kind() == TraceKind.WOKEN);
        view.revealEvent(leave.seq());
        BlockedInterval blocked = assertInstanceOf(BlockedInterval.class,
                chart.itemAt((chart.xOf(leave.seq()) + chart.xOf(woken.seq())) / 2, chart.yOf(thread, 1)));
        assertEquals(List.of("read", leave.seq(), woken.seq()), List.of(blocked.name(), blocked.leaveSeq(), blocked.endSeq()));
        String blockedTip = chart.tooltipAt((chart.xOf(leave.seq()) + chart.xOf(woken.seq())) / 2, chart.yOf(thread, 1));
        assertTrue(blockedTip.startsWith("read left the layer to block (depth 1), then was woken"), blockedTip);

        // SIGUSR1 arrived in kill at depth 1, deferred; delivered outside the layer after kill returned
        TraceEvent deferral = first(events, e -> e.kind() == TraceKind.SIGNAL_DEFERRED && e.signal() == SIGUSR1);
        TraceEvent killExit = events.subList(events.indexOf(deferral), events.size()).stream()
                .filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("kill")).findFirst().orElseThrow();
        TraceEvent delivered = events.subList(events.indexOf(deferral), events.size()).stream()
                .filter(e -> e.kind() == TraceKind.SIGNAL_DELIVERED && e.signal() == SIGUSR1).findFirst().orElseThrow();
        assertTrue(killExit.seq() < delivered.seq());
        view.revealEvent(deferral.seq());
        DeferredSignal arrival = assertInstanceOf(DeferredSignal.class, chart.itemAt(chart.xOf(deferral.seq()), chart.yOf(thread, 1)));
        assertEquals(List.of("kill", 1, "SIGUSR1"), List.of(arrival.callName(), arrival.depth(), arrival.signalName()));
        SignalDelivery delivery = assertInstanceOf(SignalDelivery.class, chart.itemAt(chart.xOf(delivered.seq()), chart.yOf(thread, 0)));
        assertEquals(List.of(SIGUSR1, 0, delivered.seq()), List.of(delivery.signal(), delivery.depth(), delivery.seq()));
        assertEquals(thread.deferred().indexOf(arrival), delivery.deferred(), "joined to its arrival");
        assertTrue(chart.xOf(killExit.seq()) < chart.xOf(delivered.seq()), "drawn after kill's return");
        Screenshots.take("syscall-nesting-deferred-signal");

        // kill's tooltip decodes it; a click on it selects its entry in every view
        int killX = (chart.xOf(killExit.seq()) + chart.xOf(deferral.seq())) / 2;
        CallSpan kill = chart.spanAt(killX, chart.yOf(thread, 1) + 4);
        assertEquals("kill", kill.name());
        assertEquals(StracePrinter.call(killExit) + " — table, depth 1, at " + killExit.symbol(), chart.tooltipAt(killX, chart.yOf(thread, 1) + 4));
        click(chart, killX, chart.yOf(thread, 1) + 4);
        assertEquals(kill.entrySeq(), TraceFocus.get().selectedSeq());
        TraceFocus.get().select(leave.seq(), null);
        assertEquals(leave.seq(), chart.selectedSeq(), "an event selected elsewhere is outlined here");

        // in virtual time, the blocked read takes nearly all of the run
        view.setAxis(Axis.TIME);
        chart.fit();
        int blockedWidth = chart.xOf(woken.timeNs()) - chart.xOf(leave.timeNs());
        int runWidth = chart.xOf(events.get(events.size() - 1).timeNs()) - chart.xOf(events.get(0).timeNs());
        assertTrue(blockedWidth > runWidth * 9 / 10, blockedWidth + " of " + runWidth);
        assertInstanceOf(BlockedInterval.class, chart.itemAt((chart.xOf(woken.timeNs()) + chart.xOf(leave.timeNs())) / 2,
                chart.yOf(thread, 1)));
        Screenshots.take("syscall-nesting-virtual-time");
        view.setAxis(Axis.ORDER);
    }

    private static TraceEvent first(List<TraceEvent> events, Predicate<TraceEvent> wanted) {
        return events.stream().filter(wanted).findFirst().orElseThrow();
    }

    private static void click(SyscallNestingChart chart, int x, int y) {
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            Event event = new Event();
            event.button = 1;
            event.x = x;
            event.y = y;
            chart.control().notifyListeners(type, event);
        }
    }
}
