package dev.k42lens.core.trace;

import java.io.PrintStream;

import dev.k42lens.core.layer.table.SyscallTable;

/**
 * Prints each finished call as strace does ({@code write(1, "hi\n", 3) = 3}), indented by its
 * nesting depth and followed by how it was dispatched and from where, e.g.
 * {@code <table depth=1 __write+0x2c>}. Lines of other threads and processes than the first start
 * with {@code [pid TID]}, as with strace -f.
 */
public final class StracePrinter implements TraceListener {
    private final PrintStream out;
    private int firstTid;

    public StracePrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void event(TraceEvent e) {
        if (firstTid == 0) {
            firstTid = e.tid();
        }
        if (e.kind() == TraceKind.SYSCALL_ENTRY || e.kind() == TraceKind.SIGNAL_MASK) {
            return; // strace shows a mask only in the arguments of the calls that change it
        }
        // as strace -f: lines of any thread or process but the first name it
        out.print(e.tid() == firstTid ? "" : "[pid " + e.tid() + "] ");
        if (e.kind() != TraceKind.SYSCALL_EXIT) {
            if (e.kind().isSignal()) {
                out.println("--- " + e.kind().label() + " " + dev.k42lens.core.layer.table.Signal.nameOf(e.signal()) + " at depth "
                        + e.depth() + (e.kind() == TraceKind.SIGNAL_DEFERRED ? " in " + e.name() : "") + " ---");
            } else {
                out.println("--- " + e.kind().label() + " " + subject(e) + " ---");
            }
            return;
        }
        out.println("  ".repeat(Math.max(0, e.depth() - 1)) + call(e) + "  <" + e.path().label()
                + " depth=" + e.depth() + (e.symbol().isEmpty() ? "" : " " + e.symbol()) + (e.implemented() ? "" : " not implemented")
                + ">");
    }

    /** A finished call as strace prints it, from its exit event: {@code write(1, "hi\n", 3) = 3}. */
    public static String call(TraceEvent exit) {
        String result = TABLE.describe(exit.nr()).returnFormat().format(exit.errno() != 0 ? -exit.errno() : exit.ret());
        return exit.name() + "(" + exit.args() + ") = " + result;
    }

    /** What a non-call event is about: the server request, the thread or process, or the waiting call. */
    private static String subject(TraceEvent e) {
        return switch (e.kind()) {
            case SERVER_CALL, SERVER_RETURN -> e.args() + " " + e.name();
            case THREAD_START, THREAD_EXIT -> "tid " + e.targetTid();
            case FORK -> "child pid " + e.targetTid();
            case EXEC, EXIT -> "pid " + e.pid();
            case SLOT_SWAP -> "slot " + e.nr() + " (" + e.name() + ") to " + e.args();
            default -> e.name();
        };
    }

    private static final SyscallTable TABLE = SyscallTable.ppc64();
}
