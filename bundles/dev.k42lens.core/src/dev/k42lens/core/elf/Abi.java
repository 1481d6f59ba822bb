package dev.k42lens.core.elf;

/** The two 64-bit PowerPC ELF ABIs, chosen by the low two bits of e_flags. */
public enum Abi {
    /** Big-endian "ppc64": function pointers and e_entry point at {entry, TOC, env} descriptors in .opd. */
    ELF_V1,
    /** "ppc64le": plain entry addresses; a function's global entry expects r12 = its own address. */
    ELF_V2;

    /**
     * The ABI e_flags names. Like Linux (SET_PERSONALITY), anything but 2 runs as ELFv1: old
     * toolchains left the flags 0. The value 3 is undefined and rejected.
     */
    static Abi fromFlags(int flags) throws ElfException {
        return switch (flags & 3) {
            case 2 -> ELF_V2;
            case 3 -> throw new ElfException("corrupt ELF file: unknown PowerPC64 ABI version 3 in e_flags 0x"
                    + Integer.toHexString(flags));
            default -> ELF_V1;
        };
    }
}
