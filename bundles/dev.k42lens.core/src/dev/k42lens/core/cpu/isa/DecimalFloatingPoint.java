package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.DCM;
import static dev.k42lens.core.cpu.isa.Operand.FRA;
import static dev.k42lens.core.cpu.isa.Operand.FRB;
import static dev.k42lens.core.cpu.isa.Operand.FRT;
import static dev.k42lens.core.cpu.isa.Operand.R;
import static dev.k42lens.core.cpu.isa.Operand.RMC;
import static dev.k42lens.core.cpu.isa.Operand.S;
import static dev.k42lens.core.cpu.isa.Operand.SHIFT_DIGITS;
import static dev.k42lens.core.cpu.isa.Operand.SP;
import static dev.k42lens.core.cpu.isa.Operand.TE;
import static dev.k42lens.core.cpu.isa.Operand.UIM6;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;

import java.math.BigInteger;
import java.util.function.IntPredicate;

import dev.k42lens.core.cpu.isa.DecimalFloat.Format;
import dev.k42lens.core.cpu.isa.DecimalFloat.Kind;
import dev.k42lens.core.cpu.isa.DecimalFloat.Result;
import dev.k42lens.core.cpu.isa.DecimalFloat.Value;

/**
 * The decimal floating-point instructions, stated once for both register formats: a decimal64
 * in an FPR (primary opcode 59) and a decimal128 in an even-odd FPR pair (primary opcode 63, the
 * "q" forms; an odd register is illegal). Arithmetic rounds in FPSCR[DRN] and records FPRF, FR,
 * FI and the exceptions as the binary instructions do; the record forms copy FPSCR[0:3] to CR1.
 */
final class DecimalFloatingPoint {
    private static final int X = 0xfc0007fe;
    /** Z22 (test data class and group): DCM in bits 16-21. */
    private static final int Z22 = 0xfc0003fe;

    private DecimalFloatingPoint() {
    }

    @FunctionalInterface
    private interface Arithmetic {
        Result apply(Format f, Value a, Value b, int mode);
    }

    @FunctionalInterface
    private interface Test {
        /** CR field BF (and FPCC) from the operands' values (a may be null) and the instruction word. */
        int apply(Format f, Value a, Value b, int word);
    }

