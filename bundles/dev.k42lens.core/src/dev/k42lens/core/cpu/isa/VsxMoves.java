package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.DQ;
import static dev.k42lens.core.cpu.isa.Operand.DS;
import static dev.k42lens.core.cpu.isa.Operand.FRT;
import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.UIM4;
import static dev.k42lens.core.cpu.isa.Operand.UIM5;
import static dev.k42lens.core.cpu.isa.Operand.UIMM_VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.Operand.XB;
import static dev.k42lens.core.cpu.isa.Operand.XT;
import static dev.k42lens.core.cpu.isa.Operand.XT_DQ;

import java.util.function.LongUnaryOperator;

import dev.k42lens.core.mem.GuestMemory;

/**
 * VSX loads, stores and moves, stated once each: whole registers element by element, as one
 * quadword or by a length in a GPR, splats, scalars, the rightmost elements, moves between GPRs
 * and VSRs, word extract and insert, the permute control vectors of xxgenpcv*, and the
 * quad-precision constants of lxvkq. Memory is accessed in the process's byte order element by
 * element, as the ISA defines these forms; a quadword is one 16-byte value in that order, except
 * for lxvb16x, stxvb16x, lxvll and stxvll, which move bytes in register order. The VMX loads and
 * stores ({@link VmxMoves}) share the quadword and X-form address helpers.
 */
final class VsxMoves {
    private static final int X = 0xfc0007fe;
    /** The X-form GPR moves, whose RB field is 0 and whose bit 31 (TX) the mnemonic names. */
    private static final int MOVE = 0xfc00ffff;
    private static final int DS_FORM = 0xfc000003;
    private static final int DQ_FORM = 0xfc000007;
    private static final int INDEXED = 31 << 26;

    private VsxMoves() {
    }

    static void describe(InstructionTable t) {
        vectors(t);
        scalars(t);
        gprMoves(t);
        // the rightmost element: zero-extended to 128 bits, or stored from the low bits
        int[] sizes = { 1, 2, 4, 8 };
        String[] names = { "b", "h", "w", "d" };
        for (int i = 0; i < 4; i++) {
            int size = sizes[i];
            t.described("lxvr" + names[i] + "x", INDEXED | (13 + 32 * i) << 1, X,
                    (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w), 0, m.read(c.indexedAddress(w), size)), XT, RA0, RB);
            t.described("stxvr" + names[i] + "x", INDEXED | (141 + 32 * i) << 1, X,
                    (c, m, w) -> m.write(c.indexedAddress(w), size, c.vsr[2 * Fields.xt(w) + 1]), XT, RA0, RB);
        }
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

    // ---- whole registers --------------------------------------------------------------------------

    private static void vectors(InstructionTable t) {
        elements(t, "lxvd2x", 844, "stxvd2x", 972, 8);
        elements(t, "lxvw4x", 780, "stxvw4x", 908, 4);
        elements(t, "lxvh8x", 812, "stxvh8x", 940, 2);
        // one element from the address in every element of XT
        for (int size : new int[] { 8, 4 }) {
            t.described(size == 8 ? "lxvdsx" : "lxvwsx", INDEXED | (size == 8 ? 332 : 364) << 1, X, (c, m, w) -> {
                long d = VectorRegisters.replicate(m.read(c.indexedAddress(w), size), size);
                VectorRegisters.setVsr(c, Fields.xt(w), d, d);
            }, XT, RA0, RB);
        }
        // one quadword: in the process's byte order (lxvx, stxvx), or its bytes in register order whatever that is
        // (lxvb16x, stxvb16x); lxvl, lxvll, stxvl and stxvll move only the first RB[0:7] bytes (16 at most) from RA|0,
        // the rest of XT zero
        for (boolean ordered : new boolean[] { true, false }) {
            t.described(ordered ? "lxvx" : "lxvb16x", INDEXED | (ordered ? 268 : 876) << 1, X,
                    (c, m, w) -> loadBytes(c, m, Fields.xt(w), c.indexedAddress(w), 16, ordered), XT, RA0, RB);
            t.described(ordered ? "stxvx" : "stxvb16x", INDEXED | (ordered ? 396 : 1004) << 1, X,
                    (c, m, w) -> storeBytes(c, m, Fields.xt(w), c.indexedAddress(w), 16, ordered), XT, RA0, RB);
            t.described(ordered ? "lxvl" : "lxvll", INDEXED | (ordered ? 269 : 301) << 1, X,
                    (c, m, w) -> loadBytes(c, m, Fields.xt(w), c.base(w), length(c, w), ordered), XT, RA0, RB);
            t.described(ordered ? "stxvl" : "stxvll", INDEXED | (ordered ? 397 : 429) << 1, X,
                    (c, m, w) -> storeBytes(c, m, Fields.xt(w), c.base(w), length(c, w), ordered), XT, RA0, RB);
        }
        t.described("lxv", 61 << 26 | 1, DQ_FORM, (c, m, w) -> loadBytes(c, m, Fields.xtDq(w), c.base(w) + Fields.dq(w), 16, true),
                XT_DQ, DQ, RA0);
        t.described("stxv", 61 << 26 | 5, DQ_FORM, (c, m, w) -> storeBytes(c, m, Fields.xtDq(w), c.base(w) + Fields.dq(w), 16, true),
                XT_DQ, DQ, RA0);
    }

