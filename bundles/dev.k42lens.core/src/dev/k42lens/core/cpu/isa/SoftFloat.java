package dev.k42lens.core.cpu.isa;

import java.math.BigInteger;

/**
 * IEEE-754 binary arithmetic computed exactly and rounded once, with the exceptions the Power ISA
 * records (as {@link Fpscr} bits): the reference for every floating-point result and the path
 * for everything the double-based fast paths do not cover (directed rounding, denormals,
 * overflow, NaNs, quad precision). Operands and results are raw bits of a storage format; a
 * result can be rounded to a narrower format than it is stored in (fadds: single precision in
 * an FPR's double format). NaN operands are given in the order the instruction prefers them.
 */
public final class SoftFloat {
    /** A binary interchange format. */
    public enum Format {
        SINGLE(24, 8, 192), DOUBLE(53, 11, 1536), QUAD(113, 15, 24576),
        /** The x87 double-extended precision in quad's exponent range (xsrqpxp rounds to it). */
        EXTENDED(64, 15, 24576),
        /** IEEE binary16 and bfloat16, the conversions' narrow formats (no enabled-trap adjustment is defined). */
        HALF(11, 5, 0), BFLOAT16(8, 8, 0),
        /**
         * Wide enough in precision and range to hold every product and sum of two products of the
         * narrow formats, plus a single, exactly: where an instruction rounds only once (the MMA GERs).
         */
        UNBOUNDED(1024, 16, 0);

        private final int precision;
        private final int exponentBits;
        private final int bias;
        /** The exponent adjustment of a trapped overflow or underflow (OE or UE set). */
        private final int trapAdjust;

        Format(int precision, int exponentBits, int trapAdjust) {
            this.precision = precision;
            this.exponentBits = exponentBits;
            this.bias = (1 << (exponentBits - 1)) - 1;
            this.trapAdjust = trapAdjust;
        }

        public int precision() {
            return precision;
        }

        /** The exponent of the smallest normal number. */
        public int minimumExponent() {
            return 1 - bias;
        }

        private int width() {
            return precision + exponentBits;
        }

        private int maximumBiased() {
            return (1 << exponentBits) - 1;
        }
    }

    public enum Kind { ZERO, FINITE, INFINITY, NAN, SIGNALLING_NAN }

    /**
     * The rounding modes beyond FPSCR[RN]'s four (0 nearest, 1 toward zero, 2 up, 3 down), in the
     * same low bits of the {@code fpscr} the operations take: nearest with ties away from zero,
     * and round to odd (the quad-precision "o" forms: truncate, then set the last bit if inexact).
     */
    public static final int TIES_AWAY = 4;
    public static final int ROUND_TO_ODD = 5;

    /**
     * The {@code fpscr} argument of the operations with the rounding mode replaced by {@code mode}
     * (0-5): the two extra modes are marked with FPSCR bit 52, which the register never holds.
     */
    public static int withMode(int fpscr, int mode) {
        int control = fpscr & ~(Fpscr.RN | Fpscr.RESERVED);
        return mode < TIES_AWAY ? control | mode : control | Fpscr.RESERVED | (mode - TIES_AWAY);
    }

    /** The rounding mode (0-5) of an operation's {@code fpscr} argument. */
    private static int mode(int fpscr) {
        return (fpscr & Fpscr.RESERVED) != 0 ? TIES_AWAY + (fpscr & Fpscr.RN) : fpscr & Fpscr.RN;
    }

    /** A value: for FINITE, significand x 2^exponent (significand > 0); the bits it came from. */
    public record Value(Kind kind, boolean negative, BigInteger significand, int exponent, BigInteger bits) {
        boolean isNaN() {
            return kind == Kind.NAN || kind == Kind.SIGNALLING_NAN;
        }
    }

    /** An operation's result bits (in the storage format) and the exceptions and FR/FI it raised. */
    public record Result(BigInteger bits, int flags) {
        public long longBits() {
            return bits.longValue();
        }
    }

