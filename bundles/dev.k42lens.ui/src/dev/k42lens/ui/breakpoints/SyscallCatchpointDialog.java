package dev.k42lens.ui.breakpoints;

import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.debug.breakpoints.SyscallCatchpoint;
import dev.k42lens.ui.DebugJobs;

/** Add Syscall Catchpoint: stops a thread when it enters or leaves a given system call. */
final class SyscallCatchpointDialog extends CatchpointDialog {
    /** The dispatch paths a catchpoint can require, as SyscallCatchpoint names them, with their labels. */
    private static final List<Map.Entry<String, String>> PATHS = List.of(
            Map.entry("any", "Any path"),
            Map.entry("table", "Through the transfer table"),
            Map.entry("trap", "By trap reflection"));
    private static final int MIN_DEPTH = 1;
    private static final int MAX_DEPTH = 8;

    private Text syscall;
    private Button entry;
    private Button exit;
    private Combo path;
    private Spinner minimumDepth;

    SyscallCatchpointDialog(Shell shell) {
        super(shell, "Add Syscall Catchpoint",
                "Suspend a thread when it enters or leaves a system call, whichever way the call reaches the layer.");
    }

    @Override
    protected void createFields(Composite grid) {
        syscall = createTextField(grid, "System &call:", "A name such as write, or a number such as 4");
        Composite stopOn = createRow(grid, "Stop on:");
        entry = createCheckbox(stopOn, "&Entry", true);
        exit = createCheckbox(stopOn, "E&xit", true);
        new Label(grid, SWT.NONE).setText("&Path:");
        path = new Combo(grid, SWT.READ_ONLY);
        PATHS.forEach(p -> path.add(p.getValue()));
        path.select(0);
        new Label(grid, SWT.NONE).setText("Minimum &depth:");
        minimumDepth = new Spinner(grid, SWT.BORDER);
        minimumDepth.setValues(MIN_DEPTH, MIN_DEPTH, MAX_DEPTH, 0, 1, 1);
        createNote(grid, "Depth 1 catches every call; 2 or more only calls the layer makes while it handles "
                + "another (nested calls).");
    }

    @Override
    protected String problem() {
        String problem = CatchpointSubjects.syscall(syscall.getText()).problem();
        if (problem == null && !entry.getSelection() && !exit.getSelection()) {
            problem = "Choose when to stop: on entry, on exit, or both.";
        }
        return problem;
    }

    @Override
    protected DebugJobs.ModelAction creation() {
        String call = CatchpointSubjects.syscall(syscall.getText()).value();
        boolean onEntry = entry.getSelection();
        boolean onExit = exit.getSelection();
        String requiredPath = PATHS.get(path.getSelectionIndex()).getKey();
        int depth = minimumDepth.getSelection();
        return () -> SyscallCatchpoint.create(call, onEntry, onExit, requiredPath, depth);
    }

    @Override
    protected String what() {
        return "syscall catchpoint";
    }
}
