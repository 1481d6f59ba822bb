package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.FC;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RS;
import static dev.k42lens.core.cpu.isa.Operand.RT;

import java.util.Set;

import dev.k42lens.core.mem.GuestMemory;

/**
 * The atomic memory operations (Power ISA 3.0): lwat/ldat fetch a word or doubleword at (RA|0)
 * into RT while combining it with the operand in RT+1 (and RT+2 for compare-and-swap), as the
 * function code FC says; stwat/stdat combine RS into memory. One guest thread runs at a time, so
 * the read-modify-write is atomic as it stands. Registers RT+1, RT+2 wrap from r31 to r0.
 */
final class AtomicMemory {
    private static final int X = 0xfc0007ff;
    private static final Set<Integer> LOAD_FUNCTIONS = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 24, 25, 28);
    private static final Set<Integer> STORE_FUNCTIONS = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 24);

    private AtomicMemory() {
    }

    static void describe(InstructionTable t) {
        t.described("lwat", 31 << 26 | 582 << 1, X, w -> LOAD_FUNCTIONS.contains(FC.value(w)), (c, m, w) -> load(c, m, w, 4), RT,
                RA0, FC);
        t.described("ldat", 31 << 26 | 614 << 1, X, w -> LOAD_FUNCTIONS.contains(FC.value(w)), (c, m, w) -> load(c, m, w, 8), RT,
                RA0, FC);
        t.described("stwat", 31 << 26 | 710 << 1, X, w -> STORE_FUNCTIONS.contains(FC.value(w)), (c, m, w) -> store(c, m, w, 4),
                RS, RA0, FC);
        t.described("stdat", 31 << 26 | 742 << 1, X, w -> STORE_FUNCTIONS.contains(FC.value(w)), (c, m, w) -> store(c, m, w, 8),
                RS, RA0, FC);
    }

    private static void load(Cpu c, GuestMemory m, int w, int size) {
        long ea = c.base(w);
        int rt = Fields.rt(w);
        long old = read(m, ea, size);
        long operand = narrow(c.gpr[(rt + 1) & 31], size);
        long result = old;
        switch (FC.value(w)) {
            case 8 -> write(m, ea, size, operand);   // swap
            case 16 -> write(m, ea, size, old != operand ? c.gpr[(rt + 2) & 31] : old);   // compare and swap not equal
            // fetch and increment bounded, increment equal, decrement bounded: against the next element;
            // when the condition fails memory keeps its value and RT gets the most negative element
            case 24 -> result = bounded(m, ea, size, old, old != read(m, ea + size, size), 1);
            case 25 -> result = bounded(m, ea, size, old, old == read(m, ea + size, size), 1);
            case 28 -> result = bounded(m, ea, size, old, old != read(m, ea + size, size), -1);
            default -> write(m, ea, size, combine(FC.value(w), old, operand, size));
        }
        c.gpr[rt] = result;
    }

    private static long bounded(GuestMemory m, long ea, int size, long old, boolean condition, int step) {
        if (!condition) {
            return 1L << (8 * size - 1);
        }
        write(m, ea, size, old + step);
        return old;
    }

    private static void store(Cpu c, GuestMemory m, int w, int size) {
        long ea = c.base(w);
        long operand = narrow(c.gpr[Fields.rt(w)], size);
        long old = read(m, ea, size);
        if (FC.value(w) == 24) {
            // store twin: both elements, when they are equal
            if (old == read(m, ea + size, size)) {
                write(m, ea, size, operand);
                write(m, ea + size, size, operand);
            }
        } else {
            write(m, ea, size, combine(FC.value(w), old, operand, size));
        }
    }

    /** The function codes 0-7: add, xor, or, and, maximum unsigned, maximum signed, minimum unsigned, minimum signed. */
    private static long combine(int function, long old, long operand, int size) {
        long signedOld = size == 4 ? (int) old : old;
        long signedOperand = size == 4 ? (int) operand : operand;
        return switch (function) {
            case 0 -> old + operand;
            case 1 -> old ^ operand;
            case 2 -> old | operand;
            case 3 -> old & operand;
            case 4 -> Long.compareUnsigned(old, operand) >= 0 ? old : operand;
            case 5 -> signedOld >= signedOperand ? old : operand;
            case 6 -> Long.compareUnsigned(old, operand) <= 0 ? old : operand;
            default -> signedOld <= signedOperand ? old : operand;
        };
    }

    private static long narrow(long value, int size) {
        return size == 4 ? value & 0xffffffffL : value;
    }

    private static long read(GuestMemory m, long ea, int size) {
        return size == 4 ? m.read32(ea) & 0xffffffffL : m.read64(ea);
    }

    private static void write(GuestMemory m, long ea, int size, long value) {
        if (size == 4) {
            m.write32(ea, (int) value);
        } else {
            m.write64(ea, value);
        }
    }
}
