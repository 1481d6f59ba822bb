package dev.k42lens.core.cpu.isa;

/** The ISA's bit-level conversions between single- and double-precision formats, which copy bits instead of rounding. */
public final class FloatingPointBits {
    private FloatingPointBits() {
    }

    /**
     * The single-precision word stfs stores: the ISA copies bits instead of rounding; values below
     * the single normal range are denormalized by shifting.
     */
    public static int storeSingle(long bits) {
        int exponent = (int) (bits >>> 52) & 0x7ff;
        if (exponent > 896) {
            return (int) ((bits >>> 32) & 0xc0000000L) | (int) ((bits >>> 29) & 0x3fffffffL);
        }
        int result = (int) ((bits >>> 32) & 0x80000000L); // too small for a single: a signed zero
        if (exponent >= 874) {
            result |= (int) (((bits & 0xfffffffffffffL) | 0x10000000000000L) >>> (896 + 30 - exponent));
        }
        return result;
    }

    /** The double a single's bits stand for, bit-exact (a signalling NaN stays signalling), as lfs loads it. */
    public static long singleToDouble(int single) {
        int exponent = (single >>> 23) & 0xff;
        long sign = (long) (single >>> 31) << 63;
        long fraction = single & 0x7fffffL;
        if (exponent == 0xff) {
            return sign | 0x7ff0000000000000L | fraction << 29;
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(single));
    }
}
