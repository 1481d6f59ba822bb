package dev.k42lens.core.elf;

/** One ELF64 program header (segment). Addresses are the link-time ones, before any load bias. */
public record ProgramHeader(int type, int flags, long offset, long virtualAddress, long physicalAddress,
        long fileSize, long memorySize, long alignment) {
    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PT_GNU_RELRO = 0x6474e552;
    public static final int PT_GNU_PROPERTY = 0x6474e553;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    /** The name readelf prints, e.g. "LOAD" or "GNU_STACK"; unknown types in hex. */
    public String typeName() {
        return switch (type) {
            case PT_NULL -> "NULL";
            case PT_LOAD -> "LOAD";
            case PT_DYNAMIC -> "DYNAMIC";
            case PT_INTERP -> "INTERP";
            case PT_NOTE -> "NOTE";
            case PT_PHDR -> "PHDR";
            case PT_TLS -> "TLS";
            case PT_GNU_EH_FRAME -> "GNU_EH_FRAME";
            case PT_GNU_STACK -> "GNU_STACK";
            case PT_GNU_RELRO -> "GNU_RELRO";
            case PT_GNU_PROPERTY -> "GNU_PROPERTY";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    /** The segment's permissions as r/w/x letters, the way readelf shows them ("R E", "RW "). */
    public String flagLetters() {
        return ((flags & PF_R) != 0 ? "R" : " ") + ((flags & PF_W) != 0 ? "W" : " ")
                + ((flags & PF_X) != 0 ? "E" : " ");
    }
}
