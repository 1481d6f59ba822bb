package dev.k42lens.core.debug;

import dev.k42lens.core.kernel.GuestThread;

/**
 * One frame of a guest thread's stack as a debugger shows it: either a code frame (an instruction
 * address, its stack pointer and function) or, while the thread is inside the syscall layer, a
 * frame of an active call, tagged with its dispatch path and depth.
 *
 * @param address the frame's instruction address: the PC for the innermost code frame, a return
 *     address for the others, the handler entry for a layer frame
 * @param function e.g. "main+0x1c", or "" when no symbol covers the address
 * @param call the active layer call, or null for a code frame
 * @param source the source line of a code frame's instruction (for a caller: of its call), or null
 */
public record Frame(long address, long stackPointer, String function, GuestThread.LayerCall call,
        dev.k42lens.core.elf.DwarfLineTable.SourceLine source) {
    /** "write [depth 1 via table]" or "main+0x1c". */
    public String label() {
        if (call != null) {
            return call.name() + " [depth " + call.depth() + " via " + call.path().label() + "]";
        }
        String name = function.isEmpty() ? String.format("0x%x", address) : function;
        return source == null ? name : name + " at " + source.file() + ":" + source.line();
    }

    public boolean isLayerFrame() {
        return call != null;
    }
}
