package dev.k42lens.core.layer;

/** The in-process implementation of one system call, as K42's layer had one function per call. */
@FunctionalInterface
public interface SyscallHandler {
    /** The call does not return to the caller (exit, exit_group). */
    long NO_RETURN = Long.MIN_VALUE;
    /** The call set every register itself (rt_sigreturn): no result convention applies. */
    long REGISTERS_SET = Long.MIN_VALUE + 1;
    /** The call must wait: the thread leaves the layer, then blocks (see {@link SyscallCall#block}). */
    long WOULD_BLOCK = Long.MIN_VALUE + 2;

    /** Returns the result (>= 0), a negated errno, or {@link #NO_RETURN}. */
    long call(SyscallCall call);
}
