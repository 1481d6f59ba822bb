package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BFA;
import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.DRM;
import static dev.k42lens.core.cpu.isa.Operand.FLM;
import static dev.k42lens.core.cpu.isa.Operand.FPSCR_BIT;
import static dev.k42lens.core.cpu.isa.Operand.FPSCR_FIELD;
import static dev.k42lens.core.cpu.isa.Operand.FRA;
import static dev.k42lens.core.cpu.isa.Operand.FRB;
import static dev.k42lens.core.cpu.isa.Operand.FRC;
import static dev.k42lens.core.cpu.isa.Operand.FRT;
import static dev.k42lens.core.cpu.isa.Operand.MTFSF_L;
import static dev.k42lens.core.cpu.isa.Operand.MTFSF_W;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.RM;
import static dev.k42lens.core.cpu.isa.Operand.U4;

import java.math.BigInteger;
import java.util.function.Function;

/**
 * The binary floating-point instructions on FPRs, stated once each: arithmetic in double and
 * single precision, select, the reciprocal (square root) estimates, rounding to single precision
 * and to an integral value, the conversions to and from integers, the compares, the sign moves,
 * the FPSCR moves, and the integer-word moves between FPRs and memory (stfiwx, lfiwax, lfiwzx).
 * Results are IEEE-754 in every rounding mode ({@link FloatArithmetic}); the FPSCR records each
 * operation's exceptions, FR, FI and result class as the ISA defines them, and an enabled invalid
 * operation or zero divide leaves the target register unchanged. The record forms (Rc = 1) copy
 * FPSCR[FX, FEX, VX, OX] to CR1. The FPR loads and stores of single- and double-precision values
 * are still older operations.
 */
final class BinaryFloatingPoint {
    /** A form: the primary and extended opcodes, and Rc. */
    private static final int A = 0xfc00003f;
    /** X form: the primary and extended opcodes, and Rc. */
    private static final int X = 0xfc0007ff;
    private static final long ONE = Double.doubleToRawLongBits(1.0);
    private static final int INEXACT = Fpscr.XX | Fpscr.FI | Fpscr.FR;
    /** What mffsl reads: the rounding modes, enables, NI and the status FR, FI, FPRF. */
    private static final long MFFSL_FIELDS = Fpscr.CONTROL | Fpscr.FR | Fpscr.FI | Fpscr.FPRF;

    private BinaryFloatingPoint() {
    }

    /** An arithmetic operation on an instruction's operands: the result, its exceptions added to {@link Cpu#operationFlags}. */
    @FunctionalInterface
    private interface Operation {
        long apply(Cpu c, int w);
    }

