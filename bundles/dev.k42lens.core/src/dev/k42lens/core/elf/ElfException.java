package dev.k42lens.core.elf;

/**
 * A program that cannot be loaded: not an ELF file, not for ppc64, corrupt, or missing its
 * interpreter. The message is one line meant for the user, e.g. "not an ELF file".
 */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfException(String message) {
        super(message);
    }
}
