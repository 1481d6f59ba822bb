package dev.k42lens.samples;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/**
 * With {@code -Dk42lens.importSamples=true} (which ./ide passes), creates the samples project at
 * start-up unless its name is already taken, so the IDE opens with programs ready to launch.
 */
public final class ImportSamplesAtStartup implements IStartup {
    public static final String PROPERTY = "k42lens.importSamples";

    @Override
    public void earlyStartup() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        // A taken name (the project from an earlier start, or a folder left behind) is not an error here.
        if (SampleProjects.problemWithName(workspace, SampleProjects.DEFAULT_NAME) != null) {
            return;
        }
        IProject project = workspace.getRoot().getProject(SampleProjects.DEFAULT_NAME);
        WorkspaceJob job = new WorkspaceJob("Importing the K42 Lens sample programs") {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                SampleProjects.importInto(workspace, SampleProjects.DEFAULT_NAME, monitor);
                reveal(project);
                return Status.OK_STATUS;
            }
        };
        job.setRule(workspace.getRuleFactory().createRule(project));
        job.schedule();
    }

    private static void reveal(IProject project) {
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        if (workbench.isClosing() || display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
            if (window == null && workbench.getWorkbenchWindowCount() > 0) {
                window = workbench.getWorkbenchWindows()[0];
            }
            if (window != null) {
                BasicNewResourceWizard.selectAndReveal(project, window);
            }
        });
    }
}