    /**
     * lxv?x and stxv?x: the elements of {@code size} bytes one by one, each in the process's byte
     * order, element 0 at the address (a load writes XT only when every element was read).
     */
    private static void elements(InstructionTable t, String load, int loadXo, String store, int storeXo, int size) {
        t.described(load, INDEXED | loadXo << 1, X, (c, m, w) -> {
            long ea = c.indexedAddress(w);
            long high = readElements(m, ea, size);
            VectorRegisters.setVsr(c, Fields.xt(w), high, readElements(m, ea + 8, size));
        }, XT, RA0, RB);
        t.described(store, INDEXED | storeXo << 1, X, (c, m, w) -> {
            long ea = c.indexedAddress(w);
            int xt = Fields.xt(w);
            writeElements(m, ea, size, c.vsr[2 * xt]);
            writeElements(m, ea + 8, size, c.vsr[2 * xt + 1]);
        }, XT, RA0, RB);
    }

    /** A doubleword of elements of {@code size} bytes at {@code ea}, each in the process's byte order, the first most significant. */
    private static long readElements(GuestMemory m, long ea, int size) {
        if (size == 8) {
            return m.read64(ea);   // lxvd2x, in loops that the compiler vectorised: no loop here
        }
        long d = 0;
        for (int i = 0; i < 8 / size; i++) {
            d = d << 8 * size | m.read(ea + size * i, size);
        }
        return d;
    }

    /** The elements of doubleword {@code d} to {@code ea}, as {@link #readElements} reads them, the first element first. */
    private static void writeElements(GuestMemory m, long ea, int size, long d) {
        for (int i = 0; i < 8 / size; i++) {
            m.write(ea + size * i, size, d >>> 8 * size * (8 / size - 1 - i));
        }
    }

    /** The byte count of lxvl and kin: RB's most significant byte, 16 at most. */
    private static int length(Cpu c, int w) {
        return (int) Math.min(16, c.gpr[Fields.rb(w)] >>> 56);
    }

    /**
     * The first {@code length} bytes of a quadword at {@code ea} into VSR {@code vsr}, the rest
     * zero: {@code ordered}, as a quadword in the process's byte order (the register's byte 0 is
     * the last byte of the 16 in little-endian mode), else in register order. Nothing is written
     * when the read faults.
     */
    static void loadBytes(Cpu c, GuestMemory m, int vsr, long ea, int length, boolean ordered) {
        byte[] bytes = new byte[length];
        m.read(ea, bytes, 0, length);
        byte[] r = new byte[16];
        for (int i = 0; i < length; i++) {
            r[ordered ? registerByte(m, i) : i] = bytes[i];
        }
        VectorRegisters.setVsrBytes(c, vsr, r);
    }

