package dev.k42lens.core.kernel.fs;

import java.util.Arrays;
import java.util.SortedMap;

import dev.k42lens.core.mem.GuestStrings;

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

    /** The longest thread name (TASK_COMM_LEN without its NUL). */
    int COMM_LENGTH = 15;

    /** A thread's first name: the executable's file name, cut to 15 bytes. */
    static byte[] commOf(String exePath) {
        byte[] bytes = GuestStrings.encode(GuestPaths.name(exePath));
        return Arrays.copyOf(bytes, Math.min(bytes.length, COMM_LENGTH));
    }

    /** /proc/PID/comm: the main thread's name and a newline. */
    default byte[] comm() {
        return commLine(commOf(exePath()));
    }

    /** A thread name as /proc/PID/comm shows it: followed by a newline. */
    static byte[] commLine(byte[] name) {
        byte[] line = Arrays.copyOf(name, name.length + 1);
        line[name.length] = '\n';
        return line;
    }
}
