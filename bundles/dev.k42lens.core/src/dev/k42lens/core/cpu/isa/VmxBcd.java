package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.PS;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;

import java.math.BigInteger;

/**
 * The VMX decimal instructions, stated once: signed packed decimal in a VMX register is 31 BCD
 * digits and a sign code in the last nibble (0xA, 0xC, 0xE, 0xF plus; 0xB, 0xD minus); PS picks
 * the preferred plus code (0 gives 0xC, 1 gives 0xF); minus is 0xD. Every form is a record form:
 * CR6 gets LT, GT or EQ for a negative, positive or zero result and SO for an overflow or an
 * invalid operand (then alone). Where the ISA leaves the target undefined (an invalid operand)
 * the engine writes what qemu 7.2 does, so the differential test can compare it.
 */
final class VmxBcd {
    private static final int VX = 0xfc0007ff;
    /** VX with PS (bit 22) free. */
    private static final int VX_PS = 0xfc0005ff;
    private static final int LT = 8;
    private static final int GT = 4;
    private static final int EQ = 2;
    private static final int SO = 1;
    private static final BigInteger TEN_TO_31 = BigInteger.TEN.pow(31);
    private static final BigInteger MAX_DIGITS = TEN_TO_31.subtract(BigInteger.ONE);
    private static final int NATIONAL_PLUS = 0x2b;
    private static final int NATIONAL_MINUS = 0x2d;

    private VmxBcd() {
    }

    /** A BCD operation: VRT's doublewords and CR6 from VRA's and VRB's (hi, lo) and PS; null target: unchanged. */
    @FunctionalInterface
    private interface Operation {
        Outcome apply(long aHi, long aLo, long bHi, long bLo, int ps);
    }

    private record Outcome(long[] target, int cr6) {
    }

    static void describe(InstructionTable t) {
        binary(t, "bcdadd.", 0x401, true, (aHi, aLo, bHi, bLo, ps) -> add(aHi, aLo, bHi, bLo, false, ps));
        binary(t, "bcdsub.", 0x441, true, (aHi, aLo, bHi, bLo, ps) -> add(aHi, aLo, bHi, bLo, true, ps));
        binary(t, "bcdcpsgn.", 0x341, false, (aHi, aLo, bHi, bLo, ps) -> copySign(aHi, aLo, bHi, bLo));
        binary(t, "bcds.", 0x4c1, true, (aHi, aLo, bHi, bLo, ps) -> shift(bHi, bLo, (byte) aHi, ps, false));
        binary(t, "bcdsr.", 0x5c1, true, (aHi, aLo, bHi, bLo, ps) -> shift(bHi, bLo, (byte) aHi, ps, true));
        binary(t, "bcdus.", 0x481, false, (aHi, aLo, bHi, bLo, ps) -> unsignedShift(bHi, bLo, (byte) aHi));
        binary(t, "bcdtrunc.", 0x501, true, (aHi, aLo, bHi, bLo, ps) -> truncate(bHi, bLo, (short) aHi + 1, ps));
        binary(t, "bcdutrunc.", 0x541, false, (aHi, aLo, bHi, bLo, ps) -> unsignedTruncate(bHi, bLo, (short) aHi));
        // the conversions: VRA's field selects the operation
        unary(t, "bcdctsq.", 0, false, (aHi, aLo, bHi, bLo, ps) -> toQuadword(bHi, bLo));
        unary(t, "bcdcfsq.", 2, true, (aHi, aLo, bHi, bLo, ps) -> fromQuadword(bHi, bLo, ps));
        unary(t, "bcdctz.", 4, true, (aHi, aLo, bHi, bLo, ps) -> toZoned(bHi, bLo, ps));
        unary(t, "bcdctn.", 5, false, (aHi, aLo, bHi, bLo, ps) -> toNational(bHi, bLo));
        unary(t, "bcdcfz.", 6, true, (aHi, aLo, bHi, bLo, ps) -> fromZoned(bHi, bLo, ps));
        unary(t, "bcdcfn.", 7, true, (aHi, aLo, bHi, bLo, ps) -> fromNational(bHi, bLo, ps));
        unary(t, "bcdsetsgn.", 31, true, (aHi, aLo, bHi, bLo, ps) -> setSign(bHi, bLo, ps));
    }