    static void describe(InstructionTable t) {
        integerWords(t);
        for (int rc = 0; rc < 2; rc++) {
            String dot = rc == 0 ? "" : ".";
            bothPrecisions(t, "fdiv", 18, rc, A | 0x7c0,
                    single -> (c, w) -> FloatArithmetic.divide(c, fra(c, w), frb(c, w), single), FRT, FRA, FRB);
            bothPrecisions(t, "fsub", 20, rc, A | 0x7c0,
                    single -> (c, w) -> FloatArithmetic.add(c, fra(c, w), frb(c, w), true, single), FRT, FRA, FRB);
            bothPrecisions(t, "fadd", 21, rc, A | 0x7c0,
                    single -> (c, w) -> FloatArithmetic.add(c, fra(c, w), frb(c, w), false, single), FRT, FRA, FRB);
            bothPrecisions(t, "fsqrt", 22, rc, A | 0x1f07c0,
                    single -> (c, w) -> FloatArithmetic.squareRoot(c, frb(c, w), single), FRT, FRB);
            t.described("fsel" + dot, opcode(63, 23) | rc, A,
                    (c, m, w) -> move(c, w, c.fprDouble(Fields.ra(w)) >= 0.0 ? frc(c, w) : frb(c, w)), FRT, FRA, FRC, FRB);
            // the estimates as qemu computes them: the reciprocal (of the square root), each step rounded
            bothPrecisions(t, "fre", 24, rc, A | 0x1f07c0,
                    single -> (c, w) -> toPrecision(c, FloatArithmetic.divide(c, ONE, frb(c, w), false), single), FRT, FRB);
            bothPrecisions(t, "fmul", 25, rc, A | 0xf800,
                    single -> (c, w) -> FloatArithmetic.multiply(c, fra(c, w), frc(c, w), single), FRT, FRA, FRC);
            bothPrecisions(t, "frsqrte", 26, rc, A | 0x1f07c0, single -> (c, w) -> toPrecision(c,
                    FloatArithmetic.divide(c, ONE, FloatArithmetic.squareRoot(c, frb(c, w), false), false), single), FRT, FRB);
            // FRA x FRC + FRB with one rounding: FRB subtracted (msub), the result negated (nm)
            multiplyAdd(t, "fmsub", 28, rc, true, false);
            multiplyAdd(t, "fmadd", 29, rc, false, false);
            multiplyAdd(t, "fnmsub", 30, rc, true, true);
            multiplyAdd(t, "fnmadd", 31, rc, false, true);
            unary(t, "fneg", 63, 40, rc, (c, m, w) -> move(c, w, frb(c, w) ^ Long.MIN_VALUE));
            unary(t, "fmr", 63, 72, rc, (c, m, w) -> move(c, w, frb(c, w)));
            unary(t, "fnabs", 63, 136, rc, (c, m, w) -> move(c, w, frb(c, w) | Long.MIN_VALUE));
            unary(t, "fabs", 63, 264, rc, (c, m, w) -> move(c, w, frb(c, w) & Long.MAX_VALUE));
            unary(t, "frsp", 63, 12, rc, arithmetic((c, w) -> FloatArithmetic.roundToSingle(c, frb(c, w))));
            toInteger(t, "fctiw", 14, rc, FloatArithmetic.WORD_MIN, FloatArithmetic.WORD_MAX);
            toInteger(t, "fctiwu", 142, rc, BigInteger.ZERO, FloatArithmetic.UNSIGNED_WORD_MAX);
            toInteger(t, "fctid", 814, rc, FloatArithmetic.DOUBLEWORD_MIN, FloatArithmetic.DOUBLEWORD_MAX);
            toInteger(t, "fctidu", 942, rc, BigInteger.ZERO, FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX);
            unary(t, "fcfid", 63, 846, rc, arithmetic((c, w) -> FloatArithmetic.fromInteger(c, frb(c, w), false, false)));
            unary(t, "fcfidu", 63, 974, rc, arithmetic((c, w) -> FloatArithmetic.fromInteger(c, frb(c, w), true, false)));
            // round to an integral value: to nearest with ties away from zero (4), toward zero (1), +infinity (2), -infinity (3)
            unary(t, "frin", 63, 392, rc, arithmetic((c, w) -> FloatArithmetic.roundToIntegral(c, frb(c, w), 4, false)));
            unary(t, "friz", 63, 424, rc, arithmetic((c, w) -> FloatArithmetic.roundToIntegral(c, frb(c, w), 1, false)));
            unary(t, "frip", 63, 456, rc, arithmetic((c, w) -> FloatArithmetic.roundToIntegral(c, frb(c, w), 2, false)));
            unary(t, "frim", 63, 488, rc, arithmetic((c, w) -> FloatArithmetic.roundToIntegral(c, frb(c, w), 3, false)));
            unary(t, "fcfids", 59, 846, rc, arithmetic((c, w) -> FloatArithmetic.fromInteger(c, frb(c, w), false, true)));
            unary(t, "fcfidus", 59, 974, rc, arithmetic((c, w) -> FloatArithmetic.fromInteger(c, frb(c, w), true, true)));
            t.described("fcpsgn" + dot, opcode(63, 8) | rc, X,
                    (c, m, w) -> move(c, w, (frb(c, w) & Long.MAX_VALUE) | (fra(c, w) & Long.MIN_VALUE)), FRT, FRA, FRB);
            t.described("mffs" + dot, opcode(63, 583) | rc, X | 0x1ff800, (c, m, w) -> move(c, w, c.fpscrDoubleword()), FRT);
            if (rc == 0) {
                fpscrReads(t);
            }
            t.described("mtfsf" + dot, opcode(63, 711) | rc, X | 0x2010000, (c, m, w) -> moveToFpscrFields(c, w), FLM, FRB);
            t.described("mtfsf" + dot, opcode(63, 711) | rc, X, (c, m, w) -> moveToFpscrFields(c, w), FLM, FRB, MTFSF_L, MTFSF_W);
            t.described("mtfsfi" + dot, opcode(63, 134) | rc, X | 0x7e0800, (c, m, w) -> moveToFpscrField(c, w),
                    FPSCR_FIELD, U4, MTFSF_W);
            t.described("mtfsb0" + dot, opcode(63, 70) | rc, X | 0x1ff800, (c, m, w) -> setFpscrBit(c, w, false), FPSCR_BIT);
            t.described("mtfsb1" + dot, opcode(63, 38) | rc, X | 0x1ff800, (c, m, w) -> setFpscrBit(c, w, true), FPSCR_BIT);
        }
        t.described("fcmpu", opcode(63, 0), 0xfc6007ff,
                (c, m, w) -> c.setCrField(Fields.bf(w), FloatArithmetic.compare(c, fra(c, w), frb(c, w), false)), BF_ALWAYS, FRA, FRB);
        t.described("fcmpo", opcode(63, 32), 0xfc6007ff,
                (c, m, w) -> c.setCrField(Fields.bf(w), FloatArithmetic.compare(c, fra(c, w), frb(c, w), true)), BF_ALWAYS, FRA, FRB);
        t.described("mcrfs", opcode(63, 64), 0xfc63ffff, (c, m, w) -> {
            int shift = 28 - 4 * Fields.bfa(w);
            c.setCrField(Fields.bf(w), (c.fpscr >>> shift) & 15);
            // the exception bits copied are cleared (FX and the sticky exceptions)
            c.fpscr = Fpscr.summarized(c.fpscr & ~((0xf << shift) & (Fpscr.FX | Fpscr.EXCEPTIONS)));
        }, BF_ALWAYS, BFA);
    }