    private SoftFloat() {
    }

    public static Value unpack(Format format, BigInteger bits) {
        int fractionBits = format.precision - 1;
        boolean negative = bits.testBit(format.width() - 1);
        int biased = bits.shiftRight(fractionBits).intValue() & format.maximumBiased();
        BigInteger fraction = bits.and(BigInteger.ONE.shiftLeft(fractionBits).subtract(BigInteger.ONE));
        if (biased == format.maximumBiased()) {
            Kind kind = fraction.signum() == 0 ? Kind.INFINITY : fraction.testBit(fractionBits - 1) ? Kind.NAN : Kind.SIGNALLING_NAN;
            return new Value(kind, negative, fraction, 0, bits);
        }
        if (biased == 0) {
            return fraction.signum() == 0 ? new Value(Kind.ZERO, negative, BigInteger.ZERO, 0, bits)
                    : new Value(Kind.FINITE, negative, fraction, format.minimumExponent() - fractionBits, bits);
        }
        return new Value(Kind.FINITE, negative, fraction.setBit(fractionBits), biased - format.bias - fractionBits, bits);
    }

    /** The value of the low {@code format}-width bits of {@code bits} (64 for double). */
    public static Value unpack(Format format, long bits) {
        int width = format.width();
        return unpack(format, width >= 64 ? unsigned(bits) : BigInteger.valueOf(bits & ((1L << width) - 1)));
    }

    private static BigInteger unsigned(long bits) {
        BigInteger b = BigInteger.valueOf(bits & Long.MAX_VALUE);
        return bits < 0 ? b.setBit(63) : b;
    }

    /** -v in {@code format}; a NaN stays as it is. */
    public static Value negated(Format format, Value v) {
        return v.isNaN() ? v : new Value(v.kind, !v.negative, v.significand, v.exponent, v.bits.flipBit(format.width() - 1));
    }

    // ---- operations ------------------------------------------------------------------------------

    /** a + b (b negated first when {@code subtract}). */
    public static Result add(Format storage, Format rounding, Value a, Value b, boolean subtract, int fpscr) {
        Result nan = propagateNaN(storage, rounding, 0, a, b);
        if (nan != null) {
            return nan;
        }
        boolean bNegative = b.negative ^ subtract;
        if (a.kind == Kind.INFINITY || b.kind == Kind.INFINITY) {
            if (a.kind == Kind.INFINITY && b.kind == Kind.INFINITY && a.negative != bNegative) {
                return invalid(storage, Fpscr.VXISI);
            }
            return infinity(storage, a.kind == Kind.INFINITY ? a.negative : bNegative, 0);
        }
        return sum(storage, rounding, a.negative, a.significand, a.exponent, bNegative, b.significand, b.exponent,
                a.kind == Kind.ZERO && b.kind == Kind.ZERO, false, fpscr);
    }

    public static Result multiply(Format storage, Format rounding, Value a, Value b, int fpscr) {
        Result nan = propagateNaN(storage, rounding, 0, a, b);
        if (nan != null) {
            return nan;
        }
        boolean negative = a.negative ^ b.negative;
        if (a.kind == Kind.INFINITY || b.kind == Kind.INFINITY) {
            return a.kind == Kind.ZERO || b.kind == Kind.ZERO ? invalid(storage, Fpscr.VXIMZ) : infinity(storage, negative, 0);
        }
        if (a.kind == Kind.ZERO || b.kind == Kind.ZERO) {
            return zero(storage, negative);
        }
        return round(storage, rounding, negative, a.significand.multiply(b.significand), a.exponent + b.exponent, fpscr);
    }

