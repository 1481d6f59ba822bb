package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.DM;
import static dev.k42lens.core.cpu.isa.Operand.IMM8;
import static dev.k42lens.core.cpu.isa.Operand.SHW;
import static dev.k42lens.core.cpu.isa.Operand.SPLTD_DOUBLEWORD;
import static dev.k42lens.core.cpu.isa.Operand.UIM2;
import static dev.k42lens.core.cpu.isa.Operand.XA;
import static dev.k42lens.core.cpu.isa.Operand.XB;
import static dev.k42lens.core.cpu.isa.Operand.XT;

/**
 * VSX permutes, stated once each: the doubleword permute and its extended mnemonics, the word
 * shift, merges and splat, the byte splat, the byte reversal within elements, and the byte
 * permutes. What they share with the VMX forms is {@link VmxPermute}'s and {@link VmxInteger}'s,
 * on any VSRs.
 */
final class VsxPermute {
    private static final int OPCODE = 60 << 26;
    private static final int XX2 = 0xfc1f07fc;
    private static final int XX3 = 0xfc0007f8;
    /** XX3 form with a two-bit field in bits 22-23 (xxpermdi's DM, xxsldwi's SHW). */
    private static final int XX3_DM = 0xfc0004f8;

    private VsxPermute() {
    }

    static void describe(InstructionTable t) {
        // xxpermdi: doubleword DM[0] of XA, then doubleword DM[1] of XB; objdump's extended mnemonics first
        int permdi = OPCODE | 10 << 3;
        Semantics permuteDoublewords = (c, m, w) -> {
            int dm = DM.value(w);
            VectorRegisters.setVsr(c, Fields.xt(w), c.vsr[2 * Fields.xa(w) + (dm >> 1)], c.vsr[2 * Fields.xb(w) + (dm & 1)]);
        };
        t.described("xxspltd", permdi, XX3_DM | 0x300, w -> Fields.xa(w) == Fields.xb(w), permuteDoublewords, XT, XA,
                SPLTD_DOUBLEWORD);
        t.described("xxspltd", permdi | 3 << 8, XX3_DM | 0x300, w -> Fields.xa(w) == Fields.xb(w), permuteDoublewords, XT, XA,
                SPLTD_DOUBLEWORD);
        t.described("xxmrghd", permdi, XX3_DM | 0x300, permuteDoublewords, XT, XA, XB);
        t.described("xxmrgld", permdi | 3 << 8, XX3_DM | 0x300, permuteDoublewords, XT, XA, XB);
        t.described("xxswapd", permdi | 2 << 8, XX3_DM | 0x300, w -> Fields.xa(w) == Fields.xb(w), permuteDoublewords, XT, XA);
        t.described("xxpermdi", permdi, XX3_DM, permuteDoublewords, XT, XA, XB, DM);
        t.described("xxsldwi", OPCODE | 2 << 3, XX3_DM, (c, m, w) -> VmxPermute.shiftLeftOctets(c, Fields.xt(w), Fields.xa(w),
                Fields.xb(w), 4 * SHW.value(w)), XT, XA, XB, SHW);
        // xxmrghw, xxmrglw: the first or the second words of XA and XB, interleaved
        for (int from = 0; from <= 2; from += 2) {
            int first = from;
            t.described(from == 0 ? "xxmrghw" : "xxmrglw", OPCODE | (from == 0 ? 18 : 50) << 3, XX3, (c, m, w) -> VmxInteger.merge(c,
                    Fields.xt(w), Fields.xa(w), Fields.xb(w), 32, first, 1), XT, XA, XB);
        }
        t.described("xxspltw", OPCODE | 164 << 2, 0xfc1c07fc, (c, m, w) -> VmxPermute.splat(c, Fields.xt(w),
                Fields.xb(w), 4, UIM2.value(w)), XT, XB, UIM2);
        t.described("xxspltib", OPCODE | 360 << 1, 0xfc1807fe, (c, m, w) -> {
            long d = VectorRegisters.replicate(IMM8.value(w), 1);
            VectorRegisters.setVsr(c, Fields.xt(w), d, d);
        }, XT, IMM8);
        // xxbr[hwdq]: the bytes of each element of XB in reverse order
        String[] names = { "xxbrh", "xxbrw", "xxbrd", "xxbrq" };
        for (int k = 0; k < 4; k++) {
            int size = 2 << k;
            t.described(names[k], OPCODE | (8 * k + 7) << 16 | 475 << 2, XX2, (c, m, w) -> {
                byte[] b = VectorRegisters.vsrBytes(c, Fields.xb(w));
                byte[] r = new byte[16];
                for (int i = 0; i < 16; i++) {
                    int element = i / size * size;
                    r[i] = b[element + size - 1 - (i - element)];
                }
                VectorRegisters.setVsrBytes(c, Fields.xt(w), r);
            }, XT, XB);
        }
        // xxperm, xxpermr: the bytes of XA || XT that XB selects (xxpermr counting from the right)
        for (boolean reversed : new boolean[] { false, true }) {
            t.described(reversed ? "xxpermr" : "xxperm", OPCODE | (reversed ? 58 : 26) << 3, XX3, (c, m, w) -> VmxPermute.permute(c,
                    Fields.xt(w), Fields.xa(w), Fields.xt(w), Fields.xb(w), reversed), XT, XA, XB);
        }
    }
}
