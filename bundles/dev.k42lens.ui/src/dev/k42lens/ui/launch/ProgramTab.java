package dev.k42lens.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.content.IContentDescription;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.ui.content.Ppc64ElfDescriber;

/** The "Program" tab: which program runs, with which arguments, in which directory, and how the guest sees that directory. */
public final class ProgramTab extends K42LensTab {
    private static final int ARGUMENT_LINES = 4;

    /** The last program check, which reads the whole file: isValid runs after every keystroke. */
    private record ProgramCheck(Path program, FileTime modified, long size, String problem) {
    }

    private PathField program;
    private Text arguments;
    private PathField workingDirectory;
    /** One radio button per way the working directory may appear in the guest. */
    private final Map<CwdMount, Button> cwdMount = new EnumMap<>(CwdMount.class);
    private ProgramCheck lastCheck;

    @Override
    public void createControl(Composite parent) {
        Composite page = createPage(parent);
        Group group = createGroup(page, "Program");
        program = new PathField(group, "&Program:", "A 64-bit PowerPC ELF executable", PathField.Target.FILE,
                this::scheduleUpdateJob);
        createTopLabel(group, "&Arguments:");
        arguments = new Text(group, SWT.MULTI | SWT.WRAP | SWT.BORDER | SWT.V_SCROLL);
        GridData argumentsData = new GridData(SWT.FILL, SWT.FILL, true, false);
        argumentsData.heightHint = lineHeight(arguments) * ARGUMENT_LINES;
        arguments.setLayoutData(argumentsData);
        arguments.addModifyListener(e -> scheduleUpdateJob());
        createNote(group, "Split into words as a shell would: quotes group words. String variables such as "
                + "${workspace_loc:/project/file} are substituted.");
        workingDirectory = new PathField(group, "&Working directory:", "Empty: the program's directory",
                PathField.Target.DIRECTORY, this::scheduleUpdateJob);
        createCwdMount(group);
        Dialog.applyDialogFont(page);
    }

    private void createCwdMount(Composite grid) {
        createTopLabel(grid, "In the guest:");
        Composite radios = K42LensUi.flushComposite(grid, 1);
        for (CwdMount mount : List.of(CwdMount.READ_ONLY, CwdMount.READ_WRITE, CwdMount.NONE)) { // the default first
            Button radio = createRadioButton(radios, switch (mount) {
                case READ_ONLY -> "Rea&d-only at its own path";
                case READ_WRITE -> "Read-w&rite: the program may change and delete files there";
                case NONE -> "Not &mounted: the program starts in /";
            });
            radio.addListener(SWT.Selection, e -> scheduleUpdateJob());
            cwdMount.put(mount, radio);
        }
        createNote(grid, "As the command line's --cwd-mount ro, rw or none. Read-only keeps an untrusted program "
                + "from changing your files; use --mount or the Engine tab's mounts for a directory it may write.");
    }

    private static int lineHeight(Text text) {
        GC gc = new GC(text);
        try {
            return gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
    }

    @Override
    public String getName() {
        return "Program";
    }

    @Override
    public String getId() {
        return "dev.k42lens.ui.launch.programTab";
    }

    @Override
    public Image getImage() {
        return K42LensUi.image(K42LensUi.ICON_K42LENS);
    }

    /** A new configuration runs the PPC64 executable selected in the workbench, if one is. */
    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        IResource selected = DebugUITools.getSelectedResource();
        if (selected instanceof IFile file && isPpc64Elf(file)) {
            configuration.setAttribute(LaunchAttributes.PROGRAM, LaunchPaths.workspaceLocation(file));
            configuration.rename(getLaunchManager().generateLaunchConfigurationName(file.getName()));
        }
    }

    private static boolean isPpc64Elf(IFile file) {
        try {
            IContentDescription description = file.getContentDescription();
            return description != null
                    && Ppc64ElfDescriber.CONTENT_TYPE_ID.equals(description.getContentType().getId());
        } catch (CoreException e) {
            return false; // unreadable: not a program to offer
        }
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        program.setValue(attribute(configuration, LaunchAttributes.PROGRAM, ""));
        arguments.setText(attribute(configuration, LaunchAttributes.ARGUMENTS, ""));
        workingDirectory.setValue(attribute(configuration, LaunchAttributes.WORKING_DIRECTORY, ""));
        String mount = attribute(configuration, LaunchAttributes.CWD_MOUNT, CwdMount.DEFAULT.option());
        cwdMount.forEach((value, radio) -> radio.setSelection(value.option().equals(mount)));
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        setOrRemove(configuration, LaunchAttributes.PROGRAM, program.value());
        setOrRemove(configuration, LaunchAttributes.ARGUMENTS, arguments.getText().trim());
        setOrRemove(configuration, LaunchAttributes.WORKING_DIRECTORY, workingDirectory.value());
        cwdMount.forEach((value, radio) -> {
            if (radio.getSelection()) {
                setOrRemove(configuration, LaunchAttributes.CWD_MOUNT, value == CwdMount.DEFAULT ? "" : value.option());
            }
        });
    }

    @Override
    protected String problem() {
        return firstProblem(List.of(this::problemWithProgram,
                () -> LaunchPaths.problemWithDirectory("Working directory", workingDirectory.value())));
    }

    private String problemWithProgram() {
        if (program.value().isEmpty()) {
            return "Enter the program to run: a 64-bit PowerPC ELF executable.";
        }
        try {
            return problemWithProgram(LaunchPaths.resolve(program.value()));
        } catch (CoreException | InvalidPathException e) {
            return "Program: " + e.getMessage();
        }
    }

    private String problemWithProgram(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return LaunchAttributes.problemWithProgram(path); // names what is missing
        }
        ProgramCheck last = lastCheck;
        if (last != null && last.program.equals(path) && last.modified.equals(attributes.lastModifiedTime())
                && last.size == attributes.size()) {
            return last.problem;
        }
        String problem = LaunchAttributes.problemWithProgram(path);
        lastCheck = new ProgramCheck(path, attributes.lastModifiedTime(), attributes.size(), problem);
        return problem;
    }
}
