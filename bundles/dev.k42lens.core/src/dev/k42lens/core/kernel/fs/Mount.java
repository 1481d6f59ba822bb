package dev.k42lens.core.kernel.fs;

import java.nio.file.Path;

/**
 * One entry of the guest's mount table: what appears at {@code guestPath}. Host-backed mounts
 * name a real host directory (or, for {@link Kind#PROGRAM}, a single file); {@link Kind#DEV} and
 * {@link Kind#PROC} are made up by the emulator and have no host path.
 */
public record Mount(String guestPath, Path hostPath, boolean writable, Kind kind) {
    public enum Kind {
        /** {@code --root}, or a {@code --mount} at "/". */
        ROOT,
        /** The private, writable /tmp. */
        TMP,
        /** The private, writable /dev/shm, where glibc's shm_open puts POSIX shared memory objects. */
        SHM,
        DEV,
        PROC,
        /** The host working directory at its own path. */
        CWD,
        /** A {@code --mount HOST:GUEST[:rw]}. */
        BIND,
        /** The program file, when no other mount shows it. */
        PROGRAM,
        /** A sysroot library directory filling gaps in a guest library directory. */
        SYSROOT
    }

    public Mount {
        GuestPaths.requireCanonical(guestPath);
        if ((hostPath == null) != (kind == Kind.DEV || kind == Kind.PROC)) {
            throw new IllegalArgumentException("only /dev and /proc are virtual: " + kind);
        }
    }

    public boolean isVirtual() {
        return hostPath == null;
    }

    /** The run's own /tmp and /dev/shm, whose size {@link TmpSpace} limits. */
    public boolean isPrivate() {
        return kind == Kind.TMP || kind == Kind.SHM;
    }
}
