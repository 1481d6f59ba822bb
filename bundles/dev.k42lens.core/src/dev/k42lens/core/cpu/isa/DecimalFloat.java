package dev.k42lens.core.cpu.isa;

import java.math.BigInteger;

/**
 * IEEE 754-2008 decimal floating point as the Power ISA keeps it (DPD encoding): the three
 * formats, their encoding, and arithmetic computed exactly and rounded once in one of the eight
 * decimal rounding modes (FPSCR[DRN]), with the exceptions it raises as {@link Fpscr} bits. A
 * result takes the exponent the standard prefers (the smaller operand exponent for a sum, their
 * sum for a product, their difference for a quotient) when its coefficient fits; tininess is
 * detected before rounding; exponents above the largest encodable one fold the coefficient down.
 */
public final class DecimalFloat {
    /** A decimal interchange format: digits of precision, exponent continuation bits, bias, largest adjusted exponent. */
    public enum Format {
        SHORT(7, 6, 101, 96), LONG(16, 8, 398, 384), EXTENDED(34, 12, 6176, 6144);

        final int digits;
        final int continuationBits;
        final int bias;
        final int emax;
        final int width;
        final BigInteger tenToDigits;
        final BigInteger tenToDigitsLess1;

        Format(int digits, int continuationBits, int bias, int emax) {
            this.digits = digits;
            this.continuationBits = continuationBits;
            this.bias = bias;
            this.emax = emax;
            this.width = 6 + continuationBits + 10 * (digits - 1) / 3;
            this.tenToDigits = BigInteger.TEN.pow(digits);
            this.tenToDigitsLess1 = BigInteger.TEN.pow(digits - 1);
        }

        int emin() {
            return 1 - emax;
        }

        /** The exponent of the smallest subnormal quantum. */
        int etiny() {
            return emin() - (digits - 1);
        }

        /** The largest exponent a coefficient can carry. */
        int elimit() {
            return emax - (digits - 1);
        }
    }

    public enum Kind { FINITE, INFINITY, QUIET_NAN, SIGNALLING_NAN }

    /** A decimal value: coefficient x 10^exponent; a NaN's coefficient is its payload. */
    public record Value(Kind kind, boolean negative, BigInteger coefficient, int exponent) {
        public boolean isNaN() {
            return kind == Kind.QUIET_NAN || kind == Kind.SIGNALLING_NAN;
        }

        public boolean isZero() {
            return kind == Kind.FINITE && coefficient.signum() == 0;
        }

        Value negated() {
            return isNaN() ? this : new Value(kind, !negative, coefficient, exponent);
        }
    }

    /** An operation's value and the exceptions (FPSCR bits, with FR and FI) it raised. */
    public record Result(Value value, int flags) {
    }

    private static final Value DEFAULT_NAN = new Value(Kind.QUIET_NAN, false, BigInteger.ZERO, 0);

    private DecimalFloat() {
    }

    // ---- encoding ----------------------------------------------------------------------------------

    public static Value decode(Format f, BigInteger bits) {
        boolean negative = bits.testBit(f.width - 1);
        int combination = bits.shiftRight(f.width - 6).intValue() & 31;
        int coefficientBits = f.width - 6 - f.continuationBits;
        BigInteger trailing = declets(bits, coefficientBits / 10);
        if (combination >> 1 == 15) {
            if ((combination & 1) == 0) {
                return new Value(Kind.INFINITY, negative, BigInteger.ZERO, 0);
            }
            boolean signalling = bits.testBit(f.width - 7);
            return new Value(signalling ? Kind.SIGNALLING_NAN : Kind.QUIET_NAN, negative, trailing, 0);
        }
        int continuation = bits.shiftRight(coefficientBits).intValue() & ((1 << f.continuationBits) - 1);
        int high;
        int lead;
        if (combination >> 3 != 3) {
            high = combination >> 3;
            lead = combination & 7;
        } else {
            high = (combination >> 1) & 3;
            lead = 8 | (combination & 1);
        }
        int exponent = (high << f.continuationBits | continuation) - f.bias;
        return new Value(Kind.FINITE, negative, f.tenToDigitsLess1.multiply(BigInteger.valueOf(lead)).add(trailing), exponent);
    }

