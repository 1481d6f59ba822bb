package dev.k42lens.ui.views;

import org.eclipse.core.runtime.IPath;
import org.eclipse.ui.IEditorLauncher;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.statushandlers.StatusManager;

/** Opens a trace file of the workspace (double-click, Open With) in the Dispatch Trace view. */
public final class TraceFileLauncher implements IEditorLauncher {
    @Override
    public void open(IPath file) {
        try {
            var page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            ((DispatchTraceView) page.showView(DispatchTraceView.ID)).open(file.toPath());
        } catch (PartInitException e) {
            StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
        }
    }
}
