package dev.k42lens.core.cpu;

import static dev.k42lens.core.cpu.isa.Fields.*;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.FloatingPointBits;
import dev.k42lens.core.cpu.isa.Op;

/**
 * The FPR loads and stores of single- and double-precision values, with their update and indexed
 * forms: a single is converted bit-exactly as it moves ({@link FloatingPointBits}). The other
 * floating-point instructions state their semantics in their table rows.
 */
public final class FloatingPoint {
    private final Cpu cpu;

    FloatingPoint(Cpu cpu) {
        this.cpu = cpu;
    }

    boolean handles(Op op) {
        return op.runsInFloatingPointUnit();
    }

    /** Executes {@code op}; returns null to continue, or why to stop. Advances the PC itself. */
    Stop execute(Op op, int w, Interpreter in) {
        var memory = in.memory();
        long[] r = cpu.gpr;
        switch (op) {
            case LFS -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.ea(w))));
            case LFD -> cpu.setFpr(rt(w), memory.read64(in.ea(w)));
            case LFSX -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.eaX(w))));
            case LFDX -> cpu.setFpr(rt(w), memory.read64(in.eaX(w)));
            case LFSU, LFDU, LFSUX, LFDUX -> {
                boolean indexed = op == Op.LFSUX || op == Op.LFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.LFSU || op == Op.LFSUX) {
                    cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(ea)));
                } else {
                    cpu.setFpr(rt(w), memory.read64(ea));
                }
                r[ra(w)] = ea;
            }
            case STFS -> memory.write32(in.ea(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFD -> memory.write64(in.ea(w), cpu.fpr(rt(w)));
            case STFSX -> memory.write32(in.eaX(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFDX -> memory.write64(in.eaX(w), cpu.fpr(rt(w)));
            case STFSU, STFDU, STFSUX, STFDUX -> {
                boolean indexed = op == Op.STFSUX || op == Op.STFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.STFSU || op == Op.STFSUX) {
                    memory.write32(ea, FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
                } else {
                    memory.write64(ea, cpu.fpr(rt(w)));
                }
                r[ra(w)] = ea;
            }
            default -> throw new IllegalStateException(op.toString());
        }
        cpu.pc += 4;
        return null;
    }
}