    static void describe(InstructionTable t) {
        arithmetic(t, "dadd", 2, (f, a, b, mode) -> DecimalFloat.add(f, a, b, false, mode));
        arithmetic(t, "dsub", 514, (f, a, b, mode) -> DecimalFloat.add(f, a, b, true, mode));
        arithmetic(t, "dmul", 34, DecimalFloat::multiply);
        arithmetic(t, "ddiv", 546, DecimalFloat::divide);
        compare(t, "dcmpu", 642, false);
        compare(t, "dcmpo", 130, true);
        test(t, "dtstdc", 194, Z22, DCM, DecimalFloatingPoint::dataClass);
        test(t, "dtstdg", 226, Z22, DCM, DecimalFloatingPoint::dataGroup);
        test(t, "dtstex", 162, X, FRB, (f, a, b, w) -> exponents(a, b));
        test(t, "dtstsf", 674, X, FRB, (f, a, b, w) -> significance(b, (int) a.coefficient().longValue() & 0x3f));
        // quantize to FRA's exponent or to TE, reround to FRA's significance, round to an integer (with or without XX)
        rounding(t, "dqua", 3, true, (c, f, w, mode) -> DecimalFloat.quantize(f, read(c, f, Fields.ra(w)), read(c, f, Fields.rb(w)), mode),
                FRT, FRA, FRB, RMC);
        rounding(t, "dquai", 67, false, (c, f, w, mode) -> DecimalFloat.quantize(f,
                new Value(Kind.FINITE, false, BigInteger.ONE, TE.value(w)), read(c, f, Fields.rb(w)), mode), TE, FRT, FRB, RMC);
        rounding(t, "drrnd", 35, false, (c, f, w, mode) -> reround(f, (int) c.fpr(Fields.ra(w)) & 0x3f, read(c, f, Fields.rb(w)), mode),
                FRT, FRA, FRB, RMC);
        rounding(t, "drintx", 99, false, (c, f, w, mode) -> DecimalFloat.toIntegral(read(c, f, Fields.rb(w)), mode), R, FRT, FRB, RMC);
        rounding(t, "drintn", 227, false, (c, f, w, mode) -> {
            Result r = DecimalFloat.toIntegral(read(c, f, Fields.rb(w)), mode);
            return new Result(r.value(), r.flags() & ~(Fpscr.XX | Fpscr.FI | Fpscr.FR));
        }, R, FRT, FRB, RMC);
        moves(t);
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            t.described(name("dtstsfi", f), opcode(f) | 675 << 1, 0xfc4007ff, pairs(f, false, true),
                    (c, m, w) -> setTest(c, w, significance(read(c, f, Fields.rb(w)), UIM6.value(w))), BF_ALWAYS, UIM6, FRB);
        }
    }

    /** The RA field, which forms without FRA leave 0. */
    private static final int NO_A = 0x1f0000;

    /**
     * An X form with its record form ({@code reserved}: bits that must be 0 besides the opcode's);
     * {@code writes} does the work, its own FPSCR effects included.
     */
    private static void xForm(InstructionTable t, String mnemonic, int primary, int xo, int reserved, IntPredicate condition,
            Semantics writes, Operand... operands) {
        for (int rc = 0; rc < 2; rc++) {
            t.described(mnemonic + (rc == 0 ? "" : "."), primary << 26 | xo << 1 | rc, X | 1 | reserved, condition, (c, m, w) -> {
                writes.execute(c, m, w);
                if ((w & 1) != 0) {
                    c.setCrField(1, c.fpscr >>> 28);
                }
            }, operands);
        }
    }

    /** The exponent and coefficient moves, BCD conversions, shifts and format conversions. */
    private static void moves(InstructionTable t) {
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            int primary = f == Format.LONG ? 59 : 63;
            boolean quad = f == Format.EXTENDED;
            // dxex: the biased exponent, or -1 (infinity), -2 (quiet NaN), -3 (signalling NaN)
            xForm(t, name("dxex", f), primary, 354, NO_A, quad ? w -> Fields.rb(w) % 2 == 0 : null, (c, m, w) -> {
                Value b = read(c, f, Fields.rb(w));
                c.setFpr(Fields.rt(w), switch (b.kind()) {
                    case INFINITY -> -1;
                    case QUIET_NAN -> -2;
                    case SIGNALLING_NAN -> -3;
                    default -> b.exponent() + f.bias;
                });
            }, FRT, FRB);
            // diex: b with FRA as its biased exponent; out of range, FRA -1, -3 or other make an infinity, signalling or quiet NaN
            xForm(t, name("diex", f), primary, 866, 0, quad ? w -> Fields.rt(w) % 2 == 0 && Fields.rb(w) % 2 == 0 : null, (c, m, w) -> {
                long exponent = c.fpr(Fields.ra(w));
                Value b = read(c, f, Fields.rb(w));
                int maximum = 3 << f.continuationBits;
                if (exponent < 0 || exponent >= maximum) {
                    BigInteger bits = rawBits(c, f, Fields.rb(w));   // sign and coefficient continuation kept as they are
                    int special = exponent == -1 ? 0x1e : 0x1f;
                    int shift = f.width - 6 - f.continuationBits;
                    bits = bits.andNot(BigInteger.ONE.shiftLeft(5 + f.continuationBits).subtract(BigInteger.ONE).shiftLeft(shift))
                            .or(BigInteger.valueOf(special).shiftLeft(f.width - 6));
                    if (exponent == -3) {
                        bits = bits.setBit(f.width - 7);
                    }
                    writeBits(c, f, Fields.rt(w), bits);
                } else {
                    BigInteger coefficient = b.kind() == Kind.INFINITY ? BigInteger.ZERO : b.coefficient();
                    write(c, f, Fields.rt(w), new Value(Kind.FINITE, b.negative(), coefficient, (int) exponent - f.bias));
                }
            }, FRT, FRA, FRB);
            // dscli, dscri: the coefficient shifted left (digits beyond the precision lost) or right
            for (boolean left : new boolean[] { true, false }) {
                for (int rc = 0; rc < 2; rc++) {
                    t.described(name(left ? "dscli" : "dscri", f) + (rc == 0 ? "" : "."), opcode(f) | (left ? 66 : 98) << 1 | rc,
                            0xfc0003ff, quad ? w -> Fields.rt(w) % 2 == 0 && Fields.ra(w) % 2 == 0 : null, (c, m, w) -> {
                                shift(c, f, w, left);
                                if ((w & 1) != 0) {
                                    c.setCrField(1, c.fpscr >>> 28);
                                }
                            }, FRT, FRA, SHIFT_DIGITS);
                }
            }
            // ddedpd: the coefficient's digits as BCD, signed (SP 2, 3) with the sign code in the last nibble
            xForm(t, name("ddedpd", f), primary, 322, 0x70000, quad ? w -> Fields.rt(w) % 2 == 0 && Fields.rb(w) % 2 == 0 : null, (c, m, w) -> {
                Value b = read(c, f, Fields.rb(w));
                int sp = SP.value(w);
                BigInteger bcd = new BigInteger(b.coefficient().toString(), 16);
                int nibbles = f == Format.LONG ? 16 : 32;
                if ((sp & 2) != 0) {
                    int sign = b.negative() ? 0xd : (sp & 1) != 0 ? 0xf : 0xc;
                    bcd = bcd.shiftLeft(4).or(BigInteger.valueOf(sign));
                }
                writeBits(c, f, Fields.rt(w), bcd.and(BigInteger.ONE.shiftLeft(4 * nibbles).subtract(BigInteger.ONE)));
            }, SP, FRT, FRB);
            // denbcd: BCD digits (S: with a sign code in the last nibble) to a decimal integer; an invalid nibble is VXCVI
            xForm(t, name("denbcd", f), primary, 834, 0xf0000, quad ? w -> Fields.rt(w) % 2 == 0 && Fields.rb(w) % 2 == 0 : null, (c, m, w) -> {
                BigInteger bits = rawBits(c, f, Fields.rb(w));
                int nibbles = f == Format.LONG ? 16 : 32;
                boolean signed = S.value(w) != 0;
                boolean negative = false;
                int first = 0;
                if (signed) {
                    int code = bits.intValue() & 15;
                    if (code < 0xa) {
                        invalidConversion(c, f, w);
                        return;
                    }
                    negative = code == 0xb || code == 0xd;
                    first = 1;
                }
                BigInteger value = BigInteger.ZERO;
                for (int n = nibbles - 1; n >= first; n--) {
                    int digit = bits.shiftRight(4 * n).intValue() & 15;
                    if (digit > 9) {
                        invalidConversion(c, f, w);
                        return;
                    }
                    value = value.multiply(BigInteger.TEN).add(BigInteger.valueOf(digit));
                }
                Value v = new Value(Kind.FINITE, negative, value, 0);
                write(c, f, Fields.rt(w), v);
                c.fpscr = Fpscr.withClass(c.fpscr, DecimalFloat.classOf(f, v));
            }, S, FRT, FRB);
            // dcffix: a signed doubleword integer (FRB) converted, rounded in DRN when it has more digits than decimal64 holds
            xForm(t, name("dcffix", f), primary, 802, NO_A, quad ? w -> Fields.rt(w) % 2 == 0 : null, (c, m, w) -> {
                long integer = c.fpr(Fields.rb(w));
                BigInteger magnitude = BigInteger.valueOf(integer).abs();
                record(c, w, f, DecimalFloat.round(f, integer < 0, magnitude, 0, c.decimalRoundingMode));
            }, FRT, FRB);
            // dctfix: rounded to an integer in DRN; out of range or a NaN is VXCVI with the nearest limit (a NaN: the minimum)
            xForm(t, name("dctfix", f), primary, 290, NO_A, quad ? w -> Fields.rb(w) % 2 == 0 : null, (c, m, w) -> {
                Value b = read(c, f, Fields.rb(w));
                int flags;
                long result;
                if (b.isNaN()) {
                    flags = Fpscr.VXCVI | (b.kind() == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0);
                    result = Long.MIN_VALUE;
                } else if (b.kind() == Kind.INFINITY) {
                    flags = Fpscr.VXCVI;
                    result = b.negative() ? Long.MIN_VALUE : Long.MAX_VALUE;
                } else {
                    Result r = DecimalFloat.toIntegral(b, c.decimalRoundingMode);
                    BigInteger integer = r.value().coefficient().multiply(BigInteger.TEN.pow(r.value().exponent()));
                    integer = b.negative() ? integer.negate() : integer;
                    if (integer.bitLength() > 63) {
                        flags = Fpscr.VXCVI;
                        result = b.negative() ? Long.MIN_VALUE : Long.MAX_VALUE;
                    } else {
                        flags = r.flags();
                        result = integer.longValue();
                    }
                }
                if (Fpscr.record(c, flags, true)) {
                    c.setFpr(Fields.rt(w), result);
                }
            }, FRT, FRB);
        }
        // dctdp: decimal32 (FRB's low word) to decimal64, exactly; dctqpq: decimal64 to decimal128; a signalling NaN is quieted, VXSNAN
        xForm(t, "dctdp", 59, 258, NO_A, null, (c, m, w) -> widen(c, w, Format.SHORT, BigInteger.valueOf(c.fpr(Fields.rb(w)) & 0xffffffffL),
                Format.LONG), FRT, FRB);
        xForm(t, "dctqpq", 63, 258, NO_A, w -> Fields.rt(w) % 2 == 0, (c, m, w) -> widen(c, w, Format.LONG, unsigned(c.fpr(Fields.rb(w))),
                Format.EXTENDED), FRT, FRB);
        // drdpq: decimal128 rounded to decimal64 in DRN, right-justified in the pair: in FRTp + 1, FRTp cleared (as
        // IBM's own qemu implementation places it)
        xForm(t, "drdpq", 63, 770, NO_A, w -> Fields.rt(w) % 2 == 0 && Fields.rb(w) % 2 == 0, (c, m, w) -> {
            Value b = read(c, Format.EXTENDED, Fields.rb(w));
            Result r = narrow(Format.LONG, b, c.decimalRoundingMode);
            if (Fpscr.record(c, r.flags(), true)) {
                c.setFpr(Fields.rt(w), 0);
                c.setFpr(Fields.rt(w) + 1, DecimalFloat.encode(Format.LONG, r.value()).longValue());
                c.fpscr = Fpscr.withClass(c.fpscr, DecimalFloat.classOf(Format.LONG, r.value()));
            }
        }, FRT, FRB);
        // dcffixqq: VRB's signed quadword to decimal128, rounded in DRN; dctfixqq: back, rounded to an integer in DRN
        t.described("dcffixqq", 63 << 26 | 994 << 1, 0xfc1f07ff, w -> Fields.rt(w) % 2 == 0, (c, m, w) -> {
            int vrb = VectorRegisters.vr(Fields.rb(w));
            BigInteger integer = BigInteger.valueOf(c.vsr[vrb]).shiftLeft(64).or(unsigned(c.vsr[vrb + 1]));
            Result r = DecimalFloat.round(Format.EXTENDED, integer.signum() < 0, integer.abs(), 0, c.decimalRoundingMode);
            record(c, w, Format.EXTENDED, r);
        }, FRT, VRB);
        t.described("dctfixqq", 63 << 26 | 1 << 16 | 994 << 1, 0xfc1f07ff, w -> Fields.rb(w) % 2 == 0, (c, m, w) -> {
            Value b = read(c, Format.EXTENDED, Fields.rb(w));
            BigInteger minimum = BigInteger.ONE.shiftLeft(127).negate();
            BigInteger maximum = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
            int flags;
            BigInteger result;
            if (b.isNaN()) {
                flags = Fpscr.VXCVI | (b.kind() == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0);
                result = minimum;
            } else if (b.kind() == Kind.INFINITY) {
                flags = Fpscr.VXCVI;
                result = b.negative() ? minimum : maximum;
            } else {
                Result r = DecimalFloat.toIntegral(b, c.decimalRoundingMode);
                BigInteger integer = r.value().coefficient().multiply(BigInteger.TEN.pow(r.value().exponent()));
                integer = b.negative() ? integer.negate() : integer;
                if (integer.compareTo(minimum) < 0 || integer.compareTo(maximum) > 0) {
                    flags = Fpscr.VXCVI;
                    result = b.negative() ? minimum : maximum;
                } else {
                    flags = r.flags();
                    result = integer;
                }
            }
            if (Fpscr.record(c, flags, true)) {
                VectorRegisters.set(c, Fields.rt(w), result.shiftRight(64).longValue(), result.longValue());
            }
        }, VRT, FRB);
        // drsp: decimal64 rounded to decimal32 in DRN, in FRT's low word
        xForm(t, "drsp", 59, 770, NO_A, null, (c, m, w) -> {
            Value b = read(c, Format.LONG, Fields.rb(w));
            Result r = narrow(Format.SHORT, b, c.decimalRoundingMode);
            if (Fpscr.record(c, r.flags(), true)) {
                c.setFpr(Fields.rt(w), DecimalFloat.encode(Format.SHORT, r.value()).longValue());
                c.fpscr = Fpscr.withClass(c.fpscr, DecimalFloat.classOf(Format.SHORT, r.value()));
            }
        }, FRT, FRB);
    }

    /** An invalid BCD operand: VXCVI, and unless VE enables it, the default quiet NaN in FRT. */
    private static void invalidConversion(Cpu c, Format f, int w) {
        c.fpscr = Fpscr.raise(c.fpscr, Fpscr.VXCVI, false);
        if ((c.fpscr & Fpscr.VE) == 0) {
            write(c, f, Fields.rt(w), new Value(Kind.QUIET_NAN, false, BigInteger.ZERO, 0));
        }
    }

    /** A value of format {@code from} in the wider format {@code to} (exact), its class in FPRF. */
    private static void widen(Cpu c, int w, Format from, BigInteger bits, Format to) {
        Value b = DecimalFloat.decode(from, bits);
        int flags = 0;
        if (b.kind() == Kind.SIGNALLING_NAN) {
            b = new Value(Kind.QUIET_NAN, b.negative(), b.coefficient(), 0);
            flags = Fpscr.VXSNAN;
        }
        if (Fpscr.record(c, flags, false)) {
            write(c, to, Fields.rt(w), b);
            c.fpscr = Fpscr.withClass(c.fpscr, DecimalFloat.classOf(to, b));
        }
    }

    /** b rounded to the narrower format {@code f}; a NaN keeps the payload digits f holds, a signalling one quieted (VXSNAN). */
    private static Result narrow(Format f, Value b, int mode) {
        return switch (b.kind()) {
            case QUIET_NAN, SIGNALLING_NAN -> new Result(new Value(Kind.QUIET_NAN, b.negative(),
                    b.coefficient().mod(f.tenToDigitsLess1), 0), b.kind() == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0);
            case INFINITY -> new Result(b, 0);
            default -> DecimalFloat.round(f, b.negative(), b.coefficient(), b.exponent(), mode);
        };
    }

    /**
     * dscli/dscri: the coefficient shifted by SH digits (at most the precision: more clears it),
     * the exponent kept; an infinity or NaN keeps its kind, a NaN's payload shifted likewise.
     */
    private static void shift(Cpu c, Format f, int w, boolean left) {
        Value a = read(c, f, Fields.ra(w));
        int sh = SHIFT_DIGITS.value(w);
        BigInteger coefficient = a.coefficient();
        if (sh > f.digits && a.kind() != Kind.FINITE) {
            // the coefficient cleared, the rest as it is (an infinity's or NaN's other bits kept)
            int kept = 6 + f.continuationBits;
            writeBits(c, f, Fields.rt(w), rawBits(c, f, Fields.ra(w)).shiftRight(f.width - kept).shiftLeft(f.width - kept));
            return;
        }
        if (sh > f.digits) {
            coefficient = BigInteger.ZERO;
        } else if (left) {
            coefficient = coefficient.multiply(BigInteger.TEN.pow(sh)).mod(f.tenToDigits);
        } else {
            coefficient = coefficient.divide(BigInteger.TEN.pow(sh));
        }
        if (a.isNaN()) {
            coefficient = coefficient.mod(f.tenToDigitsLess1);
        }
        write(c, f, Fields.rt(w), new Value(a.kind(), a.negative(), a.kind() == Kind.INFINITY ? BigInteger.ZERO : coefficient,
                a.exponent()));
    }

    private static BigInteger rawBits(Cpu c, Format f, int n) {
        return f == Format.LONG ? unsigned(c.fpr(n)) : unsigned(c.fpr(n)).shiftLeft(64).or(unsigned(c.fpr(n + 1)));
    }

    private static void writeBits(Cpu c, Format f, int n, BigInteger bits) {
        if (f == Format.LONG) {
            c.setFpr(n, bits.longValue());
        } else {
            c.setFpr(n, bits.shiftRight(64).longValue());
            c.setFpr(n + 1, bits.longValue());
        }
    }

    @FunctionalInterface
    private interface Rounding {
        Result apply(Cpu c, Format f, int word, int mode);
    }

    /**
     * A Z23 form (RMC in bits 21-22) and its record form, rounding in the mode R and RMC name
     * (dqua, dquai, drrnd read R as 0): R=0 nearest-even, toward zero, nearest-away, or FPSCR[DRN];
     * R=1 toward +infinity, toward -infinity, away from zero, nearest toward zero.
     */
    private static void rounding(InstructionTable t, String mnemonic, int xo, boolean pairA, Rounding op, Operand... operands) {
        boolean usesR = java.util.Arrays.asList(operands).contains(R);
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            IntPredicate even = f == Format.LONG ? null
                    : w -> Fields.rt(w) % 2 == 0 && Fields.rb(w) % 2 == 0 && (!pairA || Fields.ra(w) % 2 == 0);
            for (int rc = 0; rc < 2; rc++) {
                t.described(name(mnemonic, f) + (rc == 0 ? "" : "."), opcode(f) | xo << 1 | rc, 0xfc0001ff | (usesR ? 0x1e0000 : 0),
                        even, (c, m, w) -> finish(c, w, f, op.apply(c, f, w, immediateMode(c, usesR ? R.value(w) : 0, RMC.value(w)))),
                        operands);
            }
        }
    }

    private static int immediateMode(Cpu c, int r, int rmc) {
        if (r == 0) {
            return new int[] { 0, 1, 4, c.decimalRoundingMode }[rmc];
        }
        return new int[] { 2, 3, 6, 5 }[rmc];
    }

    /**
     * drrnd: b rounded to {@code significance} digits (none: b itself); an exponent beyond the
     * largest, before or after a rounding that carries into a new digit, is invalid (VXCVI).
     */
    private static Result reround(Format f, int significance, Value b, int mode) {
        int digits = DecimalFloat.digits(b.coefficient());
        if (significance == 0 || digits <= significance || b.kind() == Kind.INFINITY) {
            return b.kind() == Kind.SIGNALLING_NAN ? new Result(new Value(Kind.QUIET_NAN, b.negative(), b.coefficient(), 0), Fpscr.VXSNAN)
                    : new Result(b, 0);
        }
        int exponent = b.exponent() + digits - significance;
        Value invalid = new Value(Kind.QUIET_NAN, false, BigInteger.ZERO, 0);
        if (exponent > f.elimit()) {
            return new Result(invalid, Fpscr.VXCVI);
        }
        Result r = DecimalFloat.quantize(f, new Value(Kind.FINITE, false, BigInteger.ONE, exponent), b, mode);
        Value v = r.value();
        if (v.kind() == Kind.FINITE && DecimalFloat.digits(v.coefficient()) > significance) {
            // rounding carried into a new leading digit: one digit less, the exponent one more
            if (exponent + 1 > f.elimit()) {
                return new Result(invalid, Fpscr.VXCVI);
            }
            return new Result(new Value(Kind.FINITE, v.negative(), v.coefficient().divide(BigInteger.TEN), exponent + 1), r.flags());
        }
        return r;
    }

    // ---- how the forms are stated --------------------------------------------------------------------

    private static int opcode(Format f) {
        return (f == Format.LONG ? 59 : 63) << 26;
    }

    private static String name(String mnemonic, Format f) {
        return f == Format.LONG ? mnemonic : mnemonic + "q";
    }

    /** The words whose register pairs (the q forms: FRT, FRA if a pair, FRB if a pair) are even. */
    private static IntPredicate pairs(Format f, boolean targetAndA, boolean b) {
        if (f == Format.LONG) {
            return null;
        }
        return w -> (!targetAndA || (Fields.rt(w) | Fields.ra(w)) % 2 == 0) && (!b || Fields.rb(w) % 2 == 0);
    }

    private static void arithmetic(InstructionTable t, String mnemonic, int xo, Arithmetic op) {
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            for (int rc = 0; rc < 2; rc++) {
                t.described(name(mnemonic, f) + (rc == 0 ? "" : "."), opcode(f) | xo << 1 | rc, X | 1, pairs(f, true, true),
                        (c, m, w) -> finish(c, w, f, op.apply(f, read(c, f, Fields.ra(w)), read(c, f, Fields.rb(w)),
                                c.decimalRoundingMode)), FRT, FRA, FRB);
            }
        }
    }

    /** dcmpu/dcmpo: CR field BF and FPCC; an SNaN raises VXSNAN, the ordered compare any NaN VXVC. */
    private static void compare(InstructionTable t, String mnemonic, int xo, boolean ordered) {
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            t.described(name(mnemonic, f), opcode(f) | xo << 1, X | 1 | 0x600000, f == Format.LONG ? null
                    : w -> (Fields.ra(w) | Fields.rb(w)) % 2 == 0, (c, m, w) -> {
                        Value a = read(c, f, Fields.ra(w));
                        Value b = read(c, f, Fields.rb(w));
                        int flags = 0;
                        int cr;
                        if (a.isNaN() || b.isNaN()) {
                            cr = 1;
                            flags = (a.kind() == Kind.SIGNALLING_NAN || b.kind() == Kind.SIGNALLING_NAN ? Fpscr.VXSNAN : 0)
                                    | (ordered ? Fpscr.VXVC : 0);
                        } else {
                            int order = DecimalFloat.compare(a, b);
                            cr = order < 0 ? 8 : order > 0 ? 4 : 2;
                        }
                        c.fpscr = Fpscr.raise(c.fpscr, flags, false);
                        setTest(c, w, cr);
                    }, BF_ALWAYS, FRA, FRB);
        }
    }

    /** A test: BF, FRA (a 64-bit FPR for dtstsf's significance, else a pair in the q forms), and FRB or an immediate. */
    private static void test(InstructionTable t, String mnemonic, int xo, int mask, Operand third, Test test) {
        boolean hasB = third == FRB;
        boolean aIsValue = !mnemonic.equals("dtstsf");
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            IntPredicate even = f == Format.LONG ? null
                    : w -> (!aIsValue || Fields.ra(w) % 2 == 0) && (!hasB || Fields.rb(w) % 2 == 0);
            t.described(name(mnemonic, f), opcode(f) | xo << 1, mask | 0x600000 | 1, even, (c, m, w) -> {
                // dtstsf's FRA (one FPR in both forms) holds the reference significance in its low 6 bits
                Value a = aIsValue ? read(c, f, Fields.ra(w))
                        : new Value(Kind.FINITE, false, BigInteger.valueOf(c.fpr(Fields.ra(w)) & 0x3f), 0);
                setTest(c, w, test.apply(f, a, hasB ? read(c, f, Fields.rb(w)) : null, w));
            }, BF_ALWAYS, FRA, third);
        }
    }

    private static void setTest(Cpu c, int w, int cr) {
        c.fpscr = (c.fpscr & ~Fpscr.FPCC) | cr << 12;
        c.setCrField(Fields.bf(w), cr);
    }

    // ---- the tests -----------------------------------------------------------------------------------

    /** dtstdc: DCM bits 0x20 zero, 0x10 subnormal, 0x08 normal, 0x04 infinity, 0x02 quiet NaN, 0x01 signalling NaN. */
    private static int dataClass(Format f, Value a, Value b, int w) {
        int dcm = DCM.value(w);
        boolean finite = a.kind() == Kind.FINITE;
        boolean subnormal = DecimalFloat.isSubnormal(f, a);
        boolean match = (dcm & 0x20) != 0 && a.isZero() || (dcm & 0x10) != 0 && subnormal
                || (dcm & 0x08) != 0 && finite && !a.isZero() && !subnormal || (dcm & 0x04) != 0 && a.kind() == Kind.INFINITY
                || (dcm & 0x02) != 0 && a.kind() == Kind.QUIET_NAN || (dcm & 0x01) != 0 && a.kind() == Kind.SIGNALLING_NAN;
        return (a.negative() ? 8 : 0) | (match ? 2 : 0);
    }

    /**
     * dtstdg: DGM bits 0x20 zero with a non-extreme exponent, 0x10 zero with an extreme one,
     * 0x08 subnormal or normal with an extreme exponent, 0x04 normal with a leftmost digit 0,
     * 0x02 normal with a non-zero leftmost digit (both non-extreme), 0x01 infinity or NaN.
     */
    private static int dataGroup(Format f, Value a, Value b, int w) {
        int dgm = DCM.value(w);
        boolean finite = a.kind() == Kind.FINITE;
        boolean extreme = finite && (a.exponent() == f.elimit() || a.exponent() == f.etiny());
        boolean subnormal = DecimalFloat.isSubnormal(f, a);
        boolean normal = finite && !a.isZero() && !subnormal;
        boolean leftmostNonZero = DecimalFloat.digits(a.coefficient()) == f.digits;
        boolean match = (dgm & 0x20) != 0 && a.isZero() && !extreme || (dgm & 0x10) != 0 && a.isZero() && extreme
                || (dgm & 0x08) != 0 && (subnormal || normal && extreme) || (dgm & 0x04) != 0 && normal && !extreme && !leftmostNonZero
                || (dgm & 0x02) != 0 && normal && !extreme && leftmostNonZero || (dgm & 0x01) != 0 && !finite;
        return (a.negative() ? 8 : 0) | (match ? 2 : 0);
    }

    /** dtstex: the exponents compared; infinities and NaNs are equal to their own kind, unordered with anything else. */
    private static int exponents(Value a, Value b) {
        int aType = a.kind() == Kind.FINITE ? 1 : a.isNaN() ? 4 : 2;
        int bType = b.kind() == Kind.FINITE ? 1 : b.isNaN() ? 4 : 2;
        if (aType != 1 || bType != 1) {
            return aType == bType ? 2 : 1;
        }
        return a.exponent() < b.exponent() ? 8 : a.exponent() > b.exponent() ? 4 : 2;
    }

    /** dtstsf(i): the reference significance k against b's significant digits (none for a zero). */
    private static int significance(Value b, int k) {
        if (b.kind() != Kind.FINITE) {
            return 1;
        }
        if (k == 0 || b.isZero()) {
            return 4;
        }
        int digits = DecimalFloat.digits(b.coefficient());
        return k < digits ? 8 : k > digits ? 4 : 2;
    }

    // ---- registers -----------------------------------------------------------------------------------

    private static BigInteger unsigned(long bits) {
        return FloatArithmetic.unsigned(bits);
    }

    /** The result in FRT(p) and its class in FPRF, unless an enabled exception forbids it; the exceptions recorded. */
    private static void record(Cpu c, int w, Format f, Result r) {
        if (Fpscr.record(c, r.flags(), true)) {
            write(c, f, Fields.rt(w), r.value());
            c.fpscr = Fpscr.withClass(c.fpscr, DecimalFloat.classOf(f, r.value()));
        }
    }

    /** The value in FPR n (LONG) or the pair n, n + 1 (EXTENDED, the high doubleword in n). */
    static Value read(Cpu c, Format f, int n) {
        return DecimalFloat.decode(f, rawBits(c, f, n));
    }

    static void write(Cpu c, Format f, int n, Value v) {
        writeBits(c, f, n, DecimalFloat.encode(f, v));
    }

    /**
     * Records an arithmetic result: the exceptions (with FR and FI), and unless an enabled invalid
     * operation or zero divide occurred, the target and its class in FPRF; Rc copies FPSCR[0:3] to CR1.
     */
    private static void finish(Cpu c, int w, Format f, Result r) {
        record(c, w, f, r);
        if ((w & 1) != 0) {
            c.setCrField(1, c.fpscr >>> 28);
        }
    }
}
