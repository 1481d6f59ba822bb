package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.UIMM_VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

import java.math.BigDecimal;

/**
 * VMX single-precision floating point, stated once each. VMX arithmetic always rounds to nearest
 * (FPSCR plays no part); with VSCR[NJ] set, as Linux starts every process, denormal operands count
 * as zeros and denormal results become zeros. A NaN result is the first NaN operand (VRA, then VRB,
 * or VRA, VRC, VRB for the multiply-adds) made quiet, or the default NaN.
 */
final class VmxFloat {
    private static final int OPCODE = 4 << 26;
    private static final int VX = 0xfc0007ff;
    private static final int VX_UNARY = 0xfc1f07ff;
    private static final int VA = 0xfc00003f;
    private static final int RECORD = 0x400;
    private static final int NON_JAVA = 0x10000;
    private static final int DEFAULT_NAN = 0x7fc00000;
    private static final double LN2 = Math.log(2);

    private VmxFloat() {
    }

    @FunctionalInterface
    private interface Binary {
        /** The result's bits from two operands (denormals already flushed when NJ is set). */
        int apply(float a, float b);
    }

    @FunctionalInterface
    private interface Unary {
        int apply(float b);
    }

    static void describe(InstructionTable t) {
        arithmetic(t, "vaddfp", 10, (a, b) -> roundSum(a, b));
        arithmetic(t, "vsubfp", 74, (a, b) -> roundSum(a, -b));
        arithmetic(t, "vmaxfp", 1034, (a, b) -> bits(a > b || (a == b && Float.floatToRawIntBits(b) < 0) ? a : b));
        arithmetic(t, "vminfp", 1098, (a, b) -> bits(a < b || (a == b && Float.floatToRawIntBits(a) < 0) ? a : b));
        multiplyAdd(t, "vmaddfp", 46, false);
        multiplyAdd(t, "vnmsubfp", 47, true);
        unary(t, "vrefp", 266, b -> roundNearest(1.0 / b, Math.fma(-(1.0 / b), b, 1.0)));
        // an estimate: the square root rounded to single, then its reciprocal (as qemu computes it)
        unary(t, "vrsqrtefp", 330, b -> bits((float) (1.0 / (float) Math.sqrt(b))));
        // estimates, computed accurately (the ISA asks for 1/16 at least): 2^x (qemu 7.2 sums a series that is
        // exact only for small x) and log2
        unary(t, "vexptefp", 394, b -> bits((float) Math.pow(2, b)));
        unary(t, "vlogefp", 458, VmxFloat::logarithmEstimate);
        unary(t, "vrfin", 522, b -> bits((float) Math.rint(b)));
        unary(t, "vrfiz", 586, b -> bits(b < 0 ? (float) Math.ceil(b) : (float) Math.floor(b)));
        unary(t, "vrfip", 650, b -> bits((float) Math.ceil(b)));
        unary(t, "vrfim", 714, b -> bits((float) Math.floor(b)));
        compare(t, "vcmpeqfp", 198, (a, b) -> a == b);
        compare(t, "vcmpgefp", 454, (a, b) -> a >= b);
        compare(t, "vcmpgtfp", 710, (a, b) -> a > b);
        bounds(t);
        convert(t);
    }

    /**
     * log2 of a single (not a NaN), accurately: -infinity for a zero, the default NaN for a
     * negative number (-infinity too), +infinity for +infinity. The double quotient of logarithms
     * is within 2^-50 relative of log2, far inside single precision.
     */
    private static int logarithmEstimate(float b) {
        if (b == 0) {
            return 0xff800000;
        }
        if (b < 0) {
            return DEFAULT_NAN;
        }
        return bits((float) (Math.log(b) / LN2));
    }

    // ---- the families -------------------------------------------------------------------------

