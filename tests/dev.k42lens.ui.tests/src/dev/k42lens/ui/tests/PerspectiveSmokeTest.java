package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.k42lens.ui.K42LensPerspective;
import dev.k42lens.ui.views.DeferredSignalsView;
import dev.k42lens.ui.views.DispatchGraphView;
import dev.k42lens.ui.views.DispatchTraceView;
import dev.k42lens.ui.views.K42LensView;
import dev.k42lens.ui.views.K42LensViews;
import dev.k42lens.ui.views.SyscallNestingView;
import dev.k42lens.ui.views.TransferTableView;

/** Opens the K42 Lens perspective in a real workbench and shows each of its five views. */
class PerspectiveSmokeTest {
    private static final Map<String, Class<? extends K42LensView>> VIEWS = Map.of(
            K42LensViews.TRANSFER_TABLE, TransferTableView.class,
            K42LensViews.DISPATCH_GRAPH, DispatchGraphView.class,
            K42LensViews.SYSCALL_NESTING, SyscallNestingView.class,
            K42LensViews.DEFERRED_SIGNALS, DeferredSignalsView.class,
            K42LensViews.DISPATCH_TRACE, DispatchTraceView.class);

    private static final Map<String, String> TITLES = Map.of(
            K42LensViews.TRANSFER_TABLE, "Transfer Table",
            K42LensViews.DISPATCH_GRAPH, "Dispatch Graph",
            K42LensViews.SYSCALL_NESTING, "Syscall Nesting",
            K42LensViews.DEFERRED_SIGNALS, "Deferred Signals",
            K42LensViews.DISPATCH_TRACE, "Dispatch Trace");

    private IWorkbenchPage page;

    @BeforeEach
    void openPerspective() throws WorkbenchException {
        var workbench = PlatformUI.getWorkbench();
        var window = workbench.getActiveWorkbenchWindow();
        assertNotNull(window, "the workbench has no window");
        page = window.getActivePage();
        page.closeAllPerspectives(false, false);
        workbench.showPerspective(K42LensPerspective.ID, window);
        processUiEvents();
    }

    @Test
    void thePerspectiveIsActiveAndPlacesTheFiveViews() {
        assertEquals(K42LensPerspective.ID, page.getPerspective().getId());
        assertEquals("K42 Lens", page.getPerspective().getLabel());
        for (String id : K42LensViews.ALL) {
            IViewReference reference = page.findViewReference(id);
            assertNotNull(reference, "the perspective does not place " + id);
            assertEquals(TITLES.get(id), reference.getPartName());
        }
    }

    @Test
    void eachViewOpensShowsItsPurposeAndTakesFocus() throws Exception {
        for (String id : K42LensViews.ALL) {
            IViewPart part = page.showView(id);
            processUiEvents();
            K42LensView view = assertInstanceOf(VIEWS.get(id), part, id);
            assertEquals(TITLES.get(id), view.getPartName());
            assertTrue(page.isPartVisible(view), id + " is not visible after showView");
            assertEquals(view, page.getActivePart(), id + " did not become the active part");
            String message = view.emptyStateMessage();
            assertFalse(message.isBlank(), id + " shows no text");
            assertTrue(message.contains("no K42 Lens session"), message);
        }
    }

    private static void processUiEvents() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // drain pending UI work so the parts are created and laid out before asserting
        }
    }
}
