package dev.k42lens.core.elf;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * A program ready to start: its images in guest memory and the initial register values. Every other
 * register starts at zero (PPC64-LINUX-ABI: "all GPRs, LR, CTR, XER, CR, FPSCR zero except r1").
 *
 * @param pc where execution starts: the interpreter's entry when there is one, else the program's
 * @param stackPointer r1, 16-byte aligned, pointing at argc
 * @param toc r2: the TOC from the start function's descriptor (ELFv1), 0 for ELFv2
 * @param r12 the start address for ELFv2, whose global entry computes r2 from r12; 0 for ELFv1
 * @param brk the initial program break: the page after the executable's highest segment
 * @param programHeaderAddress AT_PHDR, or 0 when the program headers are not in memory
 * @param auxvAddress where the auxiliary vector starts on the stack
 * @param auxv the auxiliary vector as written, ending with AT_NULL
 */
public record LoadedProgram(LoadedImage executable, Optional<LoadedImage> interpreter, Abi abi, ByteOrder byteOrder,
        CpuModel cpu, long pc, long stackPointer, long toc, long r12, long brk, long programHeaderAddress,
        long auxvAddress, List<AuxEntry> auxv) {
    public LoadedProgram {
        auxv = List.copyOf(auxv);
    }

    /** True when the program names an interpreter (PT_INTERP) that links it at run time. */
    public boolean isDynamicallyLinked() {
        return interpreter.isPresent();
    }

    /** The function of the executable or the interpreter containing a run-time address. */
    public Optional<SymbolLocation> symbolAt(long address) {
        return executable.symbolAt(address).or(() -> interpreter.flatMap(i -> i.symbolAt(address)));
    }
}
