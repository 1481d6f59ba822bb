package dev.k42lens.core.elf;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The processor the guest is told it runs on, through AT_HWCAP, AT_HWCAP2 and AT_PLATFORM. glibc
 * picks its string and memory routines (ifunc) from these bits, so the model decides how much
 * VMX/VSX the guest executes. The values are what qemu 7.2 reports for {@code -cpu power5+/power8/power9}
 * (see the project's PPC64-LINUX-ABI notes); bit names from Linux's asm/cputable.h.
 */
public enum CpuModel {
    /** PPC_FEATURE_64 | HAS_FPU: no VMX or VSX, so big-endian glibc runs plain integer code. */
    POWER5_PLUS("power5+", 0x48000000L, 0),
    /**
     * Adds HAS_ALTIVEC, HAS_DFP, ARCH_2_06, HAS_VSX; HWCAP2 ARCH_2_07 | ISEL | TAR | VEC_CRYPTO
     * (no HTM, so glibc never uses transactional memory, and no SCV, so syscalls stay on {@code sc}).
     */
    POWER8("power8", 0x58000580L, 0x8e000000L),
    /** POWER8 plus HWCAP2 ARCH_3_00 | HAS_IEEE128 | DARN: glibc's POWER9 routines (ISA 3.0 vector loads). */
    POWER9("power9", 0x58000580L, 0x8ee00000L);

    private static final long PPC_FEATURE2_ARCH_2_07 = 0x80000000L;

    private final String platform;
    private final long hwcap;
    private final long hwcap2;

    CpuModel(String platform, long hwcap, long hwcap2) {
        this.platform = platform;
        this.hwcap = hwcap;
        this.hwcap2 = hwcap2;
    }

    /** The name users type and the AT_PLATFORM string glibc recognises, e.g. "power9". */
    public String platform() {
        return platform;
    }

    public long hwcap() {
        return hwcap;
    }

    public long hwcap2() {
        return hwcap2;
    }

    /** Little-endian code is compiled for POWER8 at least (ISA 2.07): older models cannot run it. */
    public boolean runsLittleEndian() {
        return (hwcap2 & PPC_FEATURE2_ARCH_2_07) != 0;
    }

    /**
     * The default for a byte order: power5+ for big-endian, so glibc sticks to the smallest
     * instruction set; power9 for little-endian, the model qemu 7.2 (the reference) emulates by
     * default and under which the instruction list in the ABI notes was measured.
     */
    public static CpuModel defaultFor(ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? POWER5_PLUS : POWER9;
    }

    /** The model named like its platform string, ignoring case. */
    public static CpuModel forName(String name) {
        for (CpuModel model : values()) {
            if (model.platform.equals(name.toLowerCase(Locale.ROOT))) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown CPU model '" + name + "': choose one of "
                + Arrays.stream(values()).map(CpuModel::platform).collect(Collectors.joining(", ")));
    }
}
