package dev.k42lens.ui.breakpoints;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/** Opens a catchpoint dialog; the dialog adds the catchpoint. Catchpoints need no running program. */
abstract class AddCatchpointHandler extends AbstractHandler {
    protected abstract CatchpointDialog createDialog(Shell shell);

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        createDialog(HandlerUtil.getActiveShellChecked(event)).open();
        return null;
    }
}
