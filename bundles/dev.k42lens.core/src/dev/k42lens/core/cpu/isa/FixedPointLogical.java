package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Fields.*;
import static dev.k42lens.core.cpu.isa.InstructionTable.op;
import static dev.k42lens.core.cpu.isa.InstructionTable.x;
import static dev.k42lens.core.cpu.isa.Operand.*;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The fixed-point logical, rotate and shift instructions of the original Power ISA, stated once
 * each, extended mnemonics (nop, mr, not, slwi, srdi, ...) before their base forms as binutils
 * prints them. The operations a translated region generates itself are named by their {@link Op}.
 */
public final class FixedPointLogical {
    private static final int OP = 0xfc000000;
    private static final int XRC = 0xfc0007ff;
    private static final int MDS = 0xfc00001e;

    private FixedPointLogical() {
    }

    static void describe(InstructionTable t) {
        t.row("andi.", op(28), OP, null, Op.ANDI_RC, immediate((s, ui) -> s & ui, true), RA, RS, UI);
        t.row("andis.", op(29), OP, null, Op.ANDIS_RC, immediate((s, ui) -> s & ui << 16, true), RA, RS, UI);
        Semantics ori = immediate((s, ui) -> s | ui, false);
        t.row("nop", op(24), 0xffffffff, null, Op.ORI, ori);
        t.row("ori", op(24), OP, null, Op.ORI, ori, RA, RS, UI);
        t.row("oris", op(25), OP, null, Op.ORIS, immediate((s, ui) -> s | ui << 16, false), RA, RS, UI);
        Semantics xori = immediate((s, ui) -> s ^ ui, false);
        t.row("xnop", op(26), 0xffffffff, null, Op.XORI, xori);
        t.row("xori", op(26), OP, null, Op.XORI, xori, RA, RS, UI);
        t.row("xoris", op(27), OP, null, Op.XORIS, immediate((s, ui) -> s ^ ui << 16, false), RA, RS, UI);
        binary(t, "and", 28, Op.AND, (s, b) -> s & b);
        binary(t, "andc", 60, Op.ANDC, (s, b) -> s & ~b);
        Semantics or = logical((s, b) -> s | b);
        t.row("mr", x(31, 444), XRC, w -> rt(w) == rb(w), Op.OR, or, RA, RS);
        t.row("mr.", x(31, 444) | 1, XRC, w -> rt(w) == rb(w), Op.OR, or, RA, RS);
        t.xrc("or", 31, 444, Op.OR, or, RA, RS, RB);
        binary(t, "orc", 412, Op.ORC, (s, b) -> s | ~b);
        binary(t, "xor", 316, Op.XOR, (s, b) -> s ^ b);
        binary(t, "nand", 476, Op.NAND, (s, b) -> ~(s & b));
        Semantics nor = logical((s, b) -> ~(s | b));
        t.row("not", x(31, 124), XRC, w -> rt(w) == rb(w), Op.NOR, nor, RA, RS);
        t.row("not.", x(31, 124) | 1, XRC, w -> rt(w) == rb(w), Op.NOR, nor, RA, RS);
        t.xrc("nor", 31, 124, Op.NOR, nor, RA, RS, RB);
        binary(t, "eqv", 284, Op.EQV, (s, b) -> ~(s ^ b));
        unary(t, "extsb", 954, Op.EXTSB, s -> (byte) s);
        unary(t, "extsh", 922, Op.EXTSH, s -> (short) s);
        unary(t, "extsw", 986, Op.EXTSW, s -> (int) s);
        unary(t, "cntlzw", 26, Op.CNTLZW, s -> Integer.numberOfLeadingZeros((int) s));
        unary(t, "cntlzd", 58, Op.CNTLZD, Long::numberOfLeadingZeros);
        unary(t, "cnttzw", 538, Op.DESCRIBED, s -> Integer.numberOfTrailingZeros((int) s));
        unary(t, "cnttzd", 570, Op.DESCRIBED, Long::numberOfTrailingZeros);
        noRecord(t, "popcntb", 122, s -> popcountPer(s, 8), RA, RS);
        noRecord(t, "popcntw", 378, s -> popcountPer(s, 32), RA, RS);
        noRecord(t, "popcntd", 506, Long::bitCount, RA, RS);
        noRecord(t, "prtyw", 154, s -> {
            long bits = s & 0x0101010101010101L;
            return (long) (Long.bitCount(bits >>> 32) & 1) << 32 | Long.bitCount(bits & 0xffffffffL) & 1;
        }, RA, RS);
        noRecord(t, "prtyd", 186, s -> Long.bitCount(s & 0x0101010101010101L) & 1, RA, RS);
        t.described("cmpb", x(31, 508), XRC, (c, m, w) -> {
            long a = c.gpr[rt(w)];
            long b = c.gpr[rb(w)];
            long result = 0;
            for (int i = 0; i < 64; i += 8) {
                if (((a >>> i) & 0xff) == ((b >>> i) & 0xff)) {
                    result |= 0xffL << i;
                }
            }
            c.gpr[ra(w)] = result;
        }, RA, RS, RB);
        t.described("bpermd", x(31, 252), XRC, (c, m, w) -> {
            long s = c.gpr[rt(w)];
            long b = c.gpr[rb(w)];
            long result = 0;
            for (int i = 0; i < 8; i++) {
                int index = (int) (s >>> (56 - 8 * i)) & 0xff;
                if (index < 64 && ((b >>> (63 - index)) & 1) != 0) {
                    result |= 0x80 >>> i;
                }
            }
            c.gpr[ra(w)] = result;
        }, RA, RS, RB);
        rotateAndShift(t);
    }

