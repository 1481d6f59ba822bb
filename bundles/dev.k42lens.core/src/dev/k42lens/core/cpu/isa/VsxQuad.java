package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.DCMX;
import static dev.k42lens.core.cpu.isa.Operand.R;
import static dev.k42lens.core.cpu.isa.Operand.RMC;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;

import java.math.BigInteger;

import dev.k42lens.core.cpu.isa.SoftFloat.Format;
import dev.k42lens.core.cpu.isa.SoftFloat.Result;
import dev.k42lens.core.cpu.isa.SoftFloat.Value;

/**
 * VSX quad-precision (IEEE binary128) instructions, stated once each: arithmetic in FPSCR[RN] or,
 * for the "o" forms, rounded to odd; conversions to and from double precision and 64- and
 * 128-bit integers; compares, maximum/minimum, data class, sign, exponent and significand moves,
 * and rounding to an integral value. The operands are VMX registers (VSR 32-63), doubleword 0
 * the high half. All of it is {@link SoftFloat}: quad precision has no fast path.
 */
final class VsxQuad {
    private static final int OPCODE = 63 << 26;
    private static final int X = 0xfc0007ff;
    /** X form with the VRA field selecting the operation (xo 804 and 836). */
    private static final int X_SELECT = 0xfc1f07ff;
    /** A compare into a CR field (bits 9-10 are 0). */
    private static final int X_BF = 0xfc6007ff;
    private static final int Z23 = 0xfc0001ff;
    private static final long SIGN = Long.MIN_VALUE;
    private static final BigInteger QUAD_SIGN = BigInteger.ONE.shiftLeft(127);
    private static final BigInteger MASK_128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger INT128_MIN = BigInteger.ONE.shiftLeft(127).negate();
    private static final BigInteger INT128_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    /** The FPRF argument of {@link #write} that leaves FPRF as it was. */
    private static final int KEEP_CLASS = -1;

    private VsxQuad() {
    }

    @FunctionalInterface
    private interface Arithmetic {
        Result apply(Value a, Value b, Value t, int control);
    }

    @FunctionalInterface
    private interface Test {
        boolean holds(int comparison);
    }

    static void describe(InstructionTable t) {
        arithmetic(t, "xsaddqp", 4, (a, b, x, f) -> SoftFloat.add(Format.QUAD, Format.QUAD, a, b, false, f));
        arithmetic(t, "xssubqp", 516, (a, b, x, f) -> SoftFloat.add(Format.QUAD, Format.QUAD, a, b, true, f));
        arithmetic(t, "xsmulqp", 36, (a, b, x, f) -> SoftFloat.multiply(Format.QUAD, Format.QUAD, a, b, f));
        arithmetic(t, "xsdivqp", 548, (a, b, x, f) -> SoftFloat.divide(Format.QUAD, Format.QUAD, a, b, f));
        // VRT = +-(VRA x VRB +- VRT); NaNs preferred in the order VRA, VRT, VRB, as qemu picks them
        arithmetic(t, "xsmaddqp", 388, (a, b, x, f) -> SoftFloat.multiplyAdd(Format.QUAD, Format.QUAD, a, b, x, false, false, f));
        arithmetic(t, "xsmsubqp", 420, (a, b, x, f) -> SoftFloat.multiplyAdd(Format.QUAD, Format.QUAD, a, b, x, true, false, f));
        arithmetic(t, "xsnmaddqp", 452, (a, b, x, f) -> SoftFloat.multiplyAdd(Format.QUAD, Format.QUAD, a, b, x, false, true, f));
        arithmetic(t, "xsnmsubqp", 484, (a, b, x, f) -> SoftFloat.multiplyAdd(Format.QUAD, Format.QUAD, a, b, x, true, true, f));
        for (boolean odd : new boolean[] { false, true }) {
            String o = odd ? "o" : "";
            selected(t, "xssqrtqp" + o, 804, 27, odd, (c, w) -> {
                Result r = SoftFloat.squareRoot(Format.QUAD, Format.QUAD, quad(c, Fields.rb(w)), control(c, odd));
                write(c, w, r.bits(), r.flags(), classOfQuad(r.bits()), true);
            });
            selected(t, "xscvqpdp" + o, 836, 20, odd, (c, w) -> {
                Result r = SoftFloat.convert(Format.DOUBLE, Format.QUAD, quad(c, Fields.rb(w)), control(c, odd));
                write(c, w, r.bits().shiftLeft(64), r.flags(), Fpscr.classOf(r.longBits()), true);
            });
        }
        conversions(t);
        compares(t);
        moves(t);
        rounding(t);
    }

