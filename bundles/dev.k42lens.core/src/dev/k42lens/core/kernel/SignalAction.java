package dev.k42lens.core.kernel;

/**
 * What a process does with a signal, as rt_sigaction stores it: the handler (SIG_DFL, SIG_IGN or
 * a guest address, an ELFv1 function descriptor on big-endian), the SA_* flags, the mask added
 * while the handler runs, and the restorer (unused: returns go through the layer's trampoline).
 */
public record SignalAction(long handler, long flags, long mask, long restorer) {
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;
    public static final long SA_NOCLDSTOP = 0x1;
    public static final long SA_SIGINFO = 0x4;
    public static final long SA_RESTORER = 0x04000000L;
    public static final long SA_ONSTACK = 0x08000000L;
    public static final long SA_RESTART = 0x10000000L;
    public static final long SA_NODEFER = 0x40000000L;
    public static final long SA_RESETHAND = 0x80000000L;

    public static final SignalAction DEFAULT = new SignalAction(SIG_DFL, 0, 0, 0);

    public boolean has(long flag) {
        return (flags & flag) != 0;
    }

    /** What the default action of signal {@code signo} is on Linux. */
    public enum Default {
        TERMINATE, CORE, IGNORE, STOP, CONTINUE
    }

    public static Default defaultOf(int signo) {
        return switch (signo) {
            case 3, 4, 5, 6, 7, 8, 11, 24, 25, 31 -> Default.CORE;
            case 17, 23, 28 -> Default.IGNORE;
            case 18 -> Default.CONTINUE;
            case 19, 20, 21, 22 -> Default.STOP;
            default -> Default.TERMINATE;
        };
    }

    /** True when delivering {@code signo} with this action would do nothing at all. */
    public boolean ignores(int signo) {
        return handler == SIG_IGN || (handler == SIG_DFL && (defaultOf(signo) == Default.IGNORE || defaultOf(signo) == Default.CONTINUE));
    }
}
