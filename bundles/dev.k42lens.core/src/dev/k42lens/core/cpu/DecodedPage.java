package dev.k42lens.core.cpu;

import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.translate.TranslatedBlock;
import dev.k42lens.core.mem.GuestMemory;

/**
 * What the CPU caches for one code page in {@link GuestMemory.Page#code}, all dropped together when
 * the page is written: the decoded instructions and, for addresses where blocks start, how often
 * the interpreter reached them and their translations.
 */
final class DecodedPage {
    /**
     * Interpreter visits of a block start before it is translated (unless translation is eager).
     * A translation costs milliseconds (bytecode generation, HotSpot's interpreter, then its
     * compilers on the same two cores) that code run a few thousand times never pays back:
     * measured on an idle 2-core machine (issue 14), 2000 instead of 50 made /bin/true 0.87 s ->
     * 0.68 s, ls -la 1.1 s -> 0.76 s, CPython 16-18 s -> 12-13 s, jq, gzip, bzip2 and bc about 10 %
     * faster, and left long CPU-bound programs as they were; 10000 slowed recursive code by a third.
     */
    static final int HOT = 2000;

    /** Per instruction slot: the table row index + 1 (0: not decoded yet, -1: illegal), then the word. */
    final int[] rows = new int[GuestMemory.PAGE_SIZE / 2];
    /** Every word of the page and its decoding, for the translator: made at the first translation in the page. */
    int[] words;
    Instruction[] instructions;
    private int[] heat;
    private TranslatedBlock[] blocks;

    /** The translation of the block starting at page offset {@code offset}, or null. */
    TranslatedBlock block(int offset) {
        return blocks == null ? null : blocks[offset >>> 2];
    }

    /**
     * Counts a visit of the block start at {@code offset}; true exactly once, when it becomes hot
     * ({@code hot} visits). A declined block stays cold for good: its counter went past the threshold.
     */
    boolean heatUp(int offset, int hot) {
        if (heat == null) {
            heat = new int[GuestMemory.PAGE_SIZE / 4];
        }
        return ++heat[offset >>> 2] == hot;
    }

    void setBlock(int offset, TranslatedBlock block) {
        if (blocks == null) {
            blocks = new TranslatedBlock[GuestMemory.PAGE_SIZE / 4];
        }
        blocks[offset >>> 2] = block;
    }
}