    public static Result divide(Format storage, Format rounding, Value a, Value b, int fpscr) {
        Result nan = propagateNaN(storage, rounding, 0, a, b);
        if (nan != null) {
            return nan;
        }
        boolean negative = a.negative ^ b.negative;
        if (a.kind == Kind.INFINITY) {
            return b.kind == Kind.INFINITY ? invalid(storage, Fpscr.VXIDI) : infinity(storage, negative, 0);
        }
        if (b.kind == Kind.INFINITY) {
            return zero(storage, negative);
        }
        if (b.kind == Kind.ZERO) {
            return a.kind == Kind.ZERO ? invalid(storage, Fpscr.VXZDZ) : infinity(storage, negative, Fpscr.ZX);
        }
        if (a.kind == Kind.ZERO) {
            return zero(storage, negative);
        }
        // enough quotient bits for any rounding, then a sticky bit for a nonzero remainder
        int shift = Math.max(0, rounding.precision + 2 + b.significand.bitLength() - a.significand.bitLength());
        BigInteger[] qr = a.significand.shiftLeft(shift).divideAndRemainder(b.significand);
        BigInteger q = qr[0].shiftLeft(1);
        if (qr[1].signum() != 0) {
            q = q.setBit(0);
        }
        return round(storage, rounding, negative, q, a.exponent - b.exponent - shift - 1, fpscr);
    }

    public static Result squareRoot(Format storage, Format rounding, Value b, int fpscr) {
        Result nan = propagateNaN(storage, rounding, 0, b);
        if (nan != null) {
            return nan;
        }
        if (b.kind == Kind.ZERO) {
            return zero(storage, b.negative);
        }
        if (b.negative) {
            return invalid(storage, Fpscr.VXSQRT);
        }
        if (b.kind == Kind.INFINITY) {
            return infinity(storage, false, 0);
        }
        BigInteger m = b.significand;
        int e = b.exponent;
        int shift = 2 * Math.max(0, rounding.precision + 2 - m.bitLength() / 2);
        if (((e - shift) & 1) != 0) {
            shift++;
        }
        BigInteger[] rootAndRemainder = m.shiftLeft(shift).sqrtAndRemainder();
        BigInteger root = rootAndRemainder[0].shiftLeft(1);
        if (rootAndRemainder[1].signum() != 0) {
            root = root.setBit(0);
        }
        return round(storage, rounding, false, root, (e - shift) / 2 - 1, fpscr);
    }

    /**
     * a x c + b with one rounding, b negated first when {@code negateAddend} and the result (not a
     * NaN) negated when {@code negateResult}; NaN operands preferred in the order a, b, c.
     */
    public static Result multiplyAdd(Format storage, Format rounding, Value a, Value c, Value b, boolean negateAddend,
            boolean negateResult, int fpscr) {
        boolean infinityTimesZero = a.kind == Kind.INFINITY && c.kind == Kind.ZERO || a.kind == Kind.ZERO && c.kind == Kind.INFINITY;
        Result nan = propagateNaN(storage, rounding, infinityTimesZero ? Fpscr.VXIMZ : 0, a, b, c);
        if (nan != null) {
            return nan;
        }
        if (infinityTimesZero) {
            return invalid(storage, Fpscr.VXIMZ);
        }
        boolean productNegative = a.negative ^ c.negative;
        boolean addendNegative = b.negative ^ negateAddend;
        boolean productInfinite = a.kind == Kind.INFINITY || c.kind == Kind.INFINITY;
        if (productInfinite || b.kind == Kind.INFINITY) {
            if (productInfinite && b.kind == Kind.INFINITY && productNegative != addendNegative) {
                return invalid(storage, Fpscr.VXISI);
            }
            return infinity(storage, (productInfinite ? productNegative : addendNegative) ^ negateResult, 0);
        }
        BigInteger product = a.significand.multiply(c.significand);
        return sum(storage, rounding, productNegative, product, a.exponent + c.exponent, addendNegative, b.significand,
                b.exponent, product.signum() == 0 && b.kind == Kind.ZERO, negateResult, fpscr);
    }

    /** The value of {@code bits} rounded to {@code rounding}'s precision and range (frsp, xsrsp). */
    public static Result roundTo(Format storage, Format rounding, Value b, int fpscr) {
        Result nan = propagateNaN(storage, rounding, 0, b);
        if (nan != null) {
            return nan;
        }
        return switch (b.kind) {
            case ZERO -> zero(storage, b.negative);
            case INFINITY -> infinity(storage, b.negative, 0);
            default -> round(storage, rounding, b.negative, b.significand, b.exponent, fpscr);
        };
    }

