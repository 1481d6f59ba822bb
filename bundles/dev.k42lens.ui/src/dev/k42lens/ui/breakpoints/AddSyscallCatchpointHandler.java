package dev.k42lens.ui.breakpoints;

import org.eclipse.swt.widgets.Shell;

/** The "Add Syscall Catchpoint..." command. */
public final class AddSyscallCatchpointHandler extends AddCatchpointHandler {
    @Override
    protected CatchpointDialog createDialog(Shell shell) {
        return new SyscallCatchpointDialog(shell);
    }
}
