package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What the differential test cannot compare with qemu: darn's ranges and randomness, a quadword
 * reservation that succeeds (its cases run stqcx. without a reservation), the bounded atomic
 * memory operations that fail (qemu 7.2 loads 0xffffffff80000000 for both sizes), every declet.
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

    @Test
    void boundedAtomicIncrementsStopAtTheBoundAndLoadTheMostNegativeElement() {
        for (boolean bigEndian : new boolean[] { true, false }) {
            dev.k42lens.core.mem.GuestMemory memory = new dev.k42lens.core.mem.GuestMemory(bigEndian);
            memory.map(0x20000, dev.k42lens.core.mem.GuestMemory.PAGE_SIZE, dev.k42lens.core.mem.Protection.RW, "data");
            Cpu c = new Cpu();
            c.gpr[9] = 0x20000;
            int lwatIncrementBounded = 31 << 26 | 4 << 21 | 9 << 16 | 24 << 11 | 582 << 1;   // lwat r4,r9,24
            int ldatDecrementBounded = 31 << 26 | 4 << 21 | 9 << 16 | 28 << 11 | 614 << 1;   // ldat r4,r9,28
            memory.write32(0x20000, 6);
            memory.write32(0x20004, 7);
            execute(c, memory, lwatIncrementBounded);
            assertEquals(6, c.gpr[4]);
            assertEquals(7, memory.read32(0x20000));
            execute(c, memory, lwatIncrementBounded);
            assertEquals(0x80000000L, c.gpr[4], "at the bound: the most negative word, zero-extended");
            assertEquals(7, memory.read32(0x20000), "unchanged");
            memory.write64(0x20000, 5);
            memory.write64(0x20008, 5);
            execute(c, memory, ldatDecrementBounded);
            assertEquals(Long.MIN_VALUE, c.gpr[4]);
            assertEquals(5, memory.read64(0x20000));
        }
    }

    @Test
    void atomicCompareAndSwapNotEqualTakesItsOperandsFromTheNextRegistersWrappingAtR31() {
        dev.k42lens.core.mem.GuestMemory memory = new dev.k42lens.core.mem.GuestMemory(true);
        memory.map(0x20000, dev.k42lens.core.mem.GuestMemory.PAGE_SIZE, dev.k42lens.core.mem.Protection.RW, "data");
        Cpu c = new Cpu();
        c.gpr[9] = 0x20000;
        c.gpr[31] = 0x1234;   // compared with memory: r30 + 1
        c.gpr[0] = 0x5678;    // stored when unequal: r30 + 2
        memory.write64(0x20000, 0x1111);
        int ldatCompareAndSwapNotEqual = 31 << 26 | 30 << 21 | 9 << 16 | 16 << 11 | 614 << 1;
        execute(c, memory, ldatCompareAndSwapNotEqual);
        assertEquals(0x1111, c.gpr[30]);
        assertEquals(0x5678, memory.read64(0x20000));
        assertEquals(null, InstructionTable.get().decode(ldatCompareAndSwapNotEqual & ~(31 << 11) | 9 << 11), "function code 9 is reserved");
    }

    @Test
    void hashchkAcceptsWhatHashstStoredAndStopsOnAnythingElse() {
        dev.k42lens.core.mem.GuestMemory memory = new dev.k42lens.core.mem.GuestMemory(false);
        memory.map(0x20000, dev.k42lens.core.mem.GuestMemory.PAGE_SIZE, dev.k42lens.core.mem.Protection.RW, "data");
        Cpu c = new Cpu();
        c.hashKey = 0x0123456789abcdefL;
        c.gpr[1] = 0x20100;   // the stack pointer (RA)
        c.gpr[0] = 0x10000abcL;   // the return address (RB)
        int hashst = 31 << 26 | 31 << 21 | 1 << 16 | 0 << 11 | 722 << 1 | 1;    // hashst r0,-8(r1): DW 0x1f8 - 512 = -8
        int hashchk = 31 << 26 | 31 << 21 | 1 << 16 | 0 << 11 | 754 << 1 | 1;   // hashchk r0,-8(r1)
        assertEquals(-8, Operand.DW.value(hashst));
        execute(c, memory, hashst);
        long stored = memory.read64(0x200f8);
        assertNotEquals(0, stored);
        execute(c, memory, hashchk);   // passes
        c.gpr[0] = 0x10000ac0L;   // an overwritten return address
        assertSame(ProgramInterrupt.HASH_CHECK, assertThrows(ProgramInterrupt.class, () -> execute(c, memory, hashchk)));
        c.gpr[0] = 0x10000abcL;
        c.hashKey = 0x1111;   // another program image's key
        assertSame(ProgramInterrupt.HASH_CHECK, assertThrows(ProgramInterrupt.class, () -> execute(c, memory, hashchk)));
    }

    @Test
    void everyDecletDecodesAndEveryThreeDigitsEncodeCanonically() {
        Set<Integer> canonical = new HashSet<>();
        for (int value = 0; value < 1000; value++) {
            int declet = DensePackedDecimal.declet(value);
            assertEquals(value, DensePackedDecimal.value(declet));
            canonical.add(declet);
        }
        assertEquals(1000, canonical.size());
        // the IEEE 754 examples: 005 is 0x005, 099 is 0x05f, 999 is 0x0ff (and its non-canonical 0x3ff)
        assertEquals(0x005, DensePackedDecimal.declet(5));
        assertEquals(0x05f, DensePackedDecimal.declet(99));
        assertEquals(0x0ff, DensePackedDecimal.declet(999));
        assertEquals(999, DensePackedDecimal.value(0x3ff));
        Cpu c = new Cpu();
        c.gpr[4] = (long) (0x0ff << 10 | 0x005) << 32 | 0x05f;
        int cdtbcd = 31 << 26 | 4 << 21 | 3 << 16 | 282 << 1;   // cdtbcd r3,r4
        InstructionTable.get().decode(cdtbcd).semantics().execute(c, null, cdtbcd);
        assertEquals(0x00999005_00000099L, c.gpr[3]);
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