    private static void arithmetic(InstructionTable t, String mnemonic, int xo, Arithmetic f) {
        for (boolean odd : new boolean[] { false, true }) {
            t.described(mnemonic + (odd ? "o" : ""), OPCODE | xo << 1 | (odd ? 1 : 0), X, (c, m, w) -> {
                Result r = f.apply(quad(c, Fields.ra(w)), quad(c, Fields.rb(w)), quad(c, Fields.rt(w)), control(c, odd));
                write(c, w, r.bits(), r.flags(), classOfQuad(r.bits()), true);
            }, VRT, VRA, VRB);
        }
    }

    @FunctionalInterface
    private interface Operation {
        void execute(Cpu c, int w);
    }

    /** An X-form instruction whose VRA field selects it (xo 804, 836), VRT and VRB its operands; "o" sets Rc. */
    private static void selected(InstructionTable t, String mnemonic, int xo, int select, boolean odd, Operation f) {
        t.described(mnemonic, OPCODE | select << 16 | xo << 1 | (odd ? 1 : 0), X_SELECT, (c, m, w) -> f.execute(c, w), VRT, VRB);
    }

    // ---- conversions --------------------------------------------------------------------------------

    private static void conversions(InstructionTable t) {
        selected(t, "xscvdpqp", 836, 22, false, (c, w) -> {
            Result r = SoftFloat.convert(Format.QUAD, Format.DOUBLE, SoftFloat.unpack(Format.DOUBLE, c.vsr[2 * (32 + Fields.rb(w))]),
                    c.fpscr);
            write(c, w, r.bits(), r.flags(), classOfQuad(r.bits()), true);
        });
        // to integers, truncating: 64-bit results in doubleword 0 (a word sign- or zero-extended)
        toInteger(t, "xscvqpsdz", 25, FloatArithmetic.DOUBLEWORD_MIN, FloatArithmetic.DOUBLEWORD_MAX, 64);
        toInteger(t, "xscvqpudz", 17, BigInteger.ZERO, FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX, 64);
        toInteger(t, "xscvqpswz", 9, FloatArithmetic.WORD_MIN, FloatArithmetic.WORD_MAX, 64);
        toInteger(t, "xscvqpuwz", 1, BigInteger.ZERO, FloatArithmetic.UNSIGNED_WORD_MAX, 64);
        toInteger(t, "xscvqpsqz", 8, INT128_MIN, INT128_MAX, 128);
        toInteger(t, "xscvqpuqz", 0, BigInteger.ZERO, MASK_128, 128);
        fromInteger(t, "xscvsdqp", 10, (c, w) -> BigInteger.valueOf(c.vsr[2 * (32 + Fields.rb(w))]));
        fromInteger(t, "xscvudqp", 2, (c, w) -> FloatArithmetic.unsigned(c.vsr[2 * (32 + Fields.rb(w))]));
        fromInteger(t, "xscvsqqp", 11, (c, w) -> {
            BigInteger b = bits(c, Fields.rb(w));
            return b.testBit(127) ? b.subtract(BigInteger.ONE.shiftLeft(128)) : b;
        });
        fromInteger(t, "xscvuqqp", 3, (c, w) -> bits(c, Fields.rb(w)));
    }

    private static void toInteger(InstructionTable t, String mnemonic, int select, BigInteger min, BigInteger max, int width) {
        selected(t, mnemonic, 836, select, false, (c, w) -> {
            Result r = SoftFloat.toInteger(quad(c, Fields.rb(w)), min, max, 1);
            BigInteger value = r.bits().and(MASK_128);
            write(c, w, width == 64 ? value.and(FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX).shiftLeft(64) : value, r.flags(), KEEP_CLASS,
                    true);
        });
    }

    @FunctionalInterface
    private interface IntegerOperand {
        BigInteger of(Cpu c, int w);
    }

    private static void fromInteger(InstructionTable t, String mnemonic, int select, IntegerOperand operand) {
        selected(t, mnemonic, 836, select, false, (c, w) -> {
            Result r = SoftFloat.fromInteger(Format.QUAD, Format.QUAD, operand.of(c, w), c.fpscr);
            write(c, w, r.bits(), r.flags(), classOfQuad(r.bits()), true);
        });
    }

