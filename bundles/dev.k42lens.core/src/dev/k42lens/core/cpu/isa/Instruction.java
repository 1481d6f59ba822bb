package dev.k42lens.core.cpu.isa;

import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One row of the instruction table: a mnemonic, the bits that identify it, the operands the
 * disassembler prints, and the operation the interpreter performs. Extended mnemonics (li, mr,
 * beq, sldi, ...) are rows of their own, listed before their base form, with a narrower mask or a
 * condition on fields, and the same operation. A row whose operation is {@link Op#DESCRIBED}
 * carries its {@link Semantics} itself (null for every other row); a prefixed row ({@link Op#PREFIXED})
 * its {@link Prefixed.Form}.
 */
public record Instruction(int index, String mnemonic, int value, int mask, IntPredicate condition, Op op,
        List<Operand> operands, Semantics semantics, Prefixed.Form prefixedForm) {

    public boolean matches(int word) {
        return (word & mask) == value && (condition == null || condition.test(word));
    }

    /** Whether this is a prefixed instruction (value and mask then apply to the prefix word, {@link #prefixedForm} states the rest). */
    public boolean isPrefixed() {
        return prefixedForm != null;
    }

    /** The size in bytes: 8 for a prefixed instruction, else 4. */
    public int length() {
        return isPrefixed() ? 8 : 4;
    }

    /**
     * The GPRs the instruction {@code word} of this row may write: every GPR its operands name
     * (which of them are targets is not stated, so sources count too), all of them when an operand
     * names the first of several or when the row is prefixed (its operands are text only).
     */
    public BitSet gprsWritten(int word) {
        BitSet gprs = new BitSet(32);
        if (isPrefixed()) {
            gprs.set(0, 32);
        }
        for (Operand operand : operands) {
            if (operand == Operand.RT_FIRST) {
                gprs.set(0, 32);
            } else if (operand.kind() == Operand.Kind.GPR || operand.kind() == Operand.Kind.GPR_OR_ZERO) {
                gprs.set(operand.value(word));
            }
        }
        return gprs;
    }

    @Override
    public String toString() {
        return mnemonic;
    }
}
