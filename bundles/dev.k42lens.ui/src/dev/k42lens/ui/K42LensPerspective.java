package dev.k42lens.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

import dev.k42lens.ui.disassembly.DisassemblyView;
import dev.k42lens.ui.views.K42LensViews;

/**
 * The K42 Lens perspective: Project Explorer, Debug and Breakpoints on the left, the Disassembly
 * view above the source editor in the middle,
 * Registers, Transfer Table and Deferred Signals on the right, the Console and the trace, nesting and
 * graph views across the bottom.
 */
public final class K42LensPerspective implements IPerspectiveFactory {
    public static final String ID = "dev.k42lens.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();

        IFolderLayout bottom = layout.createFolder("dev.k42lens.ui.bottom", IPageLayout.BOTTOM, 0.62f, editorArea);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addView(K42LensViews.DISPATCH_TRACE);
        bottom.addView(K42LensViews.SYSCALL_NESTING);
        bottom.addView(K42LensViews.DISPATCH_GRAPH);
        bottom.addPlaceholder(IDebugUIConstants.ID_MEMORY_VIEW);

        IFolderLayout left = layout.createFolder("dev.k42lens.ui.left", IPageLayout.LEFT, 0.28f, editorArea);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER); // the samples project and its launch configurations
        left.addView(IDebugUIConstants.ID_DEBUG_VIEW);
        left.addView(IDebugUIConstants.ID_BREAKPOINT_VIEW);

        IFolderLayout right = layout.createFolder("dev.k42lens.ui.right", IPageLayout.RIGHT, 0.55f, editorArea);
        right.addView(IDebugUIConstants.ID_REGISTER_VIEW);
        right.addView(K42LensViews.TRANSFER_TABLE);
        right.addView(K42LensViews.DEFERRED_SIGNALS);
        right.addPlaceholder(IDebugUIConstants.ID_VARIABLE_VIEW);

        // the Disassembly view above the editor area, where C sources open when the binary has DWARF lines
        IFolderLayout middle = layout.createFolder("dev.k42lens.ui.middle", IPageLayout.TOP, 0.55f, editorArea);
        middle.addView(DisassemblyView.ID);

        for (String view : K42LensViews.ALL) {
            layout.addShowViewShortcut(view);
        }
        layout.addShowViewShortcut(DisassemblyView.ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROJECT_EXPLORER);
        layout.addShowViewShortcut(IDebugUIConstants.ID_DEBUG_VIEW);
        layout.addShowViewShortcut(IDebugUIConstants.ID_REGISTER_VIEW);
        layout.addShowViewShortcut(IDebugUIConstants.ID_MEMORY_VIEW);
        layout.addShowViewShortcut(IConsoleConstants.ID_CONSOLE_VIEW);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
        layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);
        layout.addActionSet(IDebugUIConstants.DEBUG_ACTION_SET);
    }
}