    private static void binary(InstructionTable t, String mnemonic, int xo, boolean hasPs, Operation f) {
        if (hasPs) {
            t.described(mnemonic, 4 << 26 | xo, VX_PS, (c, m, w) -> execute(c, w, f), VRT, VRA, VRB, PS);
        } else {
            t.described(mnemonic, 4 << 26 | xo, VX, (c, m, w) -> execute(c, w, f), VRT, VRA, VRB);
        }
    }

    private static void unary(InstructionTable t, String mnemonic, int selector, boolean hasPs, Operation f) {
        int value = 4 << 26 | selector << 16 | 0x581;
        if (hasPs) {
            t.described(mnemonic, value, VX_PS | 0x1f0000, (c, m, w) -> execute(c, w, f), VRT, VRB, PS);
        } else {
            t.described(mnemonic, value, VX | 0x1f0000, (c, m, w) -> execute(c, w, f), VRT, VRB);
        }
    }

    private static void execute(Cpu c, int w, Operation f) {
        int a = VectorRegisters.vr(Fields.ra(w));
        int b = VectorRegisters.vr(Fields.rb(w));
        Outcome outcome = f.apply(c.vsr[a], c.vsr[a + 1], c.vsr[b], c.vsr[b + 1], (w >>> 9) & 1);
        if (outcome.target != null) {
            VectorRegisters.set(c, Fields.rt(w), outcome.target[0], outcome.target[1]);
        }
        c.setCrField(6, outcome.cr6);
    }

    // ---- the encoding ----------------------------------------------------------------------------

    /** Nibble {@code n} of the quadword, 0 the least significant (a signed value's sign code). */
    private static int nibble(long hi, long lo, int n) {
        return (int) ((n < 16 ? lo >>> 4 * n : hi >>> 4 * (n - 16)) & 15);
    }

    /** 1 for a plus sign code, -1 for minus, 0 for none (invalid). */
    private static int sign(long lo) {
        return switch ((int) lo & 15) {
            case 0xa, 0xc, 0xe, 0xf -> 1;
            case 0xb, 0xd -> -1;
            default -> 0;
        };
    }

    private static int preferredSign(int sign, int ps) {
        return sign < 0 ? 0xd : ps == 0 ? 0xc : 0xf;
    }

    /** Whether nibbles {@code from} to 31 are all decimal digits. */
    private static boolean digitsValid(long hi, long lo, int from) {
        for (int n = from; n < 32; n++) {
            if (nibble(hi, lo, n) > 9) {
                return false;
            }
        }
        return true;
    }

    private static boolean valid(long hi, long lo) {
        return sign(lo) != 0 && digitsValid(hi, lo, 1);
    }

    /** The number that nibbles {@code from} to 31 spell in decimal. */
    private static BigInteger magnitude(long hi, long lo, int from) {
        BigInteger m = BigInteger.ZERO;
        for (int n = 31; n >= from; n--) {
            m = m.multiply(BigInteger.TEN).add(BigInteger.valueOf(nibble(hi, lo, n)));
        }
        return m;
    }

    /**
     * The low 31 decimal digits of {@code m} in nibbles 1-31 and {@code signCode} in nibble 0; for
     * an unsigned value ({@code signCode} < 0) its low 32 digits from nibble 0.
     */
    private static long[] packed(BigInteger m, int signCode) {
        long hi = 0;
        long lo = Math.max(signCode, 0);
        BigInteger rest = m;
        for (int n = signCode < 0 ? 0 : 1; n < 32; n++) {
            BigInteger[] qr = rest.divideAndRemainder(BigInteger.TEN);
            rest = qr[0];
            long digit = qr[1].longValue();
            if (n < 16) {
                lo |= digit << 4 * n;
            } else {
                hi |= digit << 4 * (n - 16);
            }
        }
        return new long[] { hi, lo };
    }

