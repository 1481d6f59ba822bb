package dev.k42lens.ui.views;

/** The Syscall Nesting view. */
public final class SyscallNestingView extends K42LensView {
    @Override
    protected String purpose() {
        return "Per thread, system calls over time by nesting depth, with leave-to-block, blocked intervals and deferred signals.";
    }
}
