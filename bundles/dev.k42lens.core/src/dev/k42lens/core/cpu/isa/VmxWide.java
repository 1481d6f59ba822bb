package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BF_ALWAYS;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

import java.math.BigInteger;

/**
 * VMX integer instructions on wide elements, stated once each: the quadword (128-bit)
 * arithmetic, shifts (by bits and by octets), rotates, compares, divides and decimal
 * multiplies; word and doubleword divide and modulo; rotate-and-mask; the saturating sums across
 * words; the variable byte shifts; and the data-stream hints, which do nothing here. Where the
 * ISA leaves a result undefined (a zero divisor, an overflowing quotient) the engine gives what
 * qemu gives.
 */
final class VmxWide {
    private static final int OPCODE = 4 << 26;
    private static final int VX = 0xfc0007ff;
    private static final int VX_UNARY = 0xfc1f07ff;
    private static final int VA = 0xfc00003f;
    private static final int RECORD = 0x400;
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MASK_128 = TWO_128.subtract(BigInteger.ONE);

    private VmxWide() {
    }

    @FunctionalInterface
    private interface Quad {
        BigInteger apply(BigInteger a, BigInteger b);
    }

    @FunctionalInterface
    private interface QuadOfThree {
        BigInteger apply(BigInteger a, BigInteger b, BigInteger c);
    }

    @FunctionalInterface
    private interface Element {
        /** The element of VRT from VRA's and VRB's (sign- or zero-extended); {@code old} is VRT's. */
        long apply(long a, long b, long old);
    }

    static void describe(InstructionTable t) {
        quadwordArithmetic(t);
        quadwordCompares(t);
        elementDivides(t);
        rotateAndMask(t);
        sums(t);
        variableShifts(t);
        // data-stream touch and stop hints: no caches to prefetch into
        t.described("dstst", 31 << 26 | 374 << 1, 0xfe0007fe, (c, m, w) -> { }, RA0, RB, Operand.DST_STREAM);
        t.described("dss", 31 << 26 | 822 << 1, 0xfe0007fe, (c, m, w) -> { }, Operand.DST_STREAM);
        t.described("dssall", 31 << 26 | 1 << 25 | 822 << 1, 0xfe0007fe, (c, m, w) -> { });
    }

    // ---- quadword arithmetic, shifts and rotates --------------------------------------------------

