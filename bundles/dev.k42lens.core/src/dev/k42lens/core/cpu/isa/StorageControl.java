package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.InstructionTable.x;
import static dev.k42lens.core.cpu.isa.Operand.L2;
import static dev.k42lens.core.cpu.isa.Operand.RA0;
import static dev.k42lens.core.cpu.isa.Operand.RB;
import static dev.k42lens.core.cpu.isa.Operand.TH;

/**
 * Barriers and cache-block instructions. All but dcbz are {@link Op#HINT}s: one guest thread runs
 * at a time and every store is visible at once, so there is nothing to order or flush.
 */
final class StorageControl {
    private static final int XRC = 0xfc0007ff;
    /** The X form with the RT field zero (the cache-block instructions). */
    private static final int X_NO_RT = 0xffe007ff;
    private static final Semantics NOTHING = (c, m, w) -> {
    };
    private static final byte[] ZERO_BLOCK = new byte[128];

    private StorageControl() {
    }

    static void describe(InstructionTable t) {
        hint(t, "isync", x(19, 150), 0xffffffff);
        hint(t, "hwsync", x(31, 598), 0xffffffff);
        hint(t, "lwsync", x(31, 598) | 1 << 21, 0xffffffff);
        hint(t, "ptesync", x(31, 598) | 2 << 21, 0xffffffff);
        hint(t, "sync", x(31, 598), 0xff9fffff, L2);
        hint(t, "eieio", x(31, 854), 0xffffffff);
        // binutils' default ppc64 dialect names the TH=0 forms after their e500mc spelling
        hint(t, "dcbtct", x(31, 278), X_NO_RT, RA0, RB);
        hint(t, "dcbt", x(31, 278), XRC, RA0, RB, TH);
        hint(t, "dcbtstct", x(31, 246), X_NO_RT, RA0, RB);
        hint(t, "dcbtst", x(31, 246), XRC, RA0, RB, TH);
        // dcbz zeroes the 128-byte block, the POWER cache line size
        t.described("dcbz", x(31, 1014), X_NO_RT, (c, m, w) -> {
            m.write(c.indexedAddress(w) & ~127L, ZERO_BLOCK, 0, 128);
        }, RA0, RB);
        hint(t, "dcbst", x(31, 54), X_NO_RT, RA0, RB);
        hint(t, "dcbf", x(31, 86), X_NO_RT, RA0, RB);
        // dcbf's other L values: flush the line local (1) or for persistence (3), the persistent-storage
        // flush and store (4, 6)
        hint(t, "dcbfl", x(31, 86) | 1 << 21, X_NO_RT, RA0, RB);
        hint(t, "dcbflp", x(31, 86) | 3 << 21, X_NO_RT, RA0, RB);
        hint(t, "dcbfps", x(31, 86) | 4 << 21, X_NO_RT, RA0, RB);
        hint(t, "dcbstps", x(31, 86) | 6 << 21, X_NO_RT, RA0, RB);
        hint(t, "icbi", x(31, 982), X_NO_RT, RA0, RB);
        // or rx,rx,rx with these registers: priority and thread hints
        hint(t, "yield", x(31, 444) | 27 << 21 | 27 << 16 | 27 << 11, 0xffffffff);
        hint(t, "mdoio", x(31, 444) | 29 << 21 | 29 << 16 | 29 << 11, 0xffffffff);
        hint(t, "mdoom", x(31, 444) | 30 << 21 | 30 << 16 | 30 << 11, 0xffffffff);
    }

    private static void hint(InstructionTable t, String mnemonic, int value, int mask, Operand... operands) {
        t.row(mnemonic, value, mask, null, Op.HINT, NOTHING, operands);
    }
}
