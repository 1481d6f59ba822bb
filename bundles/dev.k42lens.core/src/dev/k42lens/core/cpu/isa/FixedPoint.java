package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.CRB_A;
import static dev.k42lens.core.cpu.isa.Operand.CY;
import static dev.k42lens.core.cpu.isa.Operand.DQ;
import static dev.k42lens.core.cpu.isa.Operand.DS;
import static dev.k42lens.core.cpu.isa.Operand.DW;
import static dev.k42lens.core.cpu.isa.Operand.EH;
import static dev.k42lens.core.cpu.isa.Operand.L;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RANDOM_KIND;
import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.RS;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.RT_FIRST;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** Fixed-point instructions of Power ISA 3.1 (POWER10), stated once each. */
final class FixedPoint {
    private static final int X_FORM = 0xfc0007ff;
    /** X form with the RB field zero. */
    private static final int X_NO_RB = 0xfc00ffff;

    private FixedPoint() {
    }

    static void describe(InstructionTable t) {
        // set boolean: RT = 1 (setbc), 0/1 reversed (setbcr), -1 (setnbc) or reversed (setnbcr) from CR bit BI
        long[][] values = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 } };
        String[] names = { "setbc", "setbcr", "setnbc", "setnbcr" };
        for (int k = 0; k < 4; k++) {
            long whenSet = values[k][0];
            long whenClear = values[k][1];
            t.described(names[k], x(384 + 32 * k), X_NO_RB,
                    (c, m, w) -> c.gpr[Fields.rt(w)] = c.crBit(Fields.ra(w)) ? whenSet : whenClear, RT, CRB_A);
        }
        // byte-reverse within each halfword, word or the doubleword
        unary(t, "brh", 219, x -> (x & 0x00ff00ff00ff00ffL) << 8 | (x >>> 8) & 0x00ff00ff00ff00ffL);
        unary(t, "brw", 155, x -> Long.rotateLeft(Long.reverseBytes(x), 32));   // both words reversed, then back in place
        unary(t, "brd", 187, Long::reverseBytes);
        // bit deposit, extract and centrifuge under the mask RB
        binary(t, "pdepd", 156, Long::expand);
        binary(t, "pextd", 188, Long::compress);
        binary(t, "cfuged", 220, FixedPoint::centrifuge);
        // quadword loads and stores of an even-odd GPR pair (RTp, RSp)
        t.described("lq", 56 << 26, 0xfc200000, (c, m, w) -> Prefixed.loadQuadword(c, m, c.base(w) + Fields.dq(w), Fields.rt(w), true),
                RT_FIRST, DQ, RA0);
        t.described("stq", 62 << 26 | 2, 0xfc200003, (c, m, w) -> Prefixed.storeQuadword(c, m, c.base(w) + Fields.ds(w),
                Fields.rt(w), true), RS, DS, RA0);
        // lqarx, stqcx.: the quadword forms of load-and-reserve and store-conditional (a 16-byte reservation)
        t.described("lqarx", x(276), 0xfc2007fe, (c, m, w) -> {
            long ea = c.base(w) + c.gpr[Fields.rb(w)];
            Prefixed.loadQuadword(c, m, ea, Fields.rt(w), true);
            c.reservationAddress = ea;
            c.reservationSize = 16;
            c.reservationValue = m.read64(ea);
            c.reservationSecondValue = m.read64(ea + 8);
        }, RT_FIRST, RA0, RB, EH);
        t.described("stqcx.", x(182) | 1, 0xfc2007ff, (c, m, w) -> {
            long ea = c.base(w) + c.gpr[Fields.rb(w)];
            boolean held = c.reservationAddress == ea && c.reservationSize == 16 && m.read64(ea) == c.reservationValue
                    && m.read64(ea + 8) == c.reservationSecondValue;
            if (held) {
                Prefixed.storeQuadword(c, m, ea, Fields.rt(w), true);
            }
            c.reservationAddress = -1;
            c.setCrField(0, (held ? 2 : 0) | (c.so ? 1 : 0));
        }, RS, RA0, RB);
        // addg6s: 6 in each nibble of RT whose nibble of RA + RB produced no carry (the BCD-add correction)
        t.described("addg6s", x(74), X_FORM, (c, m, w) -> {
            long a = c.gpr[Fields.ra(w)];
            long b = c.gpr[Fields.rb(w)];
            long sixes = 0;
            for (int k = 0; k < 16; k++) {
                int bits = 4 * (k + 1);
                boolean carry = bits == 64 ? Long.compareUnsigned(a + b, a) < 0
                        : ((a & ((1L << bits) - 1)) + (b & ((1L << bits) - 1))) >>> bits != 0;
                if (!carry) {
                    sixes |= 6L << (4 * k);
                }
            }
            c.gpr[Fields.rt(w)] = sixes;
        }, RT, RA, RB);
        // cpabort: no copy-paste buffer to discard
        t.described("cpabort", x(838), 0xffffffff, (c, m, w) -> { });
        // addex with CY = 0: RA + RB + OV, the carry out into OV (and OV32 from the low words); CY 1-3 are reserved
        t.described("addex", x(170), 0xfc0007ff, (c, m, w) -> {
            long a = c.gpr[Fields.ra(w)];
            long b = c.gpr[Fields.rb(w)];
            long in = c.ov ? 1 : 0;
            long sum = a + b + in;
            c.ov = Long.compareUnsigned(sum, a) < 0 || in == 1 && sum == a;
            c.ov32 = (a & 0xffffffffL) + (b & 0xffffffffL) + in > 0xffffffffL;
            c.gpr[Fields.rt(w)] = sum;
        }, RT, RA, RB, CY);
        // darn: a random number, 32 bits (L=0) or 64 (L=1 conditioned, L=2 raw); L=3 is reserved and gives the error value -1
        t.described("darn", x(755), 0xfc1cffff, (c, m, w) -> {
            int l = RANDOM_KIND.value(w);
            c.gpr[Fields.rt(w)] = l == 0 ? RANDOM.nextInt() & 0xffffffffL : l < 3 ? RANDOM.nextLong() : -1L;
        }, RT, RANDOM_KIND);
        // dcbzl zeroes the 128-byte block, as dcbz does on every POWER processor since the 970
        t.described("dcbzl", x(1014) | 1 << 21, 0xffe007ff, (c, m, w) -> {
            long block = (c.base(w) + c.gpr[Fields.rb(w)]) & ~127L;
            for (int i = 0; i < 128; i += 8) {
                m.write64(block + i, 0);
            }
        }, RA0, RB);
        binary(t, "cntlzdm", 59, FixedPoint::leadingZerosUnderMask);
        binary(t, "cnttzdm", 571, FixedPoint::trailingZerosUnderMask);
        // modulo: the remainder of a signed or unsigned word or doubleword division; 0 where the ISA leaves it undefined
        // (a zero divisor, the most negative dividend over -1), as qemu and POWER9 give it
        binaryTarget(t, "modsw", 779, (a, b) -> (int) b == 0 || (int) a == Integer.MIN_VALUE && (int) b == -1 ? 0 : (int) a % (int) b);
        binaryTarget(t, "moduw", 267, (a, b) -> (int) b == 0 ? 0 : Integer.toUnsignedLong(Integer.remainderUnsigned((int) a, (int) b)));
        binaryTarget(t, "modsd", 777, (a, b) -> b == 0 || a == Long.MIN_VALUE && b == -1 ? 0 : a % b);
        binaryTarget(t, "modud", 265, (a, b) -> b == 0 ? 0 : Long.remainderUnsigned(a, b));
        // cmprb: RA's low byte within one (L=0) or either (L=1) of RB's byte ranges; cmpeqb: equal to one of RB's bytes
        t.described("cmprb", x(192), 0xfc4007ff, (c, m, w) -> {
            int b = (int) c.gpr[Fields.ra(w)] & 0xff;
            long ranges = c.gpr[Fields.rb(w)];
            boolean in = inRange(b, ranges) || Fields.cmpL(w) != 0 && inRange(b, ranges >>> 16);
            c.setCrField(Fields.bf(w), in ? 4 : 0);
        }, BF_ALWAYS, L, RA, RB);
        t.described("cmpeqb", x(224), 0xfc6007ff, (c, m, w) -> {
            long b = c.gpr[Fields.ra(w)] & 0xff;
            long bytes = c.gpr[Fields.rb(w)];
            boolean found = false;
            for (int i = 0; i < 8; i++) {
                found |= (bytes >>> 8 * i & 0xff) == b;
            }
            c.setCrField(Fields.bf(w), found ? 4 : 0);
        }, BF_ALWAYS, RA, RB);
        // return-address protection: hashst stores a keyed hash of RA and RB at D(RA), hashchk checks it
        t.described("hashst", x(722), 0xfc0007fe, (c, m, w) -> m.write64(c.base(w) + DW.value(w), hash(c, w)), RB, DW, RA0);
        t.described("hashchk", x(754), 0xfc0007fe, (c, m, w) -> {
            if (m.read64(c.base(w) + DW.value(w)) != hash(c, w)) {
                throw ProgramInterrupt.HASH_CHECK;
            }
        }, RB, DW, RA0);
        // each word: two declets (its low 20 bits) to six BCD digits (its low 24), and back
        unary(t, "cdtbcd", 282, s -> perWord(s, FixedPoint::decletsToBcd));
        unary(t, "cbcdtd", 314, s -> perWord(s, FixedPoint::bcdToDeclets));
        // wait for an interrupt (wait), a reservation loss (waitrsv), a short while (pause_short): none the
        // engine has to model, so each returns at once, as after the event; other WC/PL values are reserved
        t.described("wait", x(30), 0xffffffff, (c, m, w) -> {
        });
        t.described("waitrsv", x(30) | 1 << 21, 0xffffffff, (c, m, w) -> {
        });
        t.described("pause_short", x(30) | 2 << 21, 0xffffffff, (c, m, w) -> {
        });
    }

    /** hashst's hash of RA and RB under the thread's key: three rounds of a 64-bit mixing function. */
    private static long hash(Cpu c, int w) {
        long h = mix(c.hashKey ^ c.gpr[Fields.ra(w)]);
        h = mix(h ^ c.gpr[Fields.rb(w)]);
        return mix(h ^ Long.rotateLeft(c.hashKey, 32));
    }

    private static long mix(long z) {
        z = (z ^ z >>> 33) * 0xff51afd7ed558ccdL;
        z = (z ^ z >>> 33) * 0xc4ceb9fe1a85ec53L;
        return z ^ z >>> 33;
    }

    private static long perWord(long s, java.util.function.IntUnaryOperator f) {
        return (f.applyAsInt((int) (s >>> 32)) & 0xffffffffL) << 32 | f.applyAsInt((int) s) & 0xffffffffL;
    }

    private static int decletsToBcd(int word) {
        return bcd(DensePackedDecimal.value(word >>> 10)) << 12 | bcd(DensePackedDecimal.value(word));
    }

    /** Six BCD digits to two declets; a group holding a nibble above 9 (undefined by the ISA) gives declet 0. */
    private static int bcdToDeclets(int word) {
        return declet(word >>> 12 & 0xfff) << 10 | declet(word & 0xfff);
    }

    private static int bcd(int value) {
        return value / 100 << 8 | value / 10 % 10 << 4 | value % 10;
    }

    private static int declet(int digits) {
        int d2 = digits >>> 8;
        int d1 = digits >>> 4 & 15;
        int d0 = digits & 15;
        return d2 > 9 || d1 > 9 || d0 > 9 ? 0 : DensePackedDecimal.declet(d2 * 100 + d1 * 10 + d0);
    }

    /** cfuged, vcfuged: the bits of s where mask is 0 to the left, those where it is 1 to the right, each in order. */
    static long centrifuge(long s, long mask) {
        int ones = Long.bitCount(mask);
        long zeroSide = Long.compress(s, ~mask);
        return (ones == 64 ? 0 : zeroSide << ones) | Long.compress(s, mask);
    }

    /** cntlzdm, vclzdm: leading zeros of s counted only at the mask's one bits. */
    static long leadingZerosUnderMask(long s, long mask) {
        long bits = Long.compress(s, mask);
        int width = Long.bitCount(mask);
        return bits == 0 ? width : Long.numberOfLeadingZeros(bits) - (64 - width);
    }

    /** cnttzdm, vctzdm: trailing zeros of s counted only at the mask's one bits. */
    static long trailingZerosUnderMask(long s, long mask) {
        long bits = Long.compress(s, mask);
        return bits == 0 ? Long.bitCount(mask) : Long.numberOfTrailingZeros(bits);
    }

    /** darn's source: the host's strong random numbers, as getrandom(2) gives the guest. */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static int x(int xo) {
        return 31 << 26 | xo << 1;
    }

    /** RA = f(RS). */
    private static void unary(InstructionTable t, String mnemonic, int xo, LongUnaryOperator f) {
        t.described(mnemonic, x(xo), X_NO_RB, (c, m, w) -> c.gpr[Fields.ra(w)] = f.applyAsLong(c.gpr[Fields.rt(w)]), RA, RS);
    }

    private static boolean inRange(int b, long range) {
        return b >= (range & 0xff) && b <= (range >>> 8 & 0xff);
    }

    /** RT = f(RA, RB). */
    private static void binaryTarget(InstructionTable t, String mnemonic, int xo, LongBinaryOperator f) {
        t.described(mnemonic, x(xo), X_FORM, (c, m, w) -> c.gpr[Fields.rt(w)] = f.applyAsLong(c.gpr[Fields.ra(w)], c.gpr[Fields.rb(w)]),
                RT, RA, RB);
    }

    /** RA = f(RS, RB). */
    private static void binary(InstructionTable t, String mnemonic, int xo, LongBinaryOperator f) {
        t.described(mnemonic, x(xo), X_FORM,
                (c, m, w) -> c.gpr[Fields.ra(w)] = f.applyAsLong(c.gpr[Fields.rt(w)], c.gpr[Fields.rb(w)]), RA, RS, RB);
    }
}
