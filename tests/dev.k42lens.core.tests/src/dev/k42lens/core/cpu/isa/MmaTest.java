package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The MMA outer products on values worked by hand from the ISA, for what the differential test
 * cannot ask qemu 7.2: the half-precision GERs round once (qemu twice), a saturated rank-2 sum
 * beyond the int range, the masks of the prefixed forms, and the illegal overlaps.
 */
class MmaTest {
    private static final int OPCODE = 59 << 26;

    /** The XX3 word of a GER: accumulator {@code at}, sources {@code xa} and {@code xb} (any VSR). */
    private static int ger(int xo, int at, int xa, int xb) {
        return OPCODE | at << 23 | (xa & 31) << 16 | (xb & 31) << 11 | xo | (xa >> 5) << 2 | (xb >> 5) << 1;
    }

    private static void execute(Cpu c, int word) {
        Instruction row = InstructionTable.get().decode(word);
        assertNotNull(row, String.format("%08x does not decode", word));
        row.semantics().execute(c, null, word);
    }

    private static void setWords(Cpu c, int vsr, int... words) {
        c.vsr[2 * vsr] = (long) words[0] << 32 | words[1] & 0xffffffffL;
        c.vsr[2 * vsr + 1] = (long) words[2] << 32 | words[3] & 0xffffffffL;
    }

    private static int word(Cpu c, int vsr, int i) {
        long d = c.vsr[2 * vsr + i / 2];
        return (int) (i % 2 == 0 ? d >>> 32 : d);
    }

    @Test
    void halfPrecisionSumsRoundOnce() {
        // a0 = b0 = 2^-12 (0x0c00), a1 = b1 = 2^-24 (0x0001): the products sum to 2^-24 + 2^-48 exactly;
        // plus the accumulator's 1.0 that is above the tie between 1 and 1 + 2^-23, so it rounds up.
        // Rounded to single first (2^-24), the sum would be the tie itself and round to even: 1.0.
        Cpu c = new Cpu();
        int lanes = 0x0c000001;
        setWords(c, 34, lanes, lanes, lanes, lanes);
        setWords(c, 35, lanes, lanes, lanes, lanes);
        for (int r = 0; r < 4; r++) {
            setWords(c, 8 + r, 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);
        }
        execute(c, ger(0x090, 2, 34, 35));   // xvf16ger2pp a2,vs34,vs35
        assertEquals(0x3f800001, word(c, 8, 0));
        assertEquals(0x3f800001, word(c, 11, 3));
        assertEquals(Fpscr.XX, c.fpscr & Fpscr.EXCEPTIONS, "inexact, nothing else");
    }

    @Test
    void aSaturatedRankTwoSumBeyondTheIntRangeSetsSat() {
        Cpu c = new Cpu();
        int minimums = 0x80008000;   // both halfwords -32768: each product 2^30, the sum 2^31
        setWords(c, 34, minimums, minimums, minimums, minimums);
        setWords(c, 35, minimums, minimums, minimums, minimums);
        execute(c, ger(0x158, 1, 34, 35));   // xvi16ger2s
        assertEquals(Integer.MAX_VALUE, word(c, 4, 0));
        assertEquals(1, c.vscr & 1, "SAT");
        c.vscr = 0;
        execute(c, ger(0x258, 1, 34, 35));   // xvi16ger2 wraps
        assertEquals(Integer.MIN_VALUE, word(c, 4, 0));
        assertEquals(0, c.vscr & 1);
    }

    @Test
    void byteLanesAreSignedTimesUnsigned() {
        Cpu c = new Cpu();
        setWords(c, 34, -1, -1, -1, -1);   // XA bytes -1
        setWords(c, 35, -1, -1, -1, -1);   // XB bytes 255
        execute(c, ger(0x018, 3, 34, 35));   // xvi8ger4
        assertEquals(-4 * 255, word(c, 12, 2));
    }

    @Test
    void thePrefixedMasksPickRowsColumnsAndLanes() {
        Cpu c = new Cpu();
        setWords(c, 34, 0x01020304, 0x01020304, 0x01020304, 0x01020304);
        setWords(c, 35, 0x05060708, 0x05060708, 0x05060708, 0x05060708);
        for (int r = 0; r < 4; r++) {
            setWords(c, 4 + r, 7, 7, 7, 7);
        }
        // pmxvi8ger4pp a1,vs34,vs35,XMSK 0b1000,YMSK 0b0001,PMSK 0b0001: element (0, 3), last lanes only
        int prefix = 0x07900000 | 0b0001 << 12 | 0b1000 << 4 | 0b0001;
        int suffix = ger(0x010, 1, 34, 35);
        Instruction row = InstructionTable.get().decodePrefixed(prefix, suffix);
        assertNotNull(row);
        row.prefixedForm().action().execute(c, null, prefix, suffix, 0);
        assertEquals(7 + 4 * 8, word(c, 4, 3));
        assertEquals(0, word(c, 4, 0), "a masked element is zero, even when accumulating");
        assertEquals(0, word(c, 7, 3));
    }

    @Test
    void sourcesInTheAccumulatorAndAnOddDoublePairAreIllegal() {
        InstructionTable table = InstructionTable.get();
        assertNull(table.decode(ger(0x018, 1, 5, 34)), "XA inside a1 (vs4-vs7)");
        assertNull(table.decode(ger(0x018, 1, 34, 7)), "XB inside a1");
        assertNotNull(table.decode(ger(0x018, 1, 8, 34)));
        assertNull(table.decode(ger(0x1d8, 0, 35, 34)), "xvf64ger needs an even XAp");
        assertNotNull(table.decode(ger(0x1d8, 0, 36, 34)));
        int prefix = 0x07900000 | 0xf << 4 | 0xf;
        assertNull(table.decodePrefixed(prefix, ger(0x0d8, 2, 9, 34)), "pmxvf32ger with XA inside a2");
    }
}
