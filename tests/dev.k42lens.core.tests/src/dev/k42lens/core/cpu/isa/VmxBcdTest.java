package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decimal instructions on values worked by hand from the ISA, among them the ones where
 * qemu 7.2 (the differential test's oracle) answers otherwise: an invalid digit in operands of
 * opposite signs, an invalid digit that bcdctn. does not convert, and bcdus.'s unsigned CR6.
 */
class VmxBcdTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // what; extended opcode (with PS, or VRA's selector in bits 16-20); VRA (hi lo); VRB (hi lo); VRT (hi lo); CR6
        "+123 + -23 = +100;              0x401; 0 123c; 0 23d; 0 100c; 4",
        "+123 + -123 = +0, PS 1;         0x601; 0 123c; 0 123d; 0 f; 2",
        "31 nines + 1 overflows;         0x401; 9999999999999999 999999999999999c; 0 1c; 0 c; 5",
        "-5 - +5 = -10;                  0x441; 0 5d; 0 5c; 0 10d; 8",
        "an invalid digit, opposite signs; 0x401; 0 1a3c; 0 12d; ffffffffffffffff ffffffffffffffff; 1",
        "bcdsr. 12345 right 1 rounds up;  0x5c1; 00000000000000ff 0; 0 12345c; 0 1235c; 4",
        "bcdsr. 12344 right 1 rounds down; 0x5c1; 00000000000000ff 0; 0 12344c; 0 1234c; 4",
        "bcds. 12 left 30 overflows;      0x4c1; 000000000000001e 0; 0 12c; 2000000000000000 000000000000000c; 5",
        "bcdus. unsigned result is GT;    0x481; 0000000000000001 0; 0 1234; 0 12340; 4",
        "bcdus. of 7 right 1 is EQ;       0x481; 00000000000000ff 0; 0 7; 0 0; 2",
        "bcdutrunc. keeps 2 digits;       0x541; 0000000000000002 0; 0 1234; 0 34; 5",
        "bcdctn. of an invalid 9th digit; 0x50581; 0 0; 0 a00000001c; 0030003000300030 003000300031002b; 1",
        "bcdcfsq. -12;                    0x20581; 0 0; ffffffffffffffff fffffffffffffff4; 0 12d; 8",
        "bcdctsq. -12;                    0x00581; 0 0; 0 12d; ffffffffffffffff fffffffffffffff4; 8",
        "bcdcfz. 42 negative, PS 0;       0x60581; 0 0; 3030303030303030 3030303030303472; 0 42d; 8",
        "bcdcfn. national 7 plus, PS 1;   0x70781; 0 0; 0030003000300030 003000300037002b; 0 7f; 4",
    })
    void decimal(String what, String xo, String a, String b, String t, int cr6) {
        Cpu c = new Cpu();
        set(c, 3, a);
        set(c, 4, b);
        set(c, 2, "5555555555555555 5555555555555555");
        int word = 4 << 26 | 2 << 21 | 3 << 16 | 4 << 11 | Integer.decode(xo);
        if ((Integer.decode(xo) & 0x7ff) == 0x581 || (Integer.decode(xo) & 0x7ff) == 0x781) {
            word = 4 << 26 | 2 << 21 | 4 << 11 | Integer.decode(xo);   // the conversions: VRA's field is the selector
        }
        InstructionTable.get().decode(word).semantics().execute(c, null, word);
        String[] expected = t.trim().split(" ");
        assertEquals(Long.parseUnsignedLong(expected[0], 16), c.vsr[2 * 34], what + ": high doubleword");
        assertEquals(Long.parseUnsignedLong(expected[1], 16), c.vsr[2 * 34 + 1], what + ": low doubleword");
        assertEquals(cr6, (c.cr >>> 4) & 15, what + ": CR6");
    }

    private static void set(Cpu c, int vr, String hiLo) {
        String[] parts = hiLo.trim().split(" ");
        c.vsr[2 * (32 + vr)] = Long.parseUnsignedLong(parts[0], 16);
        c.vsr[2 * (32 + vr) + 1] = Long.parseUnsignedLong(parts[1], 16);
    }
}
