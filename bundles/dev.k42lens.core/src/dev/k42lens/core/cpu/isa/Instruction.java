package dev.k42lens.core.cpu.isa;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * One row of the instruction table: a mnemonic, the bits that identify it, the operands the
 * disassembler prints, and the operation the interpreter performs. Extended mnemonics (li, mr,
 * beq, sldi, ...) are rows of their own, listed before their base form, with a narrower mask or a
 * condition on fields, and the same operation. A row whose operation is {@link Op#DESCRIBED}
 * carries its {@link Semantics} itself (null for every other row).
 */
public record Instruction(int index, String mnemonic, int value, int mask, IntPredicate condition, Op op,
        List<Operand> operands, Semantics semantics) {

    public boolean matches(int word) {
        return (word & mask) == value && (condition == null || condition.test(word));
    }

    @Override
    public String toString() {
        return mnemonic;
    }
}