    // ---- compares ---------------------------------------------------------------------------------

    private static void compares(InstructionTable t) {
        for (boolean ordered : new boolean[] { false, true }) {
            t.described(ordered ? "xscmpoqp" : "xscmpuqp", OPCODE | (ordered ? 132 : 644) << 1, X_BF, (c, m, w) -> {
                BigInteger a = bits(c, Fields.ra(w));
                BigInteger b = bits(c, Fields.rb(w));
                int comparison = compare(a, b);
                int field = comparison == 2 ? 1 : comparison < 0 ? 8 : comparison > 0 ? 4 : 2;
                int flags = comparison == 2 ? compareExceptions(c, a, b, ordered) : 0;
                c.fpscr = (Fpscr.raise(c.fpscr, flags, false) & ~Fpscr.FPCC) | field << 12;
                c.setCrField(Fields.bf(w), field);
            }, BF_ALWAYS, VRA, VRB);
        }
        mask(t, "xscmpeqqp", 68, false, r -> r == 0);
        mask(t, "xscmpgeqp", 196, true, r -> r == 0 || r == 1);
        mask(t, "xscmpgtqp", 228, true, r -> r == 1);
        // the "c" forms: VRA when the quiet comparison holds, else VRB (VXSNAN for a signalling NaN then)
        for (boolean maximum : new boolean[] { true, false }) {
            t.described(maximum ? "xsmaxcqp" : "xsmincqp", OPCODE | (maximum ? 676 : 740) << 1, X, (c, m, w) -> {
                BigInteger a = bits(c, Fields.ra(w));
                BigInteger b = bits(c, Fields.rb(w));
                int r = compare(a, b);
                boolean first = maximum ? r == 0 || r == 1 : r == -1;
                int flags = !first && (signalling(a) || signalling(b)) ? Fpscr.VXSNAN : 0;
                write(c, w, first ? a : b, flags, KEEP_CLASS, false);
            }, VRT, VRA, VRB);
        }
        t.described("xscmpexpqp", OPCODE | 164 << 1, X_BF, (c, m, w) -> {
            BigInteger a = bits(c, Fields.ra(w));
            BigInteger b = bits(c, Fields.rb(w));
            int ea = exponentField(a);
            int eb = exponentField(b);
            int field = isNaN(a) || isNaN(b) ? 1 : ea < eb ? 8 : ea > eb ? 4 : 2;
            c.fpscr = (c.fpscr & ~Fpscr.FPCC) | field << 12;
            c.setCrField(Fields.bf(w), field);
        }, BF_ALWAYS, VRA, VRB);
        t.described("xststdcqp", OPCODE | 708 << 1, X, (c, m, w) -> {
            Value b = quad(c, Fields.rb(w));
            int dataClass = switch (b.kind()) {
                case NAN, SIGNALLING_NAN -> 0x40;
                case INFINITY -> b.negative() ? 0x10 : 0x20;
                case ZERO -> b.negative() ? 0x04 : 0x08;
                case FINITE -> exponentField(bits(c, Fields.rb(w))) == 0 ? (b.negative() ? 0x01 : 0x02) : 0;
            };
            int field = (b.negative() ? 8 : 0) | ((dataClass & DCMX.value(w)) != 0 ? 2 : 0);
            c.fpscr = (c.fpscr & ~Fpscr.FPCC) | field << 12;
            c.setCrField(Fields.bf(w), field);
        }, BF_ALWAYS, VRB, DCMX);
    }

    /** xscmpeqqp and kin: VRT all ones where the comparison holds; VXSNAN, and VXVC for the ordered ones. */
    private static void mask(InstructionTable t, String mnemonic, int xo, boolean ordered, Test test) {
        t.described(mnemonic, OPCODE | xo << 1, X, (c, m, w) -> {
            BigInteger a = bits(c, Fields.ra(w));
            BigInteger b = bits(c, Fields.rb(w));
            int r = compare(a, b);
            int flags = r == 2 ? compareExceptions(c, a, b, ordered) : 0;
            write(c, w, r != 2 && test.holds(r) ? MASK_128 : BigInteger.ZERO, flags, KEEP_CLASS, false);
        }, VRT, VRA, VRB);
    }

