package dev.k42lens.core.cpu.isa;

import dev.k42lens.core.mem.GuestMemory;

/**
 * What an instruction does, stated next to its encoding in the {@link InstructionTable} row that
 * describes it (operation {@link Op#DESCRIBED}): the interpreter calls it, and a translated region
 * calls it at the instruction's place. It changes registers and memory only, never the PC; an
 * access that fails throws {@link dev.k42lens.core.mem.GuestFault} before the instruction has
 * written any register.
 */
@FunctionalInterface
public interface Semantics {
    void execute(Cpu cpu, GuestMemory memory, int word);
}
