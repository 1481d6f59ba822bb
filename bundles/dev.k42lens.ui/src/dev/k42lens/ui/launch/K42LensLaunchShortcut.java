package dev.k42lens.ui.launch;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.statushandlers.StatusManager;

import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.K42LensUi;

/**
 * Run As / Debug As "PPC64 Linux Program (K42 Lens)" on a PPC64 ELF file: launches the configuration
 * that runs the file, creating one named after the file when there is none yet.
 */
public final class K42LensLaunchShortcut implements ILaunchShortcut2 {
    @Override
    public void launch(ISelection selection, String mode) {
        launch(fileIn(selection), mode);
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        launch(fileOf(editor), mode);
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        return configurationsFor(fileIn(selection));
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        return configurationsFor(fileOf(editor));
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        return fileIn(selection);
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return fileOf(editor);
    }

    private static IFile fileIn(ISelection selection) {
        return selection instanceof IStructuredSelection structured && structured.size() == 1
                ? Adapters.adapt(structured.getFirstElement(), IFile.class)
                : null;
    }

    private static IFile fileOf(IEditorPart editor) {
        return Adapters.adapt(editor.getEditorInput(), IFile.class);
    }

    private static void launch(IFile file, String mode) {
        if (file == null) {
            return; // the enablement offers the shortcut on single files only
        }
        try {
            ILaunchConfiguration[] existing = configurationsFor(file);
            ILaunchConfiguration configuration = existing != null ? existing[0] : create(file, mode);
            DebugUITools.launch(configuration, mode);
        } catch (CoreException e) {
            IStatus status = new Status(IStatus.ERROR, K42LensUi.BUNDLE_ID,
                    "Cannot launch " + file.getFullPath() + ".", e);
            StatusManager.getManager().handle(status, StatusManager.SHOW | StatusManager.LOG);
        }
    }

    /** The configurations whose program is {@code file}, or null when there are none (as the platform expects). */
    private static ILaunchConfiguration[] configurationsFor(IFile file) {
        if (file == null) {
            return null;
        }
        String program = LaunchPaths.workspaceLocation(file);
        List<ILaunchConfiguration> matching = new ArrayList<>();
        try {
            for (ILaunchConfiguration configuration : launchManager().getLaunchConfigurations(launchType())) {
                if (program.equals(configuration.getAttribute(LaunchAttributes.PROGRAM, ""))) {
                    matching.add(configuration);
                }
            }
        } catch (CoreException e) {
            return null; // an unreadable configuration: the shortcut creates a fresh one
        }
        return matching.isEmpty() ? null : matching.toArray(ILaunchConfiguration[]::new);
    }

    private static ILaunchConfiguration create(IFile file, String mode) throws CoreException {
        ILaunchConfigurationWorkingCopy configuration = launchType().newInstance(null,
                launchManager().generateLaunchConfigurationName(file.getName()));
        configuration.setAttribute(LaunchAttributes.PROGRAM, LaunchPaths.workspaceLocation(file));
        if (ILaunchManager.DEBUG_MODE.equals(mode)) {
            configuration.setAttribute(LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN);
        }
        configuration.setMappedResources(new IResource[] { file });
        return configuration.doSave();
    }

    private static ILaunchManager launchManager() {
        return DebugPlugin.getDefault().getLaunchManager();
    }

    private static ILaunchConfigurationType launchType() throws CoreException {
        ILaunchConfigurationType type = launchManager().getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID);
        if (type == null) {
            throw new CoreException(new Status(IStatus.ERROR, K42LensUi.BUNDLE_ID,
                    "the launch type " + LaunchAttributes.LAUNCH_TYPE_ID + " is not installed (dev.k42lens.debug)"));
        }
        return type;
    }
}