    /** LT, GT or EQ for a signed result: EQ when every digit is 0, whatever the sign code. */
    private static int compareZero(long hi, long lo) {
        return hi == 0 && lo >>> 4 == 0 ? EQ : sign(lo) == 1 ? GT : LT;
    }

    private static Outcome signed(long[] target, boolean overflow) {
        return new Outcome(target, compareZero(target[0], target[1]) | (overflow ? SO : 0));
    }

    // ---- arithmetic ------------------------------------------------------------------------------

    private static Outcome add(long aHi, long aLo, long bHi, long bLo, boolean subtract, int ps) {
        if (!valid(aHi, aLo) || !valid(bHi, bLo)) {
            return new Outcome(new long[] { -1, -1 }, SO);
        }
        BigInteger a = magnitude(aHi, aLo, 1);
        BigInteger b = magnitude(bHi, bLo, 1);
        BigInteger sum = (sign(aLo) < 0 ? a.negate() : a).add(sign(bLo) < 0 != subtract ? b.negate() : b);
        long[] target = packed(sum.abs().mod(TEN_TO_31), preferredSign(sum.signum(), ps));
        int cr = sum.signum() < 0 ? LT : sum.signum() > 0 ? GT : EQ;
        return new Outcome(target, cr | (sum.abs().compareTo(MAX_DIGITS) > 0 ? SO : 0));
    }

    private static Outcome copySign(long aHi, long aLo, long bHi, long bLo) {
        if (sign(aLo) == 0 || sign(bLo) == 0) {
            return new Outcome(null, SO);
        }
        long[] target = { aHi, aLo & ~15L | bLo & 15 };
        return digitsValid(aHi, aLo, 1) && digitsValid(bHi, bLo, 1) ? signed(target, false) : new Outcome(target, SO);
    }

    private static Outcome setSign(long bHi, long bLo, int ps) {
        long[] target = { bHi, bLo & ~15L | preferredSign(sign(bLo), ps) };
        return valid(bHi, bLo) ? signed(target, false) : new Outcome(target, SO);
    }

    /**
     * bcds., bcdsr.: the digits shifted left (n > 0) or right by |n| places (at most 31), a digit
     * shifted out on the left an overflow; bcdsr. rounds a right shift by the first digit dropped.
     */
    private static Outcome shift(long bHi, long bLo, int n, int ps, boolean round) {
        if (!valid(bHi, bLo)) {
            return new Outcome(null, SO);
        }
        int places = Math.max(-31, Math.min(31, n));
        BigInteger digits = magnitude(bHi, bLo, 1);
        boolean overflow = false;
        if (places > 0) {
            BigInteger shifted = digits.multiply(BigInteger.TEN.pow(places));
            overflow = shifted.compareTo(MAX_DIGITS) > 0;
            digits = shifted.mod(TEN_TO_31);
        } else if (places < 0) {
            BigInteger[] qr = digits.divideAndRemainder(BigInteger.TEN.pow(-places));
            digits = qr[0];
            if (round && qr[1].divide(BigInteger.TEN.pow(-places - 1)).intValue() >= 5) {
                digits = digits.add(BigInteger.ONE).mod(TEN_TO_31);
            }
        }
        return signed(packed(digits, preferredSign(sign(bLo), ps)), overflow);
    }

    /** bcdus.: all 32 nibbles digits, shifted by n places; 32 or more to the left is an overflow (and 0). */
    private static Outcome unsignedShift(long bHi, long bLo, int n) {
        if (!digitsValid(bHi, bLo, 0)) {
            return new Outcome(null, SO);
        }
        BigInteger digits = magnitude(bHi, bLo, 0);
        BigInteger all = TEN_TO_31.multiply(BigInteger.TEN);
        boolean overflow = false;
        if (n >= 32) {
            overflow = true;
            digits = BigInteger.ZERO;
        } else if (n > 0) {
            BigInteger shifted = digits.multiply(BigInteger.TEN.pow(n));
            overflow = shifted.compareTo(all) >= 0;
            digits = shifted.mod(all);
        } else {
            digits = n <= -32 ? BigInteger.ZERO : digits.divide(BigInteger.TEN.pow(-n));
        }
        return unsigned(packed(digits, -1), overflow);
    }

