package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.DCMX;
import static dev.k42lens.core.cpu.isa.Operand.DCMX_SPLIT;
import static dev.k42lens.core.cpu.isa.Operand.FRA;
import static dev.k42lens.core.cpu.isa.Operand.FRB;
import static dev.k42lens.core.cpu.isa.Operand.FRT;
import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.XA;
import static dev.k42lens.core.cpu.isa.Operand.XB;
import static dev.k42lens.core.cpu.isa.Operand.XT;

import dev.k42lens.core.cpu.isa.SoftFloat.Format;

/**
 * VSX binary floating point in single and double precision, stated once each: the scalar and
 * vector arithmetic, sign moves, compares, conversions, rounding, estimates, tests and
 * exponent/significand moves, and the FPR tests and merges. Arithmetic goes through
 * {@link FloatArithmetic}, so results and FPSCR exceptions are the scalar instructions' own;
 * vector instructions record exceptions but leave FR, FI and FPRF, and an enabled invalid
 * operation or zero divide in any element leaves the target as it was.
 */
final class VsxFloat {
    private static final int OPCODE = 60 << 26;
    private static final int XX3 = 0xfc0007f8;
    private static final int XX3_RECORD = 0xfc0003f8;
    private static final int XX2 = 0xfc1f07fc;
    /** XX3 and XX2 forms whose target is a CR field (bits 9-10 and, for XX2, the A field are 0). */
    private static final int XX3_BF = 0xfc6007f9;
    private static final int XX2_BF = 0xfc7f07fd;
    private static final long ONE = Double.doubleToRawLongBits(1.0);

    private VsxFloat() {
    }

    /** An element operation on double-format values: XA, XB and XT's element (for the multiply-adds). */
    @FunctionalInterface
    private interface Element {
        long apply(Cpu c, long a, long b, long t);
    }

    @FunctionalInterface
    private interface Test {
        boolean holds(Cpu c, long a, long b);
    }

    static void describe(InstructionTable t) {
        scalarArithmetic(t);
        vectorArithmetic(t, false, 0x300);
        vectorArithmetic(t, true, 0x200);
        compares(t);
        conversions(t);
        rounding(t);
        tests(t);
        exponents(t);
        narrowFormats(t);
    }

    // ---- scalar arithmetic: double-format operands, the result rounded to double or to single ------

