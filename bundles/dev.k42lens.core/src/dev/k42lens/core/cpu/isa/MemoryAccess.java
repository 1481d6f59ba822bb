package dev.k42lens.core.cpu.isa;

/**
 * How one of the older load and store operations ({@link Op#memoryAccess}) reaches memory: how
 * it forms the address, how many bytes it moves, sign extension, the update form's write-back of
 * the address to RA, the direction, and which register kind it moves. A translated region emits
 * these accesses inline from this description.
 */
public record MemoryAccess(Form form, int size, boolean signed, boolean update, boolean store, Data data) {
    /** How the address is formed: RA|0 + D, RA|0 + DS, RA|0 + RB. */
    public enum Form { D, DS, X }

    /** What moves: a GPR, or an FPR as a double or as a single in memory. */
    public enum Data { GPR, DOUBLE, SINGLE }
}
