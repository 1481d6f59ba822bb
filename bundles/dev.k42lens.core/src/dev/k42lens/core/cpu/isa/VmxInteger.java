package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

import java.math.BigInteger;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * VMX (AltiVec) integer instructions, each stated once: one line gives the mnemonic, the extended
 * opcode, the operands and the semantics (a lane operation on elements of 8, 16, 32 or 64 bits, or
 * a method below). Element 0 is the most significant in both byte orders, as in {@link Cpu#vsr}.
 * Saturating forms set VSCR[SAT] when any element was clamped.
 */
final class VmxInteger {
    private static final int OPCODE = 4 << 26;
    /** VX form: primary opcode and an 11-bit extended opcode. */
    private static final int VX = 0xfc0007ff;
    /** VX form whose VRA field is part of the opcode (unary operations on VRB). */
    private static final int VX_UNARY = 0xfc1f07ff;
    /** VA form: a 6-bit extended opcode, four registers. */
    private static final int VA = 0xfc00003f;
    /** VC form: VX with the record bit (0x400) apart. */
    private static final int RECORD = 0x400;

    private VmxInteger() {
    }

    static void describe(InstructionTable t) {
        for (int size : new int[] { 8, 16, 32, 64 }) {
            String s = suffix(size);
            int column = Integer.numberOfTrailingZeros(size) - 3;   // 0 for bytes .. 3 for doublewords
            binary(t, "vaddu" + s + "m", 64 * column, size, false, Long::sum);
            binary(t, "vsubu" + s + "m", 1024 + 64 * column, size, false, (x, y) -> x - y);
            binary(t, "vmaxs" + s, 258 + 64 * column, size, true, Math::max);
            binary(t, "vmins" + s, 770 + 64 * column, size, true, Math::min);
            binary(t, "vmaxu" + s, 2 + 64 * column, size, false, (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y);
            binary(t, "vminu" + s, 514 + 64 * column, size, false, (x, y) -> Long.compareUnsigned(x, y) <= 0 ? x : y);
            binary(t, "vrl" + s, 4 + 64 * column, size, false, (x, y) -> rotate(x, (int) y, size));
            // shifts by the low bits of each element of VRB; vsld and vsrd lie apart from the others
            int shiftLeft = size == 64 ? 1476 : 260 + 64 * column;
            binary(t, "vsl" + s, shiftLeft, size, false, (x, y) -> x << (y & (size - 1)));
            binary(t, "vsr" + s, shiftLeft + 256, size, false, (x, y) -> x >>> (y & (size - 1)));
            binary(t, "vsra" + s, 772 + 64 * column, size, true, (x, y) -> x >> (y & (size - 1)));
            // the doubleword compares lie one past the others
            int compareColumn = 64 * column + (size == 64 ? 1 : 0);
            compare(t, "vcmpequ" + s, 6 + compareColumn, size, (x, y) -> x == y);
            compare(t, "vcmpgtu" + s, 518 + compareColumn, size, (x, y) -> Long.compareUnsigned(x, y) > 0);
            compare(t, "vcmpgts" + s, 774 + compareColumn, size, (x, y) -> x << (64 - size) > y << (64 - size));
            evenOdd(t, "vmuleu" + s, 520 + 64 * column, "vmulou" + s, 8 + 64 * column, size, false);
            evenOdd(t, "vmules" + s, 776 + 64 * column, "vmulos" + s, 264 + 64 * column, size, true);
            t.described("vclz" + s, OPCODE | 1794 + 64 * column, VX_UNARY, lanesOfB(size, false,
                    x -> Long.numberOfLeadingZeros(x) - (64 - size)), VRT, VRB);
            t.described("vpopcnt" + s, OPCODE | 1795 + 64 * column, VX_UNARY, lanesOfB(size, false, Long::bitCount), VRT, VRB);
            if (size < 64) {
                binary(t, "vavgu" + s, 1026 + 64 * column, size, false, (x, y) -> (x + y + 1) >>> 1);
                binary(t, "vavgs" + s, 1282 + 64 * column, size, true, (x, y) -> (x + y + 1) >> 1);
                binary(t, "vabsdu" + s, 1027 + 64 * column, size, false, (x, y) -> Math.abs(x - y));
                saturating(t, "vadds" + s + "s", 768 + 64 * column, size, true, true, Long::sum);
                saturating(t, "vsubs" + s + "s", 1792 + 64 * column, size, true, true, (x, y) -> x - y);
                saturating(t, "vaddu" + s + "s", 512 + 64 * column, size, false, false, Long::sum);
                saturating(t, "vsubu" + s + "s", 1536 + 64 * column, size, false, false, (x, y) -> x - y);
                compare(t, "vcmpne" + s, 7 + 64 * column, size, (x, y) -> x != y);
                compare(t, "vcmpnez" + s, 263 + 64 * column, size, (x, y) -> x != y || x == 0);
                // vmrgh*: the first halves of VRA and VRB interleaved, vmrgl*: the second halves
                t.described("vmrgh" + s, OPCODE | 12 + 64 * column, VX, (c, m, w) -> merge(c, w, size, 0, 1), VRT, VRA, VRB);
                t.described("vmrgl" + s, OPCODE | 268 + 64 * column, VX, (c, m, w) -> merge(c, w, size, 64 / size, 1), VRT, VRA,
                        VRB);
            }
            if (size > 8) {
                // vpku?um keep the low half of each element; the saturating packs lie every 128 from it
                int pack = size == 64 ? 1102 : 14 + 64 * (column - 1);
                pack(t, "vpku" + s + "um", pack, size, false, false, false);
                pack(t, "vpku" + s + "us", pack + 128, size, true, false, false);
                pack(t, "vpks" + s + "us", pack + 256, size, true, true, false);
                pack(t, "vpks" + s + "ss", pack + 384, size, true, true, true);
            }
        }
        binary(t, "vmuluwm", 137, 32, false, (x, y) -> x * y);
        binary(t, "vmulld", 457, 64, false, (x, y) -> x * y);
        binary(t, "vmulhsw", 905, 32, true, (x, y) -> (x * y) >> 32);
        binary(t, "vmulhuw", 649, 32, false, (x, y) -> (x * y) >>> 32);
        binary(t, "vmulhsd", 969, 64, true, Math::multiplyHigh);
        binary(t, "vmulhud", 713, 64, false, Math::unsignedMultiplyHigh);
        binary(t, "vaddcuw", 384, 32, false, (x, y) -> (x + y) >>> 32);
        binary(t, "vsubcuw", 1408, 32, false, (x, y) -> x >= y ? 1 : 0);
        // the even (0, 2) or odd (1, 3) words of VRA and VRB, interleaved
        t.described("vmrgew", OPCODE | 1932, VX, (c, m, w) -> merge(c, w, 32, 0, 2), VRT, VRA, VRB);
        t.described("vmrgow", OPCODE | 1676, VX, (c, m, w) -> merge(c, w, 32, 1, 2), VRT, VRA, VRB);
        unpack(t, "vupkhsb", 526, 8, 0);
        unpack(t, "vupklsb", 654, 8, 1);
        unpack(t, "vupkhsh", 590, 16, 0);
        unpack(t, "vupklsh", 718, 16, 1);
        unpack(t, "vupkhsw", 1614, 32, 0);
        unpack(t, "vupklsw", 1742, 32, 1);
        unary(t, "vnegw", 6, 32, true, x -> -x);
        unary(t, "vnegd", 7, 64, true, x -> -x);
        unary(t, "vextsb2w", 16, 32, false, x -> (byte) x);
        unary(t, "vextsh2w", 17, 32, false, x -> (short) x);
        unary(t, "vextsb2d", 24, 64, false, x -> (byte) x);
        unary(t, "vextsh2d", 25, 64, false, x -> (short) x);
        unary(t, "vextsw2d", 26, 64, false, x -> (int) x);
        unary(t, "vctzb", 28, 8, false, x -> Math.min(8, Long.numberOfTrailingZeros(x)));
        unary(t, "vctzh", 29, 16, false, x -> Math.min(16, Long.numberOfTrailingZeros(x)));
        unary(t, "vctzw", 30, 32, false, x -> Math.min(32, Long.numberOfTrailingZeros(x)));
        unary(t, "vctzd", 31, 64, false, Long::numberOfTrailingZeros);
        unary(t, "vprtybw", 8, 32, false, x -> Long.bitCount(x & 0x01010101L) & 1);
        unary(t, "vprtybd", 9, 64, false, x -> Long.bitCount(x & 0x0101010101010101L) & 1);
        multiplySum(t);
    }

    // ---- how the families are stated --------------------------------------------------------------

    private static String suffix(int size) {
        return switch (size) {
            case 8 -> "b";
            case 16 -> "h";
            case 32 -> "w";
            default -> "d";
        };
    }

    /** VRT = f(VRA, VRB) element by element; elements reach f sign- or zero-extended. */
    private static void binary(InstructionTable t, String mnemonic, int xo, int size, boolean signed, LongBinaryOperator f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            long hi = lanes(c.vsr[a], c.vsr[b], size, signed, f);
            long lo = lanes(c.vsr[a + 1], c.vsr[b + 1], size, signed, f);
            set(c, Fields.rt(w), hi, lo);
        }, VRT, VRA, VRB);
    }

    /** VRT = f(VRB) element by element, the VRA field naming the operation. */
    private static void unary(InstructionTable t, String mnemonic, int selector, int size, boolean signed, LongUnaryOperator f) {
        t.described(mnemonic, OPCODE | selector << 16 | 1538, VX_UNARY, lanesOfB(size, signed, f), VRT, VRB);
    }

    private static Semantics lanesOfB(int size, boolean signed, LongUnaryOperator f) {
        LongBinaryOperator g = (x, unused) -> f.applyAsLong(x);
        return (c, m, w) -> {
            int b = vr(Fields.rb(w));
            set(c, Fields.rt(w), lanes(c.vsr[b], 0, size, signed, g), lanes(c.vsr[b + 1], 0, size, signed, g));
        };
    }

    /** Like {@link #binary}, f's exact result clamped to the element's range (signed or not), setting SAT. */
    private static void saturating(InstructionTable t, String mnemonic, int xo, int size, boolean signedIn, boolean signedOut,
            LongBinaryOperator f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            long[] result = new long[2];
            boolean saturated = false;
            for (int i = 0; i < 128 / size; i++) {
                long exact = f.applyAsLong(lane(c, a, size, i, signedIn), lane(c, b, size, i, signedIn));
                long clamped = clamp(exact, size, signedOut);
                saturated |= clamped != exact;
                put(result, size, i, clamped);
            }
            set(c, Fields.rt(w), result[0], result[1]);
            if (saturated) {
                c.vscr |= 1;
            }
        }, VRT, VRA, VRB);
    }

    /** vmule* (elements 0, 2, ...) and vmulo* (1, 3, ...): products twice as wide as the elements. */
    private static void evenOdd(InstructionTable t, String even, int evenXo, String odd, int oddXo, int size, boolean signed) {
        for (int first = 0; first < 2; first++) {
            int start = first;
            t.described(first == 0 ? even : odd, OPCODE | (first == 0 ? evenXo : oddXo), VX, (c, m, w) -> {
                int a = vr(Fields.ra(w));
                int b = vr(Fields.rb(w));
                if (size == 64) {
                    long x = c.vsr[a + start];
                    long y = c.vsr[b + start];
                    set(c, Fields.rt(w), signed ? Math.multiplyHigh(x, y) : Math.unsignedMultiplyHigh(x, y), x * y);
                    return;
                }
                long[] result = new long[2];
                for (int i = 0; i < 64 / size; i++) {
                    int e = 2 * i + start;
                    put(result, 2 * size, i, lane(c, a, size, e, signed) * lane(c, b, size, e, signed));
                }
                set(c, Fields.rt(w), result[0], result[1]);
            }, VRT, VRA, VRB);
        }
    }

    /** vmrgh*, vmrgl*, vmrgew, vmrgow: VRA's and VRB's elements {@code from}, from + stride, ... interleaved. */
    private static void merge(Cpu c, int w, int size, int from, int stride) {
        merge(c, 32 + Fields.rt(w), 32 + Fields.ra(w), 32 + Fields.rb(w), size, from, stride);
    }

    /** The merges on any VSRs (xxmrghw and xxmrglw too): VSR a's and VSR b's elements interleaved into VSR target. */
    static void merge(Cpu c, int target, int a, int b, int size, int from, int stride) {
        long[] result = new long[2];
        for (int i = 0; i < 64 / size; i++) {
            put(result, size, 2 * i, lane(c, 2 * a, size, from + stride * i, false));
            put(result, size, 2 * i + 1, lane(c, 2 * b, size, from + stride * i, false));
        }
        VectorRegisters.setVsr(c, target, result[0], result[1]);
    }

    /** A compare and its record form, which sets CR6 to "all true" (8) or "none true" (2). */
    private static void compare(InstructionTable t, String mnemonic, int xo, int size, LongComparison p) {
        LongBinaryOperator f = (x, y) -> p.test(x, y) ? -1 : 0;
        for (int record = 0; record <= RECORD; record += RECORD) {
            t.described(record == 0 ? mnemonic : mnemonic + ".", OPCODE | record | xo, VX, (c, m, w) -> {
                int a = vr(Fields.ra(w));
                int b = vr(Fields.rb(w));
                long hi = lanes(c.vsr[a], c.vsr[b], size, false, f);
                long lo = lanes(c.vsr[a + 1], c.vsr[b + 1], size, false, f);
                set(c, Fields.rt(w), hi, lo);
                if ((w & RECORD) != 0) {
                    c.setCrField(6, (hi == -1 && lo == -1 ? 8 : 0) | (hi == 0 && lo == 0 ? 2 : 0));
                }
            }, VRT, VRA, VRB);
        }
    }

    @FunctionalInterface
    private interface LongComparison {
        boolean test(long x, long y);
    }

    /** vupkh* / vupkl*: the high or low half of VRB's elements, sign-extended to twice their width. */
    private static void unpack(InstructionTable t, String mnemonic, int xo, int size, int half) {
        t.described(mnemonic, OPCODE | xo, VX_UNARY, (c, m, w) -> {
            int b = vr(Fields.rb(w));
            long[] result = new long[2];
            int count = 64 / size;
            for (int i = 0; i < count; i++) {
                put(result, 2 * size, i, lane(c, b, size, half * count + i, true));
            }
            set(c, Fields.rt(w), result[0], result[1]);
        }, VRT, VRB);
    }

    /**
     * vpk*: VRA's then VRB's elements at half their width: truncated (the modulo forms), or
     * saturated (signed or not) setting SAT.
     */
    private static void pack(InstructionTable t, String mnemonic, int xo, int size, boolean saturate, boolean signedIn,
            boolean signedOut) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int[] sources = { vr(Fields.ra(w)), vr(Fields.rb(w)) };
            long[] result = new long[2];
            boolean saturated = false;
            int count = 128 / size;
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < count; i++) {
                    long x = lane(c, sources[s], size, i, signedIn);
                    long clamped = !saturate ? x
                            : size == 64 && !signedIn ? (Long.compareUnsigned(x, 0xffffffffL) > 0 ? 0xffffffffL : x)
                            : clamp(x, size / 2, signedOut);
                    saturated |= clamped != x;
                    put(result, size / 2, s * count + i, clamped);
                }
            }
            set(c, Fields.rt(w), result[0], result[1]);
            if (saturated) {
                c.vscr |= 1;
            }
        }, VRT, VRA, VRB);
    }

    /**
     * The VA-form multiply-sums: each word (or doubleword) of VRC plus the products of the
     * corresponding elements of VRA and VRB; the "s" forms saturate, the "m" forms wrap.
     */
    private static void multiplySum(InstructionTable t) {
        multiplySum(t, "vmsumubm", 36, 8, false, false, false);
        multiplySum(t, "vmsummbm", 37, 8, true, false, false);
        multiplySum(t, "vmsumuhm", 38, 16, false, false, false);
        multiplySum(t, "vmsumuhs", 39, 16, false, false, true);
        multiplySum(t, "vmsumshm", 40, 16, true, true, false);
        multiplySum(t, "vmsumshs", 41, 16, true, true, true);
        t.described("vmsumudm", OPCODE | 35, VA, (c, m, w) -> multiplySumDoublewords(c, w, false), VRT, VRA, VRB, VRC);
        t.described("vmsumcud", OPCODE | 23, VA, (c, m, w) -> multiplySumDoublewords(c, w, true), VRT, VRA, VRB, VRC);
        t.described("vmladduhm", OPCODE | 34, VA, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            int s = vr(Fields.rc(w));
            long[] result = new long[2];
            for (int i = 0; i < 8; i++) {
                put(result, 16, i, lane(c, a, 16, i, false) * lane(c, b, 16, i, false) + lane(c, s, 16, i, false));
            }
            set(c, Fields.rt(w), result[0], result[1]);
        }, VRT, VRA, VRB, VRC);
        for (int round = 0; round < 2; round++) {
            long rounding = round == 0 ? 0 : 0x4000;
            t.described(round == 0 ? "vmhaddshs" : "vmhraddshs", OPCODE | 32 + round, VA, (c, m, w) -> {
                int a = vr(Fields.ra(w));
                int b = vr(Fields.rb(w));
                int s = vr(Fields.rc(w));
                long[] result = new long[2];
                boolean saturated = false;
                for (int i = 0; i < 8; i++) {
                    long exact = ((lane(c, a, 16, i, true) * lane(c, b, 16, i, true) + rounding) >> 15) + lane(c, s, 16, i, true);
                    long clamped = clamp(exact, 16, true);
                    saturated |= clamped != exact;
                    put(result, 16, i, clamped);
                }
                set(c, Fields.rt(w), result[0], result[1]);
                if (saturated) {
                    c.vscr |= 1;
                }
            }, VRT, VRA, VRB, VRC);
        }
    }

    private static void multiplySum(InstructionTable t, String mnemonic, int xo, int size, boolean signedA, boolean signedB,
            boolean saturate) {
        t.described(mnemonic, OPCODE | xo, VA, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            int s = vr(Fields.rc(w));
            int perWord = 32 / size;
            long[] result = new long[2];
            boolean saturated = false;
            for (int i = 0; i < 4; i++) {
                long sum = lane(c, s, 32, i, signedA && signedB);
                for (int j = 0; j < perWord; j++) {
                    int e = i * perWord + j;
                    sum += lane(c, a, size, e, signedA) * lane(c, b, size, e, signedB);
                }
                if (saturate) {
                    long clamped = clamp(sum, 32, signedA && signedB);
                    saturated |= clamped != sum;
                    sum = clamped;
                }
                put(result, 32, i, sum);
            }
            set(c, Fields.rt(w), result[0], result[1]);
            if (saturated) {
                c.vscr |= 1;
            }
        }, VRT, VRA, VRB, VRC);
    }

    /** vmsumudm: the two 128-bit products plus VRC, modulo 2^128; vmsumcud: the carry out of that sum. */
    private static void multiplySumDoublewords(Cpu c, int w, boolean carry) {
        int a = vr(Fields.ra(w));
        int b = vr(Fields.rb(w));
        int s = vr(Fields.rc(w));
        BigInteger sum = unsigned128(c.vsr[s], c.vsr[s + 1]);
        for (int i = 0; i < 2; i++) {
            sum = sum.add(unsignedLong(c.vsr[a + i]).multiply(unsignedLong(c.vsr[b + i])));
        }
        if (carry) {
            set(c, Fields.rt(w), 0, sum.shiftRight(128).longValue());
        } else {
            set(c, Fields.rt(w), sum.shiftRight(64).longValue(), sum.longValue());
        }
    }

    private static BigInteger unsignedLong(long x) {
        return new BigInteger(Long.toUnsignedString(x));
    }

    private static BigInteger unsigned128(long hi, long lo) {
        return unsignedLong(hi).shiftLeft(64).add(unsignedLong(lo));
    }

    // ---- elements ---------------------------------------------------------------------------------

    /** Element {@code i} of {@code size} bits of the register at {@code vsr}, sign- or zero-extended. */
    private static long lane(Cpu c, int vsr, int size, int i, boolean signed) {
        int perDoubleword = 64 / size;
        long d = c.vsr[vsr + i / perDoubleword];
        return extend(d >>> (64 - size * (i % perDoubleword + 1)), size, signed);
    }

    /** Writes element {@code i} of {@code size} bits into a result held as two doublewords. */
    private static void put(long[] result, int size, int i, long value) {
        int perDoubleword = 64 / size;
        int shift = 64 - size * (i % perDoubleword + 1);
        long mask = size == 64 ? -1 : ((1L << size) - 1) << shift;
        result[i / perDoubleword] = (result[i / perDoubleword] & ~mask) | ((value << shift) & mask);
    }

    /** f over the elements of one doubleword of each operand. */
    private static long lanes(long a, long b, int size, boolean signed, LongBinaryOperator f) {
        if (size == 64) {
            return f.applyAsLong(a, b);
        }
        long mask = (1L << size) - 1;
        long result = 0;
        for (int shift = 64 - size; shift >= 0; shift -= size) {
            long x = extend(a >>> shift, size, signed);
            long y = extend(b >>> shift, size, signed);
            result |= (f.applyAsLong(x, y) & mask) << shift;
        }
        return result;
    }

    private static long extend(long bits, int size, boolean signed) {
        if (size == 64) {
            return bits;
        }
        return signed ? bits << (64 - size) >> (64 - size) : bits & ((1L << size) - 1);
    }

    /** {@code x} clamped to the range of a {@code size}-bit element (size up to 32). */
    private static long clamp(long x, int size, boolean signed) {
        long min = signed ? -(1L << (size - 1)) : 0;
        long max = signed ? (1L << (size - 1)) - 1 : (1L << size) - 1;
        return Math.max(min, Math.min(max, x));
    }

    private static long rotate(long x, int n, int size) {
        if (size == 64) {
            return Long.rotateLeft(x, n);
        }
        int k = n & (size - 1);
        return k == 0 ? x : (x << k | x >>> (size - k)) & ((1L << size) - 1);
    }
}