    /**
     * b, a value of format {@code from}, converted to format {@code to}: rounded when narrower; a
     * NaN keeps the high bits of its fraction, quieted (VXSNAN when it signalled).
     */
    public static Result convert(Format to, Format from, Value b, int fpscr) {
        return switch (b.kind) {
            case NAN, SIGNALLING_NAN -> {
                int shift = (from.precision - 1) - (to.precision - 1);
                BigInteger fraction = shift >= 0 ? b.significand.shiftRight(shift) : b.significand.shiftLeft(-shift);
                BigInteger bits = BigInteger.valueOf(to.maximumBiased()).shiftLeft(to.precision - 1).or(fraction).setBit(to.precision - 2);
                yield new Result(b.negative ? bits.setBit(to.width() - 1) : bits, b.kind == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0);
            }
            case ZERO -> zero(to, b.negative);
            case INFINITY -> infinity(to, b.negative, 0);
            case FINITE -> round(to, to, b.negative, b.significand, b.exponent, fpscr);
        };
    }

    /** A signed or unsigned integer converted to a binary format in the current rounding mode. */
    public static Result fromInteger(Format storage, Format rounding, BigInteger value, int fpscr) {
        if (value.signum() == 0) {
            return zero(storage, false);
        }
        return round(storage, rounding, value.signum() < 0, value.abs(), 0, fpscr);
    }

    /**
     * b converted to an integer in [min, max], rounded in {@code mode} (0-3 as FPSCR[RN]): the
     * integer and VXCVI (a NaN, which also gives VXSNAN when signalling, or out of range; the
     * result is then the nearest bound, min for a NaN) or XX/FI/FR when inexact.
     */
    public static Result toInteger(Value b, BigInteger min, BigInteger max, int mode) {
        if (b.isNaN()) {
            return new Result(min, Fpscr.VXCVI | (b.kind == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0));
        }
        if (b.kind == Kind.INFINITY) {
            return new Result(b.negative ? min : max, Fpscr.VXCVI);
        }
        if (b.kind == Kind.ZERO) {
            return new Result(BigInteger.ZERO, 0);
        }
        BigInteger[] rounded = integerPart(b, mode);
        BigInteger integer = rounded[0];
        if (integer.compareTo(min) < 0 || integer.compareTo(max) > 0) {
            return new Result(integer.signum() < 0 ? min : max, Fpscr.VXCVI);
        }
        return new Result(integer, rounded[1].signum() != 0 ? inexactFlags(rounded[1].signum() > 0) : 0);
    }

    /**
     * b rounded to an integral value in {@code mode} (frin uses 4: to nearest, ties away from
     * zero), in its own format; inexactness is reported (the callers that do not record it drop it).
     */
    public static Result roundToIntegral(Format storage, Value b, int mode) {
        Result nan = propagateNaN(storage, storage, 0, b);
        if (nan != null) {
            return nan;
        }
        if (b.kind != Kind.FINITE) {
            return new Result(b.bits, 0);
        }
        BigInteger[] rounded = integerPart(b, mode);
        int flags = rounded[1].signum() != 0 ? inexactFlags(rounded[1].signum() > 0) : 0;
        if (rounded[0].signum() == 0) {
            return new Result(zero(storage, b.negative).bits, flags);
        }
        return new Result(pack(storage, b.negative, rounded[0].abs(), 0), flags);
    }

