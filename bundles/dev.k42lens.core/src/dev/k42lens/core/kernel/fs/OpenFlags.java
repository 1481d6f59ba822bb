package dev.k42lens.core.kernel.fs;

/** open(2) flags with their ppc64 Linux values (O_DIRECTORY and O_NOFOLLOW differ from x86_64). */
public final class OpenFlags {
    public static final int O_ACCMODE = 03;
    public static final int O_RDONLY = 00;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 040000;
    public static final int O_NOFOLLOW = 0100000;
    public static final int O_LARGEFILE = 0200000;
    public static final int O_DIRECT = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    /** Includes O_DIRECTORY, as in the kernel headers. */
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;

    private OpenFlags() {
    }
}