    private static Outcome unsigned(long[] target, boolean overflow) {
        return new Outcome(target, (target[0] == 0 && target[1] == 0 ? EQ : GT) | (overflow ? SO : 0));
    }

    /**
     * bcdtrunc.: keeps the last {@code nibbles} - 1 digits (the sign code is one nibble), a
     * non-zero digit dropped an overflow; from 32 (or below 0, as qemu reads the length signed) all.
     */
    private static Outcome truncate(long bHi, long bLo, int nibbles, int ps) {
        if (!valid(bHi, bLo)) {
            return new Outcome(null, SO);
        }
        long[] kept = keepNibbles(bHi, bLo, nibbles);
        kept[1] = kept[1] & ~15L | preferredSign(sign(bLo), ps);
        return signed(kept, kept[0] != bHi || (kept[1] & ~15L) != (bLo & ~15L));
    }

    /** bcdutrunc.: keeps the last {@code digits} of 32 unsigned digits (none for 0; all, as qemu, for a negative count). */
    private static Outcome unsignedTruncate(long bHi, long bLo, int digits) {
        if (!digitsValid(bHi, bLo, 0)) {
            return new Outcome(null, SO);
        }
        long[] kept = digits == 0 ? new long[] { 0, 0 } : keepNibbles(bHi, bLo, digits);
        return unsigned(kept, kept[0] != bHi || kept[1] != bLo);
    }

    /**
     * The last {@code n} nibbles, the others zero; all of them for n >= 32 and, as qemu 7.2 reads
     * the length, for n < 0; for n = 0 qemu's 64-bit shift by 64 keeps the low doubleword.
     */
    private static long[] keepNibbles(long hi, long lo, int n) {
        if (n < 0 || n >= 32) {
            return new long[] { hi, lo };
        }
        if (n > 16) {
            return new long[] { hi & -1L >>> (128 - 4 * n), lo };
        }
        return new long[] { 0, n == 0 ? lo : lo & -1L >>> (64 - 4 * n) };
    }

    // ---- conversions -----------------------------------------------------------------------------

    /** The invalid operand's partial result is qemu's: digits from the first down to the first invalid one (or just one). */
    private static Outcome toQuadword(long bHi, long bLo) {
        boolean invalid = sign(bLo) == 0 || nibble(bHi, bLo, 31) > 9;
        BigInteger m = BigInteger.valueOf(nibble(bHi, bLo, 31));
        for (int n = 30; n > 0; n--) {
            m = m.multiply(BigInteger.TEN).add(BigInteger.valueOf(nibble(bHi, bLo, n)));
            invalid |= nibble(bHi, bLo, n) > 9;
            if (invalid) {
                break;
            }
        }
        BigInteger value = sign(bLo) < 0 ? m.negate() : m;
        return new Outcome(new long[] { value.shiftRight(64).longValue(), value.longValue() }, invalid ? SO : compareZero(bHi, bLo));
    }

    private static Outcome fromQuadword(long bHi, long bLo, int ps) {
        BigInteger value = BigInteger.valueOf(bHi).shiftLeft(64).or(FloatArithmetic.unsigned(bLo));
        int cr = value.signum() < 0 ? LT : value.signum() > 0 ? GT : EQ;
        if (value.abs().compareTo(MAX_DIGITS) > 0) {
            return new Outcome(null, cr | SO);   // the ISA leaves the target undefined; qemu leaves it as it was
        }
        return new Outcome(packed(value.abs(), preferredSign(value.signum(), ps)), cr);
    }

