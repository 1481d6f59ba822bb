package dev.k42lens.core.kernel.fs;

/**
 * Where a lookup starts and on whose behalf: the directory a relative path is taken from (the
 * caller's cwd, or the directory of a dirfd for the *at calls, given as the canonical guest path
 * that {@link FsNode#guestPath()} reports), and the process that /proc/self names.
 *
 * @param directory canonical guest path of the starting directory
 * @param process   the calling process, or null outside any process (/proc/self then does not
 *                  exist)
 */
public record PathBase(String directory, ProcSource process) {
    public PathBase {
        GuestPaths.requireCanonical(directory);
    }

    /** Relative to the process's working directory (AT_FDCWD). */
    public static PathBase cwdOf(ProcSource process) {
        return new PathBase(process.cwd(), process);
    }

    /** Relative to a directory, with no calling process. */
    public static PathBase of(String directory) {
        return new PathBase(directory, null);
    }
}
