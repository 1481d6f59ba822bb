package dev.k42lens.core.kernel.fs;

/**
 * Linux stat information in kernel terms, before it is encoded for the guest (see
 * {@link Ppc64FsStructs}). Device numbers use glibc's 64-bit dev_t encoding, which is also what the
 * kernel's stat returns for majors below 4096.
 */
public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blksize,
        long blocks, long atimeSeconds, int atimeNanos, long mtimeSeconds, int mtimeNanos, long ctimeSeconds,
        int ctimeNanos) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** The identity of a file whatever path or hard link reaches it: its device and inode. */
    public record Key(long dev, long ino) {
    }

    public Key key() {
        return new Key(dev, ino);
    }

    public static boolean isDirectory(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public static boolean isSymlink(int mode) {
        return (mode & S_IFMT) == S_IFLNK;
    }

    public static boolean isRegular(int mode) {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** glibc's makedev. */
    public static long encodeDev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffL) << 8) | ((ma & ~0xfffL) << 32) | (mi & 0xffL) | ((mi & ~0xffL) << 12);
    }

    /** glibc's major(). */
    public static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL));
    }

    /** glibc's minor(). */
    public static int minor(long dev) {
        return (int) ((dev & 0xffL) | ((dev >>> 12) & ~0xffL));
    }
}
