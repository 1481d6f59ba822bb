package dev.k42lens.core.cpu.isa;

/**
 * The user-visible register state of one guest thread, kept as primitive fields and arrays so that
 * the interpreter's inner loop touches no objects. VSX registers hold the FPRs (VSR 0-31, the FPR is
 * doubleword 0) and the VMX registers (VSR 32-63), in the ISA's element order: doubleword 0 is the
 * most significant half in both byte orders.
 */
public final class Cpu {
    public final long[] gpr = new long[32];
    /** VSR i is {@code vsr[2*i]} (doubleword 0, the FPR for i < 32) and {@code vsr[2*i+1]}. */
    public final long[] vsr = new long[128];
    public long pc;
    public long lr;
    public long ctr;
    public long tar;
    /** CR0 in the most significant nibble, CR7 in the least. */
    public int cr;
    public boolean so;
    public boolean ov;
    public boolean ca;
    public boolean ov32;
    public boolean ca32;
    /** XER bits 57-63: the byte count of lswx/stswx. */
    public int xerByteCount;
    public int fpscr;
    /**
     * HASHKEYR, the key of hashst/hashchk: random for each program image, shared by its threads
     * and forks (copied with the registers), as Linux keeps it.
     */
    public long hashKey;
    /** The guest time base mftb reads: 512 MHz ticks of the process's clock (0 until an interpreter sets it). */
    public java.util.function.LongSupplier timeBase = () -> 0;
    /** FPSCR[DRN] (bits 29-31, in the upper word): the decimal floating-point rounding mode, 0-7. */
    public int decimalRoundingMode;
    /**
     * The exceptions (FPSCR bits) the floating-point instruction in progress has raised so far:
     * the operations collect them here and the instruction puts them in the FPSCR.
     */
    public int operationFlags;
    /** The floating-point exception mode prctl(PR_SET_FPEXC) sets (MSR FE0/FE1): 0, disabled, ignores enabled exceptions. */
    public int floatingPointExceptionMode;
    public int vscr = 0x00010000;
    public int vrsave;
    /** The address of the lwarx/ldarx reservation, or -1 when none is held. */
    public long reservationAddress = -1;
    public int reservationSize;
    public long reservationValue;
    /** The second doubleword a 16-byte reservation (lqarx) read. */
    public long reservationSecondValue;

    public long fpr(int i) {
        return vsr[2 * i];
    }

    /** Writes FPR i; like qemu, an FPR write clears the rest of its VSX register. */
    public void setFpr(int i, long bits) {
        vsr[2 * i] = bits;
        vsr[2 * i + 1] = 0;
    }

    public double fprDouble(int i) {
        return Double.longBitsToDouble(vsr[2 * i]);
    }

    public void setFprDouble(int i, double value) {
        setFpr(i, Double.doubleToRawLongBits(value));
    }

    /** The XER as mfxer reads it. */
    /** RA|0 of the instruction {@code word}: GPR RA, or 0 when the field is 0 (the base of D- and X-form addresses). */
    public long base(int word) {
        int ra = Fields.ra(word);
        return ra == 0 ? 0 : gpr[ra];
    }

    /** RA|0 + RB of the instruction {@code word}: an X-form effective address. */
    public long indexedAddress(int word) {
        return base(word) + gpr[Fields.rb(word)];
    }

    public long xer() {
        return (so ? 0x80000000L : 0) | (ov ? 0x40000000L : 0) | (ca ? 0x20000000L : 0) | (ov32 ? 0x80000L : 0)
                | (ca32 ? 0x40000L : 0) | (xerByteCount & 0x7f);
    }

    public void setXer(long value) {
        so = (value & 0x80000000L) != 0;
        ov = (value & 0x40000000L) != 0;
        ca = (value & 0x20000000L) != 0;
        ov32 = (value & 0x80000L) != 0;
        ca32 = (value & 0x40000L) != 0;
        xerByteCount = (int) (value & 0x7f);
    }

    /** The 4-bit CR field {@code field} (0-7). */
    public int crField(int field) {
        return (cr >>> (28 - 4 * field)) & 15;
    }

    private static final java.security.SecureRandom KEYS = new java.security.SecureRandom();

    public static long newHashKey() {
        return KEYS.nextLong();
    }

    /** The whole 64-bit FPSCR: DRN in the upper word, {@link #fpscr} the lower. */
    public long fpscrDoubleword() {
        return (long) decimalRoundingMode << 32 | fpscr & 0xffffffffL;
    }

    public void setCrField(int field, int value) {
        cr = withCrField(cr, field, value);
    }

    /** {@code cr} with field {@code field} (0-7) replaced by {@code value}. */
    public static int withCrField(int cr, int field, int value) {
        int shift = 28 - 4 * field;
        return (cr & ~(15 << shift)) | ((value & 15) << shift);
    }

    /** The CR field a comparison sets: LT, GT or EQ from its sign, SO copied from XER. */
    public static int comparisonField(int comparison, boolean so) {
        return (comparison < 0 ? 8 : comparison > 0 ? 4 : 2) | (so ? 1 : 0);
    }

    /** CR bit {@code bit} (0-31, 0 is CR0.LT). */
    public boolean crBit(int bit) {
        return (cr << bit) < 0;
    }

    public void setCrBit(int bit, boolean value) {
        int mask = 1 << (31 - bit);
        cr = value ? cr | mask : cr & ~mask;
    }

    /** Copies every register from {@code other} (fork, clone, signal frames). */
    public void copyFrom(Cpu other) {
        System.arraycopy(other.gpr, 0, gpr, 0, 32);
        System.arraycopy(other.vsr, 0, vsr, 0, 128);
        pc = other.pc;
        lr = other.lr;
        ctr = other.ctr;
        tar = other.tar;
        cr = other.cr;
        setXer(other.xer());
        fpscr = other.fpscr;
        decimalRoundingMode = other.decimalRoundingMode;
        hashKey = other.hashKey;
        floatingPointExceptionMode = other.floatingPointExceptionMode;
        vscr = other.vscr;
        vrsave = other.vrsave;
        reservationAddress = -1;
    }
}
