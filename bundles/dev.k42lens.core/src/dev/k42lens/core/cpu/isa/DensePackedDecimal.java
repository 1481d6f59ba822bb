package dev.k42lens.core.cpu.isa;

/**
 * Densely packed decimal (IEEE 754-2008): three decimal digits in a 10-bit declet. Decoding takes
 * any of the 1024 declets (the 24 non-canonical ones too); encoding gives the canonical declet.
 */
public final class DensePackedDecimal {
    private static final short[] VALUE_OF_DECLET = new short[1024];
    private static final short[] DECLET_OF_VALUE = new short[1000];

    static {
        java.util.Arrays.fill(DECLET_OF_VALUE, (short) -1);
        for (int declet = 0; declet < 1024; declet++) {
            int value = decode(declet);
            VALUE_OF_DECLET[declet] = (short) value;
            if (DECLET_OF_VALUE[value] < 0) {
                DECLET_OF_VALUE[value] = (short) declet;   // the lowest of a value's declets is canonical: its unused bits 0
            }
        }
    }

    private DensePackedDecimal() {
    }

    /** The number 0-999 that {@code declet} (its low 10 bits) encodes. */
    public static int value(int declet) {
        return VALUE_OF_DECLET[declet & 0x3ff];
    }

    /** The canonical declet of {@code value}, 0-999. */
    public static int declet(int value) {
        return DECLET_OF_VALUE[value];
    }

    /**
     * The declet's digits, bits named p q r s t u v w x y from the most significant: v = 0 holds
     * three small digits (0-7); v = 1 marks one or more large digits (8, 9) by w x and then s t,
     * a large digit keeping only its last bit.
     */
    private static int decode(int d) {
        int p = d >> 9 & 1, q = d >> 8 & 1, r = d >> 7 & 1, s = d >> 6 & 1, t = d >> 5 & 1;
        int u = d >> 4 & 1, v = d >> 3 & 1, w = d >> 2 & 1, x = d >> 1 & 1, y = d & 1;
        int pqr = p << 2 | q << 1 | r;
        int stu = s << 2 | t << 1 | u;
        int large0 = 8 | r;
        int large1 = 8 | u;
        int large2 = 8 | y;
        int[] digits;
        if (v == 0) {
            digits = new int[] { pqr, stu, w << 2 | x << 1 | y };
        } else {
            digits = switch (w << 1 | x) {
                case 0 -> new int[] { pqr, stu, large2 };
                case 1 -> new int[] { pqr, large1, s << 2 | t << 1 | y };
                case 2 -> new int[] { large0, stu, p << 2 | q << 1 | y };
                default -> switch (s << 1 | t) {
                    case 0 -> new int[] { large0, large1, p << 2 | q << 1 | y };
                    case 1 -> new int[] { large0, p << 2 | q << 1 | u, large2 };
                    case 2 -> new int[] { pqr, large1, large2 };
                    default -> new int[] { large0, large1, large2 };
                };
            };
        }
        return digits[0] * 100 + digits[1] * 10 + digits[2];
    }
}
