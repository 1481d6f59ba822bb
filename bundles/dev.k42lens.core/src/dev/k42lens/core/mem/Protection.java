package dev.k42lens.core.mem;

/** Page permissions, with Linux's PROT_* values so mmap/mprotect arguments map directly. */
public final class Protection {
    public static final int NONE = 0;
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXEC = 4;
    public static final int RW = READ | WRITE;
    public static final int RX = READ | EXEC;
    public static final int RWX = READ | WRITE | EXEC;

    private Protection() {
    }

    /** The r/w/x letters /proc/self/maps shows for {@code prot}. */
    public static String letters(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }
}
