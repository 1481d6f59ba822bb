package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.DCM;
import static dev.k42lens.core.cpu.isa.Operand.FRA;
import static dev.k42lens.core.cpu.isa.Operand.FRB;
import static dev.k42lens.core.cpu.isa.Operand.FRT;
import static dev.k42lens.core.cpu.isa.Operand.UIM6;

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
        for (Format f : new Format[] { Format.LONG, Format.EXTENDED }) {
            t.described(name("dtstsfi", f), opcode(f) | 675 << 1, 0xfc4007ff, pairs(f, false, true),
                    (c, m, w) -> setTest(c, w, significance(read(c, f, Fields.rb(w)), UIM6.value(w))), BF_ALWAYS, UIM6, FRB);
        }
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
            t.described(name(mnemonic, f), opcode(f) | xo << 1, X | 1 | 0x600000, pairs(f, false, false) == null ? null
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
        BigInteger b = BigInteger.valueOf(bits & Long.MAX_VALUE);
        return bits < 0 ? b.setBit(63) : b;
    }

    /** The value in FPR n (LONG) or the pair n, n + 1 (EXTENDED, the high doubleword in n). */
    static Value read(Cpu c, Format f, int n) {
        BigInteger bits = f == Format.LONG ? unsigned(c.fpr(n)) : unsigned(c.fpr(n)).shiftLeft(64).or(unsigned(c.fpr(n + 1)));
        return DecimalFloat.decode(f, bits);
    }

    static void write(Cpu c, Format f, int n, Value v) {
        BigInteger bits = DecimalFloat.encode(f, v);
        if (f == Format.LONG) {
            c.setFpr(n, bits.longValue());
        } else {
            c.setFpr(n, bits.shiftRight(64).longValue());
            c.setFpr(n + 1, bits.longValue());
        }
    }

    /**
     * Records an arithmetic result: the exceptions (with FR and FI), and unless an enabled invalid
     * operation or zero divide occurred, the target and its class in FPRF; Rc copies FPSCR[0:3] to CR1.
     */
    private static void finish(Cpu c, int w, Format f, Result r) {
        int fpscr = Fpscr.raise(c.fpscr, r.flags(), true);
        if (!Fpscr.enabled(fpscr, r.flags() & (Fpscr.INVALID | Fpscr.ZX))) {
            write(c, f, Fields.rt(w), r.value());
            fpscr = Fpscr.withClass(fpscr, DecimalFloat.classOf(f, r.value()));
        }
        c.fpscr = fpscr;
        if ((w & 1) != 0) {
            c.setCrField(1, c.fpscr >>> 28);
        }
    }
}