    /**
     * {integer, direction}: b rounded to an integer in {@code mode} (4: nearest, ties away), and
     * the sign of (integer - b) x sign(b): positive when the magnitude was rounded up.
     */
    private static BigInteger[] integerPart(Value b, int mode) {
        BigInteger m = b.significand;
        if (b.exponent >= 0) {
            BigInteger integer = m.shiftLeft(b.exponent);
            return new BigInteger[] { b.negative ? integer.negate() : integer, BigInteger.ZERO };
        }
        int shift = -b.exponent;
        BigInteger kept = m.shiftRight(shift);
        BigInteger rest = m.subtract(kept.shiftLeft(shift));
        boolean up = rest.signum() != 0 && roundsUp(mode, b.negative, kept, rest, shift);
        if (up) {
            kept = kept.add(BigInteger.ONE);
        }
        BigInteger direction = rest.signum() == 0 ? BigInteger.ZERO : up ? BigInteger.ONE : BigInteger.ONE.negate();
        return new BigInteger[] { b.negative ? kept.negate() : kept, direction };
    }

    // ---- rounding --------------------------------------------------------------------------------

    /**
     * The exact value +-(a x 2^ea) + +-(b x 2^eb), negated when {@code negate}, rounded; an exact
     * zero sum is -0 when both terms are -0 or, rounding toward -infinity, when they cancel.
     */
    private static Result sum(Format storage, Format rounding, boolean aNegative, BigInteger a, int ea, boolean bNegative,
            BigInteger b, int eb, boolean bothZero, boolean negate, int fpscr) {
        if (bothZero) {
            return zero(storage, (aNegative && bNegative || aNegative != bNegative && mode(fpscr) == 3) ^ negate);
        }
        int e = a.signum() == 0 ? eb : b.signum() == 0 ? ea : Math.min(ea, eb);
        BigInteger x = a.signum() == 0 ? BigInteger.ZERO : a.shiftLeft(ea - e);
        BigInteger y = b.signum() == 0 ? BigInteger.ZERO : b.shiftLeft(eb - e);
        BigInteger total = (aNegative ? x.negate() : x).add(bNegative ? y.negate() : y);
        if (total.signum() == 0) {
            return zero(storage, (mode(fpscr) == 3) ^ negate);
        }
        return round(storage, rounding, (total.signum() < 0) ^ negate, total.abs(), e, fpscr);
    }

    /**
     * Rounds m x 2^e (m > 0) to {@code rounding}'s precision and exponent range in FPSCR[RN]:
     * tininess is detected before rounding, as on Power; an enabled overflow or underflow (OE, UE)
     * delivers the result with its exponent adjusted instead of an infinity or a denormal.
     */
    static Result round(Format storage, Format rounding, boolean negative, BigInteger m, int e, int fpscr) {
        int mode = mode(fpscr);
        int p = rounding.precision;
        int top = e + m.bitLength() - 1;
        boolean tiny = top < rounding.minimumExponent();
        int flags = 0;
        boolean bounded = true;
        if (tiny && (fpscr & Fpscr.UE) != 0) {
            e += rounding.trapAdjust;
            top += rounding.trapAdjust;
            flags |= Fpscr.UX;
            bounded = false;
        }
        int quantum = top - p + 1;
        if (bounded) {
            quantum = Math.max(quantum, rounding.minimumExponent() - p + 1);
        }
        BigInteger kept;
        boolean inexact = false;
        boolean up = false;
        int shift = quantum - e;
        if (shift <= 0) {
            kept = m.shiftLeft(-shift);
        } else {
            kept = m.shiftRight(shift);
            BigInteger rest = m.subtract(kept.shiftLeft(shift));
            inexact = rest.signum() != 0;
            up = inexact && roundsUp(mode, negative, kept, rest, shift);
        }
        if (up) {
            kept = kept.add(BigInteger.ONE);
            if (kept.bitLength() > p) {
                kept = kept.shiftRight(1);
                quantum++;
            }
        }
        if (kept.signum() != 0 && quantum + kept.bitLength() - 1 > rounding.bias) {
            if ((fpscr & Fpscr.OE) != 0) {
                Result adjusted = round(storage, rounding, negative, m, e - rounding.trapAdjust, fpscr & ~(Fpscr.OE | Fpscr.UE));
                return new Result(adjusted.bits, adjusted.flags | Fpscr.OX);
            }
            boolean toInfinity = mode == 0 || mode == 2 && !negative || mode == 3 && negative;
            if (toInfinity) {
                return infinity(storage, negative, Fpscr.OX | inexactFlags(true));
            }
            BigInteger largest = BigInteger.ONE.shiftLeft(p).subtract(BigInteger.ONE);
            return new Result(pack(storage, negative, largest, rounding.bias - p + 1), Fpscr.OX | inexactFlags(false));
        }
        if (inexact) {
            flags |= inexactFlags(up);
            if (tiny && bounded) {
                flags |= Fpscr.UX;
            }
        }
        if (kept.signum() == 0) {
            return new Result(zero(storage, negative).bits, flags);
        }
        return new Result(pack(storage, negative, kept, quantum), flags);
    }