    /** VXSNAN for a signalling NaN; VXVC for any NaN when ordered (not with VXSNAN when VE is set). */
    private static int compareExceptions(Cpu c, BigInteger a, BigInteger b, boolean ordered) {
        boolean signalling = signalling(a) || signalling(b);
        int flags = signalling ? Fpscr.VXSNAN : 0;
        if (ordered && !(signalling && (c.fpscr & Fpscr.VE) != 0)) {
            flags |= Fpscr.VXVC;
        }
        return flags;
    }

    /** -1, 0, 1 as a is below, equal to or above b (+0 equals -0), 2 when either is a NaN. */
    private static int compare(BigInteger a, BigInteger b) {
        if (isNaN(a) || isNaN(b)) {
            return 2;
        }
        Value x = SoftFloat.unpack(Format.QUAD, a);
        Value y = SoftFloat.unpack(Format.QUAD, b);
        return Integer.signum(ordinal(x).compareTo(ordinal(y)));
    }

    /**
     * A number ordered as the value: the magnitude's bits (which order finite values and infinity
     * by size), negated for negative values; zeros of both signs are 0.
     */
    private static BigInteger ordinal(Value v) {
        BigInteger magnitude = v.bits().andNot(QUAD_SIGN);
        return v.negative() ? magnitude.negate() : magnitude;
    }

    // ---- moves: sign, exponent, significand ---------------------------------------------------------

    private static void moves(InstructionTable t) {
        sign(t, "xsabsqp", 0, hi -> hi & ~SIGN);
        sign(t, "xsnabsqp", 8, hi -> hi | SIGN);
        sign(t, "xsnegqp", 16, hi -> hi ^ SIGN);
        t.described("xscpsgnqp", OPCODE | 100 << 1, X, (c, m, w) -> {
            int b = 2 * (32 + Fields.rb(w));
            VectorRegisters.setVsr(c, 32 + Fields.rt(w), (c.vsr[b] & ~SIGN) | (c.vsr[2 * (32 + Fields.ra(w))] & SIGN), c.vsr[b + 1]);
        }, VRT, VRA, VRB);
        selected(t, "xsxexpqp", 804, 2, false, (c, w) -> VectorRegisters.setVsr(c, 32 + Fields.rt(w),
                (c.vsr[2 * (32 + Fields.rb(w))] >>> 48) & 0x7fff, 0));
        selected(t, "xsxsigqp", 804, 18, false, (c, w) -> {
            int b = 2 * (32 + Fields.rb(w));
            long exponent = (c.vsr[b] >>> 48) & 0x7fff;
            long implicit = exponent != 0 && exponent != 0x7fff ? 1L << 48 : 0;
            VectorRegisters.setVsr(c, 32 + Fields.rt(w), (c.vsr[b] & 0xffffffffffffL) | implicit, c.vsr[b + 1]);
        });
        t.described("xsiexpqp", OPCODE | 868 << 1, X, (c, m, w) -> {
            int a = 2 * (32 + Fields.ra(w));
            long hi = (c.vsr[a] & 0x8000ffffffffffffL) | (c.vsr[2 * (32 + Fields.rb(w))] & 0x7fff) << 48;
            VectorRegisters.setVsr(c, 32 + Fields.rt(w), hi, c.vsr[a + 1]);
        }, VRT, VRA, VRB);
    }

    private static void sign(InstructionTable t, String mnemonic, int select, java.util.function.LongUnaryOperator f) {
        selected(t, mnemonic, 804, select, false, (c, w) -> {
            int b = 2 * (32 + Fields.rb(w));
            VectorRegisters.setVsr(c, 32 + Fields.rt(w), f.applyAsLong(c.vsr[b]), c.vsr[b + 1]);
        });
    }

    // ---- rounding to an integral value or to double-extended precision -----------------------------

