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
    /** Interpreter visits of a block start before it is translated (unless translation is eager). */
    static final int HOT = 50;

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
