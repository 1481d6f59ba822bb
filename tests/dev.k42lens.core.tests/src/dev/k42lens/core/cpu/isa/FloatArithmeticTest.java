package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.cpu.isa.SoftFloat.Format;

/**
 * The floating-point operations and the FPSCR bits they raise: hand-computed IEEE-754 cases, and
 * the double-based fast paths checked against the exact {@link SoftFloat} on random and
 * adversarial operands (near ties, cancellation, the edges of the normal range).
 */
class FloatArithmeticTest {
    private static final int XX = Fpscr.XX | Fpscr.FI;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // operation, a, b, FPSCR in, expected result, expected flags (hex)
        "0.1 + 0.2 rounds up,              add, 0.1, 0.2, 0, 0.30000000000000004, 2060000",
        "1 / 3 rounds down,                div, 1, 3, 0, 0.3333333333333333, 2020000",
        "1 / 3 toward +inf rounds up,      div, 1, 3, 2, 0.33333333333333337, 2060000",
        "exact product,                    mul, 3, 0.5, 0, 1.5, 0",
        "1 / 0,                            div, 1, 0, 0, Infinity, 4000000",
        "0 / 0,                            div, 0, 0, 0, NaN, 200000",
        "inf - inf,                        sub, Infinity, Infinity, 0, NaN, 800000",
        "0 x inf,                          mul, 0, Infinity, 0, NaN, 100000",
        "overflow to nearest: inf,         mul, 1e308, 10, 0, Infinity, 12060000",
        "overflow toward zero: largest,    mul, 1e308, 10, 1, 1.7976931348623157e308, 12020000",
        // tininess is detected before rounding: (1 - 2^-53) x 2^-1022 rounds to 2^-1022 but underflows
        "tiny before rounding,             mul, 0x1.fffffffffffffp-1, 0x1p-1022, 0, 0x1p-1022, a060000",
        "exact denormal: no underflow,     mul, 0x1.8p-1023, 1, 0, 0x1.8p-1023, 0",
        "x - x toward -inf is -0,          sub, 2.5, 2.5, 3, -0.0, 0",
        "x - x to nearest is +0,           sub, 2.5, 2.5, 0, 0.0, 0",
    })
    void ieeeResultsAndFlags(String what, String operation, double a, double b, int fpscr, double expected, String flags) {
        Cpu cpu = new Cpu();
        cpu.fpscr = fpscr;
        long x = Double.doubleToRawLongBits(a);
        long y = Double.doubleToRawLongBits(b);
        long result = switch (operation) {
            case "add" -> FloatArithmetic.add(cpu, x, y, false, false);
            case "sub" -> FloatArithmetic.add(cpu, x, y, true, false);
            case "mul" -> FloatArithmetic.multiply(cpu, x, y, false);
            default -> FloatArithmetic.divide(cpu, x, y, false);
        };
        long expectedBits = Double.isNaN(expected) ? 0x7ff8000000000000L : Double.doubleToRawLongBits(expected);
        assertEquals(Long.toHexString(expectedBits), Long.toHexString(result), what);
        assertEquals(flags, Integer.toHexString(cpu.operationFlags), what);
    }

    @Test
    void enabledOverflowDeliversTheScaledResult() {
        Cpu cpu = new Cpu();
        cpu.fpscr = Fpscr.OE;
        long result = FloatArithmetic.multiply(cpu, Double.doubleToRawLongBits(0x1p1000), Double.doubleToRawLongBits(0x1p100), false);
        assertEquals(0x1p-436, Double.longBitsToDouble(result), "2^1100 scaled by 2^-1536");
        assertEquals(Fpscr.OX, cpu.operationFlags);
    }

    @Test
    void multiplyAddRaisesInvalidForInfinityTimesZeroEvenWithAQuietNaNAddend() {
        Cpu cpu = new Cpu();
        long nan = 0x7ff8000000000123L;
        long result = FloatArithmetic.multiplyAdd(cpu, Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(
                Double.POSITIVE_INFINITY), nan, false, false, false);
        assertEquals(Long.toHexString(nan), Long.toHexString(result));
        assertEquals(Fpscr.VXIMZ, cpu.operationFlags);
    }

    @Test
    void negatedMultiplyAddOfAnExactZeroIsMinusZero() {
        Cpu cpu = new Cpu();
        long result = FloatArithmetic.multiplyAdd(cpu, Double.doubleToRawLongBits(1.0), Double.doubleToRawLongBits(1.0),
                Double.doubleToRawLongBits(-1.0), false, true, false);
        assertEquals(Long.toHexString(Double.doubleToRawLongBits(-0.0)), Long.toHexString(result));
    }

    @Test
    void singlePrecisionNaNsLoseTheLowFractionBits() {
        Cpu cpu = new Cpu();
        long result = FloatArithmetic.add(cpu, 0x7ff0000020000123L, Double.doubleToRawLongBits(1.0), false, true);
        assertEquals("7ff8000020000000", Long.toHexString(result));
        assertEquals(Fpscr.VXSNAN, cpu.operationFlags);
    }

    /** Quad precision: 1 + 2^-200 to nearest is 1 (inexact, rounded down); rounded to odd it is 1 + 2^-112. */
    @Test
    void quadPrecisionRoundsToNearestAndToOdd() {
        SoftFloat.Value one = SoftFloat.unpack(Format.QUAD, java.math.BigInteger.valueOf(0x3fffL).shiftLeft(112));
        SoftFloat.Value tiny = SoftFloat.unpack(Format.QUAD, java.math.BigInteger.valueOf(0x3fffL - 200).shiftLeft(112));
        SoftFloat.Result nearest = SoftFloat.add(Format.QUAD, Format.QUAD, one, tiny, false, 0);
        assertEquals(one.bits(), nearest.bits());
        assertEquals(Fpscr.XX | Fpscr.FI, nearest.flags());
        SoftFloat.Result odd = SoftFloat.add(Format.QUAD, Format.QUAD, one, tiny, false, SoftFloat.withMode(0, SoftFloat.ROUND_TO_ODD));
        assertEquals(one.bits().setBit(0), odd.bits());
        assertEquals(Fpscr.XX | Fpscr.FI | Fpscr.FR, odd.flags());
        // 1 - tiny rounded to odd: truncated to just below 1, then odd (its last bit is set already)
        SoftFloat.Result below = SoftFloat.add(Format.QUAD, Format.QUAD, one, tiny, true, SoftFloat.withMode(0, SoftFloat.ROUND_TO_ODD));
        assertEquals(java.math.BigInteger.valueOf(0x3ffeL).shiftLeft(112).or(java.math.BigInteger.ONE.shiftLeft(112).subtract(
                java.math.BigInteger.ONE)), below.bits());
    }

    /**
     * xsnmsubqpo is the negated xsmsubqpo, bit for bit, whatever the operands (qemu 7.2 rounds the
     * former in FPSCR[RN], so the differential test compares only the latter): random quads of all
     * magnitudes, results that overflow or cancel included.
     */
    @Test
    void negatedMultiplySubtractToOddIsTheNegatedMultiplySubtract() {
        SplittableRandom random = new SplittableRandom(7);
        int msub = 63 << 26 | 2 << 21 | 3 << 16 | 4 << 11 | 420 << 1 | 1;   // xsmsubqpo v2,v3,v4
        int nmsub = 63 << 26 | 2 << 21 | 3 << 16 | 4 << 11 | 484 << 1 | 1;  // xsnmsubqpo v2,v3,v4
        for (int i = 0; i < 2000; i++) {
            long[] operands = new long[6];
            for (int j = 0; j < 6; j++) {
                operands[j] = random.nextLong();
            }
            if (random.nextBoolean()) {
                operands[4] = operands[0];   // the addend near the product's magnitude: cancellation
            }
            Cpu a = new Cpu();
            Cpu b = new Cpu();
            for (Cpu c : new Cpu[] { a, b }) {
                System.arraycopy(operands, 0, c.vsr, 2 * 34, 6);
                c.fpscr = random.nextInt(4);
            }
            b.fpscr = a.fpscr;
            InstructionTable.get().decode(msub).semantics().execute(a, null, msub);
            InstructionTable.get().decode(nmsub).semantics().execute(b, null, nmsub);
            boolean nan = (a.vsr[68] & 0x7fff000000000000L) == 0x7fff000000000000L && ((a.vsr[68] & 0xffffffffffffL) != 0 || a.vsr[69] != 0);
            assertEquals(nan ? a.vsr[68] : a.vsr[68] ^ Long.MIN_VALUE, b.vsr[68], "high doubleword, case " + i);
            assertEquals(a.vsr[69], b.vsr[69], "low doubleword, case " + i);
        }
    }

    /** A quad's NaN keeps its fraction's high bits when converted to double; 2.5 in double is exact in quad. */
    @Test
    void conversionsBetweenQuadAndDouble() {
        java.math.BigInteger signallingQuad = java.math.BigInteger.valueOf(0x7fff000012345678L).shiftLeft(64);
        SoftFloat.Result nan = SoftFloat.convert(Format.DOUBLE, Format.QUAD, SoftFloat.unpack(Format.QUAD, signallingQuad), 0);
        assertEquals(Long.toHexString(0x7ff8000123456780L), Long.toHexString(nan.longBits()));
        assertEquals(Fpscr.VXSNAN, nan.flags());
        SoftFloat.Result exact = SoftFloat.convert(Format.QUAD, Format.DOUBLE, SoftFloat.unpack(Format.DOUBLE,
                Double.doubleToRawLongBits(2.5)), 0);
        assertEquals(java.math.BigInteger.valueOf(0x4000400000000000L).shiftLeft(64), exact.bits());
        assertEquals(0, exact.flags());
    }

    /** The fast paths give SoftFloat's results and flags, to nearest, on operands that stress them. */
    @Test
    void fastPathsAgreeWithExactArithmetic() {
        SplittableRandom random = new SplittableRandom(12061);
        for (int i = 0; i < 200_000; i++) {
            long a = operand(random);
            long b = random.nextInt(4) == 0 ? near(random, a) : operand(random);
            long c = operand(random);
            boolean single = random.nextBoolean();
            Format rounding = single ? Format.SINGLE : Format.DOUBLE;
            SoftFloat.Value x = FloatArithmetic.value(a);
            SoftFloat.Value y = FloatArithmetic.value(b);
            SoftFloat.Value z = FloatArithmetic.value(c);
            check("add", a, b, single, (cpu, p, q, s) -> FloatArithmetic.add(cpu, p, q, false, s), SoftFloat.add(Format.DOUBLE, rounding, x, y, false, 0));
            check("sub", a, b, single, (cpu, p, q, s) -> FloatArithmetic.add(cpu, p, q, true, s),
                    SoftFloat.add(Format.DOUBLE, rounding, x, y, true, 0));
            check("mul", a, b, single, FloatArithmetic::multiply, SoftFloat.multiply(Format.DOUBLE, rounding, x, y, 0));
            check("div", a, b, single, FloatArithmetic::divide, SoftFloat.divide(Format.DOUBLE, rounding, x, y, 0));
            check("sqrt", a, a, single, (cpu, p, q, s) -> FloatArithmetic.squareRoot(cpu, p, s),
                    SoftFloat.squareRoot(Format.DOUBLE, rounding, x, 0));
            // a x c + b where b nearly cancels the product: the fused error's hard case
            long addend = random.nextBoolean() ? c : negatedProduct(random, a, b);
            SoftFloat.Value w = FloatArithmetic.value(addend);
            boolean negate = random.nextBoolean();
            check("fma", a, b, single, (cpu, p, q, s) -> FloatArithmetic.multiplyAdd(cpu, p, q, addend, false, negate, s),
                    SoftFloat.multiplyAdd(Format.DOUBLE, rounding, x, y, w, false, negate, 0));
        }
    }

    private interface Operation {
        long apply(Cpu cpu, long a, long b, boolean single);
    }

    private static void check(String name, long a, long b, boolean single, Operation fast, SoftFloat.Result exact) {
        Cpu cpu = new Cpu();
        long result = fast.apply(cpu, a, b, single);
        String operands = String.format("%s%s %016x %016x", name, single ? "s" : "", a, b);
        assertEquals(Long.toHexString(exact.longBits()), Long.toHexString(result), operands);
        assertEquals(Integer.toHexString(exact.flags()), Integer.toHexString(cpu.operationFlags), operands);
    }

    /** A double with a random sign, fraction and exponent, mostly in the normal range, sometimes at its edges or zero. */
    private static long operand(SplittableRandom random) {
        if (random.nextInt(12) == 0) {
            return random.nextBoolean() ? Long.MIN_VALUE : 0;   // zeros: exact products, sums and quotients
        }
        long fraction = random.nextInt(3) == 0 ? random.nextLong() & 0xfffffffffffffL : (random.nextLong() & 0xfffffffffffffL) >>> 26 << 26;
        int exponent = switch (random.nextInt(8)) {
            case 0 -> random.nextInt(0, 60);            // denormal and tiny
            case 1 -> random.nextInt(1990, 2047);       // huge
            case 2 -> 1023 + random.nextInt(-130, 130); // around single precision's range
            default -> 1023 + random.nextInt(-40, 40);
        };
        return (random.nextBoolean() ? Long.MIN_VALUE : 0) | (long) exponent << 52 | fraction;
    }

    /** A value a few units in the last place from {@code a}, of either sign: cancellation. */
    private static long near(SplittableRandom random, long a) {
        return (a + random.nextInt(-3, 4)) ^ (random.nextBoolean() ? Long.MIN_VALUE : 0);
    }

    /** About -(a x b), off by a little: the fused sum then cancels almost completely. */
    private static long negatedProduct(SplittableRandom random, long a, long b) {
        double p = Double.longBitsToDouble(a) * Double.longBitsToDouble(b);
        return Double.doubleToRawLongBits(-p) + random.nextInt(-2, 3);
    }
}
