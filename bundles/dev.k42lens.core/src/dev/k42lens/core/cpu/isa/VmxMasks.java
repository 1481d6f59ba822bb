package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.BM16;
import static dev.k42lens.core.cpu.isa.Operand.MP;
import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.RC;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.SH3;
import static dev.k42lens.core.cpu.isa.Operand.UIM4;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.bytes;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

import java.util.function.LongBinaryOperator;

/**
 * VMX instructions that move masks, bits and elements, stated once each: mask moves and
 * expansions (mtvsr*m, vexpand*m, vextract*m, vcntmb*), the counts of bytes with a clear least
 * significant bit (vclzlsbb, vctzlsbb), bit deposit, extract, centrifuge and masked zero counts
 * per doubleword, the bit gathers and permutes (vgbbd, vgnb, vbpermq, vbpermd), element inserts
 * from GPRs and from VRB at a byte index, extracts from a register pair, double-register shifts,
 * byte clears, string isolation, and the 1-5-5-5 pixel packs. Byte 0 is the most significant in
 * both byte orders.
 */
final class VmxMasks {
    private static final int OPCODE = 4 << 26;
    private static final int VX = 0xfc0007ff;
    private static final int VX_SELECT = 0xfc1f07ff;
    private static final int VA = 0xfc00003f;

    private VmxMasks() {
    }

    static void describe(InstructionTable t) {
        masks(t);
        bits(t);
        inserts(t);
        extracts(t);
        shiftsAndClears(t);
        strings(t);
        pixels(t);
    }

    // ---- masks ------------------------------------------------------------------------------------

    private static void masks(InstructionTable t) {
        String[] names = { "b", "h", "w", "d", "q" };
        for (int k = 0; k < 5; k++) {
            int size = 8 << k;   // element bits
            String s = names[k];
            // mtvsr?m: element i all ones when bit i of the GPR's last 128/size bits is set
            t.described("mtvsr" + s + "m", OPCODE | (16 + k) << 16 | 1602, VX_SELECT, (c, m, w) -> {
                byte[] r = new byte[16];
                int count = 128 / size;
                long source = c.gpr[Fields.rb(w)];
                for (int i = 0; i < count; i++) {
                    fill(r, i, size, (source >>> (count - 1 - i) & 1) != 0);
                }
                VectorRegisters.set(c, Fields.rt(w), r);
            }, VRT, RB);
            // vexpand?m: each element all ones or zeros as its most significant bit
            t.described("vexpand" + s + "m", OPCODE | k << 16 | 1602, VX_SELECT, (c, m, w) -> {
                byte[] b = bytes(c, Fields.rb(w));
                byte[] r = new byte[16];
                for (int i = 0; i < 128 / size; i++) {
                    fill(r, i, size, b[i * size / 8] < 0);
                }
                VectorRegisters.set(c, Fields.rt(w), r);
            }, VRT, VRB);
            t.described("vextract" + s + "m", OPCODE | (8 + k) << 16 | 1602, VX_SELECT,
                    (c, m, w) -> c.gpr[Fields.rt(w)] = mostSignificantBits(bytes(c, Fields.rb(w)), size), RT, VRB);
            int countShift = 56 + k;
            if (k < 4) {
                // vcntmb?: how many elements' most significant bit equals MP, in the GPR's top bits
                t.described("vcntmb" + s, OPCODE | (24 + 2 * k) << 16 | 1602, 0xfc1e07ff, (c, m, w) -> {
                    long msbs = mostSignificantBits(bytes(c, Fields.rb(w)), size);
                    int count = 128 / size;
                    int ones = Long.bitCount(msbs);
                    long n = MP.value(w) == 1 ? ones : count - ones;
                    c.gpr[Fields.rt(w)] = n << countShift;
                }, RT, VRB, MP);
            }
        }
        // vclzlsbb, vctzlsbb: how many bytes from the left or from the right have a least significant bit 0, up to the first 1
        for (boolean fromRight : new boolean[] { false, true }) {
            t.described(fromRight ? "vctzlsbb" : "vclzlsbb", OPCODE | (fromRight ? 1 : 0) << 16 | 1538, VX_SELECT, (c, m, w) -> {
                byte[] b = bytes(c, Fields.rb(w));
                int count = 0;
                while (count < 16 && (b[fromRight ? 15 - count : count] & 1) == 0) {
                    count++;
                }
                c.gpr[Fields.rt(w)] = count;
            }, RT, VRB);
        }
        // mtvsrbmi: the 16-bit immediate as a byte mask
        t.described("mtvsrbmi", OPCODE | 20, 0xfc00003e, (c, m, w) -> {
            byte[] r = new byte[16];
            int mask = BM16.value(w);
            for (int i = 0; i < 16; i++) {
                fill(r, i, 8, (mask >>> (15 - i) & 1) != 0);
            }
            VectorRegisters.set(c, Fields.rt(w), r);
        }, VRT, BM16);
    }

