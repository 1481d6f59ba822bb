package dev.k42lens.ui.launch;

import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ContainerSelectionDialog;
import org.eclipse.ui.dialogs.ElementTreeSelectionDialog;
import org.eclipse.ui.model.WorkbenchContentProvider;
import org.eclipse.ui.model.WorkbenchLabelProvider;
import org.eclipse.ui.model.WorkbenchViewerComparator;

import dev.k42lens.ui.K42LensUi;

/**
 * One path of a launch tab, as a row of a two-column grid: the label, then the text with the buttons
 * that fill it from the workspace (as ${workspace_loc:...}, so the configuration survives a moved
 * workspace) or from the file system.
 */
final class PathField {
    /** What the path names, which decides the browse dialogs. */
    enum Target {
        /** An existing file. */
        FILE,
        /** An existing directory. */
        DIRECTORY,
        /** A file the engine creates (the file system only: the engine writes outside the workspace's knowledge). */
        NEW_FILE
    }

    private final Target target;
    private final Text text;

    /**
     * @param emptyMeaning shown in the empty text: what leaving it empty means
     * @param onChange     runs after every edit
     */
    PathField(Composite grid, String label, String emptyMeaning, Target target, Runnable onChange) {
        this.target = target;
        new Label(grid, SWT.NONE).setText(label);
        boolean workspace = target != Target.NEW_FILE;
        Composite row = K42LensUi.flushComposite(grid, workspace ? 3 : 2);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text = new Text(row, SWT.SINGLE | SWT.BORDER);
        text.setMessage(emptyMeaning);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.addModifyListener(e -> onChange.run());
        if (workspace) {
            button(row, "Workspace...").addListener(SWT.Selection, e -> browseWorkspace());
        }
        button(row, "File System...").addListener(SWT.Selection, e -> browseFileSystem());
    }

    /** The text, trimmed. */
    String value() {
        return text.getText().trim();
    }

    void setValue(String value) {
        text.setText(value);
    }

    private static Button button(Composite row, String label) {
        Button button = new Button(row, SWT.PUSH);
        button.setText(label);
        button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        return button;
    }

    private void browseWorkspace() {
        IResource chosen = target == Target.FILE ? chooseWorkspaceFile() : chooseWorkspaceFolder();
        if (chosen != null) {
            text.setText(LaunchPaths.workspaceLocation(chosen));
        }
    }

    private IResource chooseWorkspaceFile() {
        ElementTreeSelectionDialog dialog = new ElementTreeSelectionDialog(text.getShell(),
                new WorkbenchLabelProvider(), new WorkbenchContentProvider());
        dialog.setTitle("Select Program");
        dialog.setMessage("Select a 64-bit PowerPC ELF executable from the workspace:");
        dialog.setInput(ResourcesPlugin.getWorkspace().getRoot());
        dialog.setComparator(new WorkbenchViewerComparator());
        dialog.setAllowMultiple(false);
        dialog.setValidator(selection -> selection.length == 1 && selection[0] instanceof IFile
                ? Status.OK_STATUS
                : Status.error("Select a file."));
        return dialog.open() == Window.OK && dialog.getFirstResult() instanceof IFile file ? file : null;
    }

    private IResource chooseWorkspaceFolder() {
        ContainerSelectionDialog dialog = new ContainerSelectionDialog(text.getShell(),
                ResourcesPlugin.getWorkspace().getRoot(), false, "Select a folder from the workspace:");
        if (dialog.open() != Window.OK || dialog.getResult() == null || dialog.getResult().length == 0) {
            return null;
        }
        return ResourcesPlugin.getWorkspace().getRoot().findMember((IPath) dialog.getResult()[0]);
    }

    private void browseFileSystem() {
        String start = startingDirectory();
        String chosen;
        if (target == Target.DIRECTORY) {
            DirectoryDialog dialog = new DirectoryDialog(text.getShell());
            dialog.setFilterPath(start);
            chosen = dialog.open();
        } else {
            FileDialog dialog = new FileDialog(text.getShell(), target == Target.FILE ? SWT.OPEN : SWT.SAVE);
            dialog.setFilterPath(start);
            // every launch rewrites the trace file, so picking an existing one is the usual case
            dialog.setOverwrite(false);
            chosen = dialog.open();
        }
        if (chosen != null) {
            text.setText(chosen);
        }
    }

    /** Where the file-system dialogs open: the current value's directory when it resolves, else their default. */
    private String startingDirectory() {
        if (value().isEmpty()) {
            return null;
        }
        try {
            Path current = LaunchPaths.resolve(value()).toAbsolutePath();
            Path directory = target == Target.DIRECTORY ? current : current.getParent();
            return directory == null ? null : directory.toString();
        } catch (CoreException | IllegalArgumentException e) {
            return null; // an unfinished value: the dialog opens where it would anyway
        }
    }
}
