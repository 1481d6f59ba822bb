package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What the differential test cannot compare with qemu: darn's ranges and randomness, and a
 * quadword reservation that succeeds (its cases run stqcx. without a reservation).
 */
class FixedPointTest {
    private static long darn(int l) {
        Cpu c = new Cpu();
        int word = 31 << 26 | 3 << 21 | l << 16 | 755 << 1;   // darn r3,L
        InstructionTable.get().decode(word).semantics().execute(c, null, word);
        return c.gpr[3];
    }

    @Test
    void aQuadwordReservationStoresOnceAndNotAfterAnotherStore() {
        for (boolean bigEndian : new boolean[] { true, false }) {
            dev.k42lens.core.mem.GuestMemory memory = new dev.k42lens.core.mem.GuestMemory(bigEndian);
            memory.map(0x20000, dev.k42lens.core.mem.GuestMemory.PAGE_SIZE, dev.k42lens.core.mem.Protection.RW, "data");
            memory.write64(0x20010, 0x1111);
            memory.write64(0x20018, 0x2222);
            Cpu c = new Cpu();
            c.gpr[9] = 0x20000;
            c.gpr[10] = 0x10;
            int lqarx = 31 << 26 | 4 << 21 | 9 << 16 | 10 << 11 | 276 << 1;     // lqarx r4,r9,r10
            int stqcx = 31 << 26 | 6 << 21 | 9 << 16 | 10 << 11 | 182 << 1 | 1;  // stqcx. r6,r9,r10
            execute(c, memory, lqarx);
            assertEquals(bigEndian ? 0x1111 : 0x2222, c.gpr[4]);
            c.gpr[6] = 0xaaaa;
            c.gpr[7] = 0xbbbb;
            execute(c, memory, stqcx);
            assertEquals(2, c.crField(0), "stored");
            assertEquals(bigEndian ? 0xaaaa : 0xbbbb, memory.read64(0x20010));
            execute(c, memory, stqcx);
            assertEquals(0, c.crField(0), "the reservation is gone");
            execute(c, memory, lqarx);
            memory.write64(0x20018, 0x3333);   // another store to the quadword
            execute(c, memory, stqcx);
            assertEquals(0, c.crField(0), "the memory changed");
        }
    }

    private static void execute(Cpu c, dev.k42lens.core.mem.GuestMemory memory, int word) {
        InstructionTable.get().decode(word).semantics().execute(c, memory, word);
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
