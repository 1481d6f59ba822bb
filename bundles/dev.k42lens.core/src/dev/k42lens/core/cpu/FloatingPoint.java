package dev.k42lens.core.cpu;

import static dev.k42lens.core.cpu.isa.Fields.*;

import java.util.EnumSet;
import java.util.Set;

import dev.k42lens.core.cpu.isa.Op;

/**
 * The floating-point unit: FPR loads and stores, arithmetic, conversions, compares and the FPSCR.
 * Arithmetic rounds to nearest (Java's IEEE-754 arithmetic); the FPSCR keeps the rounding mode,
 * the exception enables and the result class (FPRF) as glibc reads them.
 */
final class FloatingPoint {
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
            case LFS -> cpu.setFprDouble(rt(w), Float.intBitsToFloat(memory.read32(in.ea(w))));
            case LFD -> cpu.setFpr(rt(w), memory.read64(in.ea(w)));
            case LFSX -> cpu.setFprDouble(rt(w), Float.intBitsToFloat(memory.read32(in.eaX(w))));
            case LFDX -> cpu.setFpr(rt(w), memory.read64(in.eaX(w)));
            case LFSU, LFDU, LFSUX, LFDUX -> {
                boolean indexed = op == Op.LFSUX || op == Op.LFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.LFSU || op == Op.LFSUX) {
                    cpu.setFprDouble(rt(w), Float.intBitsToFloat(memory.read32(ea)));
                } else {
                    cpu.setFpr(rt(w), memory.read64(ea));
                }
                r[ra(w)] = ea;
            }
            case STFS -> memory.write32(in.ea(w), Float.floatToRawIntBits((float) cpu.fprDouble(rt(w))));
            case STFD -> memory.write64(in.ea(w), cpu.fpr(rt(w)));
            case STFSX -> memory.write32(in.eaX(w), Float.floatToRawIntBits((float) cpu.fprDouble(rt(w))));
            case STFDX -> memory.write64(in.eaX(w), cpu.fpr(rt(w)));
            case STFSU, STFDU, STFSUX, STFDUX -> {
                boolean indexed = op == Op.STFSUX || op == Op.STFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.STFSU || op == Op.STFSUX) {
                    memory.write32(ea, Float.floatToRawIntBits((float) cpu.fprDouble(rt(w))));
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
            case FADDS -> result(w, add(a(w), b(w)), true, a(w), b(w));
            case FSUBS -> result(w, add(a(w), -b(w)), true, a(w), b(w));
            case FMULS -> result(w, multiply(a(w), c(w)), true, a(w), c(w));
            case FDIVS -> result(w, divide(a(w), b(w)), true, a(w), b(w));
            case FSQRTS -> result(w, squareRoot(b(w)), true, b(w));
            case FMADD -> result(w, Math.fma(a(w), c(w), b(w)), false, a(w), b(w), c(w));
            case FMSUB -> result(w, Math.fma(a(w), c(w), -b(w)), false, a(w), b(w), c(w));
            case FNMADD -> result(w, negateUnlessNan(Math.fma(a(w), c(w), b(w))), false, a(w), b(w), c(w));
            case FNMSUB -> result(w, negateUnlessNan(Math.fma(a(w), c(w), -b(w))), false, a(w), b(w), c(w));
            case FMADDS -> result(w, Math.fma(a(w), c(w), b(w)), true, a(w), b(w), c(w));
            case FMSUBS -> result(w, Math.fma(a(w), c(w), -b(w)), true, a(w), b(w), c(w));
            case FNMADDS -> result(w, negateUnlessNan(Math.fma(a(w), c(w), b(w))), true, a(w), b(w), c(w));
            case FNMSUBS -> result(w, negateUnlessNan(Math.fma(a(w), c(w), -b(w))), true, a(w), b(w), c(w));
            case FSEL -> move(w, a(w) >= 0.0 ? cpu.fpr(rc(w)) : cpu.fpr(rb(w)));
            case FRE -> result(w, 1.0 / b(w), false, b(w));
            case FRES -> result(w, 1.0 / b(w), true, b(w));
            case FRSQRTE -> result(w, 1.0 / Math.sqrt(b(w)), false, b(w));
            case FRSQRTES -> result(w, 1.0 / Math.sqrt(b(w)), true, b(w));
            case FRSP -> result(w, b(w), true, b(w));
            case FCTIW, FCTIWZ -> convertToInteger(w, op == Op.FCTIWZ, -0x80000000L, 0x7fffffffL, false);
            case FCTIWU, FCTIWUZ -> convertToInteger(w, op == Op.FCTIWUZ, 0, 0xffffffffL, false);
            case FCTID, FCTIDZ -> convertToInteger(w, op == Op.FCTIDZ, Long.MIN_VALUE, Long.MAX_VALUE, false);
            case FCTIDU, FCTIDUZ -> convertToInteger(w, op == Op.FCTIDUZ, 0, -1L, true);
            case FCFID -> result(w, (double) cpu.fpr(rb(w)), false);
            case FCFIDU -> result(w, unsignedToDouble(cpu.fpr(rb(w))), false);
            case FCFIDS -> result(w, (double) (float) cpu.fpr(rb(w)), true);
            case FCFIDUS -> result(w, (double) (float) unsignedToDouble(cpu.fpr(rb(w))), true);
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
        double v = single ? toSingle(value) : value;
        if (Double.isNaN(v)) {
            v = DEFAULT_NAN;
            for (double input : inputs) {
                if (Double.isNaN(input)) {
                    v = Double.longBitsToDouble(Double.doubleToRawLongBits(input) | 0x0008000000000000L);
                    break;
                }
            }
        }
        cpu.setFprDouble(rt(w), v);
        cpu.fpscr = (cpu.fpscr & ~FPRF_MASK) | fprf(v);
        recordCr1(w);
    }

    private static final double DEFAULT_NAN = Double.longBitsToDouble(0x7ff8000000000000L);

    /** The rounding mode, FPSCR[RN]: 0 nearest, 1 toward zero, 2 toward +inf, 3 toward -inf. */
    private int roundingMode() {
        return cpu.fpscr & 3;
    }

    /**
     * Moves a round-to-nearest result to the directed rounding the FPSCR asks for, given the sign of
     * the exact error (exact value minus {@code nearest}).
     */
    private double directed(double nearest, double errorSign) {
        if (errorSign == 0 || Double.isNaN(errorSign) || Double.isInfinite(nearest) || Double.isNaN(nearest)) {
            return nearest;
        }
        return switch (roundingMode()) {
            case 1 -> (errorSign > 0) == (nearest < 0) ? Math.nextAfter(nearest, 0.0) : nearest;
            case 2 -> errorSign > 0 ? Math.nextUp(nearest) : nearest;
            case 3 -> errorSign < 0 ? Math.nextDown(nearest) : nearest;
            default -> nearest;
        };
    }

    double add(double a, double b) {
        double s = a + b;
        if (roundingMode() == 0 || Double.isInfinite(s) || Double.isNaN(s)) {
            return s;
        }
        double bb = s - a;
        double error = (a - (s - bb)) + (b - bb);
        if (s == 0 && error == 0 && roundingMode() == 3 && (a != 0 || b != 0)) {
            return -0.0; // x + (-x) is -0 when rounding toward -inf
        }
        return directed(s, error);
    }

    double multiply(double a, double b) {
        double p = a * b;
        return roundingMode() == 0 ? p : directed(p, Math.fma(a, b, -p));
    }

    double divide(double a, double b) {
        double q = a / b;
        if (roundingMode() == 0 || Double.isInfinite(q) || q == 0) {
            return q;
        }
        double remainder = Math.fma(-q, b, a);
        return directed(q, Math.signum(remainder) * Math.signum(b));
    }

    double squareRoot(double x) {
        double r = Math.sqrt(x);
        return roundingMode() == 0 || Double.isNaN(r) ? r : directed(r, Math.fma(-r, r, x));
    }

    /** Rounds a double to single precision in the current rounding mode. */
    double toSingle(double v) {
        float f = (float) v;
        if (roundingMode() == 0 || Double.isNaN(v) || Double.isInfinite(v) || (double) f == v) {
            return f;
        }
        double error = v - (double) f;
        return switch (roundingMode()) {
            case 1 -> (error > 0) == (f < 0) ? Math.nextAfter(f, 0.0f) : f;
            case 2 -> error > 0 ? Math.nextUp(f) : f;
            default -> error < 0 ? Math.nextDown(f) : f;
        };
    }

    private static double negateUnlessNan(double v) {
        return Double.isNaN(v) ? v : -v;
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
        if (Double.isNaN(v)) {
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
        cpu.setFpr(rt(w), min == -0x80000000L || (max == 0xffffffffL) ? result & 0xffffffffL : result);
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
