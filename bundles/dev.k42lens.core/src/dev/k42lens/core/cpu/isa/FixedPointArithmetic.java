package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Fields.*;
import static dev.k42lens.core.cpu.isa.InstructionTable.op;
import static dev.k42lens.core.cpu.isa.InstructionTable.x;
import static dev.k42lens.core.cpu.isa.Operand.*;

import java.math.BigInteger;

import dev.k42lens.core.mem.GuestMemory;

/**
 * The fixed-point arithmetic of the original Power ISA, stated once each: add, subtract, multiply,
 * divide (XO-forms with OE and Rc), the multiply-adds, compares, traps and isel. The operations a
 * translated region generates itself are named by their {@link Op}.
 */
public final class FixedPointArithmetic {
    private static final int OP = 0xfc000000;
    private static final int VA = 0xfc00003f;
    private static final int XRC = 0xfc0007ff;

    private FixedPointArithmetic() {
    }

    static void describe(InstructionTable t) {
        t.row("li", op(14), 0xfc1f0000, null, Op.ADDI, FixedPointArithmetic::addi, RT, SI);
        t.row("addi", op(14), OP, null, Op.ADDI, FixedPointArithmetic::addi, RT, RA0, SI);
        t.row("lis", op(15), 0xfc1f0000, null, Op.ADDIS, FixedPointArithmetic::addis, RT, SI);
        // addpcis RT,D: the next instruction's address + D << 16; lnia is D = 0
        t.row("lnia", x(19, 2), 0xfc1fffff, null, Op.ADDPCIS, FixedPointArithmetic::addpcis, RT);
        t.row("addpcis", x(19, 2), 0xfc00003e, null, Op.ADDPCIS, FixedPointArithmetic::addpcis, RT, DX);
        t.row("addis", op(15), OP, null, Op.ADDIS, FixedPointArithmetic::addis, RT, RA0, SI);
        t.row("addic", op(12), OP, null, Op.ADDIC, (c, m, w) -> c.gpr[rt(w)] = addCarrying(c, c.gpr[ra(w)], si(w), 0), RT, RA, SI);
        t.row("addic.", op(13), OP, null, Op.ADDIC_RC, (c, m, w) -> {
            c.gpr[rt(w)] = addCarrying(c, c.gpr[ra(w)], si(w), 0);
            recordCr0(c, c.gpr[rt(w)]);
        }, RT, RA, SI);
        t.row("subfic", op(8), OP, null, Op.SUBFIC, (c, m, w) -> c.gpr[rt(w)] = addCarrying(c, ~c.gpr[ra(w)], si(w), 1), RT, RA, SI);
        t.row("mulli", op(7), OP, null, Op.MULLI, (c, m, w) -> c.gpr[rt(w)] = c.gpr[ra(w)] * si(w), RT, RA, SI);
        t.xo("add", 266, Op.ADD, (c, m, w) -> sum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], 0), RT, RA, RB);
        t.xo("addc", 10, Op.ADDC, (c, m, w) -> carryingSum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], 0), RT, RA, RB);
        t.xo("adde", 138, Op.ADDE, (c, m, w) -> carryingSum(c, w, c.gpr[ra(w)], c.gpr[rb(w)], carry(c)), RT, RA, RB);
        t.xo("addme", 234, Op.ADDME, (c, m, w) -> carryingSum(c, w, c.gpr[ra(w)], -1L, carry(c)), RT, RA);
        t.xo("addze", 202, Op.ADDZE, (c, m, w) -> carryingSum(c, w, c.gpr[ra(w)], 0, carry(c)), RT, RA);
        // subtraction is ~RA + RB + 1: the overflow rule of an addition applies to ~RA
        t.xo("subf", 40, Op.SUBF, (c, m, w) -> sum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], 1), RT, RA, RB);
        t.xo("subfc", 8, Op.SUBFC, (c, m, w) -> carryingSum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], 1), RT, RA, RB);
        t.xo("subfe", 136, Op.SUBFE, (c, m, w) -> carryingSum(c, w, ~c.gpr[ra(w)], c.gpr[rb(w)], carry(c)), RT, RA, RB);
        t.xo("subfme", 232, Op.SUBFME, (c, m, w) -> carryingSum(c, w, ~c.gpr[ra(w)], -1L, carry(c)), RT, RA);
        t.xo("subfze", 200, Op.SUBFZE, (c, m, w) -> carryingSum(c, w, ~c.gpr[ra(w)], 0, carry(c)), RT, RA);
        t.xo("neg", 104, Op.NEG, (c, m, w) -> sum(c, w, ~c.gpr[ra(w)], 0, 1), RT, RA);
        t.xo("mullw", 235, Op.MULLW, (c, m, w) -> {
            long product = (long) (int) c.gpr[ra(w)] * (int) c.gpr[rb(w)];
            boolean overflow = product != (int) product;
            result(c, w, product, oe(w), overflow, overflow);
        }, RT, RA, RB);
        t.xo("mulld", 233, Op.MULLD, (c, m, w) -> {
            long a = c.gpr[ra(w)];
            long b = c.gpr[rb(w)];
            long product = a * b;
            boolean overflow = Math.multiplyHigh(a, b) != (product >> 63);
            result(c, w, product, oe(w), overflow, overflow);
        }, RT, RA, RB);
        t.xrc("mulhw", 31, 75, Op.MULHW,
                (c, m, w) -> result(c, w, (((long) (int) c.gpr[ra(w)] * (int) c.gpr[rb(w)]) >> 32) & 0xffffffffL), RT, RA, RB);
        t.xrc("mulhwu", 31, 11, Op.MULHWU,
                (c, m, w) -> result(c, w, ((c.gpr[ra(w)] & 0xffffffffL) * (c.gpr[rb(w)] & 0xffffffffL)) >>> 32), RT, RA, RB);
        t.xrc("mulhd", 31, 73, Op.MULHD, (c, m, w) -> result(c, w, Math.multiplyHigh(c.gpr[ra(w)], c.gpr[rb(w)])), RT, RA, RB);
        t.xrc("mulhdu", 31, 9, Op.MULHDU, (c, m, w) -> result(c, w, Math.unsignedMultiplyHigh(c.gpr[ra(w)], c.gpr[rb(w)])),
                RT, RA, RB);
        t.xo("divw", 491, Op.DESCRIBED, (c, m, w) -> {
            int a = (int) c.gpr[ra(w)];
            int b = (int) c.gpr[rb(w)];
            boolean invalid = b == 0 || (a == Integer.MIN_VALUE && b == -1);
            // qemu divides by 1 in the undefined cases and zero-extends the word
            result(c, w, (invalid ? a : a / b) & 0xffffffffL, oe(w), invalid, invalid);
        }, RT, RA, RB);
        t.xo("divwu", 459, Op.DESCRIBED, (c, m, w) -> {
            int a = (int) c.gpr[ra(w)];
            int b = (int) c.gpr[rb(w)];
            boolean invalid = b == 0;
            result(c, w, Integer.toUnsignedLong(invalid ? a : Integer.divideUnsigned(a, b)), oe(w), invalid, invalid);
        }, RT, RA, RB);
        t.xo("divd", 489, Op.DESCRIBED, (c, m, w) -> {
            long a = c.gpr[ra(w)];
            long b = c.gpr[rb(w)];
            boolean invalid = b == 0 || (a == Long.MIN_VALUE && b == -1);
            result(c, w, invalid ? a : a / b, oe(w), invalid, invalid);
        }, RT, RA, RB);
        t.xo("divdu", 457, Op.DESCRIBED, (c, m, w) -> {
            long a = c.gpr[ra(w)];
            long b = c.gpr[rb(w)];
            boolean invalid = b == 0;
            result(c, w, invalid ? a : Long.divideUnsigned(a, b), oe(w), invalid, invalid);
        }, RT, RA, RB);
        t.xo("divwe", 427, Op.DESCRIBED, (c, m, w) -> extendedDivide(c, w, true, true), RT, RA, RB);
        t.xo("divweu", 395, Op.DESCRIBED, (c, m, w) -> extendedDivide(c, w, true, false), RT, RA, RB);
        t.xo("divde", 425, Op.DESCRIBED, (c, m, w) -> extendedDivide(c, w, false, true), RT, RA, RB);
        t.xo("divdeu", 393, Op.DESCRIBED, (c, m, w) -> extendedDivide(c, w, false, false), RT, RA, RB);
        t.described("maddhd", op(4) | 48, VA, (c, m, w) -> {
            long a = c.gpr[ra(w)];
            long b = c.gpr[rb(w)];
            long addend = c.gpr[rc(w)];
            long lo = a * b;
            long sum = lo + addend;
            long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
            c.gpr[rt(w)] = Math.multiplyHigh(a, b) + (addend >> 63) + carry;
        }, RT, RA, RB, RC);
        t.described("maddhdu", op(4) | 49, VA, (c, m, w) -> {
            long a = c.gpr[ra(w)];
            long b = c.gpr[rb(w)];
            long lo = a * b;
            long sum = lo + c.gpr[rc(w)];
            c.gpr[rt(w)] = Math.unsignedMultiplyHigh(a, b) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        }, RT, RA, RB, RC);
        t.described("maddld", op(4) | 51, VA, (c, m, w) -> c.gpr[rt(w)] = c.gpr[ra(w)] * c.gpr[rb(w)] + c.gpr[rc(w)],
                RT, RA, RB, RC);
        compareAndTrap(t);
    }

    private static void compareAndTrap(InstructionTable t) {
        Semantics cmpi = (c, m, w) -> compare(c, bf(w), cmpL(w) != 0 ? Long.compare(c.gpr[ra(w)], si(w))
                : Integer.compare((int) c.gpr[ra(w)], si(w)));
        Semantics cmpli = (c, m, w) -> compare(c, bf(w), cmpL(w) != 0 ? Long.compareUnsigned(c.gpr[ra(w)], ui(w))
                : Integer.compareUnsigned((int) c.gpr[ra(w)], ui(w)));
        Semantics cmp = (c, m, w) -> compare(c, bf(w), cmpL(w) != 0 ? Long.compare(c.gpr[ra(w)], c.gpr[rb(w)])
                : Integer.compare((int) c.gpr[ra(w)], (int) c.gpr[rb(w)]));
        Semantics cmpl = (c, m, w) -> compare(c, bf(w), cmpL(w) != 0 ? Long.compareUnsigned(c.gpr[ra(w)], c.gpr[rb(w)])
                : Integer.compareUnsigned((int) c.gpr[ra(w)], (int) c.gpr[rb(w)]));
        t.row("cmpwi", op(11), 0xfc600000, null, Op.CMPI, cmpi, BF, RA, SI);
        t.row("cmpdi", op(11) | 1 << 21, 0xfc600000, null, Op.CMPI, cmpi, BF, RA, SI);
        t.row("cmplwi", op(10), 0xfc600000, null, Op.CMPLI, cmpli, BF, RA, UI);
        t.row("cmpldi", op(10) | 1 << 21, 0xfc600000, null, Op.CMPLI, cmpli, BF, RA, UI);
        t.row("cmpw", x(31, 0), 0xfc6007ff, null, Op.CMP, cmp, BF, RA, RB);
        t.row("cmpd", x(31, 0) | 1 << 21, 0xfc6007ff, null, Op.CMP, cmp, BF, RA, RB);
        t.row("cmplw", x(31, 32), 0xfc6007ff, null, Op.CMPL, cmpl, BF, RA, RB);
        t.row("cmpld", x(31, 32) | 1 << 21, 0xfc6007ff, null, Op.CMPL, cmpl, BF, RA, RB);
        Semantics tw = (c, m, w) -> trapIf(trapTaken(rt(w), (int) c.gpr[ra(w)], (int) c.gpr[rb(w)]));
        t.described("trap", x(31, 4) | 31 << 21, 0xffffffff, tw);
        t.described("tw", x(31, 4), XRC, tw, TO, RA, RB);
        t.described("td", x(31, 68), XRC, (c, m, w) -> trapIf(trapTaken(rt(w), c.gpr[ra(w)], c.gpr[rb(w)])), TO, RA, RB);
        t.described("twi", op(3), OP, (c, m, w) -> trapIf(trapTaken(rt(w), (int) c.gpr[ra(w)], si(w))), TO, RA, SI);
        t.described("tdi", op(2), OP, (c, m, w) -> trapIf(trapTaken(rt(w), c.gpr[ra(w)], si(w))), TO, RA, SI);
        Semantics isel = (c, m, w) -> c.gpr[rt(w)] = c.crBit(rc(w)) ? c.base(w) : c.gpr[rb(w)];
        t.row("isellt", op(31) | 15 << 1, 0xfc0007ff, null, Op.ISEL, isel, RT, RA0, RB);
        t.row("iselgt", op(31) | 1 << 6 | 15 << 1, 0xfc0007ff, null, Op.ISEL, isel, RT, RA0, RB);
        t.row("iseleq", op(31) | 2 << 6 | 15 << 1, 0xfc0007ff, null, Op.ISEL, isel, RT, RA0, RB);
        t.row("isel", op(31) | 15 << 1, 0xfc00003f, null, Op.ISEL, isel, RT, RA0, RB, CRB_C);
    }

    private static void addi(Cpu c, GuestMemory m, int w) {
        c.gpr[rt(w)] = c.base(w) + si(w);
    }

    private static void addis(Cpu c, GuestMemory m, int w) {
        c.gpr[rt(w)] = c.base(w) + ((long) si(w) << 16);
    }

    /** Reads {@link Cpu#pc}, the instruction's address while the interpreter runs it (a translated region emits addpcis itself). */
    private static void addpcis(Cpu c, GuestMemory m, int w) {
        c.gpr[rt(w)] = c.pc + 4 + ((long) DX.value(w) << 16);
    }

    private static int carry(Cpu c) {
        return c.ca ? 1 : 0;
    }

    /** Sets CR0 from a result compared with zero, with SO copied from XER. */
    static void recordCr0(Cpu c, long result) {
        c.setCrField(0, Cpu.comparisonField(Long.signum(result), c.so));
    }

    /** Adds with carry-in, setting CA and CA32 (addic, subfic and the carrying XO-forms). */
    private static long addCarrying(Cpu c, long a, long b, int carryIn) {
        c.ca = carryOut(a, b, carryIn);
        c.ca32 = carryOut32(a, b, carryIn);
        return a + b + carryIn;
    }

    /** Whether a + b + carryIn carries out of 64 bits (CA). */
    public static boolean carryOut(long a, long b, int carryIn) {
        long sum = a + b;
        return Long.compareUnsigned(sum, a) < 0 || Long.compareUnsigned(sum + carryIn, sum) < 0;
    }

    /** Whether a + b + carryIn carries out of the low 32 bits (CA32). */
    public static boolean carryOut32(long a, long b, int carryIn) {
        return ((a & 0xffffffffL) + (b & 0xffffffffL) + carryIn) >>> 32 != 0;
    }

    private static void carryingSum(Cpu c, int w, long a, long b, int carryIn) {
        long result = addCarrying(c, a, b, carryIn);
        overflowingResult(c, w, result, a, b);
    }

    private static void sum(Cpu c, int w, long a, long b, int carryIn) {
        overflowingResult(c, w, a + b + carryIn, a, b);
    }

    /**
     * Completes an XO-form whose result is a + b (+ a carry-in): sets RT, OV/OV32/SO when OE, CR0
     * when Rc. Signed overflow happened when a and b agree in sign and the result does not.
     */
    private static void overflowingResult(Cpu c, int w, long result, long a, long b) {
        boolean overflow = ((a ^ result) & (b ^ result)) < 0;
        int a32 = (int) a;
        int b32 = (int) b;
        int r32 = (int) result;
        boolean overflow32 = ((a32 ^ r32) & (b32 ^ r32)) < 0;
        result(c, w, result, oe(w), overflow, overflow32);
    }

    private static void result(Cpu c, int w, long result) {
        result(c, w, result, false, false, false);
    }

    private static void result(Cpu c, int w, long result, boolean setOverflow, boolean overflow, boolean overflow32) {
        c.gpr[rt(w)] = result;
        if (setOverflow) {
            c.ov = overflow;
            c.ov32 = overflow32;
            c.so |= overflow;
        }
        if (rcBit(w)) {
            recordCr0(c, result);
        }
    }

    /** divwe, divweu, divde, divdeu: (RA || zeros) / RB in the word or doubleword width. */
    private static void extendedDivide(Cpu c, int w, boolean word, boolean signed) {
        long a = c.gpr[ra(w)];
        long b = c.gpr[rb(w)];
        BigInteger dividend;
        BigInteger divisor;
        if (word) {
            long hi = signed ? (long) (int) a : a & 0xffffffffL;
            dividend = BigInteger.valueOf(hi).shiftLeft(32);
            divisor = BigInteger.valueOf(signed ? (long) (int) b : b & 0xffffffffL);
        } else {
            dividend = (signed ? BigInteger.valueOf(a) : unsigned(a)).shiftLeft(64);
            divisor = signed ? BigInteger.valueOf(b) : unsigned(b);
        }
        boolean invalid = divisor.signum() == 0;
        long quotient = 0;
        if (!invalid) {
            BigInteger q = dividend.divide(divisor);
            int bits = word ? 32 : 64;
            BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
            BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            invalid = q.compareTo(min) < 0 || q.compareTo(max) > 0;
            // an overflowing quotient is undefined by the ISA; like qemu in most cases, give 0
            quotient = invalid ? 0 : word ? (signed ? (long) (int) q.longValue() : q.longValue() & 0xffffffffL) : q.longValue();
        }
        result(c, w, quotient, oe(w), invalid, invalid);
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static void compare(Cpu c, int field, int comparison) {
        c.setCrField(field, Cpu.comparisonField(comparison, c.so));
    }

    private static void trapIf(boolean taken) {
        if (taken) {
            throw ProgramInterrupt.TRAP;
        }
    }

    private static boolean trapTaken(int to, long a, long b) {
        return ((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
                || ((to & 2) != 0 && Long.compareUnsigned(a, b) < 0) || ((to & 1) != 0 && Long.compareUnsigned(a, b) > 0);
    }

    private static boolean trapTaken(int to, int a, int b) {
        return ((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
                || ((to & 2) != 0 && Integer.compareUnsigned(a, b) < 0)
                || ((to & 1) != 0 && Integer.compareUnsigned(a, b) > 0);
    }
}