    private static void fill(byte[] r, int element, int size, boolean ones) {
        for (int j = 0; j < size / 8; j++) {
            r[element * size / 8 + j] = ones ? (byte) 0xff : 0;
        }
    }

    /** The most significant bit of each element, element 0 leftmost, right-justified. */
    private static long mostSignificantBits(byte[] b, int size) {
        long bits = 0;
        for (int i = 0; i < 128 / size; i++) {
            bits = bits << 1 | (b[i * size / 8] < 0 ? 1 : 0);
        }
        return bits;
    }

    // ---- bit deposit, extract, centrifuge, masked counts; vbpermd ---------------------------------

    private static void bits(InstructionTable t) {
        doublewords(t, "vpdepd", 0x5cd, Long::expand);
        doublewords(t, "vpextd", 0x58d, Long::compress);
        doublewords(t, "vcfuged", 0x54d, FixedPoint::centrifuge);
        doublewords(t, "vclzdm", 0x784, FixedPoint::leadingZerosUnderMask);
        doublewords(t, "vctzdm", 0x7c4, FixedPoint::trailingZerosUnderMask);
        // vgnb: bits 0, N, 2N, ... of VRB (N 2-7) in order from RT's most significant bit, the rest 0;
        // N 0 and 1 are undefined: RT stays as it was, as in qemu
        t.described("vgnb", OPCODE | 0x4cc, VX, (c, m, w) -> {
            int n = Operand.GATHER_N.value(w);
            if (n < 2) {
                return;
            }
            int b = vr(Fields.rb(w));
            long result = 0;
            int count = 0;
            for (int i = 0; i < 128; i += n, count++) {
                long d = c.vsr[b + i / 64];
                result = result << 1 | (d >>> (63 - i % 64)) & 1;
            }
            c.gpr[Fields.rt(w)] = result << (64 - count);
        }, RT, VRB, Operand.GATHER_N);
        // vgbbd: in each doubleword of VRB, bit j of byte i becomes bit i of byte j
        t.described("vgbbd", OPCODE | 0x50c, VX_SELECT, (c, m, w) -> {
            int b = vr(Fields.rb(w));
            set(c, Fields.rt(w), transpose8x8(c.vsr[b]), transpose8x8(c.vsr[b + 1]));
        }, VRT, VRB);
        // vbpermq: the bits of VRA that VRB's sixteen bytes index (>= 128: 0), in bits 48-63 of doubleword 0
        t.described("vbpermq", OPCODE | 0x54c, VX, (c, m, w) -> {
            byte[] b = bytes(c, Fields.rb(w));
            int a = vr(Fields.ra(w));
            long result = 0;
            for (int i = 0; i < 16; i++) {
                int index = b[i] & 0xff;
                if (index < 128 && (c.vsr[a + index / 64] >>> (63 - index % 64) & 1) != 0) {
                    result |= 0x8000 >>> i;
                }
            }
            set(c, Fields.rt(w), result, 0);
        }, VRT, VRA, VRB);
        // vbpermd: for each doubleword, the bits of VRA's doubleword that VRB's eight bytes index (>= 64: 0)
        doublewords(t, "vbpermd", 0x5cc, (a, b) -> {
            long r = 0;
            for (int j = 0; j < 8; j++) {
                int index = (int) (b >>> (56 - 8 * j)) & 0xff;
                r = r << 1 | (index < 64 ? (a >>> (63 - index)) & 1 : 0);
            }
            return r;
        });
    }

