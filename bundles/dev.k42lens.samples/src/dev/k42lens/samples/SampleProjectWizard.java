package dev.k42lens.samples;

import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/** File › New › Example… › K42 Lens › K42 Lens Sample Programs: creates the samples project. */
public final class SampleProjectWizard extends BasicNewResourceWizard {
    private SampleProjectPage page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        super.init(workbench, selection);
        setWindowTitle("K42 Lens Sample Programs");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new SampleProjectPage();
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        String name = page.projectName();
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject[] created = new IProject[1];
        WorkspaceModifyOperation operation = new WorkspaceModifyOperation() {
            @Override
            protected void execute(IProgressMonitor monitor) throws CoreException {
                created[0] = SampleProjects.importInto(workspace, name, monitor);
            }
        };
        try {
            getContainer().run(true, true, operation);
        } catch (InterruptedException e) {
            return false; // cancelled: importInto removed what it had made
        } catch (InvocationTargetException e) {
            IStatus status;
            if (e.getCause() instanceof CoreException core) {
                status = core.getStatus();
            } else {
                status = Status.error("Unexpected failure while creating project '" + name + "'", e.getCause());
                ILog.of(getClass()).log(status);
            }
            ErrorDialog.openError(getShell(), "K42 Lens Sample Programs",
                    "Could not create project '" + name + "'.", status);
            return false;
        }
        selectAndReveal(created[0]);
        return true;
    }
}
