package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Fields.ds;
import static dev.k42lens.core.cpu.isa.Fields.ra;
import static dev.k42lens.core.cpu.isa.Fields.rb;
import static dev.k42lens.core.cpu.isa.Fields.rt;
import static dev.k42lens.core.cpu.isa.Fields.si;

import dev.k42lens.core.mem.GuestMemory;

/**
 * A plain load or store, stated as data: how it forms the address, how many bytes it moves, sign
 * extension, the update form's write-back of the address to RA, the direction, and which register
 * kind it moves. It is the row's semantics, and a translated region emits the same access inline
 * from these facts.
 */
public record MemoryAccess(Form form, int size, boolean signed, boolean update, boolean store, Data data) implements Semantics {
    /** How the address is formed: RA|0 + D, RA|0 + DS, RA|0 + RB (the update forms use RA itself: RA = 0 is invalid there). */
    public enum Form { D, DS, X }

    /** What moves: a GPR, or an FPR as a double or as a single in memory. */
    public enum Data { GPR, DOUBLE, SINGLE }

    @Override
    public void execute(Cpu c, GuestMemory m, int w) {
        long base = update || ra(w) != 0 ? c.gpr[ra(w)] : 0;
        long ea = base + switch (form) {
            case D -> si(w);
            case DS -> ds(w);
            case X -> c.gpr[rb(w)];
        };
        int rt = rt(w);
        if (store) {
            switch (data) {
                case GPR -> m.write(ea, size, c.gpr[rt]);
                case DOUBLE -> m.write64(ea, c.fpr(rt));
                case SINGLE -> m.write32(ea, FloatingPointBits.storeSingle(c.fpr(rt)));
            }
        } else {
            switch (data) {
                case GPR -> {
                    long value = m.read(ea, size);
                    int unused = 64 - 8 * size;   // lha, lwa: sign-extended from the loaded size
                    c.gpr[rt] = signed ? value << unused >> unused : value;
                }
                case DOUBLE -> c.setFpr(rt, m.read64(ea));
                case SINGLE -> c.setFpr(rt, FloatingPointBits.singleToDouble(m.read32(ea)));
            }
        }
        if (update) {
            c.gpr[ra(w)] = ea;
        }
    }
}
