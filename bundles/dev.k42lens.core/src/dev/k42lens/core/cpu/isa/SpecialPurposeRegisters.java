package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Fields.rt;
import static dev.k42lens.core.cpu.isa.Fields.spr;
import static dev.k42lens.core.cpu.isa.InstructionTable.x;
import static dev.k42lens.core.cpu.isa.Operand.RS;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.SPR;

import dev.k42lens.core.mem.GuestMemory;

/**
 * mfspr, mtspr and mftb for the SPRs a user program may use: XER, LR, CTR, VRSAVE, DSCR, TAR and
 * the time base, with binutils' extended mnemonics (mflr, mtctr, mftb, ...). Any other SPR is an
 * illegal instruction, as Linux reports it. A translated region moves LR and CTR itself.
 */
final class SpecialPurposeRegisters {
    private static final int XRC = 0xfc0007ff;
    private static final int SPR_FIELD = 0xfc1fffff;

    private SpecialPurposeRegisters() {
    }

    static void describe(InstructionTable t) {
        String[][] sprs = { { "1", "xer" }, { "8", "lr" }, { "9", "ctr" }, { "256", "vrsave" }, { "3", "dscr" },
            { "17", "dscr" }, { "815", "tar" } };
        for (String[] spr : sprs) {
            int encoded = encoded(Integer.parseInt(spr[0]));
            t.row("mf" + spr[1], x(31, 339) | encoded, SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
            t.row("mt" + spr[1], x(31, 467) | encoded, SPR_FIELD, null, Op.MTSPR, SpecialPurposeRegisters::set, RS);
        }
        t.row("mftb", x(31, 339) | encoded(268), SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
        t.row("mftbu", x(31, 339) | encoded(269), SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
        t.row("mfpvr", x(31, 339) | encoded(287), SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
        t.row("mfspr", x(31, 339), XRC, null, Op.MFSPR, SpecialPurposeRegisters::move, RT, SPR);
        t.row("mtspr", x(31, 467), XRC, null, Op.MTSPR, SpecialPurposeRegisters::set, SPR, RS);
        // the older mftb reads the same registers as mfspr (LR and CTR for TBR 8 and 9, as the interpreter always did)
        t.row("mftb", x(31, 371) | encoded(268), SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
        t.row("mftbu", x(31, 371) | encoded(269), SPR_FIELD, null, Op.MFSPR, SpecialPurposeRegisters::move, RT);
        t.row("mftb", x(31, 371), XRC, null, Op.MFSPR, SpecialPurposeRegisters::move, RT, SPR);
    }

    /** The SPR number as the instruction holds it: its two 5-bit halves swapped. */
    private static int encoded(int spr) {
        return (spr & 31) << 16 | (spr >> 5) << 11;
    }

    /** mfspr, mftb: RT = the SPR. */
    private static void move(Cpu c, GuestMemory m, int w) {
        c.gpr[rt(w)] = switch (spr(w)) {
            case 1 -> c.xer();
            case 8 -> c.lr;
            case 9 -> c.ctr;
            case 256 -> c.vrsave & 0xffffffffL;
            case 268 -> c.timeBase.getAsLong();
            case 269 -> c.timeBase.getAsLong() >>> 32;
            case 3, 17 -> 0; // DSCR: no prefetch tuning
            case 815 -> c.tar;
            default -> throw ProgramInterrupt.ILLEGAL_INSTRUCTION;
        };
    }

    /** mtspr: the SPR = RS. */
    private static void set(Cpu c, GuestMemory m, int w) {
        long v = c.gpr[rt(w)];
        switch (spr(w)) {
            case 1 -> c.setXer(v);
            case 8 -> c.lr = v;
            case 9 -> c.ctr = v;
            case 256 -> c.vrsave = (int) v;
            case 3, 17 -> {
                // DSCR writes are accepted and ignored
            }
            case 815 -> c.tar = v;
            default -> throw ProgramInterrupt.ILLEGAL_INSTRUCTION;
        }
    }
}
