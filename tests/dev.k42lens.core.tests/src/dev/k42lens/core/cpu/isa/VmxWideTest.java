package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rotate-and-mask(-insert), worked by hand from the ISA (qemu 7.2, the differential test's oracle,
 * does not insert into VRT for vrldmi): VRT keeps its bits outside the mask from mb to me.
 */
class VmxWideTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // mnemonic, extended opcode, VRA, VRB (mb, me, sh fields), old VRT, expected VRT (both doublewords alike)
        "vrldmi bits 8-15 rotated 0;   0xc5; 0123456789abcdef; 0000000000080f00; ffffffffffffffff; ff23ffffffffffff",
        "vrldmi whole rotated 8;       0xc5; 0123456789abcdef; 0000000000003f08; 0000000000000000; 23456789abcdef01",
        "vrldmi wrapping mask 56-7;    0xc5; 0123456789abcdef; 0000000000380700; 5555555555555555; 01555555555555ef",
        "vrldnm bits 8-15;             0x1c5; 0123456789abcdef; 0000000000080f00; ffffffffffffffff; 0023000000000000",
        // word 0's fields are all 0 (mask bit 0 alone), word 1's select bits 8-15
        "vrlwmi mask 0-0 and 8-15;     0x85; 0123456789abcdef; 0000000000080f00; ffffffffffffffff; 7fffffffffabffff",
        "vrlwmi rotated 4 mask 28-3;  0x85; 0123456789abcdef; 001c0304001c0304; 0000000000000000; 1000000090000008",
    })
    void rotateAndMaskInsert(String what, String xo, String a, String b, String old, String expected) {
        Cpu c = new Cpu();
        for (int i = 0; i < 2; i++) {
            c.vsr[2 * 36 + i] = Long.parseUnsignedLong(a, 16);    // v4: VRA
            c.vsr[2 * 35 + i] = Long.parseUnsignedLong(b, 16);    // v3: VRB
            c.vsr[2 * 34 + i] = Long.parseUnsignedLong(old, 16);  // v2: VRT
        }
        int word = 4 << 26 | 2 << 21 | 4 << 16 | 3 << 11 | Integer.decode(xo);
        InstructionTable.get().decode(word).semantics().execute(c, null, word);
        assertEquals(expected, String.format("%016x", c.vsr[2 * 34]), what);
        assertEquals(String.format("%016x", c.vsr[2 * 34]), String.format("%016x", c.vsr[2 * 34 + 1]), what);
    }
}
