package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.UIM4;
import static dev.k42lens.core.cpu.isa.Operand.UIM5;
import static dev.k42lens.core.cpu.isa.Operand.UIMM_VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.XB;
import static dev.k42lens.core.cpu.isa.Operand.XT;

import dev.k42lens.core.mem.GuestMemory;

/**
 * VSX loads, stores and moves of parts of a register, stated once each: scalar byte and halfword
 * loads and stores, the rightmost-element loads and stores, word splat, halfword-element vectors,
 * word extract and insert, and the quad-precision constants of lxvkq. Memory is accessed in the
 * process's byte order element by element, as the ISA defines these forms.
 */
final class VsxMoves {
    private static final int X = 0xfc0007fe;
    private static final int INDEXED = 31 << 26;

    private VsxMoves() {
    }

    static void describe(InstructionTable t) {
        // scalar: the element into doubleword 0, zero-extended (doubleword 1, undefined, kept as qemu keeps it)
        t.described("lxsibzx", INDEXED | 781 << 1, X, (c, m, w) -> c.vsr[2 * Fields.xt(w)] = m.read8(ea(c, w)), XT, RA0, RB);
        t.described("lxsihzx", INDEXED | 813 << 1, X, (c, m, w) -> c.vsr[2 * Fields.xt(w)] = m.read16(ea(c, w)), XT, RA0, RB);
        t.described("stxsibx", INDEXED | 909 << 1, X, (c, m, w) -> m.write8(ea(c, w), (int) c.vsr[2 * Fields.xt(w)]), XT, RA0, RB);
        t.described("stxsihx", INDEXED | 941 << 1, X, (c, m, w) -> m.write16(ea(c, w), (int) c.vsr[2 * Fields.xt(w)]), XT, RA0, RB);
        // the rightmost element: zero-extended to 128 bits, or stored from the low bits
        int[] sizes = { 1, 2, 4, 8 };
        String[] names = { "b", "h", "w", "d" };
        for (int i = 0; i < 4; i++) {
            int size = sizes[i];
            t.described("lxvr" + names[i] + "x", INDEXED | (13 + 32 * i) << 1, X,
                    (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w), 0, read(m, ea(c, w), size)), XT, RA0, RB);
            t.described("stxvr" + names[i] + "x", INDEXED | (141 + 32 * i) << 1, X,
                    (c, m, w) -> write(m, ea(c, w), size, c.vsr[2 * Fields.xt(w) + 1]), XT, RA0, RB);
        }
        t.described("lxvwsx", INDEXED | 364 << 1, X, (c, m, w) -> {
            long word = m.read32(ea(c, w)) & 0xffffffffL;
            VectorRegisters.setVsr(c, Fields.xt(w), word << 32 | word, word << 32 | word);
        }, XT, RA0, RB);
        t.described("lxvh8x", INDEXED | 812 << 1, X, (c, m, w) -> {
            long ea = ea(c, w);
            long[] d = new long[2];
            for (int i = 0; i < 8; i++) {
                d[i / 4] = d[i / 4] << 16 | (m.read16(ea + 2 * i) & 0xffff);
            }
            VectorRegisters.setVsr(c, Fields.xt(w), d[0], d[1]);
        }, XT, RA0, RB);
        t.described("stxvh8x", INDEXED | 940 << 1, X, (c, m, w) -> {
            long ea = ea(c, w);
            int xt = Fields.xt(w);
            for (int i = 0; i < 8; i++) {
                m.write16(ea + 2 * i, (int) (c.vsr[2 * xt + i / 4] >>> (48 - 16 * (i % 4))));
            }
        }, XT, RA0, RB);
        // xxextractuw: bytes UIM..UIM+3 of XB into word 1 of XT; xxinsertw: word 1 of XB into those bytes of XT
        t.described("xxextractuw", 60 << 26 | 165 << 2, 0xfc1007fc, (c, m, w) -> {
            byte[] b = VectorRegisters.vsrBytes(c, Fields.xb(w));
            int at = UIM4.value(w);
            long word = 0;
            for (int i = 0; i < 4; i++) {
                word = word << 8 | (at + i < 16 ? b[at + i] & 0xff : 0);
            }
            VectorRegisters.setVsr(c, Fields.xt(w), word, 0);
        }, XT, XB, UIM4);
        t.described("xxinsertw", 60 << 26 | 181 << 2, 0xfc1007fc, (c, m, w) -> {
            byte[] target = VectorRegisters.vsrBytes(c, Fields.xt(w));
            byte[] b = VectorRegisters.vsrBytes(c, Fields.xb(w));
            int at = UIM4.value(w);
            for (int i = 0; i < 4 && at + i < 16; i++) {
                target[at + i] = b[4 + i];
            }
            VectorRegisters.setVsrBytes(c, Fields.xt(w), target);
        }, XT, XB, UIM4);
        // xxgenpcv[bhwd]m: the permute control vector that expands (IMM 0, 2) or compresses (1, 3) the elements
        // VRB's mask selects (each element's most significant bit), in big-endian (0, 1) or little-endian (2, 3) indexes
        int[] extendedOpcodes = { 0x728, 0x72a, 0x768, 0x76a };
        for (int k = 0; k < 4; k++) {
            int size = 1 << k;
            t.described("xxgenpcv" + "bhwd".charAt(k) + "m", 60 << 26 | extendedOpcodes[k], 0xfc0007fe, w -> Fields.ra(w) < 4,
                    (c, m, w) -> VectorRegisters.setVsrBytes(c, Fields.xt(w),
                            permuteControl(VectorRegisters.bytes(c, Fields.rb(w)), size, Fields.ra(w))), XT, VRB, UIMM_VRA);
        }
        t.described("lxvkq", 60 << 26 | 31 << 16 | 360 << 1, 0xfc1f07fe, w -> QUAD_CONSTANTS[UIM5.value(w)] != 0 || UIM5.value(w) == 16,
                (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w), QUAD_CONSTANTS[UIM5.value(w)], 0), XT, UIM5);
    }

    /**
     * The high doublewords of lxvkq's quad-precision constants by UIM: +1.0 to +7.0, +infinity, a
     * quiet NaN, then (from 16) -0.0, -1.0 to -7.0, -infinity; other values are reserved (illegal).
     */
    private static final long[] QUAD_CONSTANTS = new long[32];

    static {
        long[] positive = { 0x3fff000000000000L, 0x4000000000000000L, 0x4000800000000000L, 0x4001000000000000L,
            0x4001400000000000L, 0x4001800000000000L, 0x4001c00000000000L, 0x7fff000000000000L };
        for (int i = 0; i < positive.length; i++) {
            QUAD_CONSTANTS[1 + i] = positive[i];
            QUAD_CONSTANTS[17 + i] = positive[i] | Long.MIN_VALUE;
        }
        QUAD_CONSTANTS[9] = 0x7fff800000000000L;
        QUAD_CONSTANTS[16] = Long.MIN_VALUE;
    }

    /**
     * Expansion: the selected elements take the source indexes 0, 1, ... in order, the others
     * their own index in the second source (16 + i); compression: the selected elements' indexes,
     * packed from the first element, the rest 0. Little-endian forms count elements and bytes
     * from the right.
     */
    private static byte[] permuteControl(byte[] mask, int size, int imm) {
        boolean littleEndian = imm >= 2;
        boolean expand = (imm & 1) == 0;
        byte[] t = new byte[16];
        for (int i = 0; expand && i < 16; i++) {
            t[i] = (byte) (littleEndian ? 0x1f - i : 0x10 + i);
        }
        int next = 0;
        for (int e = 0; e < 16; e += size) {
            int start = littleEndian ? 16 - e - size : e;   // the element's first byte, big-endian numbering
            if (mask[start] >= 0) {
                continue;
            }
            for (int k = 0; k < size; k++) {
                int at = expand ? start : littleEndian ? 16 - next - size : next;
                int index = expand ? next : e;
                t[littleEndian ? at + size - 1 - k : at + k] = (byte) (index + k);
            }
            next += size;
        }
        return t;
    }

    private static long ea(Cpu c, int w) {
        int ra = Fields.ra(w);
        return (ra == 0 ? 0 : c.gpr[ra]) + c.gpr[Fields.rb(w)];
    }

    private static long read(GuestMemory m, long ea, int size) {
        return switch (size) {
            case 1 -> m.read8(ea);
            case 2 -> m.read16(ea) & 0xffffL;
            case 4 -> m.read32(ea) & 0xffffffffL;
            default -> m.read64(ea);
        };
    }

    private static void write(GuestMemory m, long ea, int size, long value) {
        switch (size) {
            case 1 -> m.write8(ea, (int) value);
            case 2 -> m.write16(ea, (int) value);
            case 4 -> m.write32(ea, (int) value);
            default -> m.write64(ea, value);
        }
    }
}
