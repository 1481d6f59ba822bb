package dev.k42lens.core.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every 32-bit word, and every pair a prefix could start, decodes to an instruction or to
 * ".long": random words (and a sweep of every primary opcode with random low bits, and every
 * prefix form) never make the decoder or the disassembler throw, and each gives one line of text.
 */
class DisassemblerFuzzTest {
    private static final int WORDS = 2_000_000;

    @Test
    void randomWordsGiveOneLineEach() {
        SplittableRandom random = new SplittableRandom(0x42);
        Disassembler plain = new Disassembler(address -> null);
        Disassembler named = new Disassembler(address -> "f+0x" + Long.toHexString(address & 0xfff));
        for (int i = 0; i < WORDS; i++) {
            int word = i < 64 * 1024 ? (i >>> 10) << 26 | random.nextInt(1 << 26) : random.nextInt();
            int next = random.nextInt();
            if (i % 3 == 0) {
                word = 1 << 26 | (word & 0x03ffffff);   // a prefix: primary opcode 1
            }
            long address = random.nextLong() & ~3L;
            check(word, next, address, (i & 1) == 0 ? plain : named);
        }
    }

    private static void check(int word, int next, long address, Disassembler disassembler) {
        String what = String.format("%08x %08x at %x", word, next, address);
        try {
            Disassembler.Line line = disassembler.line(address, word, next);
            assertTrue(line.length() == 4 || line.length() == 8, what);
            String text = line.text();
            // one line: a tab only before objdump's "# target" comment
            assertFalse(text.isBlank() || text.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c)), what + ": '" + text + "'");
            assertFalse(disassembler.text(address, word).isBlank(), what);
        } catch (RuntimeException e) {
            fail(what + ": " + e, e);
        }
    }
}
