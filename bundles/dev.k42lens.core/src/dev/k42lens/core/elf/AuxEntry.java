package dev.k42lens.core.elf;

/** One auxiliary-vector pair the loader puts on the initial stack for the guest's libc and ld.so. */
public record AuxEntry(int type, long value) {
    public static final int AT_NULL = 0;
    public static final int AT_PHDR = 3;
    public static final int AT_PHENT = 4;
    public static final int AT_PHNUM = 5;
    public static final int AT_PAGESZ = 6;
    public static final int AT_BASE = 7;
    public static final int AT_FLAGS = 8;
    public static final int AT_ENTRY = 9;
    public static final int AT_UID = 11;
    public static final int AT_EUID = 12;
    public static final int AT_GID = 13;
    public static final int AT_EGID = 14;
    public static final int AT_PLATFORM = 15;
    public static final int AT_HWCAP = 16;
    public static final int AT_CLKTCK = 17;
    public static final int AT_DCACHEBSIZE = 19;
    public static final int AT_ICACHEBSIZE = 20;
    public static final int AT_UCACHEBSIZE = 21;
    /** PowerPC only: entries the kernel once used for padding, which libc must skip. */
    public static final int AT_IGNOREPPC = 22;
    public static final int AT_SECURE = 23;
    public static final int AT_RANDOM = 25;
    public static final int AT_HWCAP2 = 26;
    public static final int AT_EXECFN = 31;

    /** The constant's name, e.g. "AT_HWCAP", for traces and the UI. */
    public String typeName() {
        return switch (type) {
            case AT_NULL -> "AT_NULL";
            case AT_PHDR -> "AT_PHDR";
            case AT_PHENT -> "AT_PHENT";
            case AT_PHNUM -> "AT_PHNUM";
            case AT_PAGESZ -> "AT_PAGESZ";
            case AT_BASE -> "AT_BASE";
            case AT_FLAGS -> "AT_FLAGS";
            case AT_ENTRY -> "AT_ENTRY";
            case AT_UID -> "AT_UID";
            case AT_EUID -> "AT_EUID";
            case AT_GID -> "AT_GID";
            case AT_EGID -> "AT_EGID";
            case AT_PLATFORM -> "AT_PLATFORM";
            case AT_HWCAP -> "AT_HWCAP";
            case AT_CLKTCK -> "AT_CLKTCK";
            case AT_DCACHEBSIZE -> "AT_DCACHEBSIZE";
            case AT_ICACHEBSIZE -> "AT_ICACHEBSIZE";
            case AT_UCACHEBSIZE -> "AT_UCACHEBSIZE";
            case AT_IGNOREPPC -> "AT_IGNOREPPC";
            case AT_SECURE -> "AT_SECURE";
            case AT_RANDOM -> "AT_RANDOM";
            case AT_HWCAP2 -> "AT_HWCAP2";
            case AT_EXECFN -> "AT_EXECFN";
            default -> "AT_" + type;
        };
    }
}