    /** Whether the dropped part {@code rest} (of {@code shift} bits) rounds {@code kept} up in magnitude. */
    private static boolean roundsUp(int mode, boolean negative, BigInteger kept, BigInteger rest, int shift) {
        return switch (mode) {
            case 0 -> {
                int half = rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
                yield half > 0 || half == 0 && kept.testBit(0);
            }
            case 1 -> false;
            case 2 -> !negative;
            case 3 -> negative;
            case ROUND_TO_ODD -> !kept.testBit(0);
            default -> rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1)) >= 0;   // nearest, ties away from zero
        };
    }

    private static int inexactFlags(boolean magnitudeUp) {
        return Fpscr.XX | Fpscr.FI | (magnitudeUp ? Fpscr.FR : 0);
    }

    /** The bits of +-m x 2^e in {@code format}, which must hold it exactly. */
    private static BigInteger pack(Format format, boolean negative, BigInteger m, int e) {
        int fractionBits = format.precision - 1;
        int top = e + m.bitLength() - 1;
        BigInteger bits;
        if (top >= format.minimumExponent()) {
            BigInteger significand = m.shiftLeft(format.precision - m.bitLength()).clearBit(fractionBits);
            bits = BigInteger.valueOf(top + format.bias).shiftLeft(fractionBits).or(significand);
        } else {
            bits = m.shiftLeft(e - (format.minimumExponent() - fractionBits));
        }
        return negative ? bits.setBit(format.width() - 1) : bits;
    }

    private static Result zero(Format storage, boolean negative) {
        return new Result(negative ? BigInteger.ZERO.setBit(storage.width() - 1) : BigInteger.ZERO, 0);
    }

    private static Result infinity(Format storage, boolean negative, int flags) {
        BigInteger bits = BigInteger.valueOf(storage.maximumBiased()).shiftLeft(storage.precision - 1);
        return new Result(negative ? bits.setBit(storage.width() - 1) : bits, flags);
    }

    /** The default NaN (quiet, positive) with an invalid-operation cause. */
    private static Result invalid(Format storage, int cause) {
        BigInteger bits = BigInteger.valueOf(storage.maximumBiased() * 2L + 1).shiftLeft(storage.precision - 2);
        return new Result(bits, cause);
    }

    /**
     * When an operand is a NaN: the first NaN, quieted (and its fraction cut to {@code rounding}'s
     * precision), with VXSNAN if any operand signals and {@code alsoRaised}; else null.
     */
    private static Result propagateNaN(Format storage, Format rounding, int alsoRaised, Value... operands) {
        Value first = null;
        int flags = 0;
        for (Value v : operands) {
            if (v.isNaN()) {
                if (first == null) {
                    first = v;
                }
                if (v.kind == Kind.SIGNALLING_NAN) {
                    flags |= Fpscr.VXSNAN;
                }
            }
        }
        if (first == null) {
            return null;
        }
        BigInteger bits = first.bits.setBit(storage.precision - 2);
        int dropped = storage.precision - rounding.precision;
        if (dropped > 0) {
            bits = bits.shiftRight(dropped).shiftLeft(dropped);
        }
        return new Result(bits, flags | alsoRaised);
    }
}
