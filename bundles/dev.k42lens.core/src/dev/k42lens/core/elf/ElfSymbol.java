package dev.k42lens.core.elf;

/**
 * One entry of .symtab or .dynsym. {@code value} is st_value as stored; {@code address} is where the
 * symbol's code starts: the same as the value except for ELFv1 functions, whose value is their
 * descriptor in .opd and whose address is the descriptor's entry word.
 */
public record ElfSymbol(String name, long value, long address, long size, int type, int binding, int sectionIndex,
        boolean dynamic) {
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_TLS = 6;
    public static final int STT_GNU_IFUNC = 10;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    /** Code: a plain function or an ifunc resolver. */
    public boolean isFunction() {
        return type == STT_FUNC || type == STT_GNU_IFUNC;
    }

    /** Defined in this file, i.e. not an import (SHN_UNDEF). */
    public boolean isDefined() {
        return sectionIndex != 0;
    }
}