    /** stfiwx stores FRS's low word; lfiwax and lfiwzx load a word into FRT, sign- or zero-extended. */
    private static void integerWords(InstructionTable t) {
        t.described("stfiwx", opcode(31, 983), X, (c, m, w) -> m.write32(c.indexedAddress(w), (int) c.fpr(Fields.rt(w))), FRT, RA0, RB);
        t.described("lfiwax", opcode(31, 855), X, (c, m, w) -> c.setFpr(Fields.rt(w), m.read32(c.indexedAddress(w))), FRT, RA0, RB);
        t.described("lfiwzx", opcode(31, 887), X, (c, m, w) -> c.setFpr(Fields.rt(w), m.read32(c.indexedAddress(w)) & 0xffffffffL),
                FRT, RA0, RB);
    }

    /** ISA 3.0 forms that read the FPSCR and clear its enables (mffsce), or set a rounding mode (the crn and cdrn forms). */
    private static void fpscrReads(InstructionTable t) {
        int mffs = opcode(63, 583);
        t.described("mffsce", mffs | 1 << 16, X | 0x1ff800, (c, m, w) -> {
            long fpscr = c.fpscrDoubleword();   // as it was before the enables are cleared
            setFpscr(c, c.fpscr & ~Fpscr.ENABLES);
            c.setFpr(Fields.rt(w), fpscr);
        }, FRT);
        t.described("mffscrn", mffs | 22 << 16, X | 0x1f0000, (c, m, w) -> swapRoundingMode(c, w, false, (int) frb(c, w) & 3),
                FRT, FRB);
        t.described("mffscrni", mffs | 23 << 16, X | 0x1fe000, (c, m, w) -> swapRoundingMode(c, w, false, RM.value(w)), FRT, RM);
        t.described("mffsl", mffs | 24 << 16, X | 0x1ff800, (c, m, w) -> c.setFpr(Fields.rt(w), c.fpscrDoubleword() & MFFSL_FIELDS),
                FRT);
        // the decimal rounding mode: from FRB's bits 29-31 or the immediate
        t.described("mffscdrn", mffs | 20 << 16, X | 0x1f0000,
                (c, m, w) -> swapRoundingMode(c, w, true, (int) (frb(c, w) >>> 32) & 7), FRT, FRB);
        t.described("mffscdrni", mffs | 21 << 16, X | 0x1fc000, (c, m, w) -> swapRoundingMode(c, w, true, DRM.value(w)), FRT, DRM);
    }

    private static int opcode(int primary, int xo) {
        return primary << 26 | xo << 1;
    }

    private static long fra(Cpu c, int w) {
        return c.fpr(Fields.ra(w));
    }

    private static long frb(Cpu c, int w) {
        return c.fpr(Fields.rb(w));
    }

    private static long frc(Cpu c, int w) {
        return c.fpr(Fields.rc(w));
    }