    private static void quadwordArithmetic(InstructionTable t) {
        quad(t, "vadduqm", 0x100, (a, b) -> a.add(b));
        quad(t, "vsubuqm", 0x500, (a, b) -> a.subtract(b));
        quad(t, "vaddcuq", 0x140, (a, b) -> a.add(b).shiftRight(128));
        quad(t, "vsubcuq", 0x540, (a, b) -> a.add(b.not().and(MASK_128)).add(BigInteger.ONE).shiftRight(128));
        quad3(t, "vaddeuqm", 0x3c, (a, b, c) -> a.add(b).add(c.and(BigInteger.ONE)));
        quad3(t, "vaddecuq", 0x3d, (a, b, c) -> a.add(b).add(c.and(BigInteger.ONE)).shiftRight(128));
        quad3(t, "vsubeuqm", 0x3e, (a, b, c) -> a.add(b.not().and(MASK_128)).add(c.and(BigInteger.ONE)));
        quad3(t, "vsubecuq", 0x3f, (a, b, c) -> a.add(b.not().and(MASK_128)).add(c.and(BigInteger.ONE)).shiftRight(128));
        // shifts and rotates by the low 7 bits of VRB's doubleword 0 (bits 57-63)
        quad(t, "vslq", 0x105, (a, b) -> a.shiftLeft(shift(b)));
        quad(t, "vsrq", 0x205, (a, b) -> a.shiftRight(shift(b)));
        quad(t, "vsraq", 0x305, (a, b) -> signed(a).shiftRight(shift(b)));
        quad(t, "vrlq", 0x5, (a, b) -> rotate(a, shift(b)));
        // by bits 5-7 (vsl, vsr) or the octets in bits 1-4 (vslo, vsro) of VRB's last byte (the ISA wants every byte
        // of VRB alike for vsl and vsr; the last one counts here)
        quad(t, "vsl", 0x1c4, (a, b) -> a.shiftLeft(b.intValue() & 7));
        quad(t, "vsr", 0x2c4, (a, b) -> a.shiftRight(b.intValue() & 7));
        quad(t, "vslo", 0x40c, (a, b) -> a.shiftLeft((b.intValue() >>> 3 & 15) * 8));
        quad(t, "vsro", 0x44c, (a, b) -> a.shiftRight((b.intValue() >>> 3 & 15) * 8));
        // rotate and mask: VRB's doubleword 0 holds mb (bits 41-47), me (49-55) and sh (57-63)
        quad3(t, "vrlqnm", 0x145, (a, b, old) -> rotate(a, shift(b)).and(mask(b)));
        quad3(t, "vrlqmi", 0x45, (a, b, old) -> rotate(a, shift(b)).and(mask(b)).or(old.andNot(mask(b))));
        quad(t, "vdivuq", 0x0b, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.divide(b));
        quad(t, "vdivsq", 0x10b, (a, b) -> signedDivide(signed(a), signed(b)));
        quad(t, "vmoduq", 0x60b, (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.mod(b));
        quad(t, "vmodsq", 0x70b, (a, b) -> {
            BigInteger x = signed(a);
            BigInteger y = signed(b);
            return y.signum() == 0 || overflows(x, y) ? BigInteger.ZERO : x.remainder(y);
        });
        // extended divides: (VRA << 128) / VRB, undefined (0 here, as qemu) when the quotient needs more than 128 bits
        quad(t, "vdiveuq", 0x20b, (a, b) -> {
            BigInteger q = b.signum() == 0 ? TWO_128 : a.shiftLeft(128).divide(b);
            return q.compareTo(MASK_128) > 0 ? BigInteger.ZERO : q;
        });
        quad(t, "vdivesq", 0x30b, (a, b) -> {
            BigInteger y = signed(b);
            if (y.signum() == 0) {
                return BigInteger.ZERO;
            }
            BigInteger q = signed(a).shiftLeft(128).divide(y);
            return q.bitLength() > 127 ? BigInteger.ZERO : q;
        });
        t.described("vextsd2q", OPCODE | 27 << 16 | 1538, VX_UNARY, (c, m, w) -> {
            long low = c.vsr[vr(Fields.rb(w)) + 1];
            set(c, Fields.rt(w), low >> 63, low);
        }, VRT, VRB);
        t.described("vprtybq", OPCODE | 10 << 16 | 1538, VX_UNARY, (c, m, w) -> {
            int b = vr(Fields.rb(w));
            long bits = (c.vsr[b] ^ c.vsr[b + 1]) & 0x0101010101010101L;
            set(c, Fields.rt(w), 0, Long.bitCount(bits) & 1);
        }, VRT, VRB);
        // multiplies by 10: the "e" forms add VRB's last four bits, the "c" forms give what passes 128 bits
        timesTen(t, "vmul10uq", 0x201, false, false);
        timesTen(t, "vmul10cuq", 0x001, true, false);
        timesTen(t, "vmul10euq", 0x241, false, true);
        timesTen(t, "vmul10ecuq", 0x041, true, true);
    }

    private static void quad(InstructionTable t, String mnemonic, int xo, Quad f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> setQuad(c, Fields.rt(w), f.apply(quad(c, Fields.ra(w)),
                quad(c, Fields.rb(w)))), VRT, VRA, VRB);
    }

