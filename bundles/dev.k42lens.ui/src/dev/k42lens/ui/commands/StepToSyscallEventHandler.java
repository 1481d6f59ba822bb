package dev.k42lens.ui.commands;

import java.util.Optional;

import org.eclipse.swt.widgets.Shell;

import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.DebugJobs;

/** Step to Syscall Event: resumes the thread until its next system call entry or exit. */
public final class StepToSyscallEventHandler extends ThreadCommandHandler {
    public StepToSyscallEventHandler() {
        super("step to the next syscall event");
    }

    @Override
    protected boolean canRun(K42LensThread thread) {
        return thread.canStepToSyscallEvent();
    }

    @Override
    protected Optional<DebugJobs.ModelAction> prepare(K42LensThread thread, Shell shell) {
        return Optional.of(thread::stepToSyscallEvent);
    }
}