    /** National decimal: halfwords 0x0030-0x0039 for the last 7 digits, the last halfword '+' or '-'. */
    private static Outcome toNational(long bHi, long bLo) {
        boolean invalid = sign(bLo) == 0;
        long hi = 0;
        long lo = sign(bLo) < 0 ? NATIONAL_MINUS : NATIONAL_PLUS;
        for (int n = 1; n < 8; n++) {
            long half = 0x30 + nibble(bHi, bLo, n);
            if (n < 4) {
                lo |= half << 16 * n;
            } else {
                hi |= half << 16 * (n - 4);
            }
            invalid |= nibble(bHi, bLo, n) > 9;
            if (invalid) {
                break;   // as qemu; the ISA leaves the target undefined
            }
        }
        int cr = !valid(bHi, bLo) ? SO : compareZero(bHi, bLo) | (bHi != 0 || bLo >>> 32 != 0 ? SO : 0);
        return new Outcome(new long[] { hi, lo }, cr);
    }

    private static Outcome fromNational(long bHi, long bLo, int ps) {
        int signHalf = (int) bLo & 0xffff;
        boolean invalid = signHalf != NATIONAL_PLUS && signHalf != NATIONAL_MINUS;
        long lo = 0;
        for (int n = 1; n < 8; n++) {
            int half = (int) ((n < 4 ? bLo >>> 16 * n : bHi >>> 16 * (n - 4)) & 0xffff);
            if (half < 0x30 || half > 0x39) {
                invalid = true;
                break;   // qemu stops here; the ISA leaves the target undefined
            }
            lo |= (long) (half & 15) << 4 * n;
        }
        long[] target = { 0, lo | (signHalf == NATIONAL_PLUS ? preferredSign(1, ps) : 0xd) };
        return invalid ? new Outcome(target, SO) : signed(target, false);
    }

    /** Zoned decimal: a byte per digit for the last 16, its zone 0x3 (PS 0) or 0xF (PS 1); the last byte's zone the sign. */
    private static Outcome toZoned(long bHi, long bLo, int ps) {
        long zone = ps == 0 ? 0x3 : 0xf;
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 16 && sign(bLo) != 0 && nibble(bHi, bLo, k + 1) <= 9; k++) {   // as qemu, up to an invalid digit
            long b = zone << 4 | nibble(bHi, bLo, k + 1);
            if (k < 8) {
                lo |= b << 8 * k;
            } else {
                hi |= b << 8 * (k - 8);
            }
        }
        boolean plus = sign(bLo) > 0;
        long signZone = ps == 0 ? plus ? 0x3 : 0x7 : plus ? 0xc : 0xd;
        lo = lo & ~0xf0L | signZone << 4;
        int cr = !valid(bHi, bLo) ? SO : compareZero(bHi, bLo) | (bHi >>> 4 != 0 ? SO : 0);
        return new Outcome(new long[] { hi, lo }, cr);
    }

    private static Outcome fromZoned(long bHi, long bLo, int ps) {
        int zone = ps == 0 ? 0x3 : 0xf;
        int signZone = (int) (bLo >>> 4) & 15;
        boolean invalid = ps != 0 && signZone < 0xa;
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 16; k++) {
            int b = (int) ((k < 8 ? bLo >>> 8 * k : bHi >>> 8 * (k - 8)) & 0xff);
            if (k > 0 && b >>> 4 != zone || (b & 15) > 9) {
                invalid = true;
                break;   // as qemu; the ISA leaves the target undefined
            }
            int n = k + 1;
            if (n < 16) {
                lo |= (long) (b & 15) << 4 * n;
            } else {
                hi |= (long) (b & 15);
            }
        }
        boolean minus = ps != 0 ? signZone == 0xb || signZone == 0xd : (signZone & 4) != 0;
        long[] target = { hi, lo | (minus ? 0xd : 0xc) };
        return invalid ? new Outcome(target, SO) : signed(target, false);
    }
}
