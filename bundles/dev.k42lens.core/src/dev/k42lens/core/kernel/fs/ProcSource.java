package dev.k42lens.core.kernel.fs;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;

/**
 * What a process tells /proc about itself. The file system asks at lookup and open time, so the
 * content is current when the guest reads it. Paths are guest paths.
 */
public interface ProcSource {
    int pid();

    /** Target of /proc/PID/exe. */
    String exePath();

    /** Target of /proc/PID/cwd, and where relative paths start (see {@link PathBase#cwdOf}). */
    String cwd();

    /** /proc/PID/cmdline: the arguments, each followed by NUL. */
    byte[] cmdline();

    /** /proc/PID/maps, in the kernel's text format. */
    String maps();

    /** /proc/PID/stat, one line. */
    String stat();

    /**
     * The open descriptors: fd number to what /proc/PID/fd/N shows, which is a guest path, or for a
     * descriptor without one a description such as "pipe:[4]" or "anon_inode:[eventfd]".
     */
    SortedMap<Integer, String> openFds();

    /** /proc/PID/environ: NAME=value entries, each followed by NUL. */
    default byte[] environ() {
        return new byte[0];
    }

    /** /proc/PID/status. */
    default String status() {
        return "";
    }

    /** /proc/PID/auxv, in the guest's byte order. */
    default byte[] auxv() {
        return new byte[0];
    }

    /** /proc/PID/comm: the executable's name, at most 15 bytes, and a newline. */
    default byte[] comm() {
        String name = GuestPaths.name(exePath());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        String shortened = bytes.length > 15 ? new String(bytes, 0, 15, StandardCharsets.UTF_8) : name;
        return (shortened + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
