package dev.k42lens.core.kernel.fs;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The host C library's *at calls, through JNA (which the Eclipse platform ships): java.nio has no
 * openat, mkdirat, symlinkat, readlinkat or linkat, and only these let the guest file system act
 * relative to a directory it holds open, so that no host path is ever resolved twice. Paths are
 * NUL-terminated bytes; every call returns -1 and leaves the errno in {@link Native#getLastError}
 * on failure. The host errno numbers are Linux's generic ones, which the guest shares.
 */
final class HostCalls {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;

    /** statx's mask for the basic stat fields, and the size of struct statx. */
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_SIZE = 256;
    /** glibc's struct dirent on every 64-bit Linux: d_ino, d_off, d_reclen, d_type, then d_name. */
    static final int DIRENT_NAME_OFFSET = 19;
    /** utimensat: leave this time as it is. */
    static final long UTIME_OMIT = (1L << 30) - 2;

    private static final Throwable UNAVAILABLE = register();

    private HostCalls() {
    }

    private static Throwable register() {
        if (!Platform.isLinux()) {
            return new UnsupportedOperationException("the guest file system needs a Linux host");
        }
        try {
            Native.register(HostCalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }

    /** Null when the calls can be made, else why not (for a message before the run starts). */
    static String unavailable() {
        return UNAVAILABLE == null ? null : "native file access through JNA is unavailable: " + UNAVAILABLE.getMessage();
    }

    static int errno() {
        return Native.getLastError();
    }

    /** {@code name}'s guest bytes with the terminating NUL the C calls need. */
    static byte[] cString(byte[] name) {
        byte[] c = new byte[name.length + 1];
        System.arraycopy(name, 0, c, 0, name.length);
        return c;
    }

    static native int openat(int dirfd, byte[] path, int flags, int mode);

    static native int close(int fd);

    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx);

    static native int mkdirat(int dirfd, byte[] path, int mode);

    static native int unlinkat(int dirfd, byte[] path, int flags);

    static native int renameat(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath);

    static native int symlinkat(byte[] target, int newDirfd, byte[] linkPath);

    static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size);

    static native int linkat(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);

    static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

    static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

    static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    static native int chmod(byte[] path, int mode);

    static native Pointer fdopendir(int fd);

    static native Pointer readdir(Pointer directory);

    static native int closedir(Pointer directory);
}