    public static BigInteger encode(Format f, Value v) {
        int coefficientBits = f.width - 6 - f.continuationBits;
        BigInteger bits;
        switch (v.kind) {
            case INFINITY -> bits = BigInteger.valueOf(30).shiftLeft(f.width - 6);
            case QUIET_NAN, SIGNALLING_NAN -> {
                bits = BigInteger.valueOf(31).shiftLeft(f.width - 6).or(packDeclets(v.coefficient.mod(f.tenToDigitsLess1)));
                if (v.kind == Kind.SIGNALLING_NAN) {
                    bits = bits.setBit(f.width - 7);
                }
            }
            default -> {
                int biased = v.exponent + f.bias;
                BigInteger[] leadAndRest = v.coefficient.divideAndRemainder(f.tenToDigitsLess1);
                int lead = leadAndRest[0].intValue();
                int high = biased >> f.continuationBits;
                int combination = lead < 8 ? high << 3 | lead : 0x18 | high << 1 | (lead & 1);
                bits = BigInteger.valueOf(combination).shiftLeft(f.width - 6)
                        .or(BigInteger.valueOf(biased & ((1 << f.continuationBits) - 1)).shiftLeft(coefficientBits))
                        .or(packDeclets(leadAndRest[1]));
            }
        }
        return v.negative ? bits.setBit(f.width - 1) : bits;
    }

    /** The number the low {@code count} declets of {@code bits} spell, the last declet the lowest three digits. */
    private static BigInteger declets(BigInteger bits, int count) {
        BigInteger value = BigInteger.ZERO;
        for (int i = count - 1; i >= 0; i--) {
            int declet = bits.shiftRight(10 * i).intValue() & 0x3ff;
            value = value.multiply(BigInteger.valueOf(1000)).add(BigInteger.valueOf(DensePackedDecimal.value(declet)));
        }
        return value;
    }

