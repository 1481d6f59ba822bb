package dev.k42lens.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.Fpscr;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * How an instruction's semantics stops the interpreter: a trap, an SPR user mode may not read, an
 * enabled floating-point exception (after the instruction, which names the PC), each with nothing
 * else changed.
 */
class InterpreterStopsTest {
    private static final long CODE = 0x10000;

    private static int word(String mnemonic, int rt, int ra, int rb) {
        int base = InstructionTable.get().rows().stream().filter(r -> r.mnemonic().equals(mnemonic)).findFirst().orElseThrow().value();
        return base | rt << 21 | ra << 16 | rb << 11;
    }

    private static Stop runOne(Cpu cpu, int word) {
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
        memory.write32Raw(CODE, word);
        cpu.pc = CODE;
        return new Interpreter(cpu, memory, () -> 0).run(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "tw", "td" })
    void aTrapWhoseConditionHoldsStopsBeforeItCompletes(String mnemonic) {
        Cpu cpu = new Cpu();
        assertEquals(Stop.TRAP, runOne(cpu, word(mnemonic, 4, 3, 3)));   // TO 4: equal, and r3 equals itself
        assertEquals(CODE, cpu.pc);
        assertEquals(Stop.BUDGET, runOne(cpu, word(mnemonic, 8, 3, 3)));   // TO 8: greater, never
        assertEquals(CODE + 4, cpu.pc);
    }

    @ParameterizedTest
    @ValueSource(ints = { 287, 1023, 18 })
    void anSprUserModeMayNotReadIsIllegal(int spr) {
        Cpu cpu = new Cpu();
        cpu.gpr[3] = 77;
        int mfspr = word("mfspr", 3, spr & 31, spr >> 5);
        assertEquals(Stop.ILLEGAL_INSTRUCTION, runOne(cpu, mfspr));
        assertEquals(77, cpu.gpr[3]);
        assertEquals(CODE, cpu.pc);
    }

    @ParameterizedTest
    @ValueSource(strings = { "fdiv", "xsdivdp" })
    void anEnabledZeroDivideStopsAfterTheInstructionLeavingTheTargetAlone(String mnemonic) {
        for (int mode = 0; mode < 2; mode++) {
            Cpu cpu = new Cpu();
            cpu.setFprDouble(1, 5.0);
            cpu.setFprDouble(2, 1.0);
            cpu.setFprDouble(3, 0.0);
            cpu.fpscr = Fpscr.ZE;
            cpu.floatingPointExceptionMode = mode;
            Stop stop = runOne(cpu, word(mnemonic, 1, 2, 3));
            assertTrue((cpu.fpscr & Fpscr.ZX) != 0, mnemonic + " records the zero divide");
            if (mode == 0) {
                assertEquals(Stop.BUDGET, stop, "exceptions off: the instruction completes");
                assertEquals(CODE + 4, cpu.pc);
            } else {
                assertEquals(Stop.FLOATING_POINT_EXCEPTION, stop, mnemonic);
                assertEquals(CODE, cpu.pc, "SIGFPE names the instruction");
            }
            assertEquals(5.0, cpu.fprDouble(1), "an enabled zero divide leaves the target as it was");
        }
    }
}
