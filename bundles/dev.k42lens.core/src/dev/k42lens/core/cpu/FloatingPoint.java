package dev.k42lens.core.cpu;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.FloatingPointBits;
import dev.k42lens.core.cpu.isa.SingleRounding;
import static dev.k42lens.core.cpu.isa.Fields.*;

import java.util.EnumSet;
import java.util.Set;

import dev.k42lens.core.cpu.isa.Op;

/**
 * The floating-point unit: FPR loads and stores, arithmetic, conversions, compares and the FPSCR.
 * Arithmetic rounds to nearest (Java's IEEE-754 arithmetic); the FPSCR keeps the rounding mode,
 * the exception enables and the result class (FPRF) as glibc reads them.
 */
public final class FloatingPoint {
    private static final Set<Op> OPS = EnumSet.range(Op.LFS, Op.MCRFS);
    /** FPSCR FPRF (result class and condition code) bits 15-19, as an int mask. */
    private static final int FPRF_MASK = 0x1f000;
    private static final int FPSCR_FX = 0x80000000;

    private final Cpu cpu;

    FloatingPoint(Cpu cpu) {
        this.cpu = cpu;
    }

    boolean handles(Op op) {
        return OPS.contains(op);
    }

    /** Executes {@code op}; returns null to continue, or why to stop. Advances the PC itself. */
    Stop execute(Op op, int w, Interpreter in) {
        var memory = in.memory();
        long[] r = cpu.gpr;
        switch (op) {
            case LFS -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.ea(w))));
            case LFD -> cpu.setFpr(rt(w), memory.read64(in.ea(w)));
            case LFSX -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.eaX(w))));
            case LFDX -> cpu.setFpr(rt(w), memory.read64(in.eaX(w)));
            case LFSU, LFDU, LFSUX, LFDUX -> {
                boolean indexed = op == Op.LFSUX || op == Op.LFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.LFSU || op == Op.LFSUX) {
                    cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(ea)));
                } else {
                    cpu.setFpr(rt(w), memory.read64(ea));
                }
                r[ra(w)] = ea;
            }
            case STFS -> memory.write32(in.ea(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFD -> memory.write64(in.ea(w), cpu.fpr(rt(w)));
            case STFSX -> memory.write32(in.eaX(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFDX -> memory.write64(in.eaX(w), cpu.fpr(rt(w)));
            case STFSU, STFDU, STFSUX, STFDUX -> {
                boolean indexed = op == Op.STFSUX || op == Op.STFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.STFSU || op == Op.STFSUX) {
                    memory.write32(ea, FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
                } else {
                    memory.write64(ea, cpu.fpr(rt(w)));
                }
                r[ra(w)] = ea;
            }
            case STFIWX -> memory.write32(in.eaX(w), (int) cpu.fpr(rt(w)));
            case LFIWAX -> cpu.setFpr(rt(w), memory.read32(in.eaX(w)));
            case LFIWZX -> cpu.setFpr(rt(w), memory.read32(in.eaX(w)) & 0xffffffffL);
            case FMR -> move(w, cpu.fpr(rb(w)));
            case FNEG -> move(w, cpu.fpr(rb(w)) ^ Long.MIN_VALUE);
            case FABS -> move(w, cpu.fpr(rb(w)) & Long.MAX_VALUE);
            case FNABS -> move(w, cpu.fpr(rb(w)) | Long.MIN_VALUE);
            case FCPSGN -> move(w, (cpu.fpr(rb(w)) & Long.MAX_VALUE) | (cpu.fpr(ra(w)) & Long.MIN_VALUE));
            case FADD -> result(w, add(a(w), b(w)), false, a(w), b(w));
            case FSUB -> result(w, add(a(w), -b(w)), false, a(w), b(w));
            case FMUL -> result(w, multiply(a(w), c(w)), false, a(w), c(w));
            case FDIV -> result(w, divide(a(w), b(w)), false, a(w), b(w));
            case FSQRT -> result(w, squareRoot(b(w)), false, b(w));
            case FADDS -> singleResult(w, op, add(a(w), b(w)), a(w), b(w));
            case FSUBS -> singleResult(w, op, add(a(w), -b(w)), a(w), -b(w));
            case FMULS -> singleResult(w, op, multiply(a(w), c(w)), a(w), c(w));
            case FDIVS -> singleResult(w, op, divide(a(w), b(w)), a(w), b(w));
            case FSQRTS -> singleResult(w, op, squareRoot(b(w)), b(w), 0);
            case FMADD -> result(w, fusedMultiplyAdd(a(w), c(w), b(w)), false, a(w), b(w), c(w));
            case FMSUB -> result(w, fusedMultiplyAdd(a(w), c(w), -b(w)), false, a(w), b(w), c(w));
            case FNMADD -> result(w, negatedFusedMultiplyAdd(a(w), c(w), b(w)), false, a(w), b(w), c(w));
            case FNMSUB -> result(w, negatedFusedMultiplyAdd(a(w), c(w), -b(w)), false, a(w), b(w), c(w));
            case FMADDS -> fusedSingle(w, fusedMultiplyAdd(a(w), c(w), b(w)), a(w), c(w), b(w));
            case FMSUBS -> fusedSingle(w, fusedMultiplyAdd(a(w), c(w), -b(w)), a(w), c(w), -b(w));
            case FNMADDS -> fusedSingle(w, negatedFusedMultiplyAdd(a(w), c(w), b(w)), -a(w), c(w), -b(w));
            case FNMSUBS -> fusedSingle(w, negatedFusedMultiplyAdd(a(w), c(w), -b(w)), -a(w), c(w), b(w));
            case FSEL -> move(w, a(w) >= 0.0 ? cpu.fpr(rc(w)) : cpu.fpr(rb(w)));
            case FRE -> result(w, divide(1.0, b(w)), false, b(w));
            case FRES -> result(w, divide(1.0, b(w)), true, b(w));
            case FRSQRTE -> result(w, divide(1.0, squareRoot(b(w))), false, b(w));
            case FRSQRTES -> result(w, divide(1.0, squareRoot(b(w))), true, b(w));
            case FRSP -> result(w, b(w), true, b(w));
            case FCTIW, FCTIWZ -> convertToInteger(w, op == Op.FCTIWZ, -0x80000000L, 0x7fffffffL, false);
            case FCTIWU, FCTIWUZ -> convertToInteger(w, op == Op.FCTIWUZ, 0, 0xffffffffL, false);
            case FCTID, FCTIDZ -> convertToInteger(w, op == Op.FCTIDZ, Long.MIN_VALUE, Long.MAX_VALUE, false);
            case FCTIDU, FCTIDUZ -> convertToInteger(w, op == Op.FCTIDUZ, 0, -1L, true);
            case FCFID -> result(w, fromInteger(cpu.fpr(rb(w)), false, false), false);
            case FCFIDU -> result(w, fromInteger(cpu.fpr(rb(w)), true, false), false);
            case FCFIDS -> result(w, fromInteger(cpu.fpr(rb(w)), false, true), true);
            case FCFIDUS -> result(w, fromInteger(cpu.fpr(rb(w)), true, true), true);
            case FRIN -> result(w, roundHalfAwayFromZero(b(w)), false, b(w));
            case FRIZ -> result(w, truncate(b(w)), false, b(w));
            case FRIP -> result(w, Math.ceil(b(w)), false, b(w));
            case FRIM -> result(w, Math.floor(b(w)), false, b(w));
            case FCMPU, FCMPO -> {
                double a = cpu.fprDouble(ra(w));
                double b = cpu.fprDouble(rb(w));
                int c = Double.isNaN(a) || Double.isNaN(b) ? 1 : a < b ? 8 : a > b ? 4 : 2;
                cpu.setCrField(bf(w), c);
                cpu.fpscr = (cpu.fpscr & ~0xf000) | c << 12;
            }
            case MFFS -> {
                cpu.setFpr(rt(w), cpu.fpscr & 0xffffffffL);
                recordCr1(w);
            }
            case MFFSCRN, MFFSCRNI -> {
                int mode = op == Op.MFFSCRNI ? (w >>> 11) & 3 : (int) cpu.fpr(rb(w)) & 3; // read before FRT=FRB is written
                cpu.setFpr(rt(w), cpu.fpscr & 0xffffffffL);
                cpu.fpscr = (cpu.fpscr & ~3) | mode;
            }
            case MTFSF -> {
                boolean wholeRegister = ((w >>> 25) & 1) != 0;
                boolean upperWord = ((w >>> 16) & 1) != 0;
                int flm = wholeRegister ? 0xff : upperWord ? 0 : (w >>> 17) & 0xff; // the upper word holds no state here
                int mask = 0;
                for (int i = 0; i < 8; i++) {
                    if ((flm & (0x80 >>> i)) != 0) {
                        mask |= 0xf0000000 >>> (4 * i);
                    }
                }
                setFpscr((cpu.fpscr & ~mask) | ((int) cpu.fpr(rb(w)) & mask));
                recordCr1(w);
            }
            case MTFSFI -> {
                int shift = 28 - 4 * bf(w);
                setFpscr((cpu.fpscr & ~(0xf << shift)) | (((w >>> 12) & 0xf) << shift));
                recordCr1(w);
            }
            case MTFSB0 -> {
                setFpscr(cpu.fpscr & ~(0x80000000 >>> rt(w)));
                recordCr1(w);
            }
            case MTFSB1 -> {
                setFpscr(cpu.fpscr | (0x80000000 >>> rt(w)));
                recordCr1(w);
            }
            case MCRFS -> {
                int field = (cpu.fpscr >>> (28 - 4 * bfa(w))) & 15;
                cpu.setCrField(bf(w), field);
                // the exception bits copied are cleared (FX and the sticky exceptions)
                int clear = (0xf << (28 - 4 * bfa(w))) & 0x9ff80700;
                cpu.fpscr &= ~clear;
            }
            default -> throw new IllegalStateException(op.toString());
        }
        cpu.pc += 4;
        return null;
    }

    private double a(int w) {
        return cpu.fprDouble(ra(w));
    }

    private double b(int w) {
        return cpu.fprDouble(rb(w));
    }

    private double c(int w) {
        return cpu.fprDouble(rc(w));
    }

    private void move(int w, long bits) {
        cpu.setFpr(rt(w), bits);
        recordCr1(w);
    }

    /**
     * Writes an arithmetic result (rounded to single precision when asked, in the FPSCR's rounding
     * mode) and its class (FPRF). A NaN result is the first NaN operand, quieted, or else the
     * PowerPC default NaN 0x7ff8000000000000 (the host's arithmetic may give another one).
     */
    private void result(int w, double value, boolean single, double... inputs) {
        double v = withPowerNaN(single ? toSingle(value) : value, inputs);
        cpu.setFprDouble(rt(w), v);
        cpu.fpscr = (cpu.fpscr & ~FPRF_MASK) | fprf(v);
        recordCr1(w);
    }

    /**
     * {@link #result} for fadds, fsubs (x, y: the operands as added), fmuls, fdivs and fsqrts (x
     * alone) whose double result is {@code value}. Rounding to nearest through a double rounds twice:
     * where the double lands exactly halfway between two singles, the side of the exact result
     * (the double operation's exact error, computed only there) decides instead of ties-to-even.
     * The directed modes round the same way twice or once.
     */
    private void singleResult(int w, Op op, double value, double x, double y) {
        double single = toSingle(value);
        if (roundingMode() == 0 && SingleRounding.isMidpoint(value)) {
            double error = switch (op) {
                case FADDS, FSUBS -> SingleRounding.sumError(x, y, value);
                case FMULS -> Math.fma(x, y, -value);
                case FDIVS -> Math.fma(-value, y, x) * Math.signum(y);
                default -> Math.fma(-value, value, x);   // fsqrts
            };
            single = SingleRounding.nearest(value, error);
        }
        // a NaN result comes from the operands as the instruction names them
        if (op == Op.FSQRTS) {
            result(w, single, false, b(w));
        } else {
            result(w, single, false, a(w), op == Op.FMULS ? c(w) : b(w));
        }
    }

    /**
     * {@link #result} for the single-precision fused forms: value = a * c + b rounded (the operands
     * as the form combines them, negated for fnmadds), the exact sum only computed at a midpoint.
     */
    private void fusedSingle(int w, double value, double a, double c, double b) {
        double single = toSingle(value);
        if (roundingMode() == 0 && SingleRounding.isMidpoint(value) && Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c)) {
            java.math.BigDecimal exact = new java.math.BigDecimal(a).multiply(new java.math.BigDecimal(c))
                    .add(new java.math.BigDecimal(b));
            single = SingleRounding.nearest(value, exact.compareTo(new java.math.BigDecimal(value)));
        }
        result(w, single, false, a(w), b(w), c(w));   // a NaN result comes from the operands as they are
    }

    /**
     * What {@link #result} does for a double-precision result rounded to nearest with up to three
     * inputs (unused ones 0.0), without Rc: for translated code, which computes the value itself
     * when FPSCR[RN] is 0 (Java's own arithmetic then is the PowerPC's).
     */
    public static void nearestResult(Cpu cpu, int frt, double value, double a, double b, double c) {
        double v = Double.isNaN(value) ? withPowerNaN(value, a, b, c) : value;
        cpu.setFprDouble(frt, v);
        cpu.fpscr = (cpu.fpscr & ~FPRF_MASK) | fprf(v);
    }

    private static final double DEFAULT_NAN = Double.longBitsToDouble(0x7ff8000000000000L);

    /**
     * {@code value} unless it is a NaN; then the first NaN of {@code inputs}, quieted, or else the
     * PowerPC default NaN (an x86 host's own default NaN has the sign bit set).
     */
    public static double withPowerNaN(double value, double... inputs) {
        if (!Double.isNaN(value)) {
            return value;
        }
        for (double input : inputs) {
            if (Double.isNaN(input)) {
                return Double.longBitsToDouble(Double.doubleToRawLongBits(input) | 0x0008000000000000L);
            }
        }
        return DEFAULT_NAN;
    }

    /** The rounding mode, FPSCR[RN]: 0 nearest, 1 toward zero, 2 toward +inf, 3 toward -inf. */
    private int roundingMode() {
        return cpu.fpscr & 3;
    }

    /**
     * Moves a round-to-nearest result to the directed rounding the FPSCR asks for, given the sign of
     * the exact error (exact value minus {@code nearest}).
     */
    private double directed(double nearest, double errorSign) {
        if (Double.isInfinite(nearest)) {
            return overflow(nearest);
        }
        if (errorSign == 0 || Double.isNaN(errorSign) || Double.isNaN(nearest)) {
            return nearest;
        }
        return switch (roundingMode()) {
            case 1 -> nearest != 0 && (errorSign > 0) == (nearest < 0) ? Math.nextAfter(nearest, 0.0) : nearest;
            case 2 -> errorSign > 0 ? Math.nextUp(nearest) : nearest;
            case 3 -> errorSign < 0 ? Math.nextDown(nearest) : nearest;
            default -> nearest;
        };
    }

    /**
     * An overflowed result (infinite from finite operands) in the rounding mode: toward zero, or
     * against the sign's direction, gives the largest finite number instead of the infinity.
     */
    private double overflow(double infinity) {
        boolean positive = infinity > 0;
        return switch (roundingMode()) {
            case 1 -> positive ? Double.MAX_VALUE : -Double.MAX_VALUE;
            case 2 -> positive ? infinity : -Double.MAX_VALUE;
            case 3 -> positive ? Double.MAX_VALUE : infinity;
            default -> infinity;
        };
    }

    double add(double a, double b) {
        double s = a + b;
        if (roundingMode() == 0 || Double.isNaN(s) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return s;
        }
        double error = SingleRounding.sumError(a, b, s);
        boolean sameSignZeros = a == 0 && b == 0 && Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
        if (s == 0 && error == 0 && roundingMode() == 3 && !sameSignZeros) {
            return -0.0; // an exact zero sum of opposite signs is -0 when rounding toward -inf
        }
        return directed(s, error);
    }

    double multiply(double a, double b) {
        double p = a * b;
        if (roundingMode() == 0 || Double.isNaN(p) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return p;
        }
        if (Double.isInfinite(p)) {
            return directed(p, 0);
        }
        if (Math.abs(p) < Double.MIN_NORMAL && a != 0 && b != 0) {
            // a product in or below the subnormal range: its rounding error may underflow to 0 too
            java.math.BigDecimal exact = new java.math.BigDecimal(a).multiply(new java.math.BigDecimal(b));
            return directed(p, exact.compareTo(new java.math.BigDecimal(p)));
        }
        return directed(p, Math.fma(a, b, -p));
    }

    double divide(double a, double b) {
        double q = a / b;
        if (roundingMode() == 0 || Double.isNaN(q) || Double.isInfinite(a) || b == 0 || a == 0 || Double.isInfinite(b)) {
            return q;
        }
        if (q == 0) {
            return directed(q, Math.signum(a) * Math.signum(b));   // underflowed: the exact quotient is not 0
        }
        if (Double.isInfinite(q)) {
            return overflow(q);
        }
        double remainder = Math.fma(-q, b, a);
        return directed(q, Math.signum(remainder) * Math.signum(b));
    }

    double squareRoot(double x) {
        double r = Math.sqrt(x);
        return roundingMode() == 0 || Double.isNaN(r) ? r : directed(r, Math.fma(-r, r, x));
    }

    /** a * c + b with one rounding, in the current rounding mode. */
    double fusedMultiplyAdd(double a, double c, double b) {
        double nearest = Math.fma(a, c, b);
        if (roundingMode() == 0 || Double.isNaN(nearest) || Double.isInfinite(a) || Double.isInfinite(b)
                || Double.isInfinite(c)) {
            return nearest;
        }
        if (Double.isInfinite(nearest)) {
            return overflow(nearest);
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(a).multiply(new java.math.BigDecimal(c)).add(new java.math.BigDecimal(b));
        if (exact.signum() == 0) {
            // an exact zero: -0 toward -inf unless both terms are zeros of the same sign
            boolean product0Negative = (Double.doubleToRawLongBits(a) ^ Double.doubleToRawLongBits(c)) < 0;
            boolean bothSameSignZeros = a * c == 0 && b == 0 && product0Negative == (Double.doubleToRawLongBits(b) < 0);
            return roundingMode() == 3 && !bothSameSignZeros ? -0.0 : nearest;
        }
        return directed(nearest, exact.compareTo(new java.math.BigDecimal(nearest)));
    }

    /**
     * -(a * c + b) with one rounding: negating the exact value before rounding keeps directed modes
     * right; a NaN result is not negated.
     */
    double negatedFusedMultiplyAdd(double a, double c, double b) {
        double r = fusedMultiplyAdd(-a, c, -b);
        return Double.isNaN(r) ? fusedMultiplyAdd(a, c, b) : r;
    }

    /** A 64-bit integer (signed or not) converted to double or single in the current rounding mode. */
    double fromInteger(long value, boolean unsigned, boolean single) {
        java.math.BigDecimal exact = unsigned ? new java.math.BigDecimal(Long.toUnsignedString(value))
                : java.math.BigDecimal.valueOf(value);
        double nearest = unsigned ? unsignedToDouble(value) : (double) value;
        if (single) {
            float f = exact.floatValue(); // rounded once, to nearest (through double it could round twice)
            return roundingMode() == 0 ? f : directedSingle(f, exact.compareTo(new java.math.BigDecimal(f)));
        }
        return roundingMode() == 0 ? nearest : directed(nearest, exact.compareTo(new java.math.BigDecimal(nearest)));
    }

    private float directedSingle(float nearest, int errorSign) {
        if (errorSign == 0) {
            return nearest;
        }
        return switch (roundingMode()) {
            case 1 -> nearest != 0 && (errorSign > 0) == (nearest < 0) ? Math.nextAfter(nearest, 0.0) : nearest;
            case 2 -> errorSign > 0 ? Math.nextUp(nearest) : nearest;
            case 3 -> errorSign < 0 ? Math.nextDown(nearest) : nearest;
            default -> nearest;
        };
    }

    /** Rounds a double to single precision in the current rounding mode. */
    double toSingle(double v) {
        float f = (float) v;
        if (roundingMode() == 0 || Double.isNaN(v) || Double.isInfinite(v) || (double) f == v) {
            return f;
        }
        double error = v - (double) f;
        return switch (roundingMode()) {
            case 1 -> f != 0 && (error > 0) == (f < 0) ? Math.nextAfter(f, 0.0f) : f;
            case 2 -> error > 0 ? Math.nextUp(f) : f;
            default -> error < 0 ? Math.nextDown(f) : f;
        };
    }

    private static int fprf(double v) {
        if (Double.isNaN(v)) {
            return 0x11000;
        }
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        if (Double.isInfinite(v)) {
            return negative ? 0x09000 : 0x05000;
        }
        if (v == 0) {
            return negative ? 0x12000 : 0x02000;
        }
        boolean denormal = Math.abs(v) < Double.MIN_NORMAL;
        if (negative) {
            return denormal ? 0x18000 : 0x08000;
        }
        return denormal ? 0x14000 : 0x04000;
    }

    private void convertToInteger(int w, boolean towardZero, long min, long max, boolean unsigned64) {
        double v = b(w);
        long result;
        boolean fromNan = Double.isNaN(v);
        if (fromNan) {
            result = unsigned64 || min == 0 ? 0 : min;
            cpu.fpscr |= FPSCR_FX | 0x20000000 | 0x100; // FX, VX, VXCVI
        } else {
            double rounded = towardZero ? truncate(v) : roundPerMode(v);
            if (unsigned64) {
                result = rounded <= 0 ? 0 : rounded >= 18446744073709551616.0 ? -1L : unsignedFromDouble(rounded);
            } else if (rounded < min) {
                result = min;
            } else if (rounded > max) {
                result = max;
            } else {
                result = (long) rounded;
            }
        }
        // word results as qemu leaves them: a signed one sign-extended unless it came from a NaN,
        // then zero-extended like every unsigned one
        boolean signedWord = min == -0x80000000L;
        cpu.setFpr(rt(w), signedWord && !fromNan ? (long) (int) result : max == 0xffffffffL || signedWord ? result & 0xffffffffL : result);
        recordCr1(w);
    }

    private double roundPerMode(double v) {
        return switch (cpu.fpscr & 3) {
            case 0 -> Math.rint(v);
            case 1 -> truncate(v);
            case 2 -> Math.ceil(v);
            default -> Math.floor(v);
        };
    }

    private static double truncate(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    private static double roundHalfAwayFromZero(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double t = truncate(v);
        return Math.abs(v - t) >= 0.5 ? t + Math.signum(v) : t;
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return (double) v;
        }
        // halve with the low bit folded in so the rounding matches a direct conversion
        return ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    private static long unsignedFromDouble(double v) {
        return v < 9223372036854775808.0 ? (long) v : (long) (v - 9223372036854775808.0) ^ Long.MIN_VALUE;
    }

    private void setFpscr(int value) {
        cpu.fpscr = value;
    }

    private void recordCr1(int w) {
        if (rcBit(w)) {
            cpu.setCrField(1, cpu.fpscr >>> 28);
        }
    }
}
