package dev.k42lens.ui.disassembly;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.debug.core.DebugException;

import dev.k42lens.core.cpu.Disassembler;
import dev.k42lens.debug.model.K42LensDebugTarget;
import dev.k42lens.ui.disassembly.DisassemblyLine.FunctionStart;
import dev.k42lens.ui.disassembly.DisassemblyLine.Instruction;
import dev.k42lens.ui.disassembly.DisassemblyLine.Unreadable;

/**
 * The lines around an address, read from a suspended target. Reads guest memory, so it runs on a
 * background job, never on the UI thread.
 */
final class DisassemblyWindow {
    static final int INSTRUCTIONS_BEFORE = 32;
    static final int INSTRUCTIONS_AFTER = 96;
    /** Memory is read a page at a time, so that an unmapped page costs only its own lines. */
    private static final int PAGE_SIZE = 4096;
    private static final int WORD = 4;
    /**
     * How the symbolizer names an address past a symbol's start: "write+0x60". A name without an
     * offset is a start ("main"), or a region of the layer that names each of its words alike
     * ("[k42 trampoline]"), so a label goes where such a name begins.
     */
    private static final Pattern SYMBOL_OFFSET = Pattern.compile(".+\\+0x\\p{XDigit}+");
    /** The highest word-aligned address. */
    private static final long LAST_WORD = -WORD;

    private DisassemblyWindow() {
    }

    /** The word-aligned address of the word that holds {@code address}. */
    static long wordAligned(long address) {
        return address & -WORD;
    }

    /**
     * The lines from {@value #INSTRUCTIONS_BEFORE} instructions before {@code center} to
     * {@value #INSTRUCTIONS_AFTER} after it (fewer at the ends of the address space).
     *
     * @throws DebugException the target's reason when none of the range can be read
     */
    static List<DisassemblyLine> read(K42LensDebugTarget target, long center) throws DebugException {
        long first = wordAligned(center);
        long before = Math.min(INSTRUCTIONS_BEFORE, Long.divideUnsigned(first, WORD));
        long after = Math.min(INSTRUCTIONS_AFTER, Long.divideUnsigned(LAST_WORD - first, WORD) + 1);
        long address = first - before * WORD;
        long remaining = before + after;

        Disassembler disassembler = new Disassembler(target::symbolize);
        ByteOrder order = target.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        List<DisassemblyLine> lines = new ArrayList<>();
        DebugException firstFailure = null;
        String previousSymbol = null;
        boolean anyRead = false;
        while (remaining > 0) {
            int words = (int) Math.min(remaining, (PAGE_SIZE - Long.remainderUnsigned(address, PAGE_SIZE)) / WORD);
            try {
                ByteBuffer memory = ByteBuffer.wrap(target.readMemory(address, words * WORD)).order(order);
                for (int i = 0; i < words; i++) {
                    long at = address + (long) i * WORD;
                    String symbol = target.symbolize(at);
                    if (startsNamedCode(symbol, previousSymbol)) {
                        lines.add(new FunctionStart(at, symbol));
                    }
                    previousSymbol = symbol;
                    int word = memory.getInt(i * WORD);
                    boolean nextRead = i + 1 < words;
                    int next = nextRead ? memory.getInt((i + 1) * WORD) : 0;
                    Disassembler.Line line = nextRead ? disassembler.line(at, word, next) : new Disassembler.Line(disassembler.text(at, word), 4);
                    lines.add(new Instruction(at, word, line.text()));
                    if (line.length() == 8) {
                        // a prefixed instruction: its suffix on a line of its own, as objdump shows it
                        lines.add(new Instruction(at + WORD, next, ""));
                        i++;
                    }
                }
                anyRead = true;
            } catch (DebugException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
                lines.add(new Unreadable(address, words * WORD, e.getMessage()));
                previousSymbol = null;
            }
            address += (long) words * WORD;
            remaining -= words;
        }
        if (!anyRead) {
            throw firstFailure;
        }
        return lines;
    }

    /** Whether a word the symbolizer names {@code symbol} gets a label, after a word named {@code previous}. */
    private static boolean startsNamedCode(String symbol, String previous) {
        return symbol != null && !symbol.equals(previous) && !SYMBOL_OFFSET.matcher(symbol).matches();
    }
}
