package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;

import dev.k42lens.core.mem.GuestMemory;

/**
 * VMX loads and stores, lvsl and lvsr, and the VSCR moves, stated once each. The address is RA|0 +
 * RB with its low bits cleared to the size moved. A quadword moves as one 16-byte value in the
 * process's byte order, as lxvx does ({@link VsxMoves}); an element load or store moves one
 * element between memory and the place its address has in the quadword around it, so that in
 * little-endian mode the place is counted from the right.
 */
final class VmxMoves {
    private static final int OPCODE = 4 << 26;
    private static final int INDEXED = 31 << 26;
    /** X form with bit 31 reserved (0). */
    private static final int X = 0xfc0007ff;

    private VmxMoves() {
    }

    static void describe(InstructionTable t) {
        // lvxl and stvxl hint that the line is least recently used: nothing to do without caches
        for (boolean lru : new boolean[] { false, true }) {
            t.described(lru ? "lvxl" : "lvx", INDEXED | (lru ? 359 : 103) << 1, X,
                    (c, m, w) -> VsxMoves.loadBytes(c, m, 32 + Fields.rt(w), c.indexedAddress(w) & ~15L, 16, true), VRT, RA0, RB);
            t.described(lru ? "stvxl" : "stvx", INDEXED | (lru ? 487 : 231) << 1, X,
                    (c, m, w) -> VsxMoves.storeBytes(c, m, 32 + Fields.rt(w), c.indexedAddress(w) & ~15L, 16, true), VRT, RA0, RB);
        }
        String[] names = { "b", "h", "w" };
        for (int k = 0; k < 3; k++) {
            int size = 1 << k;
            t.described("lve" + names[k] + "x", INDEXED | (7 + 32 * k) << 1, X, (c, m, w) -> loadElement(c, m, w, size), VRT, RA0, RB);
            t.described("stve" + names[k] + "x", INDEXED | (135 + 32 * k) << 1, X, (c, m, w) -> storeElement(c, m, w, size), VRT, RA0,
                    RB);
        }
        // lvsl, lvsr: the permute control that shifts left (or right) by the address's low four bits, for vperm
        for (boolean right : new boolean[] { false, true }) {
            t.described(right ? "lvsr" : "lvsl", INDEXED | (right ? 38 : 6) << 1, X, (c, m, w) -> {
                int sh = (int) (c.indexedAddress(w) & 15);
                byte[] r = new byte[16];
                for (int i = 0; i < 16; i++) {
                    r[i] = (byte) (right ? 16 - sh + i : sh + i);
                }
                VectorRegisters.set(c, Fields.rt(w), r);
            }, VRT, RA0, RB);
        }
        // mfvscr: the VSCR in word 3, the rest zero; mtvscr: word 3 of VRB to the VSCR
        t.described("mfvscr", OPCODE | 1540, 0xfc1fffff, (c, m, w) -> VectorRegisters.set(c, Fields.rt(w), 0, c.vscr & 0xffffffffL),
                VRT);
        t.described("mtvscr", OPCODE | 1604, 0xffff07ff, (c, m, w) -> c.vscr = (int) c.vsr[VectorRegisters.vr(Fields.rb(w)) + 1], VRB);
    }

    /** lve?x: the element at the address into its place in VRT; the other bytes of VRT stay. */
    private static void loadElement(Cpu c, GuestMemory m, int w, int size) {
        long ea = c.indexedAddress(w) & -size;
        int index = (int) (ea & 15);
        byte[] bytes = new byte[size];
        m.read(ea, bytes, 0, size);
        byte[] v = VectorRegisters.bytes(c, Fields.rt(w));
        for (int i = 0; i < size; i++) {
            v[VsxMoves.registerByte(m, index + i)] = bytes[i];
        }
        VectorRegisters.set(c, Fields.rt(w), v);
    }

    /** stve?x: the element of VRS at the address's place, to the address. */
    private static void storeElement(Cpu c, GuestMemory m, int w, int size) {
        long ea = c.indexedAddress(w) & -size;
        int index = (int) (ea & 15);
        byte[] v = VectorRegisters.bytes(c, Fields.rt(w));
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = v[VsxMoves.registerByte(m, index + i)];
        }
        m.write(ea, bytes, 0, size);
    }
}