    private static void rotateAndShift(InstructionTable t) {
        Semantics rlwinm = toRa((c, w) -> rotl32(c.gpr[rt(w)], rb(w)) & mask(rc(w) + 32, me(w) + 32));
        Semantics rlwimi = toRa((c, w) -> {
            long m = mask(rc(w) + 32, me(w) + 32);
            return (rotl32(c.gpr[rt(w)], rb(w)) & m) | (c.gpr[ra(w)] & ~m);
        });
        Semantics rlwnm = toRa((c, w) -> rotl32(c.gpr[rt(w)], (int) c.gpr[rb(w)] & 31) & mask(rc(w) + 32, me(w) + 32));
        Semantics rldicl = toRa((c, w) -> Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & mask(mb6(w), 63));
        Semantics rldicr = toRa((c, w) -> Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & mask(0, mb6(w)));
        Semantics rldic = toRa((c, w) -> Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & mask(mb6(w), 63 - sh6(w)));
        Semantics rldimi = toRa((c, w) -> {
            long m = mask(mb6(w), 63 - sh6(w));
            return (Long.rotateLeft(c.gpr[rt(w)], sh6(w)) & m) | (c.gpr[ra(w)] & ~m);
        });
        Semantics rldcl = toRa((c, w) -> Long.rotateLeft(c.gpr[rt(w)], (int) c.gpr[rb(w)] & 63) & mask(mb6(w), 63));
        Semantics rldcr = toRa((c, w) -> Long.rotateLeft(c.gpr[rt(w)], (int) c.gpr[rb(w)] & 63) & mask(0, mb6(w)));
        Semantics sradi = (c, m, w) -> shiftRightAlgebraicDouble(c, w, sh6(w));
        Semantics extswsli = toRa((c, w) -> (long) (int) c.gpr[rt(w)] << sh6(w));
        for (int rc = 0; rc < 2; rc++) {
            String dot = rc == 0 ? "" : ".";
            int word = op(21) | rc;
            int m = 0xfc000001;
            t.row("rotlwi" + dot, word | 31 << 1, m | 0x7fe, null, Op.RLWINM, rlwinm, RA, RS, SH);
            t.row("clrlwi" + dot, word | 31 << 1, m | 0xf83e, null, Op.RLWINM, rlwinm, RA, RS, MB);
            t.row("slwi" + dot, word, m | 0x7c0, w -> rb(w) != 0 && me(w) == 31 - rb(w), Op.RLWINM, rlwinm, RA, RS, SH);
            t.row("srwi" + dot, word | 31 << 1, m | 0x3e, w -> rc(w) != 0 && rb(w) == 32 - rc(w), Op.RLWINM, rlwinm, RA, RS,
                    SRWI_N);
            t.row("clrrwi" + dot, word, m | 0xffc0, null, Op.RLWINM, rlwinm, RA, RS, CLRRWI_N);
            t.row("rlwinm" + dot, word, m, null, Op.RLWINM, rlwinm, RA, RS, SH, MB, ME);
            t.row("rlwimi" + dot, op(20) | rc, m, null, Op.RLWIMI, rlwimi, RA, RS, SH, MB, ME);
            t.row("rotlw" + dot, op(23) | rc | 31 << 1, m | 0x7fe, null, Op.RLWNM, rlwnm, RA, RS, RB);
            t.row("rlwnm" + dot, op(23) | rc, m, null, Op.RLWNM, rlwnm, RA, RS, RB, MB, ME);

            int md = 0xfc00001d;
            t.row("rotldi" + dot, op(30) | rc, md | 0x7e0, null, Op.RLDICL, rldicl, RA, RS, SH6);
            t.row("clrldi" + dot, op(30) | rc, md | 0xf802, null, Op.RLDICL, rldicl, RA, RS, MB6);
            t.row("srdi" + dot, op(30) | rc, md, w -> mb6(w) != 0 && sh6(w) == 64 - mb6(w), Op.RLDICL, rldicl, RA, RS, MB6);
            t.row("rldicl" + dot, op(30) | rc, md, null, Op.RLDICL, rldicl, RA, RS, SH6, MB6);
            t.row("clrrdi" + dot, op(30) | 1 << 2 | rc, md | 0xf802, null, Op.RLDICR, rldicr, RA, RS, CLRRDI_N);
            t.row("sldi" + dot, op(30) | 1 << 2 | rc, md, w -> mb6(w) == 63 - sh6(w), Op.RLDICR, rldicr, RA, RS, SH6);
            t.row("rldicr" + dot, op(30) | 1 << 2 | rc, md, null, Op.RLDICR, rldicr, RA, RS, SH6, MB6);
            t.row("rldic" + dot, op(30) | 2 << 2 | rc, md, null, Op.RLDIC, rldic, RA, RS, SH6, MB6);
            t.row("rldimi" + dot, op(30) | 3 << 2 | rc, md, null, Op.RLDIMI, rldimi, RA, RS, SH6, MB6);
            t.described("rotld" + dot, op(30) | 8 << 1 | rc, 0xfc0007ff, rldcl, RA, RS, RB);
            t.described("rldcl" + dot, op(30) | 8 << 1 | rc, MDS | 1, rldcl, RA, RS, RB, MB6);
            t.described("rldcr" + dot, op(30) | 9 << 1 | rc, MDS | 1, rldcr, RA, RS, RB, MB6);
            t.row("sradi" + dot, op(31) | 413 << 2 | rc, 0xfc0007fd, null, Op.SRADI, sradi, RA, RS, SH6);
            t.described("extswsli" + dot, op(31) | 445 << 2 | rc, 0xfc0007fd, extswsli, RA, RS, SH6);
        }
        binary(t, "slw", 24, Op.SLW, (s, b) -> shiftLeftWord(s, (int) b));
        binary(t, "srw", 536, Op.SRW, (s, b) -> shiftRightWord(s, (int) b));
        t.xrc("sraw", 31, 792, Op.DESCRIBED, (c, m, w) -> shiftRightAlgebraicWord(c, w, (int) c.gpr[rb(w)] & 63), RA, RS, RB);
        t.xrc("srawi", 31, 824, Op.SRAWI, (c, m, w) -> shiftRightAlgebraicWord(c, w, rb(w)), RA, RS, SH);
        binary(t, "sld", 27, Op.SLD, (s, b) -> shiftLeftDouble(s, (int) b));
        binary(t, "srd", 539, Op.SRD, (s, b) -> shiftRightDouble(s, (int) b));
        t.xrc("srad", 31, 794, Op.DESCRIBED, (c, m, w) -> shiftRightAlgebraicDouble(c, w, (int) c.gpr[rb(w)] & 127), RA, RS, RB);
    }