    /**
     * The row of primary opcode 63 (double precision) and the single-precision one of primary
     * opcode 59, named with an "s": {@code f} gives the operation in either precision.
     */
    private static void bothPrecisions(InstructionTable t, String mnemonic, int xo, int rc, int mask, Function<Boolean, Operation> f,
            Operand... operands) {
        String dot = rc == 0 ? "" : ".";
        t.described(mnemonic + dot, opcode(63, xo) | rc, mask, arithmetic(f.apply(false)), operands);
        t.described(mnemonic + "s" + dot, opcode(59, xo) | rc, mask, arithmetic(f.apply(true)), operands);
    }

    private static void multiplyAdd(InstructionTable t, String mnemonic, int xo, int rc, boolean subtract, boolean negate) {
        bothPrecisions(t, mnemonic, xo, rc, A,
                single -> (c, w) -> FloatArithmetic.multiplyAdd(c, fra(c, w), frc(c, w), frb(c, w), subtract, negate, single),
                FRT, FRA, FRC, FRB);
    }

    /** fcti*: the conversion in the current rounding mode, and the "z" form (xo + 1) toward zero. */
    private static void toInteger(InstructionTable t, String mnemonic, int xo, int rc, BigInteger min, BigInteger max) {
        unary(t, mnemonic, 63, xo, rc, (c, m, w) -> convertToInteger(c, w, false, min, max));
        unary(t, mnemonic + "z", 63, xo + 1, rc, (c, m, w) -> convertToInteger(c, w, true, min, max));
    }

    /** An X-form row FRT, FRB (the FRA field 0), a record form when {@code rc} is 1. */
    private static void unary(InstructionTable t, String mnemonic, int primary, int xo, int rc, Semantics semantics) {
        t.described(mnemonic + (rc == 0 ? "" : "."), opcode(primary, xo) | rc, X | 0x1f0000, semantics, FRT, FRB);
    }

    /** A double-precision result, or rounded to single precision. */
    private static long toPrecision(Cpu c, long bits, boolean single) {
        return single ? FloatArithmetic.roundToSingle(c, bits) : bits;
    }

    /** An arithmetic instruction: {@code f}'s exceptions collected from none, its result written by {@link #arithmeticResult}. */
    private static Semantics arithmetic(Operation f) {
        return (c, m, w) -> {
            c.operationFlags = 0;
            arithmeticResult(c, w, f.apply(c, w));
        };
    }

    /**
     * Writes an arithmetic result to FRT with its class (FPRF), FR, FI and the exceptions raised
     * (in {@link Cpu#operationFlags}); an enabled invalid operation or zero divide leaves FRT and
     * FPRF as they were. Rc copies FX, FEX, VX, OX to CR1.
     */
    private static void arithmeticResult(Cpu c, int w, long bits) {
        int flags = c.operationFlags;
        int fpscr = c.fpscr;
        if ((flags & ~INEXACT) == 0 && (fpscr & Fpscr.XE) == 0 && !Fields.rcBit(w)) {
            // the common case, at most inexact with XE off: VX and FEX stay as they are
            c.setFpr(Fields.rt(w), bits);
            c.fpscr = (fpscr & ~(Fpscr.FR | Fpscr.FI | Fpscr.FPRF)) | flags | ((flags & ~fpscr & Fpscr.XX) != 0 ? Fpscr.FX : 0)
                    | Fpscr.classOf(bits);
            return;
        }
        if (Fpscr.record(c, flags, true)) {
            c.setFpr(Fields.rt(w), bits);
            c.fpscr = Fpscr.withClass(c.fpscr, Fpscr.classOf(bits));
        }
        recordCr1(c, w);
    }

    /**
     * fcti*: FRB converted to an integer in [min, max]; a word result is sign-extended when
     * signed, zero-extended when unsigned or when it comes from a NaN, as qemu leaves it. FPRF
     * keeps its value unless the conversion is invalid (it then says NaN, as qemu sets it).
     */
    private static void convertToInteger(Cpu c, int w, boolean towardZero, BigInteger min, BigInteger max) {
        c.operationFlags = 0;
        long b = frb(c, w);
        long result = FloatArithmetic.toInteger(c, b, min, max, towardZero);
        int flags = c.operationFlags;
        if (max == FloatArithmetic.WORD_MAX) {
            result = Double.isNaN(Double.longBitsToDouble(b)) ? result & 0xffffffffL : (int) result;
        } else if (max == FloatArithmetic.UNSIGNED_WORD_MAX) {
            result &= 0xffffffffL;
        }
        if (Fpscr.record(c, flags, true)) {   // a conversion raises no zero divide: only an enabled invalid one keeps FRT
            c.setFpr(Fields.rt(w), result);
            if ((flags & Fpscr.VXCVI) != 0) {
                c.fpscr = Fpscr.withClass(c.fpscr, Fpscr.QUIET_NAN);
            }
        }
        recordCr1(c, w);
    }

