package dev.k42lens.ui.commands;

import java.util.Optional;

import org.eclipse.swt.widgets.Shell;

import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.DebugJobs;

/** Run to Outermost Return: resumes the thread until it leaves the system-call layer (depth 0). */
public final class RunToOutermostReturnHandler extends ThreadCommandHandler {
    public RunToOutermostReturnHandler() {
        super("run to the outermost return");
    }

    @Override
    protected boolean canRun(K42LensThread thread) {
        return thread.canRunToOutermostReturn();
    }

    @Override
    protected Optional<DebugJobs.ModelAction> prepare(K42LensThread thread, Shell shell) {
        return Optional.of(thread::runToOutermostReturn);
    }
}