    /** VA-form quadword operations (VRC the carry in), and the rotate-and-mask forms whose third input is VRT. */
    private static void quad3(InstructionTable t, String mnemonic, int xo, QuadOfThree f) {
        if (xo < 0x40) {
            t.described(mnemonic, OPCODE | xo, VA, (c, m, w) -> setQuad(c, Fields.rt(w), f.apply(quad(c, Fields.ra(w)),
                    quad(c, Fields.rb(w)), quad(c, Fields.rc(w)))), VRT, VRA, VRB, VRC);
        } else {
            t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> setQuad(c, Fields.rt(w), f.apply(quad(c, Fields.ra(w)),
                    quad(c, Fields.rb(w)), quad(c, Fields.rt(w)))), VRT, VRA, VRB);
        }
    }

    /** VMX register {@code field} as an unsigned 128-bit number. */
    private static BigInteger quad(Cpu c, int field) {
        int r = vr(field);
        return FloatArithmetic.unsigned(c.vsr[r]).shiftLeft(64).or(FloatArithmetic.unsigned(c.vsr[r + 1]));
    }

    private static void setQuad(Cpu c, int field, BigInteger value) {
        BigInteger v = value.and(MASK_128);
        set(c, field, v.shiftRight(64).longValue(), v.longValue());
    }

    private static BigInteger signed(BigInteger unsigned) {
        return unsigned.testBit(127) ? unsigned.subtract(TWO_128) : unsigned;
    }

    private static int shift(BigInteger b) {
        return b.shiftRight(64).intValue() & 127;
    }

    private static BigInteger rotate(BigInteger a, int n) {
        return a.shiftLeft(n).or(a.shiftRight(128 - n)).and(MASK_128);
    }

    /** The mask from bit mb to bit me (IBM numbering, wrapping around when mb > me). */
    private static BigInteger mask(BigInteger b) {
        long d = b.shiftRight(64).longValue();
        int mb = (int) (d >>> 16) & 127;
        int me = (int) (d >>> 8) & 127;
        BigInteger fromMb = MASK_128.shiftRight(mb);
        BigInteger toMe = MASK_128.shiftLeft(127 - me).and(MASK_128);
        return mb <= me ? fromMb.and(toMe) : fromMb.or(toMe);
    }

    private static boolean overflows(BigInteger x, BigInteger y) {
        return y.equals(BigInteger.ONE.negate()) && x.equals(TWO_128.shiftRight(1).negate());
    }

    private static BigInteger signedDivide(BigInteger x, BigInteger y) {
        return y.signum() == 0 || overflows(x, y) ? BigInteger.ZERO : x.divide(y);
    }

    /** vmul10*: VRA x 10 as an unsigned quadword, plus VRB's low four bits (the "e" forms); the "c" forms give the part above 128 bits. */
    private static void timesTen(InstructionTable t, String mnemonic, int xo, boolean carryOut, boolean extended) {
        Operand[] operands = extended ? new Operand[] { VRT, VRA, VRB } : new Operand[] { VRT, VRA };
        t.described(mnemonic, OPCODE | xo, extended ? VX : 0xfc00ffff, (c, m, w) -> {
            BigInteger in = extended ? quad(c, Fields.rb(w)).and(BigInteger.valueOf(15)) : BigInteger.ZERO;
            BigInteger product = quad(c, Fields.ra(w)).multiply(BigInteger.TEN).add(in);
            setQuad(c, Fields.rt(w), carryOut ? product.shiftRight(128) : product);
        }, operands);
    }

    // ---- quadword compares ------------------------------------------------------------------------

    private static void quadwordCompares(InstructionTable t) {
        quadCompare(t, "vcmpequq", 0x1c7, (a, b) -> a.equals(b));
        quadCompare(t, "vcmpgtuq", 0x287, (a, b) -> a.compareTo(b) > 0);
        quadCompare(t, "vcmpgtsq", 0x387, (a, b) -> signed(a).compareTo(signed(b)) > 0);
        for (boolean signed : new boolean[] { false, true }) {
            t.described(signed ? "vcmpsq" : "vcmpuq", OPCODE | (signed ? 0x141 : 0x101), 0xfc6007ff, (c, m, w) -> {
                BigInteger a = quad(c, Fields.ra(w));
                BigInteger b = quad(c, Fields.rb(w));
                int r = signed ? signed(a).compareTo(signed(b)) : a.compareTo(b);
                c.setCrField(Fields.bf(w), r < 0 ? 8 : r > 0 ? 4 : 2);
            }, BF_ALWAYS, VRA, VRB);
        }
    }

    @FunctionalInterface
    private interface QuadTest {
        boolean holds(BigInteger a, BigInteger b);
    }

    /** All ones or zeros; the record form sets CR6 to 8 (true) or 2 (false). */
    private static void quadCompare(InstructionTable t, String mnemonic, int xo, QuadTest test) {
        for (boolean record : new boolean[] { false, true }) {
            t.described(mnemonic + (record ? "." : ""), OPCODE | xo | (record ? RECORD : 0), VX, (c, m, w) -> {
                boolean holds = test.holds(quad(c, Fields.ra(w)), quad(c, Fields.rb(w)));
                setQuad(c, Fields.rt(w), holds ? MASK_128 : BigInteger.ZERO);
                if (record) {
                    c.setCrField(6, holds ? 8 : 2);
                }
            }, VRT, VRA, VRB);
        }
    }

    // ---- word and doubleword divide and modulo ---------------------------------------------------

    private static void elementDivides(InstructionTable t) {
        for (int size : new int[] { 32, 64 }) {
            String s = size == 32 ? "w" : "d";
            int column = size == 32 ? 0 : 0x40;
            element(t, "vdivu" + s, 0x8b + column, size, false, (a, b, old) -> b == 0 ? old : Long.divideUnsigned(a, b));
            element(t, "vdivs" + s, 0x18b + column, size, true, (a, b, old) -> undefined(a, b, size) ? old : a / b);
            element(t, "vmodu" + s, 0x68b + column, size, false, (a, b, old) -> b == 0 ? old : Long.remainderUnsigned(a, b));
            element(t, "vmods" + s, 0x78b + column, size, true, (a, b, old) -> undefined(a, b, size) ? old : a % b);
        }
        // extended: (VRA << element size) / VRB; a quotient that does not fit or a zero divisor is undefined
        element(t, "vdiveuw", 0x28b, 32, false, (a, b, old) -> b == 0 ? a : (a << 32) / b);
        element(t, "vdivesw", 0x38b, 32, true, (a, b, old) -> undefined(a, b, 32) ? a : (a << 32) / b);
        element(t, "vdiveud", 0x2cb, 64, false, (a, b, old) -> {
            if (b == 0) {
                return a;
            }
            BigInteger q = FloatArithmetic.unsigned(a).shiftLeft(64).divide(FloatArithmetic.unsigned(b));
            return q.bitLength() > 64 ? a : q.longValue();
        });
        element(t, "vdivesd", 0x3cb, 64, true, (a, b, old) -> {
            if (undefined(a, b, 64)) {
                return a;
            }
            BigInteger q = BigInteger.valueOf(a).shiftLeft(64).divide(BigInteger.valueOf(b));
            return q.bitLength() > 63 ? a : q.longValue();
        });
    }

    /** A signed division the ISA leaves undefined: by zero, or the most negative element by -1. */
    private static boolean undefined(long a, long b, int size) {
        return b == 0 || b == -1 && a == (size == 32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
    }

    private static void element(InstructionTable t, String mnemonic, int xo, int size, boolean signed, Element f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            int target = vr(Fields.rt(w));
            long[] r = new long[2];
            for (int i = 0; i < 2; i++) {
                r[i] = size == 64 ? f.apply(c.vsr[a + i], c.vsr[b + i], c.vsr[target + i])
                        : word(f, c.vsr[a + i] >>> 32, c.vsr[b + i] >>> 32, c.vsr[target + i] >>> 32, signed) << 32
                                | word(f, c.vsr[a + i], c.vsr[b + i], c.vsr[target + i], signed);
            }
            set(c, Fields.rt(w), r[0], r[1]);
        }, VRT, VRA, VRB);
    }

    private static long word(Element f, long a, long b, long old, boolean signed) {
        long x = signed ? (int) a : a & 0xffffffffL;
        long y = signed ? (int) b : b & 0xffffffffL;
        return f.apply(x, y, old & 0xffffffffL) & 0xffffffffL;
    }

    // ---- rotate and mask ------------------------------------------------------------------------------

    private static void rotateAndMask(InstructionTable t) {
        for (boolean insert : new boolean[] { false, true }) {
            // words: VRB's element holds mb (bits 11-15), me (19-23), sh (27-31); doublewords: mb, me, sh in 6 bits each
            element(t, insert ? "vrlwmi" : "vrlwnm", insert ? 0x85 : 0x185, 32, false, (a, b, old) -> {
                int mb = (int) (b >>> 16) & 31;
                int me = (int) (b >>> 8) & 31;
                long mask = wordMask(mb, me);
                long rotated = Integer.toUnsignedLong(Integer.rotateLeft((int) a, (int) b & 31)) & mask;
                return insert ? rotated | (old & ~mask) : rotated;
            });
            element(t, insert ? "vrldmi" : "vrldnm", insert ? 0xc5 : 0x1c5, 64, false, (a, b, old) -> {
                int mb = (int) (b >>> 16) & 63;
                int me = (int) (b >>> 8) & 63;
                long mask = doublewordMask(mb, me);
                long rotated = Long.rotateLeft(a, (int) b & 63) & mask;
                return insert ? rotated | (old & ~mask) : rotated;
            });
        }
    }

    private static long wordMask(int mb, int me) {
        long fromMb = 0xffffffffL >>> mb;
        long toMe = (0xffffffffL << (31 - me)) & 0xffffffffL;
        return mb <= me ? fromMb & toMe : fromMb | toMe;
    }

    private static long doublewordMask(int mb, int me) {
        long fromMb = -1L >>> mb;
        long toMe = -1L << (63 - me);
        return mb <= me ? fromMb & toMe : fromMb | toMe;
    }

    // ---- sums across elements, saturating ---------------------------------------------------------

    private static void sums(InstructionTable t) {
        // vsum4*: each word of VRB plus the four bytes (two halfwords) of the same word of VRA
        sum4(t, "vsum4ubs", 0x608, 8, false);
        sum4(t, "vsum4sbs", 0x708, 8, true);
        sum4(t, "vsum4shs", 0x648, 16, true);
        sumAcross(t, "vsum2sws", 0x688, 2);
        sumAcross(t, "vsumsws", 0x788, 4);
    }

    /**
     * vsum2sws (two groups of two words) and vsumsws (one group of four): each group of VRA's
     * words plus VRB's last word of the group, signed and saturated, into that last word; the
     * other words zero.
     */
    private static void sumAcross(InstructionTable t, String mnemonic, int xo, int group) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            long[] r = new long[2];
            boolean saturated = false;
            for (int last = group - 1; last < 4; last += group) {
                long sum = signedWord(c, b, last);
                for (int i = last - group + 1; i <= last; i++) {
                    sum += signedWord(c, a, i);
                }
                long clamped = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
                saturated |= clamped != sum;
                r[last / 2] |= (clamped & 0xffffffffL) << 32 * (1 - last % 2);
            }
            set(c, Fields.rt(w), r[0], r[1]);
            if (saturated) {
                c.vscr |= 1;
            }
        }, VRT, VRA, VRB);
    }

    /** Word {@code i} (0-3) of the register whose doubleword 0 is at {@code vsr}, sign-extended. */
    private static long signedWord(Cpu c, int vsr, int i) {
        return (int) (c.vsr[vsr + i / 2] >>> 32 * (1 - i % 2));
    }

    private static void sum4(InstructionTable t, String mnemonic, int xo, int size, boolean signed) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            long[] r = new long[2];
            boolean saturated = false;
            for (int i = 0; i < 2; i++) {
                long result = 0;
                for (int half = 0; half < 2; half++) {
                    int shift = 32 * (1 - half);
                    long wordA = (c.vsr[a + i] >>> shift) & 0xffffffffL;
                    long sum = signed ? (int) (c.vsr[b + i] >>> shift) : (c.vsr[b + i] >>> shift) & 0xffffffffL;
                    for (int e = 0; e < 32 / size; e++) {
                        long element = (wordA >>> (32 - size * (e + 1))) & ((1L << size) - 1);
                        sum += signed ? element << (64 - size) >> (64 - size) : element;
                    }
                    long clamped = signed ? Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum)) : Math.min(0xffffffffL, sum);
                    saturated |= clamped != sum;
                    result |= (clamped & 0xffffffffL) << shift;
                }
                r[i] = result;
            }
            set(c, Fields.rt(w), r[0], r[1]);
            if (saturated) {
                c.vscr |= 1;
            }
        }, VRT, VRA, VRB);
    }

    // ---- variable byte shifts -------------------------------------------------------------------------

    private static void variableShifts(InstructionTable t) {
        // vslv: byte i of VRA with the next byte after it, shifted left by VRB's byte i (0-7); vsrv: with the byte before, right
        t.described("vslv", OPCODE | 0x744, VX, (c, m, w) -> {
            byte[] a = VectorRegisters.bytes(c, Fields.ra(w));
            byte[] b = VectorRegisters.bytes(c, Fields.rb(w));
            byte[] r = new byte[16];
            for (int i = 0; i < 16; i++) {
                int pair = (a[i] & 0xff) << 8 | (i < 15 ? a[i + 1] & 0xff : 0);
                r[i] = (byte) ((pair << (b[i] & 7)) >>> 8);
            }
            VectorRegisters.set(c, Fields.rt(w), r);
        }, VRT, VRA, VRB);
        t.described("vsrv", OPCODE | 0x704, VX, (c, m, w) -> {
            byte[] a = VectorRegisters.bytes(c, Fields.ra(w));
            byte[] b = VectorRegisters.bytes(c, Fields.rb(w));
            byte[] r = new byte[16];
            for (int i = 0; i < 16; i++) {
                int pair = (i > 0 ? a[i - 1] & 0xff : 0) << 8 | (a[i] & 0xff);
                r[i] = (byte) (pair >>> (b[i] & 7));
            }
            VectorRegisters.set(c, Fields.rt(w), r);
        }, VRT, VRA, VRB);
    }
}