    /** Bit j of byte i of {@code x} as bit i of byte j (an 8 x 8 bit matrix transposed). */
    private static long transpose8x8(long x) {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                long bit = (x >>> (63 - (8 * i + j))) & 1;
                result |= bit << (63 - (8 * j + i));
            }
        }
        return result;
    }

    private static void doublewords(InstructionTable t, String mnemonic, int xo, LongBinaryOperator f) {
        t.described(mnemonic, OPCODE | xo, VX, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            set(c, Fields.rt(w), f.applyAsLong(c.vsr[a], c.vsr[b]), f.applyAsLong(c.vsr[a + 1], c.vsr[b + 1]));
        }, VRT, VRA, VRB);
    }

    // ---- inserts --------------------------------------------------------------------------------------

    private static void inserts(InstructionTable t) {
        String[] names = { "b", "h", "w", "d" };
        for (int k = 0; k < 4; k++) {
            int size = 1 << k;   // bytes
            String s = names[k];
            // from a GPR at the byte index in RA, counted from the left (l) or the right (r)
            t.described("vins" + s + "lx", OPCODE | (0x20f + 0x40 * k), VX, (c, m, w) -> insert(c, Fields.rt(w),
                    c.gpr[Fields.rb(w)], (int) c.gpr[Fields.ra(w)] & 15, size, false), VRT, RA, RB);
            t.described("vins" + s + "rx", OPCODE | (0x30f + 0x40 * k), VX, (c, m, w) -> insert(c, Fields.rt(w),
                    c.gpr[Fields.rb(w)], (int) c.gpr[Fields.ra(w)] & 15, size, true), VRT, RA, RB);
            if (k < 3) {
                // from VRB's element in the middle of doubleword 0 (byte 7, halfword 3, word 1)
                t.described("vins" + s + "vlx", OPCODE | (0xf + 0x40 * k), VX, (c, m, w) -> insert(c, Fields.rt(w),
                        c.vsr[vr(Fields.rb(w))], (int) c.gpr[Fields.ra(w)] & 15, size, false), VRT, RA, VRB);
                t.described("vins" + s + "vrx", OPCODE | (0x10f + 0x40 * k), VX, (c, m, w) -> insert(c, Fields.rt(w),
                        c.vsr[vr(Fields.rb(w))], (int) c.gpr[Fields.ra(w)] & 15, size, true), VRT, RA, VRB);
            }
        }
        // vinsw, vinsd: from a GPR at the immediate byte index
        t.described("vinsw", OPCODE | 0xcf, 0xfc1007ff, (c, m, w) -> insert(c, Fields.rt(w), c.gpr[Fields.rb(w)], UIM4.value(w), 4,
                false), VRT, RB, UIM4);
        t.described("vinsd", OPCODE | 0x1cf, 0xfc1007ff, (c, m, w) -> insert(c, Fields.rt(w), c.gpr[Fields.rb(w)], UIM4.value(w), 8,
                false), VRT, RB, UIM4);
    }

    /**
     * Writes the low {@code size} bytes of {@code value} into VRT at byte {@code index} from the
     * left, or (fromRight) ending {@code index} bytes from the right; bytes past the end are dropped.
     */
    private static void insert(Cpu c, int vrt, long value, int index, int size, boolean fromRight) {
        byte[] r = bytes(c, vrt);
        int at = fromRight ? 16 - index - size : index;
        for (int j = 0; j < size; j++) {
            if (at + j >= 0 && at + j < 16) {
                r[at + j] = (byte) (value >>> (8 * (size - 1 - j)));
            }
        }
        VectorRegisters.set(c, vrt, r);
    }

    // ---- extracts from VRA || VRB -----------------------------------------------------------------

    private static void extracts(InstructionTable t) {
        String[] names = { "b", "h", "w", "d" };
        for (int k = 0; k < 4; k++) {
            int size = 1 << k;
            for (boolean fromRight : new boolean[] { false, true }) {
                // the element at byte index RC (0-31) of the 32-byte VRA || VRB, zero-extended into doubleword 0
                t.described((k == 3 ? "vextdd" : "vextdu" + names[k]) + "v" + (fromRight ? "r" : "l") + "x", OPCODE | (0x18 + 2 * k + (fromRight ? 1 : 0)), VA,
                        (c, m, w) -> {
                            byte[] pair = new byte[32];
                            System.arraycopy(bytes(c, Fields.ra(w)), 0, pair, 0, 16);
                            System.arraycopy(bytes(c, Fields.rb(w)), 0, pair, 16, 16);
                            int index = (int) c.gpr[Fields.rc(w)] & 31;
                            int at = fromRight ? 32 - index - size : index;
                            long value = 0;
                            for (int j = 0; j < size; j++) {
                                int i = at + j;
                                value = value << 8 | (i >= 0 && i < 32 ? pair[i] & 0xff : 0);
                            }
                            set(c, Fields.rt(w), value, 0);
                        }, VRT, VRA, VRB, RC);
            }
        }
    }

    // ---- shifts of a register pair, byte clears ----------------------------------------------------

    private static void shiftsAndClears(InstructionTable t) {
        // vsldbi: the high 128 bits of (VRA || VRB) << SH; vsrdbi: the low 128 bits of (VRA || VRB) >> SH
        t.described("vsldbi", OPCODE | 0x16, 0xfc00063f, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            int sh = SH3.value(w);
            set(c, Fields.rt(w), shiftLeft(c.vsr[a], c.vsr[a + 1], sh), shiftLeft(c.vsr[a + 1], c.vsr[b], sh));
        }, VRT, VRA, VRB, SH3);
        t.described("vsrdbi", OPCODE | 0x216, 0xfc00063f, (c, m, w) -> {
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            int sh = SH3.value(w);
            set(c, Fields.rt(w), shiftRight(c.vsr[a + 1], c.vsr[b], sh), shiftRight(c.vsr[b], c.vsr[b + 1], sh));
        }, VRT, VRA, VRB, SH3);
        // vclrlb keeps VRA's rightmost N = RB bytes (clearing the others), vclrrb its leftmost N; N >= 16 keeps all
        for (boolean keepLeft : new boolean[] { false, true }) {
            t.described(keepLeft ? "vclrrb" : "vclrlb", OPCODE | (keepLeft ? 0x1cd : 0x18d), VX, (c, m, w) -> {
                byte[] r = bytes(c, Fields.ra(w));
                long n = c.gpr[Fields.rb(w)];
                if (Long.compareUnsigned(n, 16) < 0) {
                    for (int i = 0; i < 16; i++) {
                        if (keepLeft ? i >= n : i < 16 - n) {
                            r[i] = 0;
                        }
                    }
                }
                VectorRegisters.set(c, Fields.rt(w), r);
            }, VRT, VRA, RB);
        }
    }

    /** The high doubleword of (hi || lo) << n, 0 <= n < 8. */
    private static long shiftLeft(long hi, long lo, int n) {
        return n == 0 ? hi : hi << n | lo >>> (64 - n);
    }

    /** The low doubleword of (hi || lo) >> n, 0 <= n < 8. */
    private static long shiftRight(long hi, long lo, int n) {
        return n == 0 ? lo : lo >>> n | hi << (64 - n);
    }

    // ---- string isolation -----------------------------------------------------------------------------

    private static void strings(InstructionTable t) {
        String[] names = { "vstribl", "vstribr", "vstrihl", "vstrihr" };
        for (int k = 0; k < 4; k++) {
            int size = k < 2 ? 1 : 2;
            boolean fromRight = (k & 1) != 0;
            for (boolean record : new boolean[] { false, true }) {
                // the elements of VRB up to the first null one, from the left or the right; the rest 0. Rc: CR6 EQ says a null was found
                t.described(names[k] + (record ? "." : ""), OPCODE | k << 16 | 0xd | (record ? 0x400 : 0), VX_SELECT, (c, m, w) -> {
                    byte[] b = bytes(c, Fields.rb(w));
                    byte[] r = new byte[16];
                    int count = 16 / size;
                    boolean found = false;
                    for (int n = 0; n < count && !found; n++) {
                        int i = fromRight ? count - 1 - n : n;
                        boolean isNull = b[i * size] == 0 && b[i * size + size - 1] == 0;
                        if (isNull) {
                            found = true;
                        } else {
                            System.arraycopy(b, i * size, r, i * size, size);
                        }
                    }
                    VectorRegisters.set(c, Fields.rt(w), r);
                    if (record) {
                        c.setCrField(6, found ? 2 : 0);
                    }
                }, VRT, VRB);
            }
        }
    }

    // ---- pixels ------------------------------------------------------------------------------------------

    private static void pixels(InstructionTable t) {
        // vpkpx: each word of VRA then VRB (bit 7, bits 8-12, 16-20, 24-28) packed into a 1-5-5-5 halfword
        t.described("vpkpx", OPCODE | 0x30e, VX, (c, m, w) -> {
            long[] words = new long[8];
            int a = vr(Fields.ra(w));
            int b = vr(Fields.rb(w));
            long[] d = { c.vsr[a], c.vsr[a + 1], c.vsr[b], c.vsr[b + 1] };
            for (int i = 0; i < 8; i++) {
                long word = (d[i / 2] >>> (32 * (1 - i % 2))) & 0xffffffffL;
                words[i] = (word >>> 24 & 1) << 15 | (word >>> 19 & 0x1f) << 10 | (word >>> 11 & 0x1f) << 5 | (word >>> 3 & 0x1f);
            }
            set(c, Fields.rt(w), words[0] << 48 | words[1] << 32 | words[2] << 16 | words[3],
                    words[4] << 48 | words[5] << 32 | words[6] << 16 | words[7]);
        }, VRT, VRA, VRB);
        // vupkhpx, vupklpx: the high or low four halfwords of VRB, each 1-5-5-5 pixel into a word (the 1 sign-extended to a byte)
        for (boolean low : new boolean[] { false, true }) {
            t.described(low ? "vupklpx" : "vupkhpx", OPCODE | (low ? 0x3ce : 0x34e), VX_SELECT, (c, m, w) -> {
                long source = c.vsr[vr(Fields.rb(w)) + (low ? 1 : 0)];
                long[] r = new long[2];
                for (int i = 0; i < 4; i++) {
                    long h = (source >>> (48 - 16 * i)) & 0xffff;
                    long word = ((h >>> 15) != 0 ? 0xffL << 24 : 0) | (h >>> 10 & 0x1f) << 16 | (h >>> 5 & 0x1f) << 8 | (h & 0x1f);
                    r[i / 2] |= word << (32 * (1 - i % 2));
                }
                set(c, Fields.rt(w), r[0], r[1]);
            }, VRT, VRB);
        }
    }
}
