package dev.k42lens.ui.commands;

import java.util.Optional;

import org.eclipse.swt.widgets.Shell;

import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.AddressPrompt;
import dev.k42lens.ui.DebugJobs;

/** Run to Address...: asks for an address or symbol, then resumes the thread until it gets there. */
public final class RunToAddressHandler extends ThreadCommandHandler {
    public RunToAddressHandler() {
        super("run to the address");
    }

    @Override
    protected boolean canRun(K42LensThread thread) {
        return thread.canRunToAddress();
    }

    /** The model resolves the expression on the job too: a symbol lookup may have to ask the engine. */
    @Override
    protected Optional<DebugJobs.ModelAction> prepare(K42LensThread thread, Shell shell) {
        return AddressPrompt.ask(shell, "Run to Address", "")
                .map(expression -> () -> thread.runToAddress(thread.resolveAddress(expression)));
    }
}
