package dev.k42lens.core.trace;

import java.io.PrintStream;

import dev.k42lens.core.layer.table.SyscallTable;

/**
 * Prints each finished call as strace does ({@code write(1, "hi\n", 3) = 3}), indented by its
 * nesting depth and followed by how it was dispatched and from where, e.g.
 * {@code <table depth=1 __write+0x2c>}.
 */
public final class StracePrinter implements TraceListener {
    private final PrintStream out;

    public StracePrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void event(TraceEvent e) {
        if (e.kind() != TraceKind.SYSCALL_EXIT) {
            if (e.kind().isSignal()) {
                out.println("--- " + e.kind().label() + " " + dev.k42lens.core.layer.table.Signal.nameOf(e.signal()) + " at depth "
                        + e.depth() + (e.kind() == TraceKind.SIGNAL_DEFERRED ? " in " + e.name() : "") + " ---");
            } else if (e.kind() != TraceKind.SYSCALL_ENTRY) {
                out.println("--- " + e.kind().label() + " " + e.name() + " ---");
            }
            return;
        }
        String result = TABLE.describe(e.nr()).returnFormat().format(e.errno() != 0 ? -e.errno() : e.ret());
        out.println("  ".repeat(Math.max(0, e.depth() - 1)) + e.name() + "(" + e.args() + ") = " + result + "  <" + e.path().label()
                + " depth=" + e.depth() + (e.symbol().isEmpty() ? "" : " " + e.symbol()) + (e.implemented() ? "" : " not implemented")
                + ">");
    }

    private static final SyscallTable TABLE = SyscallTable.ppc64();
}
