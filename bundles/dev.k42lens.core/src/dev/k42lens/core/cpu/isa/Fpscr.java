package dev.k42lens.core.cpu.isa;

/**
 * The Floating-Point Status and Control Register: its bits (as an int, FPSCR bit 32 is the sign
 * bit), how an operation's exceptions enter it, and the result classes (FPRF) it records.
 */
public final class Fpscr {
    public static final int FX = 0x80000000;
    public static final int FEX = 0x40000000;
    public static final int VX = 0x20000000;
    public static final int OX = 0x10000000;
    public static final int UX = 0x08000000;
    public static final int ZX = 0x04000000;
    public static final int XX = 0x02000000;
    public static final int VXSNAN = 0x01000000;
    public static final int VXISI = 0x00800000;
    public static final int VXIDI = 0x00400000;
    public static final int VXZDZ = 0x00200000;
    public static final int VXIMZ = 0x00100000;
    public static final int VXVC = 0x00080000;
    public static final int FR = 0x00040000;
    public static final int FI = 0x00020000;
    public static final int FPRF = 0x0001f000;
    /** The floating-point condition code, the low four bits of FPRF. */
    public static final int FPCC = 0x0000f000;
    /** FPSCR bit 52, reserved: never set. */
    public static final int RESERVED = 0x00000800;
    public static final int VXSOFT = 0x00000400;
    public static final int VXSQRT = 0x00000200;
    public static final int VXCVI = 0x00000100;
    public static final int VE = 0x80;
    public static final int OE = 0x40;
    public static final int UE = 0x20;
    public static final int ZE = 0x10;
    public static final int XE = 0x08;
    public static final int NI = 0x04;
    public static final int RN = 0x03;

    /** The invalid-operation causes; any of them sets VX. */
    public static final int INVALID = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
    /** The sticky exception bits an operation can set. */
    public static final int EXCEPTIONS = INVALID | OX | UX | ZX | XX;
    /** The enable bits VE, OE, UE, ZE, XE. */
    public static final int ENABLES = VE | OE | UE | ZE | XE;
    /** DRN's place in the 64-bit FPSCR. */
    public static final long DRN = 7L << 32;
    /** The control fields mffscrn and mffscdrn read: DRN, the enables, NI and RN. */
    public static final long CONTROL = DRN | ENABLES | NI | RN;

    /** FPRF values: the result class and the condition code it implies. */
    public static final int QUIET_NAN = 0x11000;
    public static final int NEGATIVE_INFINITY = 0x09000;
    public static final int NEGATIVE_NORMAL = 0x08000;
    public static final int NEGATIVE_DENORMAL = 0x18000;
    public static final int NEGATIVE_ZERO = 0x12000;
    public static final int POSITIVE_ZERO = 0x02000;
    public static final int POSITIVE_DENORMAL = 0x14000;
    public static final int POSITIVE_NORMAL = 0x04000;
    public static final int POSITIVE_INFINITY = 0x05000;

    private Fpscr() {
    }

    /**
     * {@code fpscr} after an operation that raised {@code flags} (exception bits, and FR/FI when
     * {@code statusBits} says the instruction sets them): the exception bits are sticky, FX is set
     * when one of them goes from 0 to 1, VX and FEX are recomputed.
     */
    public static int raise(int fpscr, int flags, boolean statusBits) {
        int exceptions = flags & EXCEPTIONS;
        int result = fpscr | exceptions;
        if ((exceptions & ~fpscr) != 0) {
            result |= FX;
        }
        if (statusBits) {
            result = (result & ~(FR | FI)) | (flags & (FR | FI));
        }
        return summarized(result);
    }

    /**
     * Records an instruction's exceptions {@code flags} in the thread's FPSCR ({@link #raise});
     * returns whether its target is written: not after an invalid operation or a zero divide that
     * the FPSCR enables (the target then keeps its value).
     */
    public static boolean record(Cpu c, int flags, boolean statusBits) {
        c.fpscr = raise(c.fpscr, flags, statusBits);
        return !enabled(c.fpscr, flags & (INVALID | ZX));
    }

    /** {@code fpscr} with VX and FEX recomputed from the exception and enable bits (FX is left as it is). */
    public static int summarized(int fpscr) {
        int result = (fpscr & INVALID) != 0 ? fpscr | VX : fpscr & ~VX;
        return enabled(result, result) ? result | FEX : result & ~FEX;
    }

    /** {@code fpscr} with FPRF set to {@code fprf}. */
    public static int withClass(int fpscr, int fprf) {
        return (fpscr & ~FPRF) | fprf;
    }

    /** Whether {@code flags} hold an exception whose enable bit in {@code fpscr} is set. */
    public static boolean enabled(int fpscr, int flags) {
        return (flags & INVALID) != 0 && (fpscr & VE) != 0 || (flags & OX) != 0 && (fpscr & OE) != 0
                || (flags & UX) != 0 && (fpscr & UE) != 0 || (flags & ZX) != 0 && (fpscr & ZE) != 0
                || (flags & XX) != 0 && (fpscr & XE) != 0;
    }

    /** The FPRF class of a double-precision value. */
    public static int classOf(long bits) {
        long magnitude = bits & Long.MAX_VALUE;
        return classOf(bits < 0, Long.compare(magnitude, 0x7ff0000000000000L), magnitude == 0, magnitude < 0x0010000000000000L);
    }

    /** The FPRF class of a single-precision value. */
    public static int classOfSingle(int bits) {
        int magnitude = bits & Integer.MAX_VALUE;
        return classOf(bits < 0, Integer.compare(magnitude, 0x7f800000), magnitude == 0, magnitude < 0x00800000);
    }

    /** The FPRF class of a half-precision value (the low 16 bits). */
    public static int classOfHalf(int bits) {
        int magnitude = bits & 0x7fff;
        return classOf((bits & 0x8000) != 0, Integer.compare(magnitude, 0x7c00), magnitude == 0, magnitude < 0x0400);
    }

    /** {@code special}: the magnitude's bits compared with an infinity's (above: a NaN). */
    private static int classOf(boolean negative, int special, boolean zero, boolean belowNormal) {
        if (special > 0) {
            return QUIET_NAN;
        }
        if (special == 0) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (zero) {
            return negative ? NEGATIVE_ZERO : POSITIVE_ZERO;
        }
        if (belowNormal) {
            return negative ? NEGATIVE_DENORMAL : POSITIVE_DENORMAL;
        }
        return negative ? NEGATIVE_NORMAL : POSITIVE_NORMAL;
    }
}
