package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.Operand.XA;
import static dev.k42lens.core.cpu.isa.Operand.XB;
import static dev.k42lens.core.cpu.isa.Operand.XC;
import static dev.k42lens.core.cpu.isa.Operand.XT;

import java.util.function.LongBinaryOperator;

/**
 * The bitwise vector instructions, VMX and VSX, stated once each: an operation is one function of
 * two doublewords, which its VMX and its VSX form apply to both doublewords of two registers (a
 * VMX register is VSR 32-63); vsel and xxsel take each bit from one source or the other as a
 * third register says.
 */
final class VectorLogical {
    private static final int VMX = 4 << 26;
    private static final int VSX = 60 << 26;
    private static final int VX = 0xfc0007ff;
    private static final int XX3 = 0xfc0007f8;

    private VectorLogical() {
    }

    static void describe(InstructionTable t) {
        // vmr and xxmr are vor and xxlor, vnot and xxlnot vnor and xxlnor, with both sources the same register
        logical(t, "vor", 1156, "xxlor", 146, (x, y) -> x | y, "vmr", "xxmr");
        logical(t, "vnor", 1284, "xxlnor", 162, (x, y) -> ~(x | y), "vnot", "xxlnot");
        logical(t, "vand", 1028, "xxland", 130, (x, y) -> x & y, null, null);
        logical(t, "vandc", 1092, "xxlandc", 138, (x, y) -> x & ~y, null, null);
        logical(t, "vxor", 1220, "xxlxor", 154, (x, y) -> x ^ y, null, null);
        logical(t, "vorc", 1348, "xxlorc", 170, (x, y) -> x | ~y, null, null);
        logical(t, "vnand", 1412, "xxlnand", 178, (x, y) -> ~(x & y), null, null);
        logical(t, "veqv", 1668, "xxleqv", 186, (x, y) -> ~(x ^ y), null, null);
        t.described("vsel", VMX | 42, 0xfc00003f, (c, m, w) -> select(c, 32 + Fields.rt(w), 32 + Fields.ra(w), 32 + Fields.rb(w),
                32 + Fields.rc(w)), VRT, VRA, VRB, VRC);
        t.described("xxsel", VSX | 3 << 4, 0xfc000030, (c, m, w) -> select(c, Fields.xt(w), Fields.xa(w), Fields.xb(w), Fields.xc(w)),
                XT, XA, XB, XC);
    }

    /**
     * The VMX (VX-form, extended opcode {@code vx}) and the VSX (XX3-form, {@code xx3}) instruction
     * of one operation, each after its extended mnemonic for equal sources when it has one, as
     * objdump prints them.
     */
    private static void logical(InstructionTable t, String vmx, int vx, String vsx, int xx3, LongBinaryOperator f, String vmxSame,
            String vsxSame) {
        Semantics vmxForm = (c, m, w) -> apply(c, 32 + Fields.rt(w), 32 + Fields.ra(w), 32 + Fields.rb(w), f);
        Semantics vsxForm = (c, m, w) -> apply(c, Fields.xt(w), Fields.xa(w), Fields.xb(w), f);
        if (vmxSame != null) {
            t.described(vmxSame, VMX | vx, VX, w -> Fields.ra(w) == Fields.rb(w), vmxForm, VRT, VRA);
        }
        t.described(vmx, VMX | vx, VX, vmxForm, VRT, VRA, VRB);
        if (vsxSame != null) {
            t.described(vsxSame, VSX | xx3 << 3, XX3, w -> Fields.xa(w) == Fields.xb(w), vsxForm, XT, XA);
        }
        t.described(vsx, VSX | xx3 << 3, XX3, vsxForm, XT, XA, XB);
    }

    /** VSR {@code target} = f(VSR a, VSR b), doubleword by doubleword. */
    private static void apply(Cpu c, int target, int a, int b, LongBinaryOperator f) {
        long[] v = c.vsr;
        VectorRegisters.setVsr(c, target, f.applyAsLong(v[2 * a], v[2 * b]), f.applyAsLong(v[2 * a + 1], v[2 * b + 1]));
    }

    /** VSR {@code target} = the bits of VSR b where VSR s has ones, of VSR a where it has zeros. */
    private static void select(Cpu c, int target, int a, int b, int s) {
        long[] v = c.vsr;
        VectorRegisters.setVsr(c, target, v[2 * a] & ~v[2 * s] | v[2 * b] & v[2 * s],
                v[2 * a + 1] & ~v[2 * s + 1] | v[2 * b + 1] & v[2 * s + 1]);
    }
}
