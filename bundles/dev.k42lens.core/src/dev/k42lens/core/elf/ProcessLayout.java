package dev.k42lens.core.elf;

/**
 * Where the loader puts things in a fresh address space. The addresses are the ones 64-bit ppc64
 * Linux uses with address-space randomisation off, so runs are reproducible and look familiar.
 */
public final class ProcessLayout {
    /** Nothing is mapped below this: Linux's default vm.mmap_min_addr. */
    public static final long LOWEST_ADDRESS = 0x10000L;
    /**
     * Load address of an ET_DYN program (PIE, static-pie, or ld.so run directly): ppc64's
     * ELF_ET_DYN_BASE for 64-bit tasks, 4 GiB, which leaves the 32-bit range free. Linux uses it only
     * for a PIE with an interpreter; here every ET_DYN program gets it, so brk has room to grow.
     */
    public static final long ET_DYN_BASE = 0x1_0000_0000L;
    /** The stack ends here: STACK_TOP_USER64, the 128 TiB default limit of a 64-bit address space. */
    public static final long STACK_TOP = 0x8000_0000_0000L;
    /** The stack is mapped at its whole size (Linux's default RLIMIT_STACK, 8 MiB) from the start. */
    public static final long STACK_SIZE = 8L << 20;
    /**
     * The interpreter, and later anonymous and file mmaps, go top-down below this: STACK_TOP less
     * Linux's minimum stack gap of 128 MiB (mmap_base without randomisation). The 120 MiB left
     * unmapped below the stack are its guard: an overflow faults there instead of hitting a mapping.
     */
    public static final long MMAP_BASE = STACK_TOP - (128L << 20);
    /**
     * The most memory one image's segments may take. GuestMemory allocates every page of a mapping
     * when it is mapped, so a huge bss (or a corrupt p_memsz) would otherwise exhaust the Java heap.
     */
    public static final long MAX_IMAGE_SIZE = 256L << 20;
    /** The most the argument and environment strings and their pointers may take: a quarter of the stack, as Linux. */
    public static final long MAX_ARGUMENT_BYTES = STACK_SIZE / 4;

    private ProcessLayout() {
    }
}
