package dev.k42lens.core.cpu.isa;

import java.math.BigInteger;

import dev.k42lens.core.cpu.isa.SoftFloat.Format;

/**
 * Binary floating-point operations on values in double format (FPRs and VSX doublewords), the
 * result rounded to double or to single precision, with the exceptions each raised collected in
 * {@link Cpu#operationFlags}. Rounding to nearest with no exception enabled, on normal numbers,
 * Java's own arithmetic gives the result and an error-free transformation (two-sum, the fma
 * residual) tells whether and which way it was rounded; everything else is left to
 * {@link SoftFloat}, which computes exactly.
 */
public final class FloatArithmetic {
    /** The integer ranges of the conversions to integer (fctiw and kin, xscvdp*x*s). */
    public static final BigInteger WORD_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    public static final BigInteger WORD_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    public static final BigInteger UNSIGNED_WORD_MAX = BigInteger.valueOf(0xffffffffL);
    public static final BigInteger DOUBLEWORD_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    public static final BigInteger DOUBLEWORD_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    public static final BigInteger UNSIGNED_DOUBLEWORD_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final double TINY = 0x1p-968;   // products and residuals above this do not underflow
    private static final double SINGLE_TINY = 0x1p-125;

    private FloatArithmetic() {
    }

    /** Whether the fast paths may run: FPSCR[RN] is round-to-nearest and no exception is enabled. */
    private static boolean plain(Cpu cpu) {
        return (cpu.fpscr & (Fpscr.RN | Fpscr.ENABLES)) == 0;
    }

    private static Format rounding(boolean single) {
        return single ? Format.SINGLE : Format.DOUBLE;
    }

    /** a + b, or a - b. */
    public static long add(Cpu cpu, long a, long b, boolean subtract, boolean single) {
        double x = Double.longBitsToDouble(a);
        double y = subtract ? -Double.longBitsToDouble(b) : Double.longBitsToDouble(b);
        double s = x + y;
        if (plain(cpu) && (normal(s, single) || s == 0)) {   // a zero sum of finite operands is exact
            return rounded(cpu, s, s == 0 ? 0 : SingleRounding.sumError(x, y, s), single);
        }
        return slow(cpu, SoftFloat.add(Format.DOUBLE, rounding(single), value(a), value(b), subtract, cpu.fpscr));
    }

