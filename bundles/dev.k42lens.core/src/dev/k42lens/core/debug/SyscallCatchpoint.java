package dev.k42lens.core.debug;

import dev.k42lens.core.layer.table.SyscallTable;
import dev.k42lens.core.trace.DispatchPath;

/**
 * Stops when a system call enters or leaves the layer.
 *
 * @param number the call's number, or -1 for every call
 * @param path only calls that came this way, or null for both
 * @param minimumDepth only calls at least this deep in the layer (1: calls from guest code too)
 */
public record SyscallCatchpoint(int number, boolean onEntry, boolean onExit, DispatchPath path, int minimumDepth) {
    public SyscallCatchpoint {
        if (!onEntry && !onExit) {
            throw new IllegalArgumentException("a syscall catchpoint stops on entry, on exit or on both");
        }
        if (minimumDepth < 1) {
            throw new IllegalArgumentException("the minimum depth is 1 or more, not " + minimumDepth);
        }
    }

    /**
     * The number of the ppc64 call named {@code syscall} ("write"), given as a decimal number ("4"),
     * or -1 for "any"; an unknown name is an IllegalArgumentException saying so.
     */
    public static int numberOf(String syscall) {
        String text = syscall.trim().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("any") || text.equals("*")) {
            return -1;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no system call given: a name such as write, or a number such as 4");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            int number = text.length() > 4 ? -1 : Integer.parseInt(text);
            return SyscallTable.ppc64().byNumber(number).map(d -> d.number())
                    .orElseThrow(() -> new IllegalArgumentException("no ppc64 system call has the number " + text));
        }
        return SyscallTable.ppc64().byName(text)
                .orElseThrow(() -> new IllegalArgumentException("'" + syscall.trim() + "' is not a ppc64 system call name")).number();
    }

    /** True when a call {@code number} at {@code depth} that came by {@code callPath} is one this catchpoint wants. */
    public boolean matches(int callNumber, DispatchPath callPath, int depth) {
        return (number < 0 || number == callNumber) && (path == null || path == callPath) && depth >= minimumDepth;
    }

    /** "write entry via table, depth >= 2" */
    public String describe() {
        String name = number < 0 ? "any call" : SyscallTable.ppc64().byNumber(number).map(d -> d.name()).orElse("syscall " + number);
        String when = onEntry && onExit ? "entry/exit" : onEntry ? "entry" : "exit";
        return name + " " + when + (path == null ? "" : " via " + path.label()) + (minimumDepth > 1 ? ", depth >= " + minimumDepth : "");
    }
}
