package dev.k42lens.core.layer;

import java.util.Locale;

import dev.k42lens.core.layer.table.SyscallDescriptor;
import dev.k42lens.core.layer.table.SyscallTable;

/** A hot-swap of transfer-table slot {@code slot} to handler {@code handler} (a call's number, or {@link TransferTable#ENOSYS_HANDLER}). */
public record SlotSwap(int slot, int handler) {
    /**
     * Reads {@code SLOT=HANDLER} as users write it: each side a ppc64 call's name or number, and
     * {@code enosys} for the handler that fails every call with ENOSYS (e.g. {@code getpid=enosys},
     * {@code write=getpid}). A bad spec is an IllegalArgumentException that says why.
     */
    public static SlotSwap parse(String spec) {
        int equals = spec.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("bad slot swap '" + spec + "' (expected SLOT=HANDLER, e.g. getpid=enosys or write=getpid)");
        }
        String handler = spec.substring(equals + 1).trim();
        return new SlotSwap(callNumber(spec.substring(0, equals)),
                handler.toLowerCase(Locale.ROOT).equals("enosys") ? TransferTable.ENOSYS_HANDLER : callNumber(handler));
    }

    /** The number of the ppc64 call {@code text} names or numbers. */
    public static int callNumber(String text) {
        String trimmed = text.trim();
        SyscallTable syscalls = SyscallTable.ppc64();
        try {
            int number = Integer.parseInt(trimmed);
            if (syscalls.byNumber(number).isPresent()) {
                return number;
            }
        } catch (NumberFormatException e) {
            var named = syscalls.byName(trimmed);
            if (named.isPresent()) {
                return named.get().number();
            }
        }
        throw new IllegalArgumentException("no ppc64 system call is named or numbered '" + trimmed + "'");
    }
}
