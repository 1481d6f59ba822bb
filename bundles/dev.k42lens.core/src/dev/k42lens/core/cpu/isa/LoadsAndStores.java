package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Fields.nb;
import static dev.k42lens.core.cpu.isa.Fields.rt;
import static dev.k42lens.core.cpu.isa.InstructionTable.op;
import static dev.k42lens.core.cpu.isa.InstructionTable.x;
import static dev.k42lens.core.cpu.isa.Operand.*;

import dev.k42lens.core.cpu.isa.MemoryAccess.Data;
import dev.k42lens.core.cpu.isa.MemoryAccess.Form;
import dev.k42lens.core.mem.GuestMemory;

/**
 * The loads and stores of GPRs and FPRs of the original Power ISA, stated once each: the plain
 * ones as a {@link MemoryAccess} (which a translated region emits inline), then byte-reversed,
 * multiple, string, load-and-reserve and store-conditional forms.
 */
final class LoadsAndStores {
    private static final int OP = 0xfc000000;
    private static final int DSX = 0xfc000003;
    private static final int X = 0xfc0007fe;
    private static final int XRC = 0xfc0007ff;

    private LoadsAndStores() {
    }

    static void describe(InstructionTable t) {
        // D-form: primary opcode, size, signed, update, store
        Object[][] dForm = { { "lwz", 32, 4, false, false, false }, { "lwzu", 33, 4, false, true, false },
            { "lbz", 34, 1, false, false, false }, { "lbzu", 35, 1, false, true, false }, { "stw", 36, 4, false, false, true },
            { "stwu", 37, 4, false, true, true }, { "stb", 38, 1, false, false, true }, { "stbu", 39, 1, false, true, true },
            { "lhz", 40, 2, false, false, false }, { "lhzu", 41, 2, false, true, false }, { "lha", 42, 2, true, false, false },
            { "lhau", 43, 2, true, true, false }, { "sth", 44, 2, false, false, true }, { "sthu", 45, 2, false, true, true } };
        for (Object[] d : dForm) {
            t.row((String) d[0], op((Integer) d[1]), OP, null, Op.DESCRIBED, gpr(Form.D, d), RT, D, RA0);
        }
        t.described("lmw", op(46), OP, (c, m, w) -> {
            long ea = c.base(w) + Fields.si(w);
            for (int r = rt(w); r < 32; r++, ea += 4) {
                c.gpr[r] = m.read32(ea) & 0xffffffffL;
            }
        }, RT_FIRST, D, RA0);
        t.described("stmw", op(47), OP, (c, m, w) -> {
            long ea = c.base(w) + Fields.si(w);
            for (int r = rt(w); r < 32; r++, ea += 4) {
                m.write32(ea, (int) c.gpr[r]);
            }
        }, RS, D, RA0);
        // FPRs, D-form: primary opcode, single, update, store
        Object[][] fpForm = { { "lfs", 48, true, false, false }, { "lfsu", 49, true, true, false },
            { "lfd", 50, false, false, false }, { "lfdu", 51, false, true, false }, { "stfs", 52, true, false, true },
            { "stfsu", 53, true, true, true }, { "stfd", 54, false, false, true }, { "stfdu", 55, false, true, true } };
        for (Object[] d : fpForm) {
            t.row((String) d[0], op((Integer) d[1]), OP, null, Op.DESCRIBED, fpr(Form.D, d), FRT, D, RA0);
        }
        t.row("ld", op(58), DSX, null, Op.DESCRIBED, new MemoryAccess(Form.DS, 8, false, false, false, Data.GPR), RT, DS, RA0);
        t.row("ldu", op(58) | 1, DSX, null, Op.DESCRIBED, new MemoryAccess(Form.DS, 8, false, true, false, Data.GPR), RT, DS, RA0);
        t.row("lwa", op(58) | 2, DSX, null, Op.DESCRIBED, new MemoryAccess(Form.DS, 4, true, false, false, Data.GPR), RT, DS, RA0);
        t.row("std", op(62), DSX, null, Op.DESCRIBED, new MemoryAccess(Form.DS, 8, false, false, true, Data.GPR), RS, DS, RA0);
        t.row("stdu", op(62) | 1, DSX, null, Op.DESCRIBED, new MemoryAccess(Form.DS, 8, false, true, true, Data.GPR), RS, DS, RA0);
        // X-form: extended opcode, size, signed, update, store
        Object[][] xForm = { { "lbzx", 87, 1, false, false, false }, { "lbzux", 119, 1, false, true, false },
            { "lhzx", 279, 2, false, false, false }, { "lhzux", 311, 2, false, true, false }, { "lhax", 343, 2, true, false, false },
            { "lhaux", 375, 2, true, true, false }, { "lwzx", 23, 4, false, false, false }, { "lwzux", 55, 4, false, true, false },
            { "lwax", 341, 4, true, false, false }, { "lwaux", 373, 4, true, true, false }, { "ldx", 21, 8, false, false, false },
            { "ldux", 53, 8, false, true, false }, { "stbx", 215, 1, false, false, true }, { "stbux", 247, 1, false, true, true },
            { "sthx", 407, 2, false, false, true }, { "sthux", 439, 2, false, true, true }, { "stwx", 151, 4, false, false, true },
            { "stwux", 183, 4, false, true, true }, { "stdx", 149, 8, false, false, true }, { "stdux", 181, 8, false, true, true } };
        for (Object[] d : xForm) {
            t.row((String) d[0], x(31, (Integer) d[1]), XRC, null, Op.DESCRIBED, gpr(Form.X, d), RT, RA0, RB);
        }
        // byte-reversed: the value in the other byte order from the one the program runs in
        t.described("lhbrx", x(31, 790), XRC, (c, m, w) -> c.gpr[rt(w)] = Short.reverseBytes((short) m.read16(c.indexedAddress(w))) & 0xffffL,
                RT, RA0, RB);
        t.described("lwbrx", x(31, 534), XRC, (c, m, w) -> c.gpr[rt(w)] = Integer.reverseBytes(m.read32(c.indexedAddress(w))) & 0xffffffffL,
                RT, RA0, RB);
        t.described("ldbrx", x(31, 532), XRC, (c, m, w) -> c.gpr[rt(w)] = Long.reverseBytes(m.read64(c.indexedAddress(w))), RT, RA0, RB);
        t.described("sthbrx", x(31, 918), XRC, (c, m, w) -> m.write16(c.indexedAddress(w), Short.reverseBytes((short) c.gpr[rt(w)])),
                RS, RA0, RB);
        t.described("stwbrx", x(31, 662), XRC, (c, m, w) -> m.write32(c.indexedAddress(w), Integer.reverseBytes((int) c.gpr[rt(w)])),
                RS, RA0, RB);
        t.described("stdbrx", x(31, 660), XRC, (c, m, w) -> m.write64(c.indexedAddress(w), Long.reverseBytes(c.gpr[rt(w)])), RS, RA0, RB);
        // strings: NB bytes (32 for 0), or XER's byte count, through consecutive GPRs from RT, wrapping to r0
        t.described("lswx", x(31, 533), XRC, (c, m, w) -> loadString(c, m, rt(w), c.indexedAddress(w), c.xerByteCount), RT_FIRST, RA0, RB);
        t.described("stswx", x(31, 661), XRC, (c, m, w) -> storeString(c, m, rt(w), c.indexedAddress(w), c.xerByteCount), RS, RA0, RB);
        t.described("lswi", x(31, 597), XRC, (c, m, w) -> loadString(c, m, rt(w), c.base(w), nb(w)), RT_FIRST, RA0, NB);
        t.described("stswi", x(31, 725), XRC, (c, m, w) -> storeString(c, m, rt(w), c.base(w), nb(w)), RS, RA0, NB);
        Object[][] reserve = { { "lbarx", 52, 1 }, { "lharx", 116, 2 }, { "lwarx", 20, 4 }, { "ldarx", 84, 8 } };
        for (Object[] d : reserve) {
            int size = (Integer) d[2];
            t.described((String) d[0], x(31, (Integer) d[1]), X, (c, m, w) -> c.gpr[rt(w)] = reserve(c, m, c.indexedAddress(w), size),
                    RT, RA0, RB, EH);
        }
        Object[][] conditional = { { "stbcx.", 694, 1 }, { "sthcx.", 726, 2 }, { "stwcx.", 150, 4 }, { "stdcx.", 214, 8 } };
        for (Object[] d : conditional) {
            int size = (Integer) d[2];
            t.described((String) d[0], x(31, (Integer) d[1]) | 1, XRC, (c, m, w) -> storeConditional(c, m, c.indexedAddress(w), size,
                    c.gpr[rt(w)]), RS, RA0, RB);
        }
        // FPRs, X-form: extended opcode, single, update, store
        Object[][] fpX = { { "lfsx", 535, true, false, false }, { "lfsux", 567, true, true, false },
            { "lfdx", 599, false, false, false }, { "lfdux", 631, false, true, false }, { "stfsx", 663, true, false, true },
            { "stfsux", 695, true, true, true }, { "stfdx", 727, false, false, true }, { "stfdux", 759, false, true, true } };
        for (Object[] d : fpX) {
            t.row((String) d[0], x(31, (Integer) d[1]), XRC, null, Op.DESCRIBED, fpr(Form.X, d), FRT, RA0, RB);
        }
    }

