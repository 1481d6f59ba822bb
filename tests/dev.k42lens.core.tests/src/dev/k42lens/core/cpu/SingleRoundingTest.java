package dev.k42lens.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * Single-precision arithmetic rounds once: where the double result lands exactly halfway between
 * two singles, the exact result's side decides, not ties-to-even. The operands are chosen so that
 * the double result is such a midpoint while the exact one is just above or below it (random
 * differential cases almost never meet one).
 */
class SingleRoundingTest {
    private static final long CODE = 0x10000;
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // fadds f1,f2,f3 (primary 59, xo 21): 1+2^-24 plus a tiny positive rounds up, plus a tiny negative down
        "fadds above, 0xec22182a, 1.0000000596046448, 1e-30, 0, 1.0000001192092896",
        "fadds below, 0xec22182a, 1.0000000596046448, -1e-30, 0, 1.0",
        // fmuls f1,f2,f4 (xo 25, FRC in bits 21-25): products whose double is the midpoint, exactly above or below it
        "fmuls above, 0xec220132, 1.0000000640698647, 0.9999999955347804, 0, 1.0000001192092896",
        "fmuls below, 0xec220132, 1.0000000640698647, 0.9999999955347803, 0, 1.0",
    })
    void aTieOfTheDoubleResultIsBrokenByTheExactResult(String what, String word, double f2, double f3, double unused,
            double expected) {
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
        memory.write32Raw(CODE, Integer.parseUnsignedInt(word.substring(2), 16));
        Cpu cpu = new Cpu();
        cpu.pc = CODE;
        cpu.setFprDouble(2, f2);
        cpu.setFprDouble(3, f3);
        cpu.setFprDouble(4, f3);
        new Interpreter(cpu, memory, () -> 0).run(1);
        assertEquals(expected, cpu.fprDouble(1), what);
    }
}
