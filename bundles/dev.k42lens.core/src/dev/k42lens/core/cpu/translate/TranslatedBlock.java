package dev.k42lens.core.cpu.translate;

import dev.k42lens.core.cpu.Cpu;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Guest code compiled to JVM bytecode by {@link BlockTranslator}: a region of one page entered at
 * {@link #start()}, holding the instructions reachable from there through branches that stay in
 * the page. Each region is a hidden class, unloaded with the decoded page that holds it.
 */
public abstract class TranslatedBlock {
    private final long start;
    private final int[] offsets;

    protected TranslatedBlock(long start, int[] offsets) {
        this.start = start;
        this.offsets = offsets;
    }

    public final long start() {
        return start;
    }

    /** Instructions in the region. */
    public final int length() {
        return offsets.length;
    }

    /** The address of the region's {@code i}th instruction, in address order. */
    public final long address(int i) {
        return (start & ~GuestMemory.PAGE_MASK) + offsets[i];
    }

    /**
     * Runs the region on {@code cpu} from its start, retiring at most {@code budget} instructions,
     * and returns how many it retired; {@link Cpu#pc} is then the next instruction (0 retired: the
     * first straight-line run did not fit the budget and nothing changed). A store or callout that
     * writes the region's own code page (its {@code page.code} is no longer {@code decoded}) leaves
     * the region right after it, so that the interpreter decodes the new code. A guest fault is
     * thrown as a {@link Fault} that says how many instructions retired before the faulting one,
     * the Cpu left as the interpreter would: {@link Cpu#pc} at the faulting instruction, every
     * earlier instruction's effects done.
     */
    public abstract int execute(Interpreter interpreter, Cpu cpu, GuestMemory memory, GuestMemory.Page page, Object decoded,
            int budget);

    /** A guest fault inside a region, with the instructions the region retired before it. */
    public static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int retired;

        Fault(GuestFault fault, int retired) {
            super(fault.getMessage(), fault, false, false);
            this.retired = retired;
        }

        public GuestFault fault() {
            return (GuestFault) getCause();
        }

        public int retired() {
            return retired;
        }
    }

    /** Called by generated code. */
    public static Fault faultAfter(GuestFault fault, int retired) {
        return new Fault(fault, retired);
    }
}
