package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BFA;
import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.CRB_A;
import static dev.k42lens.core.cpu.isa.Operand.CRB_B;
import static dev.k42lens.core.cpu.isa.Operand.CRB_T;
import static dev.k42lens.core.cpu.isa.Operand.FXM;
import static dev.k42lens.core.cpu.isa.Operand.RS;
import static dev.k42lens.core.cpu.isa.Operand.RT;

/**
 * The condition-register logical instructions, stated once: the eight CR-bit operations (with
 * objdump's extended mnemonics crclr, crset, crmove, crnot where the fields repeat), mcrf,
 * mcrxrx (OV, OV32, CA, CA32 into a field), setb (-1, 1 or 0 from a field's LT and GT), and the
 * moves between the CR and a GPR.
 */
final class ConditionRegister {
    private static final int XL = 0xfc0007ff;

    private ConditionRegister() {
    }

    @FunctionalInterface
    private interface BitOperation {
        boolean apply(boolean a, boolean b);
    }

    static void describe(InstructionTable t) {
        t.described("mcrf", xl(0), 0xfc63ffff, (c, m, w) -> c.setCrField(Fields.bf(w), c.crField(Fields.bfa(w))), BF_ALWAYS, BFA);
        // the extended mnemonics first: they are the base forms with repeated fields
        bitOperation(t, "crclr", 193, w -> Fields.rt(w) == Fields.ra(w) && Fields.ra(w) == Fields.rb(w), (a, b) -> a ^ b, CRB_T);
        bitOperation(t, "crset", 289, w -> Fields.rt(w) == Fields.ra(w) && Fields.ra(w) == Fields.rb(w), (a, b) -> a == b, CRB_T);
        bitOperation(t, "crmove", 449, w -> Fields.ra(w) == Fields.rb(w), (a, b) -> a | b, CRB_T, CRB_A);
        bitOperation(t, "crnot", 33, w -> Fields.ra(w) == Fields.rb(w), (a, b) -> !(a | b), CRB_T, CRB_A);
        bitOperation(t, "crnor", 33, null, (a, b) -> !(a | b), CRB_T, CRB_A, CRB_B);
        bitOperation(t, "crandc", 129, null, (a, b) -> a & !b, CRB_T, CRB_A, CRB_B);
        bitOperation(t, "crxor", 193, null, (a, b) -> a ^ b, CRB_T, CRB_A, CRB_B);
        bitOperation(t, "crnand", 225, null, (a, b) -> !(a & b), CRB_T, CRB_A, CRB_B);
        bitOperation(t, "crand", 257, null, (a, b) -> a & b, CRB_T, CRB_A, CRB_B);
        bitOperation(t, "creqv", 289, null, (a, b) -> a == b, CRB_T, CRB_A, CRB_B);
        bitOperation(t, "crorc", 417, null, (a, b) -> a | !b, CRB_T, CRB_A, CRB_B);
        bitOperation(t, "cror", 449, null, (a, b) -> a | b, CRB_T, CRB_A, CRB_B);
        t.described("mcrxrx", 31 << 26 | 576 << 1, 0xfc7fffff,
                (c, m, w) -> c.setCrField(Fields.bf(w), (c.ov ? 8 : 0) | (c.ov32 ? 4 : 0) | (c.ca ? 2 : 0) | (c.ca32 ? 1 : 0)), BF_ALWAYS);
        t.described("setb", 31 << 26 | 128 << 1, 0xfc03ffff, (c, m, w) -> {
            int field = c.crField(Fields.bfa(w));
            c.gpr[Fields.rt(w)] = (field & 8) != 0 ? -1 : (field & 4) != 0 ? 1 : 0;
        }, RT, BFA);
        moves(t);
    }

    /** mfcr, mfocrf, mtcr(f), mtocrf: the whole CR, or the fields FXM selects, to or from a GPR's low word. */
    private static void moves(InstructionTable t) {
        t.row("mfcr", InstructionTable.x(31, 19), 0xfc1fffff, null, Op.MFCR, (c, m, w) -> c.gpr[Fields.rt(w)] = c.cr & 0xffffffffL, RT);
        t.described("mfocrf", InstructionTable.x(31, 19) | 0x100000, 0xfc100fff,
                (c, m, w) -> c.gpr[Fields.rt(w)] = c.cr & fieldMask(Fields.fxm(w)) & 0xffffffffL, RT, FXM);
        Semantics mtcrf = (c, m, w) -> {
            int mask = fieldMask(Fields.fxm(w));
            c.cr = (c.cr & ~mask) | ((int) c.gpr[Fields.rt(w)] & mask);
        };
        t.described("mtcr", InstructionTable.x(31, 144) | 0xff << 12, 0xfc1fffff, mtcrf, RS);
        t.described("mtcrf", InstructionTable.x(31, 144), 0xfc100fff, mtcrf, FXM, RS);
        t.described("mtocrf", InstructionTable.x(31, 144) | 0x100000, 0xfc100fff, mtcrf, FXM, RS);
    }

    /** The CR bits of the fields FXM selects (its most significant bit is CR0). */
    private static int fieldMask(int fxm) {
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            if ((fxm & (0x80 >>> i)) != 0) {
                mask |= 0xf0000000 >>> (4 * i);
            }
        }
        return mask;
    }

    private static int xl(int xo) {
        return 19 << 26 | xo << 1;
    }

    private static void bitOperation(InstructionTable t, String mnemonic, int xo, java.util.function.IntPredicate condition,
            BitOperation f, Operand... operands) {
        t.described(mnemonic, xl(xo), XL, condition,
                (c, m, w) -> c.setCrBit(Fields.rt(w), f.apply(c.crBit(Fields.ra(w)), c.crBit(Fields.rb(w)))), operands);
    }
}
