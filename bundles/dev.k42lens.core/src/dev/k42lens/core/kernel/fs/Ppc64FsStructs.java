package dev.k42lens.core.kernel.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import dev.k42lens.core.mem.GuestStrings;

/**
 * The file-system structures of the ppc64 Linux ABI, encoded in the guest's byte order.
 *
 * <p>{@code struct stat} (newfstatat, fstat) is arch/powerpc/include/uapi/asm/stat.h for
 * __powerpc64__: 144 bytes like x86_64's, but st_nlink (8 bytes) comes before st_mode (4 bytes),
 * followed by uid, gid and a 4-byte hole before st_rdev. Offsets were confirmed with
 * offsetof() in a ppc64le program built by the Debian cross compiler.
 */
public final class Ppc64FsStructs {
    public static final int STAT_SIZE = 144;
    public static final int STATX_SIZE = 256;
    /** STATX_TYPE … STATX_BLOCKS: everything but the birth time, which the host cannot give reliably. */
    public static final int STATX_BASIC_STATS = 0x7ff;

    /** d_ino, d_off, d_reclen, d_type, then the name. */
    private static final int DIRENT64_HEADER = 19;

    private Ppc64FsStructs() {
    }

    public static byte[] stat(FileStat s, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(STAT_SIZE).order(order);
        b.putLong(0, s.dev());
        b.putLong(8, s.ino());
        b.putLong(16, s.nlink());
        b.putInt(24, s.mode());
        b.putInt(28, s.uid());
        b.putInt(32, s.gid());
        b.putLong(40, s.rdev());
        b.putLong(48, s.size());
        b.putLong(56, s.blksize());
        b.putLong(64, s.blocks());
        b.putLong(72, s.atimeSeconds());
        b.putLong(80, s.atimeNanos());
        b.putLong(88, s.mtimeSeconds());
        b.putLong(96, s.mtimeNanos());
        b.putLong(104, s.ctimeSeconds());
        b.putLong(112, s.ctimeNanos());
        return b.array();   // 120..143: __unused4..6 stay zero
    }

    /** {@code struct statx} (include/uapi/linux/stat.h, the same on every architecture). */
    /** sizeof(struct statfs) on 64-bit Linux, which is also struct statfs64. */
    public static final int STATFS_SIZE = 120;
    /** ST_RDONLY and ST_VALID of f_flags. */
    private static final long ST_RDONLY = 1;
    private static final long ST_VALID = 0x20;

    /**
     * struct statfs: f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid (two
     * ints), f_namelen, f_frsize, f_flags, f_spare[4]. No inode counts (0, as btrfs reports).
     */
    public static byte[] statfs(FileSystemStat s, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(STATFS_SIZE).order(order);
        b.putLong(s.type()).putLong(s.blockSize()).putLong(s.blocks()).putLong(s.freeBlocks()).putLong(s.availableBlocks());
        b.putLong(0).putLong(0).putInt(0).putInt(0).putLong(255).putLong(s.blockSize());
        b.putLong(ST_VALID | (s.readOnly() ? ST_RDONLY : 0));
        return b.array();
    }

    public static byte[] statx(FileStat s, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(STATX_SIZE).order(order);
        b.putInt(0, STATX_BASIC_STATS);
        b.putInt(4, (int) s.blksize());
        b.putInt(16, (int) s.nlink());
        b.putInt(20, s.uid());
        b.putInt(24, s.gid());
        b.putShort(28, (short) s.mode());
        b.putLong(32, s.ino());
        b.putLong(40, s.size());
        b.putLong(48, s.blocks());
        putTimestamp(b, 64, s.atimeSeconds(), s.atimeNanos());
        putTimestamp(b, 96, s.ctimeSeconds(), s.ctimeNanos());
        putTimestamp(b, 112, s.mtimeSeconds(), s.mtimeNanos());
        b.putInt(128, FileStat.major(s.rdev()));
        b.putInt(132, FileStat.minor(s.rdev()));
        b.putInt(136, FileStat.major(s.dev()));
        b.putInt(140, FileStat.minor(s.dev()));
        return b.array();
    }

    /** struct statx_timestamp: s64 seconds, u32 nanoseconds, 4 reserved bytes. */
    private static void putTimestamp(ByteBuffer b, int offset, long seconds, int nanos) {
        b.putLong(offset, seconds);
        b.putInt(offset + 8, nanos);
    }

    /**
     * Records packed for one getdents64 call.
     *
     * @param bytes     the records, exactly as many bytes as the call returns
     * @param count     how many entries fit
     * @param nextIndex where the next call continues (the directory offset to keep)
     */
    public record DirentBatch(byte[] bytes, int count, int nextIndex) {
    }

    /**
     * Packs {@code linux_dirent64} records for entries from {@code fromIndex} on into at most
     * {@code bufferSize} bytes. Each record's d_off is the index of the entry after it, so a
     * directory offset is simply an index into the listing. A count of 0 with entries left means
     * the buffer is too small for the next one (getdents64 then fails with EINVAL).
     */
    public static DirentBatch dirents64(List<DirEntry> entries, int fromIndex, int bufferSize, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(bufferSize, 0)).order(order);
        int index = fromIndex;
        for (; index < entries.size(); index++) {
            DirEntry entry = entries.get(index);
            byte[] name = GuestStrings.encode(entry.name());
            int length = (DIRENT64_HEADER + name.length + 1 + 7) & ~7;   // NUL included, 8-aligned
            if (b.position() + length > b.capacity()) {
                break;
            }
            int start = b.position();
            b.putLong(entry.ino());
            b.putLong(index + 1L);
            b.putShort((short) length);
            b.put((byte) entry.type());
            b.put(name);
            b.position(start + length);   // the NUL and the padding are the buffer's zeros
        }
        return new DirentBatch(Arrays.copyOf(b.array(), b.position()), index - fromIndex, index);
    }
}