    private static void rounding(InstructionTable t) {
        for (boolean inexact : new boolean[] { false, true }) {
            // R = 0 with RMC 1 or 2 is reserved
            t.described(inexact ? "xsrqpix" : "xsrqpi", OPCODE | 5 << 1 | (inexact ? 1 : 0), Z23,
                    w -> R.value(w) == 1 || RMC.value(w) == 0 || RMC.value(w) == 3, (c, m, w) -> {
                        Result r = SoftFloat.roundToIntegral(Format.QUAD, quad(c, Fields.rb(w)), roundingMode(c, w));
                        int flags = inexact ? r.flags() : r.flags() & ~(Fpscr.XX | Fpscr.FI | Fpscr.FR);
                        write(c, w, r.bits(), flags, classOfQuad(r.bits()), true);
                    }, R, VRT, VRB, RMC);
        }
        t.described("xsrqpxp", OPCODE | 37 << 1, Z23, w -> R.value(w) == 1 || RMC.value(w) == 0 || RMC.value(w) == 3, (c, m, w) -> {
            Result r = SoftFloat.roundTo(Format.QUAD, Format.EXTENDED, quad(c, Fields.rb(w)),
                    SoftFloat.withMode(c.fpscr, roundingMode(c, w)));
            write(c, w, r.bits(), r.flags(), classOfQuad(r.bits()), true);
        }, R, VRT, VRB, RMC);
    }

    /** R and RMC: R = 1 names a mode (nearest even, zero, up, down); R = 0 is ties away (RMC 0) or FPSCR[RN] (RMC 3). */
    private static int roundingMode(Cpu c, int w) {
        int rmc = RMC.value(w);
        if (R.value(w) == 1) {
            return rmc;
        }
        return rmc == 0 ? SoftFloat.TIES_AWAY : c.fpscr & Fpscr.RN;
    }

    // ---- registers and results ---------------------------------------------------------------------

    private static Value quad(Cpu c, int vr) {
        return SoftFloat.unpack(Format.QUAD, bits(c, vr));
    }

    /** VMX register {@code vr} as an unsigned 128-bit number. */
    private static BigInteger bits(Cpu c, int vr) {
        return FloatArithmetic.unsigned(c.vsr[2 * (32 + vr)]).shiftLeft(64).or(FloatArithmetic.unsigned(c.vsr[2 * (32 + vr) + 1]));
    }

    private static int exponentField(BigInteger bits) {
        return bits.shiftRight(112).intValue() & 0x7fff;
    }

    private static boolean isNaN(BigInteger bits) {
        return exponentField(bits) == 0x7fff && bits.and(BigInteger.ONE.shiftLeft(112).subtract(BigInteger.ONE)).signum() != 0;
    }

    private static boolean signalling(BigInteger bits) {
        return isNaN(bits) && !bits.testBit(111);
    }

    /** The rounding control: FPSCR[RN], or round to odd for the "o" forms. */
    private static int control(Cpu c, boolean odd) {
        return odd ? SoftFloat.withMode(c.fpscr, SoftFloat.ROUND_TO_ODD) : c.fpscr;
    }

    /**
     * Writes VRT (128 bits) and records {@code flags} (FR and FI too when {@code status}) and FPRF
     * ({@link #KEEP_CLASS}: as it was); an enabled invalid operation or zero divide leaves VRT and FPRF.
     */
    private static void write(Cpu c, int w, BigInteger result, int flags, int fprf, boolean status) {
        c.operationFlags = flags;
        int fpscr = Fpscr.raise(c.fpscr, flags, status);
        if (!Fpscr.enabled(fpscr, flags & (Fpscr.INVALID | Fpscr.ZX))) {
            VectorRegisters.setVsr(c, 32 + Fields.rt(w), result.shiftRight(64).longValue(), result.longValue());
            if (fprf != KEEP_CLASS) {
                fpscr = Fpscr.withClass(fpscr, fprf);
            }
        }
        c.fpscr = fpscr;
    }

    /** The FPRF class of a quad-precision value. */
    static int classOfQuad(BigInteger bits) {
        Value v = SoftFloat.unpack(Format.QUAD, bits);
        boolean negative = v.negative();
        return switch (v.kind()) {
            case NAN, SIGNALLING_NAN -> Fpscr.QUIET_NAN;
            case INFINITY -> negative ? Fpscr.NEGATIVE_INFINITY : Fpscr.POSITIVE_INFINITY;
            case ZERO -> negative ? Fpscr.NEGATIVE_ZERO : Fpscr.POSITIVE_ZERO;
            case FINITE -> exponentField(bits) == 0 ? (negative ? Fpscr.NEGATIVE_DENORMAL : Fpscr.POSITIVE_DENORMAL)
                    : (negative ? Fpscr.NEGATIVE_NORMAL : Fpscr.POSITIVE_NORMAL);
        };
    }
}
