package dev.k42lens.core.trace;

/** The kinds of trace events; {@link #label()} is the name exports use. */
public enum TraceKind {
    SYSCALL_ENTRY, SYSCALL_EXIT,
    /** A signal was generated for the thread. */
    SIGNAL_POSTED,
    /** It arrived while the thread was in the layer: it waits for the outermost return. */
    SIGNAL_DEFERRED,
    /** A handler frame was built (or the default action taken) for it. */
    SIGNAL_DELIVERED,
    /** rt_sigreturn restored the state the handler interrupted. */
    SIGRETURN,
    /** The thread's signal mask changed; args holds the new mask, e.g. {@code [USR1 ALRM]}. */
    SIGNAL_MASK,
    /** A call that must wait left the layer (depth 0) before blocking. */
    LEAVE_TO_BLOCK, BLOCKED, WOKEN,
    /** The interrupted or woken call starts again from its call site. */
    RESTART,
    /** A thread was created (target_tid is the new one) or ended (target_tid is itself). */
    THREAD_START, THREAD_EXIT,
    /** A process was created (target_tid is the child's pid), replaced its image, or ended. */
    FORK, EXEC, EXIT,
    /** The layer asked a privileged server (file system, pipe, process) to do part of a call. */
    SERVER_CALL, SERVER_RETURN,
    /** A transfer-table slot ({@code nr}, {@code name}) was pointed at another handler, named in {@code args} (e.g. k42:enosys). */
    SLOT_SWAP;

    /** True for the kinds that concern one signal. */
    public boolean isSignal() {
        return this == SIGNAL_POSTED || this == SIGNAL_DEFERRED || this == SIGNAL_DELIVERED || this == SIGRETURN;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