    private static void scalarArithmetic(InstructionTable t) {
        for (boolean single : new boolean[] { true, false }) {
            String p = single ? "sp" : "dp";
            int offset = single ? 0 : 0x100;
            scalar(t, "xsadd" + p, offset, (c, a, b, x) -> FloatArithmetic.add(c, a, b, false, single));
            scalar(t, "xssub" + p, 0x040 + offset, (c, a, b, x) -> FloatArithmetic.add(c, a, b, true, single));
            scalar(t, "xsmul" + p, 0x080 + offset, (c, a, b, x) -> FloatArithmetic.multiply(c, a, b, single));
            scalar(t, "xsdiv" + p, 0x0c0 + offset, (c, a, b, x) -> FloatArithmetic.divide(c, a, b, single));
            fused(t, "xsmadda" + p, 0x008 + offset, single, false, false);
            fused(t, "xsmsuba" + p, 0x088 + offset, single, true, false);
            fused(t, "xsnmadda" + p, 0x408 + offset, single, false, true);
            fused(t, "xsnmsuba" + p, 0x488 + offset, single, true, true);
            scalarUnary(t, "xssqrt" + p, 0x02c + offset, (c, a, b, x) -> FloatArithmetic.squareRoot(c, b, single));
            scalarUnary(t, "xscvsxd" + p, 0x4e0 + offset, (c, a, b, x) -> FloatArithmetic.fromInteger(c, b, false, single));
            scalarUnary(t, "xscvuxd" + p, 0x4a0 + offset, (c, a, b, x) -> FloatArithmetic.fromInteger(c, b, true, single));
        }
        // the estimates as qemu computes them: the double reciprocal (of the root), then rounded to single
        scalarUnary(t, "xsresp", 0x068, (c, a, b, x) -> FloatArithmetic.roundToSingle(c, FloatArithmetic.divide(c, ONE, b, false)));
        scalarUnary(t, "xsrsqrtesp", 0x028, (c, a, b, x) -> FloatArithmetic.roundToSingle(c,
                FloatArithmetic.divide(c, ONE, FloatArithmetic.squareRoot(c, b, false), false)));
        scalarUnary(t, "xsredp", 0x168, (c, a, b, x) -> FloatArithmetic.divide(c, ONE, b, false));
        scalarUnary(t, "xsrsqrtedp", 0x128, (c, a, b, x) -> FloatArithmetic.divide(c, ONE,
                FloatArithmetic.squareRoot(c, b, false), false));
        scalarUnary(t, "xsrsp", 0x464, (c, a, b, x) -> FloatArithmetic.roundToSingle(c, b));
        scalarUnary(t, "xsrdpi", 0x124, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, 4, false));
        scalarUnary(t, "xsrdpiz", 0x164, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, 1, false));
        scalarUnary(t, "xsrdpip", 0x1a4, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, 2, false));
        scalarUnary(t, "xsrdpim", 0x1e4, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, 3, false));
        scalarUnary(t, "xsrdpic", 0x1ac, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, c.fpscr & Fpscr.RN, true));
        // the sign moves: bits only, the FPSCR as it was
        t.described("xscpsgndp", OPCODE | 0x580, XX3, bitsOnly((c, a, b, x) -> (b & Long.MAX_VALUE) | (a & Long.MIN_VALUE)), XT, XA,
                XB);
        t.described("xsabsdp", OPCODE | 0x564, XX2, bitsOnly((c, a, b, x) -> b & Long.MAX_VALUE), XT, XB);
        t.described("xsnabsdp", OPCODE | 0x5a4, XX2, bitsOnly((c, a, b, x) -> b | Long.MIN_VALUE), XT, XB);
        t.described("xsnegdp", OPCODE | 0x5e4, XX2, bitsOnly((c, a, b, x) -> b ^ Long.MIN_VALUE), XT, XB);
    }

    /** A scalar operation on doubleword 0 that sets FPRF, FR and FI; doubleword 1 of XT becomes 0. */
    private static void scalar(InstructionTable t, String mnemonic, int xo, Element f) {
        t.described(mnemonic, OPCODE | xo, XX3, (c, m, w) -> scalarResult(c, w, f, true), XT, XA, XB);
    }

    private static void scalarUnary(InstructionTable t, String mnemonic, int xo, Element f) {
        t.described(mnemonic, OPCODE | xo, XX2, (c, m, w) -> scalarResult(c, w, f, true), XT, XB);
    }

    /** The "a" form adds XT to XA x XB, the "m" form (xo + 0x40) adds XB to XA x XT. */
    private static void fused(InstructionTable t, String aForm, int xo, boolean single, boolean subtract, boolean negate) {
        scalar(t, aForm, xo, (c, a, b, x) -> FloatArithmetic.multiplyAdd(c, a, b, x, subtract, negate, single));
        scalar(t, mForm(aForm), xo + 0x40, (c, a, b, x) -> FloatArithmetic.multiplyAdd(c, a, x, b, subtract, negate, single));
    }

    /** The mnemonic of a multiply-add's "m" form from its "a" form's: xsmaddadp, xsmaddmdp. */
    private static String mForm(String aForm) {
        return aForm.replaceFirst("a([sd]p)$", "m$1");
    }

    /** A scalar result in doubleword 0 (doubleword 1 of XT becomes 0) with FR and FI, and FPRF when {@code classify}. */
    private static void scalarResult(Cpu c, int w, Element f, boolean classify) {
        int xt = Fields.xt(w);
        c.operationFlags = 0;
        long result = f.apply(c, c.vsr[2 * Fields.xa(w)], c.vsr[2 * Fields.xb(w)], c.vsr[2 * xt]);
        int flags = c.operationFlags;
        if (Fpscr.record(c, flags, true)) {
            VectorRegisters.setVsr(c, xt, result, 0);
            if (classify) {
                c.fpscr = Fpscr.withClass(c.fpscr, Fpscr.classOf(result));
            }
        }
    }

    /** A scalar result computed from the bits alone, in doubleword 0 (doubleword 1 of XT becomes 0); the FPSCR stays. */
    private static Semantics bitsOnly(Element f) {
        return (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w), f.apply(c, c.vsr[2 * Fields.xa(w)], c.vsr[2 * Fields.xb(w)], 0), 0);
    }

    // ---- vector arithmetic ------------------------------------------------------------------------

    /** The vector arithmetic of one precision: double at xo base 0x300 (with 0x180 gaps), single at 0x200. */
    private static void vectorArithmetic(InstructionTable t, boolean single, int base) {
        String p = single ? "sp" : "dp";
        vector(t, "xvadd" + p, base, single, (c, a, b, x) -> FloatArithmetic.add(c, a, b, false, single));
        vector(t, "xvsub" + p, base + 0x40, single, (c, a, b, x) -> FloatArithmetic.add(c, a, b, true, single));
        vector(t, "xvmul" + p, base + 0x80, single, (c, a, b, x) -> FloatArithmetic.multiply(c, a, b, single));
        vector(t, "xvdiv" + p, base + 0xc0, single, (c, a, b, x) -> FloatArithmetic.divide(c, a, b, single));
        vectorFused(t, "xvmadda" + p, base + 0x08, single, false, false);
        vectorFused(t, "xvmsuba" + p, base + 0x88, single, true, false);
        int offset = single ? 0 : 0x100;
        vectorFused(t, "xvnmadda" + p, 0x608 + offset, single, false, true);
        vectorFused(t, "xvnmsuba" + p, 0x688 + offset, single, true, true);
        vector(t, "xvmax" + p, 0x600 + offset, single, (c, a, b, x) -> FloatArithmetic.maximumOrMinimum(c, a, b, true));
        vector(t, "xvmin" + p, 0x640 + offset, single, (c, a, b, x) -> FloatArithmetic.maximumOrMinimum(c, a, b, false));
        // xvmov[sd]p is xvcpsgn[sd]p with XA = XB, as objdump prints it
        t.described("xvmov" + p, OPCODE | (0x680 + offset), XX3, w -> Fields.xa(w) == Fields.xb(w),
                (c, m, w) -> vectorResult(c, w, single, (cc, a, b, x) -> b), XT, XB);
        vector(t, "xvcpsgn" + p, 0x680 + offset, single, (c, a, b, x) -> (b & Long.MAX_VALUE) | (a & Long.MIN_VALUE));
        vectorUnary(t, "xvabs" + p, 0x664 + offset, single, (c, a, b, x) -> b & Long.MAX_VALUE);
        vectorUnary(t, "xvnabs" + p, 0x6a4 + offset, single, (c, a, b, x) -> b | Long.MIN_VALUE);
        vectorUnary(t, "xvneg" + p, 0x6e4 + offset, single, (c, a, b, x) -> b ^ Long.MIN_VALUE);
        vectorUnary(t, "xvsqrt" + p, base + 0x2c, single, (c, a, b, x) -> FloatArithmetic.squareRoot(c, b, single));
        vectorUnary(t, "xvre" + p, base + 0x68, single, (c, a, b, x) -> FloatArithmetic.divide(c, ONE, b, single));
        // qemu's estimate: the square root rounded, then its reciprocal
        vectorUnary(t, "xvrsqrte" + p, base + 0x28, single, (c, a, b, x) -> FloatArithmetic.divide(c, ONE,
                FloatArithmetic.squareRoot(c, b, single), single));
    }

    private static void vectorFused(InstructionTable t, String aForm, int xo, boolean single, boolean subtract, boolean negate) {
        vector(t, aForm, xo, single, (c, a, b, x) -> FloatArithmetic.multiplyAdd(c, a, b, x, subtract, negate, single));
        vector(t, mForm(aForm), xo + 0x40, single,
                (c, a, b, x) -> FloatArithmetic.multiplyAdd(c, a, x, b, subtract, negate, single));
    }

    private static void vector(InstructionTable t, String mnemonic, int xo, boolean single, Element f) {
        t.described(mnemonic, OPCODE | xo, XX3, (c, m, w) -> vectorResult(c, w, single, f), XT, XA, XB);
    }

    private static void vectorUnary(InstructionTable t, String mnemonic, int xo, boolean single, Element f) {
        t.described(mnemonic, OPCODE | xo, XX2, (c, m, w) -> vectorResult(c, w, single, f), XT, XB);
    }

    /**
     * Applies {@code f} to every element (single-precision words widened to double format and the
     * results narrowed back, exactly) and records the exceptions without FR, FI, FPRF.
     */
    private static void vectorResult(Cpu c, int w, boolean single, Element f) {
        int xa = 2 * Fields.xa(w);
        int xb = 2 * Fields.xb(w);
        int xt = Fields.xt(w);
        c.operationFlags = 0;
        // both doublewords are read before either is written: XT may be a source too
        long x0 = c.vsr[2 * xt];
        long x1 = c.vsr[2 * xt + 1];
        long high = doubleword(c, f, single, c.vsr[xa], c.vsr[xb], x0);
        long low = doubleword(c, f, single, c.vsr[xa + 1], c.vsr[xb + 1], x1);
        finishVector(c, xt, high, low);
    }

    /** One doubleword of a vector result: f of the doubleword elements, or of both single-precision words. */
    private static long doubleword(Cpu c, Element f, boolean single, long a, long b, long x) {
        if (!single) {
            return f.apply(c, a, b, x);
        }
        long high = f.apply(c, widen(a >>> 32), widen(b >>> 32), widen(x >>> 32));
        long low = f.apply(c, widen(a), widen(b), widen(x));
        return narrow(high) << 32 | narrow(low);
    }

    /** Writes a vector result unless an enabled invalid operation or zero divide occurred; records the exceptions. */
    private static void finishVector(Cpu c, int xt, long hi, long lo) {
        if (Fpscr.record(c, c.operationFlags, false)) {
            VectorRegisters.setVsr(c, xt, hi, lo);
        }
    }

    /** A single-precision word (the low 32 bits) in double format, bit-exact. */
    private static long widen(long word) {
        return FloatingPointBits.singleToDouble((int) word);
    }

    /** A double-format value that a single holds exactly (or a NaN) back to its single-precision word. */
    private static long narrow(long bits) {
        return FloatingPointBits.storeSingle(bits) & 0xffffffffL;
    }

    // ---- compares -----------------------------------------------------------------------------------

    private static void compares(InstructionTable t) {
        for (boolean single : new boolean[] { true, false }) {
            String p = single ? "sp" : "dp";
            int offset = single ? 0 : 0x100;
            vectorCompare(t, "xvcmpeq" + p, 0x218 + offset, single, false, (c, a, b) -> dbl(a) == dbl(b));
            vectorCompare(t, "xvcmpgt" + p, 0x258 + offset, single, true, (c, a, b) -> dbl(a) > dbl(b));
            vectorCompare(t, "xvcmpge" + p, 0x298 + offset, single, true, (c, a, b) -> dbl(a) >= dbl(b));
        }
        scalarCompare(t, "xscmpeqdp", 0x018, false, (c, a, b) -> dbl(a) == dbl(b));
        scalarCompare(t, "xscmpgtdp", 0x058, true, (c, a, b) -> dbl(a) > dbl(b));
        scalarCompare(t, "xscmpgedp", 0x098, true, (c, a, b) -> dbl(a) >= dbl(b));
        // xscmpudp, xscmpodp: LT, GT, EQ or unordered into CR[BF] and FPCC
        for (boolean ordered : new boolean[] { false, true }) {
            t.described(ordered ? "xscmpodp" : "xscmpudp", OPCODE | (ordered ? 0x158 : 0x118), XX3_BF, (c, m, w) -> c.setCrField(
                    Fields.bf(w), FloatArithmetic.compare(c, c.vsr[2 * Fields.xa(w)], c.vsr[2 * Fields.xb(w)], ordered)), BF_ALWAYS, XA,
                    XB);
        }
        // xsmaxdp, xsmindp leave FR, FI and FPRF
        for (boolean maximum : new boolean[] { true, false }) {
            t.described(maximum ? "xsmaxdp" : "xsmindp", OPCODE | (maximum ? 0x500 : 0x540), XX3, (c, m, w) -> {
                c.operationFlags = 0;
                finishScalarMove(c, w, FloatArithmetic.maximumOrMinimum(c, c.vsr[2 * Fields.xa(w)], c.vsr[2 * Fields.xb(w)], maximum));
            }, XT, XA, XB);
        }
        // the "c" forms: XA when the comparison holds, else XB (a NaN operand gives XB)
        t.described("xsmaxcdp", OPCODE | 0x400, XX3, (c, m, w) -> cSemantic(c, w, true), XT, XA, XB);
        t.described("xsmincdp", OPCODE | 0x440, XX3, (c, m, w) -> cSemantic(c, w, false), XT, XA, XB);
        t.described("xsmaxjdp", OPCODE | 0x480, XX3, (c, m, w) -> javaSemantic(c, w, true), XT, XA, XB);
        t.described("xsminjdp", OPCODE | 0x4c0, XX3, (c, m, w) -> javaSemantic(c, w, false), XT, XA, XB);
    }

    private static double dbl(long bits) {
        return Double.longBitsToDouble(bits);
    }

    /**
     * Element masks: all ones where the comparison holds. A signalling NaN raises VXSNAN, and the
     * ordered ones (gt, ge) raise VXVC for any NaN. The record form (Rc, bit 21) sets CR6: 8 when
     * every element holds, 2 when none does.
     */
    private static void vectorCompare(InstructionTable t, String mnemonic, int xo, boolean single, boolean ordered, Test test) {
        for (boolean record : new boolean[] { false, true }) {
            t.described(mnemonic + (record ? "." : ""), OPCODE | xo | (record ? 0x400 : 0), XX3, (c, m, w) -> {
                c.operationFlags = 0;
                int count = single ? 4 : 2;
                int holding = 0;
                long[] r = new long[2];
                for (int i = 0; i < count; i++) {
                    long a = element(c, Fields.xa(w), i, single);
                    long b = element(c, Fields.xb(w), i, single);
                    compareExceptions(c, a, b, ordered);
                    if (test.holds(c, a, b)) {
                        holding++;
                        r[single ? i / 2 : i] |= single ? 0xffffffffL << (32 * (1 - i % 2)) : -1L;
                    }
                }
                finishVector(c, Fields.xt(w), r[0], r[1]);
                if (record) {
                    c.setCrField(6, (holding == count ? 8 : 0) | (holding == 0 ? 2 : 0));
                }
            }, XT, XA, XB);
        }
    }

    /** xscmpeqdp and kin: doubleword 0 of XT all ones where the comparison holds, doubleword 1 zero. */
    private static void scalarCompare(InstructionTable t, String mnemonic, int xo, boolean ordered, Test test) {
        t.described(mnemonic, OPCODE | xo, XX3, (c, m, w) -> {
            c.operationFlags = 0;
            long a = c.vsr[2 * Fields.xa(w)];
            long b = c.vsr[2 * Fields.xb(w)];
            compareExceptions(c, a, b, ordered);
            finishVector(c, Fields.xt(w), test.holds(c, a, b) ? -1L : 0, 0);
        }, XT, XA, XB);
    }

    private static void compareExceptions(Cpu c, long a, long b, boolean ordered) {
        if (FloatArithmetic.isSignalling(a) || FloatArithmetic.isSignalling(b)) {
            c.operationFlags |= Fpscr.VXSNAN;
        }
        if (ordered && (Double.isNaN(dbl(a)) || Double.isNaN(dbl(b)))) {
            c.operationFlags |= Fpscr.VXVC;
        }
    }

    /** Element i (double format) of VSR {@code vsr}: a doubleword, or a single-precision word widened. */
    private static long element(Cpu c, int vsr, int i, boolean single) {
        if (!single) {
            return c.vsr[2 * vsr + i];
        }
        return widen(c.vsr[2 * vsr + i / 2] >>> (32 * (1 - i % 2)));
    }

    /** xsmaxcdp, xsmincdp: XA if XA > XB (max) or XA < XB (min), quietly compared; else XB, VXSNAN for a signalling one. */
    private static void cSemantic(Cpu c, int w, boolean maximum) {
        long a = c.vsr[2 * Fields.xa(w)];
        long b = c.vsr[2 * Fields.xb(w)];
        boolean first = maximum ? dbl(b) <= dbl(a) : dbl(a) < dbl(b);
        c.operationFlags = !first && (FloatArithmetic.isSignalling(a) || FloatArithmetic.isSignalling(b)) ? Fpscr.VXSNAN : 0;
        finishScalarMove(c, w, first ? a : b);
    }

    /**
     * xsmaxjdp, xsminjdp (Java's Math.max/min): a NaN operand, XA first, is the result as it is
     * (VXSNAN for a signalling one); -0 is below +0.
     */
    private static void javaSemantic(Cpu c, int w, boolean maximum) {
        long a = c.vsr[2 * Fields.xa(w)];
        long b = c.vsr[2 * Fields.xb(w)];
        long result;
        c.operationFlags = 0;
        if (Double.isNaN(dbl(a)) || Double.isNaN(dbl(b))) {
            result = Double.isNaN(dbl(a)) ? a : b;
            c.operationFlags = FloatArithmetic.isSignalling(result) ? Fpscr.VXSNAN : 0;
        } else {
            result = Double.doubleToRawLongBits(maximum ? Math.max(dbl(a), dbl(b)) : Math.min(dbl(a), dbl(b)));
        }
        finishScalarMove(c, w, result);
    }

    /** A scalar result that leaves FPRF, FR and FI: doubleword 1 of XT becomes 0. */
    private static void finishScalarMove(Cpu c, int w, long result) {
        finishVector(c, Fields.xt(w), result, 0);
    }

    // ---- conversions ------------------------------------------------------------------------------

    private static void conversions(InstructionTable t) {
        // scalar, between the precisions: the single in word 0; a signalling NaN made quiet, with VXSNAN
        scalarUnary(t, "xscvspdp", 0x524, (c, a, b, x) -> quieten(c, widen(b >>> 32)));
        // the word in both halves of doubleword 0, as qemu; its class as a single-precision number
        t.described("xscvdpsp", OPCODE | 0x424, XX2, (c, m, w) -> {
            c.operationFlags = 0;
            long single = narrow(FloatArithmetic.roundToSingle(c, c.vsr[2 * Fields.xb(w)]));
            classified(c, w, splat(single), c.operationFlags, Fpscr.classOfSingle((int) single));
        }, XT, XB);
        // the non-signalling forms: no rounding, the bits repacked as stfs and lfs do (a signalling NaN stays signalling)
        t.described("xscvdpspn", OPCODE | 0x42c, XX2, bitsOnly((c, a, b, x) -> splat(narrow(b))), XT, XB);
        t.described("xscvspdpn", OPCODE | 0x52c, XX2, bitsOnly((c, a, b, x) -> widen(b >>> 32)), XT, XB);
        // scalar, to integers truncating: FR and FI, FPRF as it was; a word in both halves of doubleword 0, as qemu
        scalarToInteger(t, "xscvdpsxds", 0x560, (c, a, b, x) -> toDoubleword(c, b, false));
        scalarToInteger(t, "xscvdpuxds", 0x520, (c, a, b, x) -> toDoubleword(c, b, true));
        scalarToInteger(t, "xscvdpsxws", 0x160, (c, a, b, x) -> splat(toWord(c, b, false)));
        scalarToInteger(t, "xscvdpuxws", 0x120, (c, a, b, x) -> splat(toWord(c, b, true)));
        // vector, between the precisions: words 0 and 2 (the high halves of the doublewords) hold singles
        convert(t, "xvcvspdp", 0x724, (c, hi, lo) -> new long[] { quieten(c, widen(hi >>> 32)), quieten(c, widen(lo >>> 32)) });
        convert(t, "xvcvdpsp", 0x624, (c, hi, lo) -> new long[] { splat(narrow(FloatArithmetic.roundToSingle(c, hi))),
            splat(narrow(FloatArithmetic.roundToSingle(c, lo))) });
        // integers to floating point
        convert(t, "xvcvsxddp", 0x7e0, (c, hi, lo) -> new long[] { FloatArithmetic.fromInteger(c, hi, false, false),
            FloatArithmetic.fromInteger(c, lo, false, false) });
        convert(t, "xvcvuxddp", 0x7a0, (c, hi, lo) -> new long[] { FloatArithmetic.fromInteger(c, hi, true, false),
            FloatArithmetic.fromInteger(c, lo, true, false) });
        convert(t, "xvcvsxdsp", 0x6e0, (c, hi, lo) -> new long[] { splat(narrow(FloatArithmetic.fromInteger(c, hi, false, true))),
            splat(narrow(FloatArithmetic.fromInteger(c, lo, false, true))) });
        convert(t, "xvcvuxdsp", 0x6a0, (c, hi, lo) -> new long[] { splat(narrow(FloatArithmetic.fromInteger(c, hi, true, true))),
            splat(narrow(FloatArithmetic.fromInteger(c, lo, true, true))) });
        // words 0 and 2 of XB, exactly representable
        convert(t, "xvcvsxwdp", 0x3e0, (c, hi, lo) -> new long[] { Double.doubleToRawLongBits((int) (hi >>> 32)),
            Double.doubleToRawLongBits((int) (lo >>> 32)) });
        convert(t, "xvcvuxwdp", 0x3a0, (c, hi, lo) -> new long[] { Double.doubleToRawLongBits(hi >>> 32),
            Double.doubleToRawLongBits(lo >>> 32) });
        convert(t, "xvcvsxwsp", 0x2e0, (c, hi, lo) -> new long[] { wordsToSingles(c, hi, false), wordsToSingles(c, lo, false) });
        convert(t, "xvcvuxwsp", 0x2a0, (c, hi, lo) -> new long[] { wordsToSingles(c, hi, true), wordsToSingles(c, lo, true) });
        // floating point to integers, truncating
        convert(t, "xvcvdpsxds", 0x760, (c, hi, lo) -> new long[] { toDoubleword(c, hi, false), toDoubleword(c, lo, false) });
        convert(t, "xvcvdpuxds", 0x720, (c, hi, lo) -> new long[] { toDoubleword(c, hi, true), toDoubleword(c, lo, true) });
        convert(t, "xvcvspsxds", 0x660, (c, hi, lo) -> new long[] { toDoubleword(c, widen(hi >>> 32), false),
            toDoubleword(c, widen(lo >>> 32), false) });
        convert(t, "xvcvspuxds", 0x620, (c, hi, lo) -> new long[] { toDoubleword(c, widen(hi >>> 32), true),
            toDoubleword(c, widen(lo >>> 32), true) });
        convert(t, "xvcvdpsxws", 0x360, (c, hi, lo) -> new long[] { splat(toWord(c, hi, false)), splat(toWord(c, lo, false)) });
        convert(t, "xvcvdpuxws", 0x320, (c, hi, lo) -> new long[] { splat(toWord(c, hi, true)), splat(toWord(c, lo, true)) });
        convert(t, "xvcvspsxws", 0x260, (c, hi, lo) -> new long[] { toWord(c, widen(hi >>> 32), false) << 32 | toWord(c, widen(hi), false),
            toWord(c, widen(lo >>> 32), false) << 32 | toWord(c, widen(lo), false) });
        convert(t, "xvcvspuxws", 0x220, (c, hi, lo) -> new long[] { toWord(c, widen(hi >>> 32), true) << 32 | toWord(c, widen(hi), true),
            toWord(c, widen(lo >>> 32), true) << 32 | toWord(c, widen(lo), true) });
    }

    @FunctionalInterface
    private interface Conversion {
        /** XT's doublewords from XB's. */
        long[] apply(Cpu c, long hi, long lo);
    }

    /** A scalar conversion to an integer in doubleword 0: FR and FI as the conversion sets them, FPRF as it was. */
    private static void scalarToInteger(InstructionTable t, String mnemonic, int xo, Element f) {
        t.described(mnemonic, OPCODE | xo, XX2, (c, m, w) -> scalarResult(c, w, f, false), XT, XB);
    }

    private static void convert(InstructionTable t, String mnemonic, int xo, Conversion f) {
        t.described(mnemonic, OPCODE | xo, XX2, (c, m, w) -> {
            c.operationFlags = 0;
            int xb = Fields.xb(w);
            long[] r = f.apply(c, c.vsr[2 * xb], c.vsr[2 * xb + 1]);
            finishVector(c, Fields.xt(w), r[0], r[1]);
        }, XT, XB);
    }

    /** A word in both halves of a doubleword, as qemu leaves the results of the narrowing conversions. */
    private static long splat(long word) {
        return (word & 0xffffffffL) << 32 | (word & 0xffffffffL);
    }

    /** A signalling NaN made quiet, with VXSNAN (the single-to-double conversions). */
    private static long quieten(Cpu c, long bits) {
        if (FloatArithmetic.isSignalling(bits)) {
            c.operationFlags |= Fpscr.VXSNAN;
            return bits | 0x0008000000000000L;
        }
        return bits;
    }

    /** The two words of a doubleword, as integers, converted to singles. */
    private static long wordsToSingles(Cpu c, long doubleword, boolean unsigned) {
        long high = unsigned ? doubleword >>> 32 : doubleword >> 32;
        long low = unsigned ? doubleword & 0xffffffffL : (int) doubleword;
        return narrow(FloatArithmetic.fromInteger(c, high, false, true)) << 32 | narrow(FloatArithmetic.fromInteger(c, low, false, true));
    }

    private static long toDoubleword(Cpu c, long bits, boolean unsigned) {
        return unsigned ? FloatArithmetic.toInteger(c, bits, java.math.BigInteger.ZERO, FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX, true)
                : FloatArithmetic.toInteger(c, bits, FloatArithmetic.DOUBLEWORD_MIN, FloatArithmetic.DOUBLEWORD_MAX, true);
    }

    private static long toWord(Cpu c, long bits, boolean unsigned) {
        return (unsigned ? FloatArithmetic.toInteger(c, bits, java.math.BigInteger.ZERO, FloatArithmetic.UNSIGNED_WORD_MAX, true)
                : FloatArithmetic.toInteger(c, bits, FloatArithmetic.WORD_MIN, FloatArithmetic.WORD_MAX, true)) & 0xffffffffL;
    }

    // ---- rounding to integral values ----------------------------------------------------------------

    private static void rounding(InstructionTable t) {
        String[] suffixes = { "", "z", "p", "m" };
        int[] modes = { 4, 1, 2, 3 };
        int[] xos = { 0x024, 0x064, 0x0a4, 0x0e4 };
        for (int i = 0; i < 4; i++) {
            int mode = modes[i];
            vectorUnary(t, "xvrdpi" + suffixes[i], 0x300 + xos[i], false, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, mode, false));
            vectorUnary(t, "xvrspi" + suffixes[i], 0x200 + xos[i], true, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, mode, false));
        }
        vectorUnary(t, "xvrdpic", 0x3ac, false, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, c.fpscr & Fpscr.RN, true));
        vectorUnary(t, "xvrspic", 0x2ac, true, (c, a, b, x) -> FloatArithmetic.roundToIntegral(c, b, c.fpscr & Fpscr.RN, true));
    }

    // ---- tests: software divide and square root, data class, LSBs ---------------------------------

    private static void tests(InstructionTable t) {
        t.described("ftdiv", 63 << 26 | 128 << 1, 0xfc6007ff, (c, m, w) -> c.setCrField(Fields.bf(w),
                divideTest(Format.DOUBLE, c.fpr(Fields.ra(w)), c.fpr(Fields.rb(w)))), BF_ALWAYS, FRA, FRB);
        t.described("ftsqrt", 63 << 26 | 160 << 1, 0xfc7f07ff, (c, m, w) -> c.setCrField(Fields.bf(w),
                squareRootTest(Format.DOUBLE, c.fpr(Fields.rb(w)))), BF_ALWAYS, FRB);
        t.described("xstdivdp", OPCODE | 0x1e8, XX3_BF, (c, m, w) -> c.setCrField(Fields.bf(w),
                divideTest(Format.DOUBLE, c.vsr[2 * Fields.xa(w)], c.vsr[2 * Fields.xb(w)])), BF_ALWAYS, XA, XB);
        t.described("xstsqrtdp", OPCODE | 0x1a8, XX2_BF, (c, m, w) -> c.setCrField(Fields.bf(w),
                squareRootTest(Format.DOUBLE, c.vsr[2 * Fields.xb(w)])), BF_ALWAYS, XB);
        for (boolean single : new boolean[] { true, false }) {
            Format format = single ? Format.SINGLE : Format.DOUBLE;
            int offset = single ? 0 : 0x100;
            String p = single ? "sp" : "dp";
            t.described("xvtdiv" + p, OPCODE | (0x2e8 + offset), XX3_BF, (c, m, w) -> {
                int field = 0;
                for (int i = 0; i < (single ? 4 : 2); i++) {
                    field |= divideTest(format, raw(c, Fields.xa(w), i, single), raw(c, Fields.xb(w), i, single));
                }
                c.setCrField(Fields.bf(w), field);
            }, BF_ALWAYS, XA, XB);
            t.described("xvtsqrt" + p, OPCODE | (0x2a8 + offset), XX2_BF, (c, m, w) -> {
                int field = 0;
                for (int i = 0; i < (single ? 4 : 2); i++) {
                    field |= squareRootTest(format, raw(c, Fields.xb(w), i, single));
                }
                c.setCrField(Fields.bf(w), field);
            }, BF_ALWAYS, XB);
        }
        t.described("xststdcdp", OPCODE | 0x5a8, 0xfc0007fd, (c, m, w) -> scalarDataClass(c, w, false), BF_ALWAYS, XB, DCMX);
        t.described("xststdcsp", OPCODE | 0x4a8, 0xfc0007fd, (c, m, w) -> scalarDataClass(c, w, true), BF_ALWAYS, XB, DCMX);
        for (boolean single : new boolean[] { true, false }) {
            t.described(single ? "xvtstdcsp" : "xvtstdcdp", OPCODE | (single ? 0x6a8 : 0x7a8), 0xfc0007b8, (c, m, w) -> {
                int dcmx = DCMX_SPLIT.value(w);
                long[] r = new long[2];
                for (int i = 0; i < (single ? 4 : 2); i++) {
                    if ((dataClass(element(c, Fields.xb(w), i, single), single) & dcmx) != 0) {
                        r[single ? i / 2 : i] |= single ? 0xffffffffL << (32 * (1 - i % 2)) : -1L;
                    }
                }
                VectorRegisters.setVsr(c, Fields.xt(w), r[0], r[1]);
            }, XT, XB, DCMX_SPLIT);
        }
        t.described("xvtlsbb", OPCODE | 0x2076c, XX2_BF, (c, m, w) -> {
            long hi = c.vsr[2 * Fields.xb(w)];
            long lo = c.vsr[2 * Fields.xb(w) + 1];
            long lsbs = (hi & 0x0101010101010101L) | (lo & 0x0101010101010101L) << 1;
            boolean all = (hi & lo & 0x0101010101010101L) == 0x0101010101010101L;
            c.setCrField(Fields.bf(w), (all ? 8 : 0) | (lsbs == 0 ? 2 : 0));
        }, BF_ALWAYS, XB);
    }

    /** Element i of VSR {@code vsr} as raw bits of its own format (a word for singles). */
    private static long raw(Cpu c, int vsr, int i, boolean single) {
        return single ? (c.vsr[2 * vsr + i / 2] >>> (32 * (1 - i % 2))) & 0xffffffffL : c.vsr[2 * vsr + i];
    }

    /** The unbiased exponent of raw bits (denormals and zeros: the minimum - 1, as qemu computes it). */
    private static int exponent(Format format, long bits) {
        return format == Format.SINGLE ? (int) ((bits >>> 23) & 0xff) - 127 : (int) ((bits >>> 52) & 0x7ff) - 1023;
    }

    /**
     * The CR field ftdiv and xstdivdp set: 8, and 4 (fg) when b is zero, infinite or denormal, 2
     * (fe) when a / b may need software: an operand not finite, exponents near the limits, b zero.
     */
    private static int divideTest(Format format, long a, long b) {
        SoftFloat.Value x = SoftFloat.unpack(format, a);
        SoftFloat.Value y = SoftFloat.unpack(format, b);
        int emin = format.minimumExponent();
        int emax = -emin + 1;
        int nbits = format.precision() - 1;
        if (x.kind() == SoftFloat.Kind.INFINITY || y.kind() == SoftFloat.Kind.INFINITY || y.kind() == SoftFloat.Kind.ZERO) {
            return 14;
        }
        int ea = exponent(format, a);
        int eb = exponent(format, b);
        boolean fe = x.isNaN() || y.isNaN() || eb <= emin || eb >= emax - 2
                || x.kind() != SoftFloat.Kind.ZERO && (ea - eb >= emax || ea - eb <= emin + 1 || ea <= emin + nbits);
        boolean fg = y.kind() == SoftFloat.Kind.FINITE && eb < emin;
        return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
    }

    /** ftsqrt and xstsqrtdp: 8, fg when b is zero, infinite or denormal, fe when it is not a positive normal large enough. */
    private static int squareRootTest(Format format, long b) {
        SoftFloat.Value y = SoftFloat.unpack(format, b);
        if (y.kind() == SoftFloat.Kind.INFINITY || y.kind() == SoftFloat.Kind.ZERO) {
            return 14;
        }
        int eb = exponent(format, b);
        boolean fe = y.isNaN() || y.negative() || eb <= format.minimumExponent() + format.precision() - 1;
        boolean fg = y.kind() == SoftFloat.Kind.FINITE && eb < format.minimumExponent();
        return 8 | (fg ? 4 : 0) | (fe ? 2 : 0);
    }

    /**
     * The DCMX bit of a value's class: 0x40 NaN, 0x20/0x10 +/-infinity, 0x08/0x04 +/-zero,
     * 0x02/0x01 +/-denormal (in single precision's range for {@code single}), 0 for a normal.
     */
    private static int dataClass(long bits, boolean single) {
        double v = dbl(bits);
        boolean negative = bits < 0;
        if (Double.isNaN(v)) {
            return 0x40;
        }
        if (Double.isInfinite(v)) {
            return negative ? 0x10 : 0x20;
        }
        if (v == 0) {
            return negative ? 0x04 : 0x08;
        }
        boolean denormal = Math.abs(v) < (single ? Float.MIN_NORMAL : Double.MIN_NORMAL);
        return denormal ? (negative ? 0x01 : 0x02) : 0;
    }

    /**
     * xststdcdp, xststdcsp: CR[BF] and FPCC get the sign (8) and whether the class is in DCMX (2);
     * the single-precision form also says (1) when the value is not exactly a single.
     */
    private static void scalarDataClass(Cpu c, int w, boolean single) {
        long b = c.vsr[2 * Fields.xb(w)];
        boolean match = (dataClass(b, single) & DCMX.value(w)) != 0;
        boolean notSingle = single && FloatingPointBits.singleToDouble(FloatingPointBits.storeSingle(b)) != b;
        int field = (b < 0 ? 8 : 0) | (match ? 2 : 0) | (notSingle ? 1 : 0);
        c.setCrField(Fields.bf(w), field);
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | field << 12;
    }

    // ---- half precision and bfloat16 ---------------------------------------------------------------

    /**
     * Conversions with the 16-bit formats: a halfword in the low half of its word (or of doubleword
     * 0 for the scalar ones), the rest of the element zero; rounding in FPSCR[RN], NaNs keeping
     * their fraction's high bits.
     */
    private static void narrowFormats(InstructionTable t) {
        t.described("xscvhpdp", OPCODE | 0x10056c, XX2, (c, m, w) -> {
            c.operationFlags = 0;
            SoftFloat.Result r = SoftFloat.convert(Format.DOUBLE, Format.HALF, SoftFloat.unpack(Format.HALF, c.vsr[2 * Fields.xb(w)]),
                    c.fpscr);
            classified(c, w, r.longBits(), r.flags(), Fpscr.classOf(r.longBits()));
        }, XT, XB);
        t.described("xscvdphp", OPCODE | 0x11056c, XX2, (c, m, w) -> {
            c.operationFlags = 0;
            SoftFloat.Result r = SoftFloat.convert(Format.HALF, Format.DOUBLE, FloatArithmetic.value(c.vsr[2 * Fields.xb(w)]), c.fpscr);
            long half = r.longBits();
            classified(c, w, half, r.flags(), Fpscr.classOfHalf((int) half));
        }, XT, XB);
        words(t, "xvcvhpsp", 0x18076c, (c, word) -> narrowFlags(c, SoftFloat.convert(Format.SINGLE, Format.HALF,
                SoftFloat.unpack(Format.HALF, word), c.fpscr)));
        words(t, "xvcvsphp", 0x19076c, (c, word) -> narrowFlags(c, SoftFloat.convert(Format.HALF, Format.SINGLE,
                SoftFloat.unpack(Format.SINGLE, word), c.fpscr)));
        words(t, "xvcvbf16spn", 0x10076c, (c, word) -> (word & 0xffff) << 16);
        words(t, "xvcvspbf16", 0x11076c, (c, word) -> narrowFlags(c, SoftFloat.convert(Format.BFLOAT16, Format.SINGLE,
                SoftFloat.unpack(Format.SINGLE, word), c.fpscr)));
    }

    private static long narrowFlags(Cpu c, SoftFloat.Result r) {
        c.operationFlags |= r.flags();
        return r.longBits();
    }

    @FunctionalInterface
    private interface WordOperation {
        long apply(Cpu c, long word);
    }

    /** A vector operation on each word of XB, exceptions recorded as the vector instructions do. */
    private static void words(InstructionTable t, String mnemonic, int xo, WordOperation f) {
        t.described(mnemonic, OPCODE | xo, XX2, (c, m, w) -> {
            c.operationFlags = 0;
            int xb = Fields.xb(w);
            long[] r = new long[2];
            for (int i = 0; i < 2; i++) {
                long d = c.vsr[2 * xb + i];
                r[i] = (f.apply(c, d >>> 32) & 0xffffffffL) << 32 | (f.apply(c, d & 0xffffffffL) & 0xffffffffL);
            }
            finishVector(c, Fields.xt(w), r[0], r[1]);
        }, XT, XB);
    }

    /** A scalar result with FPRF {@code fprf}, FR, FI and the exceptions {@code flags}; doubleword 1 of XT becomes 0. */
    private static void classified(Cpu c, int w, long result, int flags, int fprf) {
        int fpscr = Fpscr.raise(c.fpscr, flags, true);
        c.operationFlags = flags;
        if (!Fpscr.enabled(fpscr, flags & Fpscr.INVALID)) {
            VectorRegisters.setVsr(c, Fields.xt(w), result, 0);
            fpscr = Fpscr.withClass(fpscr, fprf);
        }
        c.fpscr = fpscr;
    }

    // ---- exponents and significands ---------------------------------------------------------------

    private static void exponents(InstructionTable t) {
        t.described("xsxexpdp", OPCODE | 0x56c, 0xfc1f07fd, (c, m, w) -> c.gpr[Fields.rt(w)] = (c.vsr[2 * Fields.xb(w)] >>> 52) & 0x7ff,
                RT, XB);
        t.described("xsxsigdp", OPCODE | 0x1056c, 0xfc1f07fd, (c, m, w) -> c.gpr[Fields.rt(w)] = significand(c.vsr[2 * Fields.xb(w)]),
                RT, XB);
        t.described("xsiexpdp", OPCODE | 0x72c, 0xfc0007fe, (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w),
                (c.gpr[Fields.ra(w)] & 0x800fffffffffffffL) | (c.gpr[Fields.rb(w)] & 0x7ff) << 52, 0), XT, RA, RB);
        t.described("xvxexpdp", OPCODE | 0x76c, XX2, (c, m, w) -> eachDoubleword(c, w, b -> (b >>> 52) & 0x7ff), XT, XB);
        t.described("xvxsigdp", OPCODE | 0x1076c, XX2, (c, m, w) -> eachDoubleword(c, w, VsxFloat::significand), XT, XB);
        t.described("xvxexpsp", OPCODE | 0x8076c, XX2, (c, m, w) -> eachWord(c, w, b -> (b >>> 23) & 0xff), XT, XB);
        t.described("xvxsigsp", OPCODE | 0x9076c, XX2, (c, m, w) -> eachWord(c, w, b -> {
            long biased = (b >>> 23) & 0xff;
            return (b & 0x7fffff) | (biased != 0 && biased != 0xff ? 0x800000 : 0);
        }), XT, XB);
        t.described("xscmpexpdp", OPCODE | 0x1d8, XX3_BF, (c, m, w) -> {
            long a = c.vsr[2 * Fields.xa(w)];
            long b = c.vsr[2 * Fields.xb(w)];
            long ea = (a >>> 52) & 0x7ff;
            long eb = (b >>> 52) & 0x7ff;
            int field = Double.isNaN(dbl(a)) || Double.isNaN(dbl(b)) ? 1 : ea < eb ? 8 : ea > eb ? 4 : 2;
            c.fpscr = (c.fpscr & ~Fpscr.FPCC) | field << 12;
            c.setCrField(Fields.bf(w), field);
        }, BF_ALWAYS, XA, XB);
        t.described("xviexpdp", OPCODE | 0x7c0, XX3, (c, m, w) -> {
            int xa = Fields.xa(w);
            int xb = Fields.xb(w);
            long[] r = new long[2];
            for (int i = 0; i < 2; i++) {
                r[i] = (c.vsr[2 * xa + i] & 0x800fffffffffffffL) | (c.vsr[2 * xb + i] & 0x7ff) << 52;
            }
            VectorRegisters.setVsr(c, Fields.xt(w), r[0], r[1]);
        }, XT, XA, XB);
        t.described("xviexpsp", OPCODE | 0x6c0, XX3, (c, m, w) -> {
            int xa = Fields.xa(w);
            int xb = Fields.xb(w);
            long[] r = new long[2];
            for (int i = 0; i < 2; i++) {
                long a = c.vsr[2 * xa + i];
                long b = c.vsr[2 * xb + i];
                r[i] = (a & 0x807fffff807fffffL) | (b & 0x000000ff000000ffL) << 23;
            }
            VectorRegisters.setVsr(c, Fields.xt(w), r[0], r[1]);
        }, XT, XA, XB);
        t.described("fmrgew", 63 << 26 | 966 << 1, 0xfc0007ff, (c, m, w) -> c.setFpr(Fields.rt(w),
                (c.fpr(Fields.ra(w)) & 0xffffffff00000000L) | c.fpr(Fields.rb(w)) >>> 32), FRT, FRA, FRB);
        t.described("fmrgow", 63 << 26 | 838 << 1, 0xfc0007ff, (c, m, w) -> c.setFpr(Fields.rt(w),
                c.fpr(Fields.ra(w)) << 32 | (c.fpr(Fields.rb(w)) & 0xffffffffL)), FRT, FRA, FRB);
    }

    /** The significand of a double with its implicit bit (0 for zeros, denormals, infinities and NaNs). */
    private static long significand(long b) {
        long biased = (b >>> 52) & 0x7ff;
        return (b & 0xfffffffffffffL) | (biased != 0 && biased != 0x7ff ? 1L << 52 : 0);
    }

    private static void eachDoubleword(Cpu c, int w, java.util.function.LongUnaryOperator f) {
        int xb = Fields.xb(w);
        VectorRegisters.setVsr(c, Fields.xt(w), f.applyAsLong(c.vsr[2 * xb]), f.applyAsLong(c.vsr[2 * xb + 1]));
    }

    private static void eachWord(Cpu c, int w, java.util.function.LongUnaryOperator f) {
        eachDoubleword(c, w, d -> f.applyAsLong(d >>> 32) << 32 | (f.applyAsLong(d & 0xffffffffL) & 0xffffffffL));
    }
}