    private static void arithmetic(InstructionTable t, String mnemonic, int xo, Binary f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int[] a = words(c, Fields.ra(w));
            int[] b = words(c, Fields.rb(w));
            boolean nj = (c.vscr & NON_JAVA) != 0;
            int[] r = new int[4];
            for (int i = 0; i < 4; i++) {
                r[i] = nanOf(a[i], b[i]) != 0 ? nanOf(a[i], b[i]) : flushResult(f.apply(input(a[i], nj), input(b[i], nj)), nj);
            }
            setWords(c, Fields.rt(w), r);
        }, VRT, VRA, VRB);
    }

    /** (VRA x VRC) + VRB rounded once; vnmsubfp: -((VRA x VRC) - VRB). */
    private static void multiplyAdd(InstructionTable t, String mnemonic, int xo, boolean negatedSubtract) {
        t.described(mnemonic, OPCODE | xo, VA, (c, m, w) -> {
            int[] a = words(c, Fields.ra(w));
            int[] b = words(c, Fields.rb(w));
            int[] cc = words(c, Fields.rc(w));
            boolean nj = (c.vscr & NON_JAVA) != 0;
            int[] r = new int[4];
            for (int i = 0; i < 4; i++) {
                int nan = nanOf(a[i], cc[i], b[i]);
                if (nan != 0) {
                    r[i] = nan;
                    continue;
                }
                float x = input(a[i], nj);
                float y = input(cc[i], nj);
                float z = input(b[i], nj);
                int result = fusedMultiplyAdd(x, y, negatedSubtract ? -z : z);
                if (negatedSubtract && !Float.isNaN(Float.intBitsToFloat(result))) {
                    result ^= 0x80000000;
                }
                r[i] = flushResult(result, nj);
            }
            setWords(c, Fields.rt(w), r);
        }, VRT, VRA, VRC, VRB);
    }

    private static void unary(InstructionTable t, String mnemonic, int xo, Unary f) {
        t.described(mnemonic, OPCODE | xo, VX_UNARY, (c, m, w) -> {
            int[] b = words(c, Fields.rb(w));
            boolean nj = (c.vscr & NON_JAVA) != 0;
            int[] r = new int[4];
            for (int i = 0; i < 4; i++) {
                r[i] = nanOf(b[i]) != 0 ? nanOf(b[i]) : flushResult(f.apply(input(b[i], nj)), nj);
            }
            setWords(c, Fields.rt(w), r);
        }, VRT, VRB);
    }

    @FunctionalInterface
    private interface Comparison {
        boolean test(float a, float b);
    }

    /** Ordered compares (a NaN compares false) and their record forms: CR6 "all true" (8) or "none true" (2). */
    private static void compare(InstructionTable t, String mnemonic, int xo, Comparison p) {
        for (int record = 0; record <= RECORD; record += RECORD) {
            t.described(record == 0 ? mnemonic : mnemonic + ".", OPCODE | record | xo, VX, (c, m, w) -> {
                int[] a = words(c, Fields.ra(w));
                int[] b = words(c, Fields.rb(w));
                boolean nj = (c.vscr & NON_JAVA) != 0;
                int[] r = new int[4];
                int trues = 0;
                for (int i = 0; i < 4; i++) {
                    boolean result = p.test(input(a[i], nj), input(b[i], nj));
                    r[i] = result ? -1 : 0;
                    trues += result ? 1 : 0;
                }
                setWords(c, Fields.rt(w), r);
                if ((w & RECORD) != 0) {
                    c.setCrField(6, (trues == 4 ? 8 : 0) | (trues == 0 ? 2 : 0));
                }
            }, VRT, VRA, VRB);
        }
    }

    /** vcmpbfp: per element, bit 0 set unless VRA <= VRB, bit 1 unless VRA >= -VRB; CR6 bit 2 when every element is in bounds. */
    private static void bounds(InstructionTable t) {
        for (int record = 0; record <= RECORD; record += RECORD) {
            t.described(record == 0 ? "vcmpbfp" : "vcmpbfp.", OPCODE | record | 966, VX, (c, m, w) -> {
                int[] a = words(c, Fields.ra(w));
                int[] b = words(c, Fields.rb(w));
                boolean nj = (c.vscr & NON_JAVA) != 0;
                int[] r = new int[4];
                boolean allInBounds = true;
                for (int i = 0; i < 4; i++) {
                    float x = input(a[i], nj);
                    float y = input(b[i], nj);
                    r[i] = (x <= y ? 0 : 0x80000000) | (x >= -y ? 0 : 0x40000000);
                    allInBounds &= r[i] == 0;
                }
                setWords(c, Fields.rt(w), r);
                if ((w & RECORD) != 0) {
                    c.setCrField(6, allInBounds ? 2 : 0);
                }
            }, VRT, VRA, VRB);
        }
    }

    /** Word integers to singles divided by 2^UIM, and singles times 2^UIM to saturated word integers (SAT). */
    private static void convert(InstructionTable t) {
        for (int signed = 0; signed < 2; signed++) {
            boolean isSigned = signed == 1;
            t.described(isSigned ? "vcfsx" : "vcfux", OPCODE | (isSigned ? 842 : 778), VX, (c, m, w) -> {
                int[] b = words(c, Fields.rb(w));
                int scale = Fields.ra(w);
                int[] r = new int[4];
                for (int i = 0; i < 4; i++) {
                    float value = isSigned ? (float) b[i] : (float) (b[i] & 0xffffffffL);
                    r[i] = bits(Math.scalb(value, -scale));
                }
                setWords(c, Fields.rt(w), r);
            }, VRT, VRB, UIMM_VRA);
            t.described(isSigned ? "vctsxs" : "vctuxs", OPCODE | (isSigned ? 970 : 906), VX, (c, m, w) -> {
                int[] b = words(c, Fields.rb(w));
                int scale = Fields.ra(w);
                boolean nj = (c.vscr & NON_JAVA) != 0;
                int[] r = new int[4];
                boolean saturated = false;
                for (int i = 0; i < 4; i++) {
                    float x = input(b[i], nj);
                    if (Float.isNaN(x)) {
                        r[i] = 0;
                        continue;
                    }
                    double scaled = Math.scalb((double) x, scale);
                    double truncated = scaled < 0 ? Math.ceil(scaled) : Math.floor(scaled);
                    double min = isSigned ? Integer.MIN_VALUE : 0;
                    double max = isSigned ? Integer.MAX_VALUE : 0xffffffffL;
                    double clamped = Math.max(min, Math.min(max, truncated));
                    saturated |= clamped != truncated;
                    r[i] = (int) (long) clamped;
                }
                setWords(c, Fields.rt(w), r);
                if (saturated) {
                    c.vscr |= 1;
                }
            }, VRT, VRB, UIMM_VRA);
        }
    }

    // ---- rounding ------------------------------------------------------------------------------

    /** a + b rounded once to single: the double sum is exact unless far apart, and its rounding error breaks ties. */
    private static int roundSum(float a, float b) {
        double sum = (double) a + b;
        return roundNearest(sum, SingleRounding.sumError(a, b, sum));
    }

    /** a * c + b rounded once to single: the product is exact in double, the sum decided exactly at a tie. */
    private static int fusedMultiplyAdd(float a, float c, float b) {
        double product = (double) a * c;
        double sum = product + b;
        if (Double.isNaN(sum)) {
            return DEFAULT_NAN;   // inf x 0 or inf - inf: the operands were checked for NaNs before
        }
        double residual = 0;
        if (Double.isFinite(sum) && SingleRounding.isMidpoint(sum)) {
            residual = new BigDecimal(product).add(new BigDecimal(b)).compareTo(new BigDecimal(sum));
        } else if (Double.isFinite(sum)) {
            residual = SingleRounding.sumError(product, b, sum);
        }
        return roundNearest(sum, residual);
    }

    private static int roundNearest(double v, double residual) {
        return bits(SingleRounding.nearest(v, residual));
    }

    // ---- operands and NaNs --------------------------------------------------------------------

    /** The first NaN among the operands, made quiet, or 0 when none is a NaN. */
    private static int nanOf(int a, int b, int c) {
        int nan = nanOf(a, b);
        return nan != 0 ? nan : nanOf(c);
    }

    private static int nanOf(int a, int b) {
        int nan = nanOf(a);
        return nan != 0 ? nan : nanOf(b);
    }

    private static int nanOf(int x) {
        return (x & 0x7f800000) == 0x7f800000 && (x & 0x7fffff) != 0 ? x | 0x400000 : 0;
    }

    /** An operand: with NJ, a denormal is a zero of its sign. */
    private static float input(int bits, boolean nj) {
        return Float.intBitsToFloat(nj && (bits & 0x7f800000) == 0 ? bits & 0x80000000 : bits);
    }

    /** A result: with NJ, a denormal becomes a zero of its sign; a NaN the arithmetic made is the default NaN. */
    private static int flushResult(int bits, boolean nj) {
        if (Float.isNaN(Float.intBitsToFloat(bits))) {
            return DEFAULT_NAN;
        }
        return nj && (bits & 0x7f800000) == 0 ? bits & 0x80000000 : bits;
    }

    private static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    private static int[] words(Cpu c, int field) {
        long hi = c.vsr[vr(field)];
        long lo = c.vsr[vr(field) + 1];
        return new int[] { (int) (hi >>> 32), (int) hi, (int) (lo >>> 32), (int) lo };
    }

    private static void setWords(Cpu c, int field, int[] r) {
        set(c, field, (r[0] & 0xffffffffL) << 32 | (r[1] & 0xffffffffL), (r[2] & 0xffffffffL) << 32 | (r[3] & 0xffffffffL));
    }
}
