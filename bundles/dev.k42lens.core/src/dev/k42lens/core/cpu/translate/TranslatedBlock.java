package dev.k42lens.core.cpu.translate;

import dev.k42lens.core.cpu.Cpu;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Straight-line guest code compiled to JVM bytecode by {@link BlockTranslator}: the instructions
 * from {@link #start()} within one page, ending with the first branch or before the first
 * instruction the translator does not handle. Each block is a hidden class, unloaded with the
 * decoded page that holds it.
 */
public abstract class TranslatedBlock {
    private final long start;
    private final int length;

    protected TranslatedBlock(long start, int length) {
        this.start = start;
        this.length = length;
    }

    public final long start() {
        return start;
    }

    /** Instructions in the block, the final branch included. */
    public final int length() {
        return length;
    }

    /**
     * Runs the block on {@code cpu} from its start and returns how many instructions it retired;
     * {@link Cpu#pc} is then the next instruction. A store that writes the block's own code page
     * (its {@code page.code} is no longer {@code decoded}) ends the block right after the store so
     * that the interpreter decodes the new code. A {@link dev.k42lens.core.mem.GuestFault} leaves
     * the Cpu as the interpreter would: {@link Cpu#pc} at the faulting instruction, every earlier
     * instruction's effects done.
     */
    public abstract int execute(Cpu cpu, GuestMemory memory, GuestMemory.Page page, Object decoded);
}
