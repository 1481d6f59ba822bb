package dev.k42lens.ui.breakpoints;

import org.eclipse.swt.widgets.Shell;

/** The "Add Signal Catchpoint..." command. */
public final class AddSignalCatchpointHandler extends AddCatchpointHandler {
    @Override
    protected CatchpointDialog createDialog(Shell shell) {
        return new SignalCatchpointDialog(shell);
    }
}
