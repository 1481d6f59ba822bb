package dev.k42lens.core.elf;

/** One ELF64 section header with its name resolved. */
public record ElfSection(int index, String name, int type, long flags, long address, long offset, long size, int link,
        int info, long alignment, long entrySize) {
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_GNU_VERSYM = 0x6fffffff;

    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;

    /** True when the section has bytes in the file (everything but NULL and NOBITS). */
    public boolean hasFileData() {
        return type != SHT_NULL && type != SHT_NOBITS;
    }

    /** True when {@code address} lies inside the section's memory image. */
    public boolean contains(long address) {
        return (flags & SHF_ALLOC) != 0 && Long.compareUnsigned(address - this.address, size) < 0;
    }
}
