package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.DQ;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.XTP;

import dev.k42lens.core.mem.GuestMemory;

/**
 * The POWER10 paired vector loads and stores (lxvp, stxvp, lxvpx, stxvpx; the prefixed plxvp and
 * pstxvp in {@link Prefixed}), stated once: 32 bytes to or from an even/odd VSR pair. In big-endian
 * mode the even register holds the first 16 bytes; in little-endian mode the pair is one 32-byte
 * little-endian value, so the odd register holds the first 16 bytes, each quadword reversed.
 */
final class VectorPairs {
    private VectorPairs() {
    }

    static void describe(InstructionTable t) {
        t.described("lxvp", 6 << 26, 0xfc00000f, (c, m, w) -> load(c, m, c.base(w) + Fields.dq(w), pair(w)), XTP, DQ, RA0);
        t.described("stxvp", 6 << 26 | 1, 0xfc00000f, (c, m, w) -> store(c, m, c.base(w) + Fields.dq(w), pair(w)), XTP, DQ,
                RA0);
        t.described("lxvpx", 31 << 26 | 333 << 1, 0xfc0007fe,
                (c, m, w) -> load(c, m, c.base(w) + c.gpr[Fields.rb(w)], pair(w)), XTP, RA0, RB);
        t.described("stxvpx", 31 << 26 | 461 << 1, 0xfc0007fe,
                (c, m, w) -> store(c, m, c.base(w) + c.gpr[Fields.rb(w)], pair(w)), XTP, RA0, RB);
    }

    /** The even VSR of the pair named in bits 6-10 (Tp, then TX) of {@code word}. */
    static int pair(int word) {
        return ((word >>> 21) & 1) * 32 + ((word >>> 22) & 15) * 2;
    }

    static void load(Cpu c, GuestMemory m, long ea, int xtp) {
        long[] d = new long[4];
        for (int i = 0; i < 4; i++) {
            d[i] = m.read64(ea + 8 * i);
        }
        if (m.isBigEndian()) {
            VectorRegisters.setVsr(c, xtp, d[0], d[1]);
            VectorRegisters.setVsr(c, xtp + 1, d[2], d[3]);
        } else {
            VectorRegisters.setVsr(c, xtp + 1, d[1], d[0]);
            VectorRegisters.setVsr(c, xtp, d[3], d[2]);
        }
    }

    static void store(Cpu c, GuestMemory m, long ea, int xtp) {
        long[] d = m.isBigEndian()
                ? new long[] { c.vsr[2 * xtp], c.vsr[2 * xtp + 1], c.vsr[2 * xtp + 2], c.vsr[2 * xtp + 3] }
                : new long[] { c.vsr[2 * xtp + 3], c.vsr[2 * xtp + 2], c.vsr[2 * xtp + 1], c.vsr[2 * xtp] };
        for (int i = 0; i < 4; i++) {
            m.write64(ea + 8 * i, d[i]);
        }
    }
}