    /** A GPR access from a table row: name, opcode, size, signed, update, store. */
    private static MemoryAccess gpr(Form form, Object[] d) {
        return new MemoryAccess(form, (Integer) d[2], (Boolean) d[3], (Boolean) d[4], (Boolean) d[5], Data.GPR);
    }

    /** An FPR access from a table row: name, opcode, single, update, store. */
    private static MemoryAccess fpr(Form form, Object[] d) {
        boolean single = (Boolean) d[2];
        return new MemoryAccess(form, single ? 4 : 8, false, (Boolean) d[3], (Boolean) d[4], single ? Data.SINGLE : Data.DOUBLE);
    }

    private static void loadString(Cpu c, GuestMemory m, int rt, long ea, int count) {
        int register = rt - 1;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                register = (register + 1) & 31;
                c.gpr[register] = 0;
            }
            int shift = 24 - 8 * (i % 4);
            c.gpr[register] |= (long) m.read8(ea + i) << shift;
        }
    }

    private static void storeString(Cpu c, GuestMemory m, int rs, long ea, int count) {
        int register = rs - 1;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                register = (register + 1) & 31;
            }
            m.write8(ea + i, (int) (c.gpr[register] >>> (24 - 8 * (i % 4))));
        }
    }

    private static long reserve(Cpu c, GuestMemory m, long ea, int size) {
        long value = m.read(ea, size);
        c.reservationAddress = ea;
        c.reservationSize = size;
        c.reservationValue = value;
        return value;
    }

    /**
     * Stores if this thread still holds the reservation and the memory still holds the value it
     * read (another thread's store in between clears it, as on a real machine).
     */
    private static void storeConditional(Cpu c, GuestMemory m, long ea, int size, long value) {
        boolean success = c.reservationAddress == ea && c.reservationSize == size && m.read(ea, size) == c.reservationValue;
        if (success) {
            m.write(ea, size, value);
        }
        c.reservationAddress = -1;
        c.setCrField(0, (success ? 2 : 0) | (c.so ? 1 : 0));
    }
}
