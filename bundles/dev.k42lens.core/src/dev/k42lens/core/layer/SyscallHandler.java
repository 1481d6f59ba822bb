package dev.k42lens.core.layer;

/** The in-process implementation of one system call, as K42's layer had one function per call. */
@FunctionalInterface
public interface SyscallHandler {
    /** The call does not return to the caller (exit, exit_group). */
    long NO_RETURN = Long.MIN_VALUE;

    /** Returns the result (>= 0), a negated errno, or {@link #NO_RETURN}. */
    long call(SyscallCall call);
}
