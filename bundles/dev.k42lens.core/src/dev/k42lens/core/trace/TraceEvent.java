package dev.k42lens.core.trace;

/**
 * One observable step of a run. For syscall events: {@code nr}, {@code name}, the decoded
 * {@code args}, and at exit {@code ret} and {@code errno} (0 when the call succeeded); {@code path}
 * says whether it came through the transfer table or a trap, {@code depth} is the thread's nesting
 * depth in the layer (1 for a call from guest code, 2 for a call a handler made), {@code site} the
 * address of the calling {@code sc} (or of the calling handler's entry for nested calls) and
 * {@code symbol} its function, e.g. {@code __write+0x1c}. Signal events carry the signal number
 * in {@code signal} (0 on other events), in {@code args} the thread's pending signals after the
 * event as strace prints a sigset ({@code [USR2]}, {@code ~[KILL STOP]} for most), and, for a
 * deferral, the call it arrived in as {@code nr} and {@code name}. A {@code signal_mask} event has
 * the thread's new signal mask in {@code args} in that form; one follows every change of the mask
 * (rt_sigprocmask, rt_sigsuspend, entering a handler, rt_sigreturn, a fault unblocking its signal)
 * and the creation of a thread or process that inherits a non-empty one, so a thread's mask is
 * empty until its first. Thread events name the thread started or ended in {@code targetTid}.
 * {@code implemented} is false for a call whose transfer-table slot has no handler (it returns
 * ENOSYS without doing anything), true otherwise.
 */
public record TraceEvent(long seq, long timeNs, int pid, int tid, TraceKind kind, int nr, String name, String args,
        long ret, int errno, DispatchPath path, int depth, long site, String symbol, int signal, int targetTid,
        boolean implemented) {
}