    /** The first {@code length} bytes of VSR {@code vsr} taken as {@link #loadBytes} puts them, to {@code ea}. */
    static void storeBytes(Cpu c, GuestMemory m, int vsr, long ea, int length, boolean ordered) {
        byte[] v = VectorRegisters.vsrBytes(c, vsr);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = v[ordered ? registerByte(m, i) : i];
        }
        m.write(ea, bytes, 0, length);
    }

    /**
     * The register byte that byte {@code i} of a quadword in memory is: the same in big-endian
     * mode; in little-endian mode, where the quadword is one little-endian value, the mirror.
     */
    static int registerByte(GuestMemory m, int i) {
        return m.isBigEndian() ? i : 15 - i;
    }

    // ---- scalars --------------------------------------------------------------------------------------

    private static void scalars(InstructionTable t) {
        // the element into doubleword 0, zero-extended (doubleword 1, undefined, kept as qemu keeps it), or stored from there
        String[] loads = { "lxsibzx", "lxsihzx", "lxsiwzx", "lxsdx" };
        int[] loadXos = { 781, 813, 12, 588 };
        String[] stores = { "stxsibx", "stxsihx", "stxsiwx", "stxsdx" };
        int[] storeXos = { 909, 941, 140, 716 };
        for (int k = 0; k < 4; k++) {
            int size = 1 << k;
            t.described(loads[k], INDEXED | loadXos[k] << 1, X, (c, m, w) -> c.vsr[2 * Fields.xt(w)] = m.read(c.indexedAddress(w), size), XT, RA0,
                    RB);
            t.described(stores[k], INDEXED | storeXos[k] << 1, X, (c, m, w) -> m.write(c.indexedAddress(w), size, c.vsr[2 * Fields.xt(w)]), XT,
                    RA0, RB);
        }
        t.described("lxsiwax", INDEXED | 76 << 1, X, (c, m, w) -> c.vsr[2 * Fields.xt(w)] = m.read32(c.indexedAddress(w)), XT, RA0, RB);
        // single precision: the word's bits as a double, as lfs loads it; stored back as stfs stores it
        t.described("lxsspx", INDEXED | 524 << 1, X,
                (c, m, w) -> c.vsr[2 * Fields.xt(w)] = FloatingPointBits.singleToDouble(m.read32(c.indexedAddress(w))), XT, RA0, RB);
        t.described("stxsspx", INDEXED | 652 << 1, X,
                (c, m, w) -> m.write32(c.indexedAddress(w), FloatingPointBits.storeSingle(c.vsr[2 * Fields.xt(w)])), XT, RA0, RB);
        // the DS forms name a VMX register (VSR 32-63), and their loads make doubleword 1 zero
        t.described("lxsd", 57 << 26 | 2, DS_FORM, (c, m, w) -> VectorRegisters.set(c, Fields.rt(w), m.read64(c.base(w) + Fields.ds(w)),
                0), VRT, DS, RA0);
        t.described("lxssp", 57 << 26 | 3, DS_FORM, (c, m, w) -> VectorRegisters.set(c, Fields.rt(w),
                FloatingPointBits.singleToDouble(m.read32(c.base(w) + Fields.ds(w))), 0), VRT, DS, RA0);
        t.described("stxsd", 61 << 26 | 2, DS_FORM, (c, m, w) -> m.write64(c.base(w) + Fields.ds(w), c.vsr[VectorRegisters.vr(Fields.rt(w))]),
                VRT, DS, RA0);
        t.described("stxssp", 61 << 26 | 3, DS_FORM, (c, m, w) -> m.write32(c.base(w) + Fields.ds(w),
                FloatingPointBits.storeSingle(c.vsr[VectorRegisters.vr(Fields.rt(w))])), VRT, DS, RA0);
    }

    // ---- moves between GPRs and VSRs ----------------------------------------------------------------

    private static void gprMoves(InstructionTable t) {
        fromVsr(t, "mffprd", "mfvrd", 51, d -> d);
        fromVsr(t, "mffprwz", "mfvrwz", 115, d -> d & 0xffffffffL);
        // doubleword 1 stays as it was, as qemu leaves it
        toVsr(t, "mtfprd", "mtvrd", 179, g -> g);
        toVsr(t, "mtfprwa", "mtvrwa", 211, g -> (int) g);
        toVsr(t, "mtfprwz", "mtvrwz", 243, g -> g & 0xffffffffL);
        t.described("mfvsrld", INDEXED | 307 << 1, X | 0xf800, (c, m, w) -> c.gpr[Fields.ra(w)] = c.vsr[2 * Fields.xt(w) + 1], RA, XT);
        t.described("mtvsrdd", INDEXED | 435 << 1, X, (c, m, w) -> VectorRegisters.setVsr(c, Fields.xt(w), c.base(w), c.gpr[Fields.rb(w)]),
                XT, RA0, RB);
        t.described("mtvsrws", INDEXED | 403 << 1, X | 0xf800, (c, m, w) -> {
            long d = VectorRegisters.replicate(c.gpr[Fields.ra(w)], 4);
            VectorRegisters.setVsr(c, Fields.xt(w), d, d);
        }, XT, RA);
    }

    /**
     * mfvsrd and mfvsrwz: binutils names them after the register file the VSR lies in, mffpr* for
     * VSR 0-31 (the FPRs), mfvr* for VSR 32-63 (TX, bit 31, set).
     */
    private static void fromVsr(InstructionTable t, String fpr, String vr, int xo, LongUnaryOperator f) {
        Semantics move = (c, m, w) -> c.gpr[Fields.ra(w)] = f.applyAsLong(c.vsr[2 * Fields.xt(w)]);
        t.described(fpr, INDEXED | xo << 1, MOVE, move, RA, FRT);
        t.described(vr, INDEXED | xo << 1 | 1, MOVE, move, RA, VRT);
    }

    /** mtvsrd, mtvsrwa, mtvsrwz, named as {@link #fromVsr} says. */
    private static void toVsr(InstructionTable t, String fpr, String vr, int xo, LongUnaryOperator f) {
        Semantics move = (c, m, w) -> c.vsr[2 * Fields.xt(w)] = f.applyAsLong(c.gpr[Fields.ra(w)]);
        t.described(fpr, INDEXED | xo << 1, MOVE, move, FRT, RA);
        t.described(vr, INDEXED | xo << 1 | 1, MOVE, move, VRT, RA);
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
}
