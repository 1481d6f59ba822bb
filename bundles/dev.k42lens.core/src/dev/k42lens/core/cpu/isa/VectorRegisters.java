package dev.k42lens.core.cpu.isa;

/**
 * The vector registers as the described instructions read and write them: a VMX register (VSR
 * 32-63) by the register field of an instruction, as two doublewords or as 16 bytes, byte 0 the
 * most significant; any VSR by its number.
 */
final class VectorRegisters {
    private VectorRegisters() {
    }

    /** The index in {@link Cpu#vsr} of VMX register {@code field}'s doubleword 0. */
    static int vr(int field) {
        return 2 * (32 + field);
    }

    static byte[] bytes(Cpu c, int field) {
        return vsrBytes(c, 32 + field);
    }

    /** VSR {@code vsr} (0-63) as 16 bytes, byte 0 the most significant. */
    static byte[] vsrBytes(Cpu c, int vsr) {
        byte[] b = new byte[16];
        long hi = c.vsr[2 * vsr];
        long lo = c.vsr[2 * vsr + 1];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    static void set(Cpu c, int field, byte[] b) {
        setVsrBytes(c, 32 + field, b);
    }

    static void setVsrBytes(Cpu c, int vsr, byte[] b) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xff);
            lo = lo << 8 | (b[8 + i] & 0xff);
        }
        setVsr(c, vsr, hi, lo);
    }

    static void set(Cpu c, int field, long hi, long lo) {
        setVsr(c, 32 + field, hi, lo);
    }

    /** Writes VSR {@code vsr} (0-63, any VSX register). */
    static void setVsr(Cpu c, int vsr, long hi, long lo) {
        c.vsr[2 * vsr] = hi;
        c.vsr[2 * vsr + 1] = lo;
    }

    /** A doubleword of the element in the low {@code size} bytes of {@code element}, repeated (the splats). */
    static long replicate(long element, int size) {
        return switch (size) {
            case 1 -> (element & 0xff) * 0x0101010101010101L;
            case 2 -> (element & 0xffff) * 0x0001000100010001L;
            case 4 -> (element & 0xffffffffL) * 0x0000000100000001L;
            default -> element;
        };
    }
}