    /** A move (fmr and the sign moves, fsel, mffs): FRT = bits, no exception, FPSCR unchanged. */
    private static void move(Cpu c, int w, long bits) {
        c.setFpr(Fields.rt(w), bits);
        recordCr1(c, w);
    }

    /**
     * mffscrn, mffscrni, mffscdrn, mffscdrni: FRT = the FPSCR's control fields, then the binary
     * (RN) or decimal (DRN) rounding mode = {@code mode}, which was read before FRT, possibly FRB, was written.
     */
    private static void swapRoundingMode(Cpu c, int w, boolean decimal, int mode) {
        c.setFpr(Fields.rt(w), c.fpscrDoubleword() & Fpscr.CONTROL);
        if (decimal) {
            c.decimalRoundingMode = mode;
        } else {
            c.fpscr = (c.fpscr & ~Fpscr.RN) | mode;
        }
    }

    /** mtfsf: the FPSCR fields FLM selects (all of them with L = 1) from FRB, those of the upper word with W = 1. */
    private static void moveToFpscrFields(Cpu c, int w) {
        boolean wholeRegister = MTFSF_L.value(w) != 0;
        boolean upperWord = MTFSF_W.value(w) != 0;
        int flm = wholeRegister ? 0xff : upperWord ? 0 : FLM.value(w);
        // the upper word holds DRN only (its field 7): the whole register, or W = 1 with field 7
        if (wholeRegister || upperWord && (w & 1 << 17) != 0) {
            c.decimalRoundingMode = (int) (frb(c, w) >>> 32) & 7;
        }
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            if ((flm & (0x80 >>> i)) != 0) {
                mask |= 0xf0000000 >>> (4 * i);
            }
        }
        setFpscr(c, (c.fpscr & ~mask) | ((int) frb(c, w) & mask));
        recordCr1(c, w);
    }

    /** mtfsfi: U into FPSCR field BF, of the upper word with W = 1. */
    private static void moveToFpscrField(Cpu c, int w) {
        int field = FPSCR_FIELD.value(w);
        if (MTFSF_W.value(w) == 0) {
            int shift = 28 - 4 * field;
            setFpscr(c, (c.fpscr & ~(0xf << shift)) | (U4.value(w) << shift));
        } else if (field == 7) {
            c.decimalRoundingMode = U4.value(w) & 7;   // W = 1: the upper word, whose field 7 holds DRN
        }
        recordCr1(c, w);
    }

    /** mtfsb0, mtfsb1: FPSCR bit BT cleared or set; setting an exception bit sets FX. */
    private static void setFpscrBit(Cpu c, int w, boolean value) {
        int bit = 0x80000000 >>> FPSCR_BIT.value(w);
        if ((bit & (Fpscr.FEX | Fpscr.VX)) == 0) {   // the summaries cannot be set or cleared themselves
            int fpscr = value ? c.fpscr | bit : c.fpscr & ~bit;
            if ((bit & Fpscr.EXCEPTIONS & ~c.fpscr & fpscr) != 0) {
                fpscr |= Fpscr.FX;
            }
            setFpscr(c, fpscr);
        }
        recordCr1(c, w);
    }

    /**
     * Writes the FPSCR from mtfsf, mtfsfi, mtfsb0/1, mffsce: VX and FEX follow the bits written.
     * An enabled exception left pending counts as raised here (for the program interrupt).
     */
    private static void setFpscr(Cpu c, int value) {
        c.fpscr = Fpscr.summarized(value & ~Fpscr.RESERVED);
        c.operationFlags = (c.fpscr & Fpscr.FEX) != 0 ? c.fpscr & Fpscr.EXCEPTIONS : 0;
    }

    /** The record forms: FPSCR[FX, FEX, VX, OX] to CR1. */
    private static void recordCr1(Cpu c, int w) {
        if (Fields.rcBit(w)) {
            c.setCrField(1, c.fpscr >>> 28);
        }
    }
}