    public static long multiply(Cpu cpu, long a, long b, boolean single) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double p = x * y;
        if (plain(cpu) && (normal(p, single) && Math.abs(p) >= TINY || p == 0 && (x == 0 || y == 0))) {
            return rounded(cpu, p, p == 0 ? 0 : Math.fma(x, y, -p), single);
        }
        return slow(cpu, SoftFloat.multiply(Format.DOUBLE, rounding(single), value(a), value(b), cpu.fpscr));
    }

    public static long divide(Cpu cpu, long a, long b, boolean single) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double q = x / y;
        if (plain(cpu) && normal(q, single) && Math.abs(q) >= TINY && Math.abs(x) >= TINY && Math.abs(x) <= Double.MAX_VALUE) {
            // the remainder x - q*y is exact; the exact quotient lies on its side of q, times sign(y)
            return rounded(cpu, q, Math.fma(-q, y, x) * Math.signum(y), single);
        }
        if (plain(cpu) && x == 0 && q == 0) {
            return Double.doubleToRawLongBits(q);   // 0 / y, y neither zero nor a NaN: exact
        }
        return slow(cpu, SoftFloat.divide(Format.DOUBLE, rounding(single), value(a), value(b), cpu.fpscr));
    }

    public static long squareRoot(Cpu cpu, long b, boolean single) {
        double x = Double.longBitsToDouble(b);
        double r = Math.sqrt(x);
        if (plain(cpu) && (x >= TINY && x <= Double.MAX_VALUE && normal(r, single) || x == 0)) {
            return rounded(cpu, r, x == 0 ? 0 : Math.fma(-r, r, x), single);
        }
        return slow(cpu, SoftFloat.squareRoot(Format.DOUBLE, rounding(single), value(b), cpu.fpscr));
    }

    /**
     * a x c + b with one rounding (b negated first for the subtracting forms, the result negated
     * unless a NaN for the negative ones).
     */
    public static long multiplyAdd(Cpu cpu, long a, long c, long b, boolean negateAddend, boolean negateResult, boolean single) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(c);
        double z = negateAddend ? -Double.longBitsToDouble(b) : Double.longBitsToDouble(b);
        double r = Math.fma(x, y, z);
        if (plain(cpu)) {
            double error = Double.NaN;
            if ((x == 0 || y == 0) && Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z)
                    && (r == 0 || !single || normal(r, true))) {
                error = 0;   // the product is exactly a zero: r is z, or a zero
            } else if (normal(r, single) && Math.abs(r) >= TINY) {
                error = fusedError(x, y, z, r);
            } else if (r == 0) {
                error = exactCancellation(x, y, z);
            }
            if (!Double.isNaN(error)) {
                return negateResult ? rounded(cpu, -r, -error, single) : rounded(cpu, r, error, single);
            }
        }
        return slow(cpu, SoftFloat.multiplyAdd(Format.DOUBLE, rounding(single), value(a), value(c), value(b), negateAddend,
                negateResult, cpu.fpscr));
    }

    /** frsp, xsrsp: b rounded to single precision. */
    public static long roundToSingle(Cpu cpu, long b) {
        double x = Double.longBitsToDouble(b);
        if (plain(cpu) && normal(x, true)) {
            return rounded(cpu, x, 0, true);
        }
        return slow(cpu, SoftFloat.roundTo(Format.DOUBLE, Format.SINGLE, value(b), cpu.fpscr));
    }

    /** fcfid and kin: a 64-bit integer (signed or not) in the current rounding mode. */
    public static long fromInteger(Cpu cpu, long integer, boolean unsigned, boolean single) {
        BigInteger value = unsigned ? unsigned(integer) : BigInteger.valueOf(integer);
        return slow(cpu, SoftFloat.fromInteger(Format.DOUBLE, rounding(single), value, cpu.fpscr));
    }

    /**
     * fctiw and kin: b converted to an integer in [min, max] (as unsigned bits for the unsigned
     * forms), rounded toward zero or in the current mode.
     */
    public static long toInteger(Cpu cpu, long b, BigInteger min, BigInteger max, boolean towardZero) {
        SoftFloat.Result r = SoftFloat.toInteger(value(b), min, max, towardZero ? 1 : cpu.fpscr & Fpscr.RN);
        cpu.operationFlags |= r.flags();
        return r.longBits();
    }

    /** fri* and xsrdpi*: b rounded to an integral value in {@code mode} (4: nearest, ties away from zero). */
    public static long roundToIntegral(Cpu cpu, long b, int mode, boolean signalInexact) {
        SoftFloat.Result r = SoftFloat.roundToIntegral(Format.DOUBLE, value(b), mode);
        cpu.operationFlags |= signalInexact ? r.flags() : r.flags() & ~(Fpscr.XX | Fpscr.FI | Fpscr.FR);
        return r.longBits();
    }

    /**
     * xsmaxdp, xsmindp: the larger or smaller of a and b (+0 above -0); a quiet NaN loses to a
     * number; two NaNs or a signalling one give the first NaN, quieted (and raise VXSNAN).
     */
    public static long maximumOrMinimum(Cpu cpu, long a, long b, boolean maximum) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        if (isSignalling(a) || isSignalling(b) || Double.isNaN(x) && Double.isNaN(y)) {
            cpu.operationFlags |= isSignalling(a) || isSignalling(b) ? Fpscr.VXSNAN : 0;
            return (Double.isNaN(x) ? a : b) | QUIET_BIT;
        }
        if (Double.isNaN(x)) {
            return b;
        }
        if (Double.isNaN(y)) {
            return a;
        }
        return Double.doubleToRawLongBits(maximum ? Math.max(x, y) : Math.min(x, y));
    }

    /**
     * fcmpu, fcmpo, xscmpudp, xscmpodp: the CR field value (LT, GT, EQ or unordered), also put in
     * FPCC; a signalling NaN raises VXSNAN, and the ordered forms raise VXVC for any NaN (not when
     * VXSNAN is raised with VE set).
     */
    public static int compare(Cpu cpu, long a, long b, boolean ordered) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        int c = Double.isNaN(x) || Double.isNaN(y) ? 1 : x < y ? 8 : x > y ? 4 : 2;
        int flags = 0;
        if (c == 1) {
            boolean signalling = isSignalling(a) || isSignalling(b);
            flags = signalling ? Fpscr.VXSNAN : 0;
            if (ordered && !(signalling && (cpu.fpscr & Fpscr.VE) != 0)) {
                flags |= Fpscr.VXVC;
            }
        }
        cpu.operationFlags = flags;
        cpu.fpscr = (Fpscr.raise(cpu.fpscr, flags, false) & ~Fpscr.FPCC) | c << 12;
        return c;
    }

    private static final long QUIET_BIT = 0x0008000000000000L;

    public static boolean isSignalling(long bits) {
        return (bits & Long.MAX_VALUE) > 0x7ff0000000000000L && (bits & QUIET_BIT) == 0;
    }

    static SoftFloat.Value value(long bits) {
        return SoftFloat.unpack(Format.DOUBLE, bits);
    }

    public static BigInteger unsigned(long bits) {
        BigInteger b = BigInteger.valueOf(bits & Long.MAX_VALUE);
        return bits < 0 ? b.setBit(63) : b;
    }

    /** A finite result in the normal range of the precision it is rounded to, far from overflow. */
    private static boolean normal(double v, boolean single) {
        double magnitude = Math.abs(v);
        return single ? magnitude >= SINGLE_TINY && magnitude <= Float.MAX_VALUE
                : magnitude >= Double.MIN_NORMAL && magnitude <= Double.MAX_VALUE;
    }

    /**
     * The result whose exact value is {@code v + error} ({@code error}'s sign is what counts):
     * in double precision v itself, in single precision v rounded once more to nearest, a tie
     * decided by the error.
     */
    private static long rounded(Cpu cpu, double v, double error, boolean single) {
        double result = single ? SingleRounding.nearest(v, error) : v;
        if (result != v) {
            cpu.operationFlags |= Fpscr.XX | Fpscr.FI | (Math.abs(result) > Math.abs(v) ? Fpscr.FR : 0);
        } else if (error != 0) {
            cpu.operationFlags |= Fpscr.XX | Fpscr.FI | ((error < 0) == (v > 0) ? Fpscr.FR : 0);
        }
        return Double.doubleToRawLongBits(result);
    }

    private static long slow(Cpu cpu, SoftFloat.Result r) {
        cpu.operationFlags |= r.flags();
        return r.longBits();
    }

    /** 0 when fma(x, y, z) is an exact zero (x * y = -z exactly), else NaN (it underflowed). */
    private static double exactCancellation(double x, double y, double z) {
        double ph = x * y;
        return Math.abs(ph) >= TINY && Math.abs(ph) <= Double.MAX_VALUE && Math.fma(x, y, -ph) == 0 && ph + z == 0 ? 0 : Double.NaN;
    }

    /**
     * The exact error (its sign) of r = fma(x, y, z), or NaN where the error-free steps cannot
     * decide: x*y = ph + pl exactly, ph + z = sh + sl exactly, and sh - r is exact when they are
     * within a factor of two, which leaves three terms to sum by sign.
     */
    private static double fusedError(double x, double y, double z, double r) {
        double ph = x * y;
        if (!(Math.abs(ph) >= TINY && Math.abs(ph) <= Double.MAX_VALUE)) {
            return Double.NaN;
        }
        double pl = Math.fma(x, y, -ph);
        double sh = ph + z;
        double sl = SingleRounding.sumError(ph, z, sh);
        if (sh == r) {
            return sl + pl;   // the error is sl + pl exactly, and a rounded sum keeps the exact sum's sign
        }
        // Sterbenz: sh - r is exact when they are within a factor of two (no division on this path)
        if (!(sh * r > 0 && Math.abs(sh) <= 2 * Math.abs(r) && Math.abs(r) <= 2 * Math.abs(sh))) {
            return Double.NaN;
        }
        double d = sh - r;
        double u = d + sl;
        double v = SingleRounding.sumError(d, sl, u);
        double s = u + pl;
        double t = SingleRounding.sumError(u, pl, s);
        // exact error = s + t + v; s dominates unless it is small next to the others
        if (s == 0) {
            return t == 0 ? v : Math.abs(t) > 2 * Math.abs(v) ? t : Double.NaN;
        }
        return Math.abs(s) > 4 * (Math.abs(t) + Math.abs(v)) ? s : Double.NaN;
    }
}