    private static BigInteger packDeclets(BigInteger value) {
        BigInteger bits = BigInteger.ZERO;
        BigInteger rest = value;
        for (int i = 0; rest.signum() != 0; i++) {
            BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(1000));
            bits = bits.or(BigInteger.valueOf(DensePackedDecimal.declet(qr[1].intValue())).shiftLeft(10 * i));
            rest = qr[0];
        }
        return bits;
    }

    // ---- classes -----------------------------------------------------------------------------------

    /** Digits in the coefficient (1 for zero), as decNumber counts them. */
    public static int digits(BigInteger coefficient) {
        return coefficient.signum() == 0 ? 1 : coefficient.toString().length();
    }

    public static boolean isSubnormal(Format f, Value v) {
        return v.kind == Kind.FINITE && !v.isZero() && v.exponent + digits(v.coefficient) - 1 < f.emin();
    }

    /** The FPRF class of {@code v} in format {@code f}. */
    public static int classOf(Format f, Value v) {
        return switch (v.kind) {
            case QUIET_NAN -> Fpscr.QUIET_NAN;
            case SIGNALLING_NAN -> 0x01000;
            case INFINITY -> v.negative ? Fpscr.NEGATIVE_INFINITY : Fpscr.POSITIVE_INFINITY;
            default -> v.isZero() ? v.negative ? Fpscr.NEGATIVE_ZERO : Fpscr.POSITIVE_ZERO
                    : isSubnormal(f, v) ? v.negative ? Fpscr.NEGATIVE_DENORMAL : Fpscr.POSITIVE_DENORMAL
                    : v.negative ? Fpscr.NEGATIVE_NORMAL : Fpscr.POSITIVE_NORMAL;
        };
    }

    // ---- arithmetic --------------------------------------------------------------------------------

    /** a + b, or a - b. */
    public static Result add(Format f, Value a, Value b, boolean subtract, int mode) {
        Value right = subtract ? b.negated() : b;
        Result nan = propagateNaN(a, b);
        if (nan != null) {
            return nan;
        }
        if (a.kind == Kind.INFINITY || right.kind == Kind.INFINITY) {
            if (a.kind == Kind.INFINITY && right.kind == Kind.INFINITY && a.negative != right.negative) {
                return new Result(DEFAULT_NAN, Fpscr.VXISI);
            }
            return new Result(a.kind == Kind.INFINITY ? a : right, 0);
        }
        int e = Math.min(a.exponent, right.exponent);
        BigInteger x = signed(a).multiply(BigInteger.TEN.pow(a.exponent - e));
        BigInteger y = signed(right).multiply(BigInteger.TEN.pow(right.exponent - e));
        BigInteger sum = x.add(y);
        boolean negative = sum.signum() < 0 || sum.signum() == 0
                && (a.negative == right.negative ? a.negative : mode == 3);
        return round(f, negative, sum.abs(), e, mode);
    }

    public static Result multiply(Format f, Value a, Value b, int mode) {
        Result nan = propagateNaN(a, b);
        if (nan != null) {
            return nan;
        }
        boolean negative = a.negative ^ b.negative;
        if (a.kind == Kind.INFINITY || b.kind == Kind.INFINITY) {
            if (a.isZero() || b.isZero()) {
                return new Result(DEFAULT_NAN, Fpscr.VXIMZ);
            }
            return new Result(new Value(Kind.INFINITY, negative, BigInteger.ZERO, 0), 0);
        }
        return round(f, negative, a.coefficient.multiply(b.coefficient), a.exponent + b.exponent, mode);
    }

    public static Result divide(Format f, Value a, Value b, int mode) {
        Result nan = propagateNaN(a, b);
        if (nan != null) {
            return nan;
        }
        boolean negative = a.negative ^ b.negative;
        if (a.kind == Kind.INFINITY) {
            return b.kind == Kind.INFINITY ? new Result(DEFAULT_NAN, Fpscr.VXIDI)
                    : new Result(new Value(Kind.INFINITY, negative, BigInteger.ZERO, 0), 0);
        }
        if (b.kind == Kind.INFINITY) {
            return new Result(new Value(Kind.FINITE, negative, BigInteger.ZERO, f.etiny()), 0);
        }
        if (b.isZero()) {
            return a.isZero() ? new Result(DEFAULT_NAN, Fpscr.VXZDZ)
                    : new Result(new Value(Kind.INFINITY, negative, BigInteger.ZERO, 0), Fpscr.ZX);
        }
        int ideal = a.exponent - b.exponent;
        if (a.isZero()) {
            return round(f, negative, BigInteger.ZERO, ideal, mode);
        }
        // scale the dividend so the quotient has two digits beyond the precision, then keep a sticky digit
        int shift = Math.max(0, f.digits + 2 + digits(b.coefficient) - digits(a.coefficient));
        BigInteger[] qr = a.coefficient.multiply(BigInteger.TEN.pow(shift)).divideAndRemainder(b.coefficient);
        if (qr[1].signum() != 0) {
            return round(f, negative, qr[0].multiply(BigInteger.TEN).add(BigInteger.ONE), ideal - shift - 1, mode);
        }
        // exact: the quotient with its trailing zeros removed down to the ideal exponent
        BigInteger q = qr[0];
        int e = ideal - shift;
        while (e < ideal && q.mod(BigInteger.TEN).signum() == 0) {
            q = q.divide(BigInteger.TEN);
            e++;
        }
        return round(f, negative, q, e, mode);
    }

    /** -1, 0, 1 for a < b, a = b, a > b (neither a NaN). */
    public static int compare(Value a, Value b) {
        if (a.kind == Kind.INFINITY || b.kind == Kind.INFINITY) {
            int x = a.kind == Kind.INFINITY ? a.negative ? -1 : 1 : 0;
            int y = b.kind == Kind.INFINITY ? b.negative ? -1 : 1 : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
            if (x != 0) {
                return 0;
            }
        }
        int e = Math.min(a.exponent, b.exponent);
        return signed(a).multiply(BigInteger.TEN.pow(a.exponent - e)).compareTo(signed(b).multiply(BigInteger.TEN.pow(b.exponent - e)));
    }

    private static BigInteger signed(Value v) {
        return v.negative ? v.coefficient.negate() : v.coefficient;
    }

    /**
     * When an operand is a NaN, the result: a signalling NaN first (a, then b), else a's quiet
     * NaN, else b's; quiet, its payload kept; VXSNAN when one signals. Else null.
     */
    static Result propagateNaN(Value a, Value b) {
        if (!a.isNaN() && !b.isNaN()) {
            return null;
        }
        boolean signalling = a.kind == Kind.SIGNALLING_NAN || b.kind == Kind.SIGNALLING_NAN;
        Value chosen = a.kind == Kind.SIGNALLING_NAN ? a : b.kind == Kind.SIGNALLING_NAN ? b : a.isNaN() ? a : b;
        return new Result(new Value(Kind.QUIET_NAN, chosen.negative, chosen.coefficient, 0), signalling ? Fpscr.VXSNAN : 0);
    }

    /**
     * b with exponent {@code exponent} (dqua, dquai, drrnd): its coefficient scaled, and rounded in
     * {@code mode} when digits drop off (XX); a coefficient beyond the precision, an exponent out
     * of range, or an infinity with a finite value is invalid (VXCVI). NaNs: a's signalling NaN,
     * b's signalling one, a's quiet one, b's, made quiet.
     */
    public static Result quantize(Format f, Value a, Value b, int mode) {
        if (a.isNaN() || b.isNaN()) {
            boolean signalling = a.kind == Kind.SIGNALLING_NAN || b.kind == Kind.SIGNALLING_NAN;
            Value chosen = a.kind == Kind.SIGNALLING_NAN ? a : b.kind == Kind.SIGNALLING_NAN ? b : a.isNaN() ? a : b;
            return new Result(new Value(Kind.QUIET_NAN, chosen.negative, chosen.coefficient, 0), signalling ? Fpscr.VXSNAN : 0);
        }
        if (a.kind == Kind.INFINITY || b.kind == Kind.INFINITY) {
            return a.kind == b.kind ? new Result(b, 0) : new Result(DEFAULT_NAN, Fpscr.VXCVI);
        }
        int e = a.exponent;
        if (e < f.etiny() || e > f.elimit()) {
            return new Result(DEFAULT_NAN, Fpscr.VXCVI);
        }
        BigInteger c = b.coefficient;
        int flags = 0;
        if (e <= b.exponent) {
            c = c.multiply(BigInteger.TEN.pow(b.exponent - e));
        } else {
            BigInteger divisor = BigInteger.TEN.pow(Math.min(e - b.exponent, f.digits + 2));
            BigInteger[] qr = e - b.exponent > f.digits + 1 ? new BigInteger[] { BigInteger.ZERO, c.signum() == 0 ? c : BigInteger.ONE }
                    : c.divideAndRemainder(divisor);
            c = qr[0];
            if (qr[1].signum() != 0) {
                // a remainder from beyond the divisor's reach counts as less than half
                BigInteger rest = e - b.exponent > f.digits + 1 ? BigInteger.ONE : qr[1];
                BigInteger reach = e - b.exponent > f.digits + 1 ? BigInteger.TEN.pow(f.digits + 2) : divisor;
                if (roundsUp(mode, b.negative, c, rest, reach)) {
                    c = c.add(BigInteger.ONE);
                }
                flags = Fpscr.XX | Fpscr.FI;
            }
        }
        if (c.compareTo(f.tenToDigits) >= 0) {
            return new Result(DEFAULT_NAN, Fpscr.VXCVI);
        }
        return new Result(new Value(Kind.FINITE, b.negative, c, e), flags);
    }

    /** b rounded to an integer in {@code mode} (drintx, drintn, dctfix): exponents from 0 up are kept. */
    public static Result toIntegral(Value b, int mode) {
        if (b.isNaN()) {
            return new Result(new Value(Kind.QUIET_NAN, b.negative, b.coefficient, 0), b.kind == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0);
        }
        if (b.kind == Kind.INFINITY || b.exponent >= 0) {
            return new Result(b, 0);
        }
        Value zeroExponent = new Value(Kind.FINITE, false, BigInteger.ONE, 0);
        return quantize(Format.EXTENDED, zeroExponent, b, mode);
    }

    // ---- rounding ----------------------------------------------------------------------------------

    /**
     * The exact value +-c x 10^e (c >= 0) in format f: rounded once to the precision, or to the
     * smallest subnormal quantum, in decimal rounding mode {@code mode} (FPSCR[DRN]'s eight);
     * overflow gives an infinity or the largest finite number by the mode; an exponent beyond
     * the largest encodable one is folded into the coefficient; a zero's exponent is clamped.
     */
    public static Result round(Format f, boolean negative, BigInteger c, int e, int mode) {
        if (c.signum() == 0) {
            return new Result(new Value(Kind.FINITE, negative, c, Math.max(f.etiny(), Math.min(e, f.elimit()))), 0);
        }
        int digits = digits(c);
        boolean tiny = e + digits - 1 < f.emin();
        int quantum = Math.max(e, Math.max(e + digits - f.digits, f.etiny()));
        int flags = 0;
        BigInteger kept = c;
        if (quantum > e) {
            BigInteger divisor = BigInteger.TEN.pow(quantum - e);
            BigInteger[] qr = c.divideAndRemainder(divisor);
            kept = qr[0];
            if (qr[1].signum() != 0) {
                boolean up = roundsUp(mode, negative, kept, qr[1], divisor);
                flags = Fpscr.XX | Fpscr.FI | (up ? Fpscr.FR : 0) | (tiny ? Fpscr.UX : 0);
                if (up) {
                    kept = kept.add(BigInteger.ONE);
                    if (kept.equals(f.tenToDigits)) {
                        kept = f.tenToDigitsLess1;
                        quantum++;
                    }
                }
            }
        }
        if (kept.signum() != 0 && quantum + digits(kept) - 1 > f.emax) {
            boolean toInfinity = switch (mode) {
                case 1, 7 -> false;
                case 2 -> !negative;
                case 3 -> negative;
                default -> true;
            };
            Value largest = new Value(Kind.FINITE, negative, f.tenToDigits.subtract(BigInteger.ONE), f.elimit());
            Value v = toInfinity ? new Value(Kind.INFINITY, negative, BigInteger.ZERO, 0) : largest;
            return new Result(v, Fpscr.OX | Fpscr.XX | Fpscr.FI | (toInfinity ? Fpscr.FR : 0));
        }
        if (quantum > f.elimit() && kept.signum() != 0) {
            kept = kept.multiply(BigInteger.TEN.pow(quantum - f.elimit()));
            quantum = f.elimit();
        }
        return new Result(new Value(Kind.FINITE, negative, kept, quantum), flags);
    }

    /** Whether the dropped part {@code rest} (of {@code divisor}) rounds {@code kept} up in magnitude. */
    private static boolean roundsUp(int mode, boolean negative, BigInteger kept, BigInteger rest, BigInteger divisor) {
        int half = rest.shiftLeft(1).compareTo(divisor);
        return switch (mode) {
            case 0 -> half > 0 || half == 0 && kept.testBit(0);
            case 1 -> false;
            case 2 -> !negative;
            case 3 -> negative;
            case 4 -> half >= 0;
            case 5 -> half > 0;
            case 6 -> true;
            default -> {
                int last = kept.mod(BigInteger.TEN).intValue();   // round for reround: away from zero onto a 0 or 5
                yield last == 0 || last == 5;
            }
        };
    }
}