    /** RA = f(RS, UI), CR0 for andi. and andis. */
    private static Semantics immediate(LongBinaryOperator f, boolean record) {
        return (c, m, w) -> {
            long result = f.applyAsLong(c.gpr[rt(w)], ui(w));
            c.gpr[ra(w)] = result;
            if (record) {
                FixedPointArithmetic.recordCr0(c, result);
            }
        };
    }

    /** An X-form RA = f(RS) and its record form. */
    private static void unary(InstructionTable t, String mnemonic, int xo, Op op, LongUnaryOperator f) {
        t.xrc(mnemonic, 31, xo, op, toRa((c, w) -> f.applyAsLong(c.gpr[rt(w)])), RA, RS);
    }

    /** An X-form RA = f(RS, RB) and its record form. */
    private static void binary(InstructionTable t, String mnemonic, int xo, Op op, LongBinaryOperator f) {
        t.xrc(mnemonic, 31, xo, op, logical(f), RA, RS, RB);
    }

    /** An X-form RA = f(RS) without a record form (its Rc bit is reserved). */
    private static void noRecord(InstructionTable t, String mnemonic, int xo, LongUnaryOperator f, Operand... operands) {
        t.described(mnemonic, x(31, xo), XRC, (c, m, w) -> c.gpr[ra(w)] = f.applyAsLong(c.gpr[rt(w)]), operands);
    }

