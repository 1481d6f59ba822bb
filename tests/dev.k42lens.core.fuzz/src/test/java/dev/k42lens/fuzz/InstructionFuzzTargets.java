package dev.k42lens.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.k42lens.core.cpu.Disassembler;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.Stop;
import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * Any pair of instruction words (a prefix takes two) at any address: the disassembler gives one
 * line of 4 or 8 bytes, and the interpreter, with registers from the input, executes the word in
 * a page of both byte orders to one {@link Stop} (a guest fault, a signal's cause or the budget),
 * never an exception. Corpus: words from the ISA test tables and from real programs.
 */
class InstructionFuzzTargets {
    private static final long CODE = 0x10000;
    private static final long DATA = 0x20000;
    private static final Disassembler DISASSEMBLER = new Disassembler(address -> "f+0x" + Long.toHexString(address & 0xfff));

    @FuzzTest(maxDuration = "30s")
    void instructionWords(FuzzedDataProvider data) {
        int word = data.consumeInt();
        int next = data.consumeInt();
        long address = data.consumeLong() & ~3L;
        Disassembler.Line line = DISASSEMBLER.line(address, word, next);
        assertTrue(line.length() == 4 || line.length() == 8);
        OneLine.check(line.text());
        OneLine.check(DISASSEMBLER.text(address, word));

        GuestMemory memory = new GuestMemory(data.consumeBoolean());
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.READ | Protection.EXEC, "code");
        memory.map(DATA, GuestMemory.PAGE_SIZE, Protection.RW, "data");
        memory.write32Raw(CODE, word);
        memory.write32Raw(CODE + 4, next);
        Cpu cpu = new Cpu();
        for (int i = 0; i < cpu.gpr.length; i++) {
            // registers near the data page, so that loads and stores sometimes land in it
            cpu.gpr[i] = data.consumeBoolean() ? DATA + (data.consumeInt() & 0xfff) : data.consumeLong();
        }
        cpu.cr = data.consumeInt();
        cpu.ctr = data.consumeLong();
        cpu.lr = data.consumeLong();
        cpu.pc = CODE;
        Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
        interpreter.setTranslating(data.consumeBoolean());
        Stop stop = interpreter.run(2);
        assertTrue(stop != null);
    }
}
