package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** darn, which the differential test cannot compare with qemu: its ranges and its randomness. */
class FixedPointTest {
    private static long darn(int l) {
        Cpu c = new Cpu();
        int word = 31 << 26 | 3 << 21 | l << 16 | 755 << 1;   // darn r3,L
        InstructionTable.get().decode(word).semantics().execute(c, null, word);
        return c.gpr[3];
    }

    @Test
    void darnGivesRandomNumbersOfTheAskedWidthAndTheErrorValueForTheReservedKind() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            long word = darn(0);
            assertEquals(0, word >>> 32, "32-bit conditioned: zero-extended");
            seen.add(word);
            seen.add(darn(1));
            seen.add(darn(2));
        }
        assertTrue(seen.size() > 180, "192 draws, " + seen.size() + " distinct");
        assertEquals(-1L, darn(3), "L = 3 is reserved: the error value");
        assertNotEquals(darn(1), darn(1));
    }
}
