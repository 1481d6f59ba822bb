package dev.k42lens.core.kernel.fs;

/** The character devices /dev offers, with Linux's device numbers. */
public enum Device {
    NULL("null", 1, 3),
    ZERO("zero", 1, 5),
    /** Reads zeros, writes fail with ENOSPC. */
    FULL("full", 1, 7),
    RANDOM("random", 1, 8),
    URANDOM("urandom", 1, 9),
    /** The caller's controlling terminal: its pseudo-terminal, else the emulator's own terminal, else ENXIO. */
    TTY("tty", 5, 0),
    /** The pseudo-terminal multiplexer: each open makes a new pair and is its master. */
    PTMX("ptmx", 5, 2);

    private final String fileName;
    private final int major;
    private final int minor;

    Device(String fileName, int major, int minor) {
        this.fileName = fileName;
        this.major = major;
        this.minor = minor;
    }

    public String fileName() {
        return fileName;
    }

    public long rdev() {
        return FileStat.encodeDev(major, minor);
    }
}