    /** RA = f(RS, RB), CR0 from it when Rc. */
    private static Semantics logical(LongBinaryOperator f) {
        return toRa((c, w) -> f.applyAsLong(c.gpr[rt(w)], c.gpr[rb(w)]));
    }

    /** What an instruction word computes from the registers. */
    private interface Result {
        long of(Cpu c, int w);
    }

    /** RA = the result, CR0 from it when Rc. */
    private static Semantics toRa(Result f) {
        return (c, m, w) -> setRa(c, w, f.of(c, w));
    }

    /** RA = result, CR0 from it when Rc. */
    private static void setRa(Cpu c, int w, long result) {
        c.gpr[ra(w)] = result;
        if (rcBit(w)) {
            FixedPointArithmetic.recordCr0(c, result);
        }
    }

    private static long popcountPer(long value, int width) {
        long result = 0;
        long fieldMask = width == 64 ? -1L : (1L << width) - 1;
        for (int i = 0; i < 64; i += width) {
            result |= (long) Long.bitCount((value >>> i) & fieldMask) << i;
        }
        return result;
    }

    /** The low word of {@code value} rotated left by {@code n}, in both halves (rlwinm and friends). */
    public static long rotl32(long value, int n) {
        long word = Integer.rotateLeft((int) value, n) & 0xffffffffL;
        return word | word << 32;
    }

    /** The ISA's MASK(mb, me) with bit 0 as the most significant. */
    public static long mask(int mb, int me) {
        long begin = -1L >>> mb;
        long end = -1L << (63 - me);
        return mb <= me ? begin & end : begin | end;
    }

    /** slw: the low word shifted left by RB's low 6 bits (0 from 32 on). */
    public static long shiftLeftWord(long value, int rb) {
        int n = rb & 63;
        return n >= 32 ? 0 : (value << n) & 0xffffffffL;
    }

    /** srw: the low word shifted right by RB's low 6 bits (0 from 32 on). */
    public static long shiftRightWord(long value, int rb) {
        int n = rb & 63;
        return n >= 32 ? 0 : (value & 0xffffffffL) >>> n;
    }

    /** sld: shifted left by RB's low 7 bits (0 from 64 on). */
    public static long shiftLeftDouble(long value, int rb) {
        int n = rb & 127;
        return n >= 64 ? 0 : value << n;
    }

    /** srd: shifted right by RB's low 7 bits (0 from 64 on). */
    public static long shiftRightDouble(long value, int rb) {
        int n = rb & 127;
        return n >= 64 ? 0 : value >>> n;
    }

    /** sraw, srawi: CA (and CA32) when RS is negative and one bits were shifted out. */
    private static void shiftRightAlgebraicWord(Cpu c, int w, int n) {
        int s = (int) c.gpr[rt(w)];
        boolean carry = algebraicCarry32(s, n);
        c.ca = carry;
        c.ca32 = carry;
        setRa(c, w, n >= 32 ? s >> 31 : s >> n);
    }

    private static void shiftRightAlgebraicDouble(Cpu c, int w, int n) {
        long s = c.gpr[rt(w)];
        boolean carry = algebraicCarry64(s, n);
        c.ca = carry;
        c.ca32 = carry;
        setRa(c, w, n >= 64 ? s >> 63 : s >> n);
    }

    /** CA of sraw and srawi: a negative word shifted right by {@code n} lost 1 bits (all of them from 32 on). */
    public static boolean algebraicCarry32(int s, int n) {
        return n >= 32 ? s < 0 : s < 0 && n > 0 && (s & ((1 << n) - 1)) != 0;
    }

    /** CA of srad and sradi, as {@link #algebraicCarry32} for a doubleword. */
    public static boolean algebraicCarry64(long s, int n) {
        return n >= 64 ? s < 0 : s < 0 && n > 0 && (s & ((1L << n) - 1)) != 0;
    }
}
