package dev.k42lens.core.kernel.fs;

/**
 * What statfs reports about the file system a node lives on: its type (the f_type magic number),
 * sizes in blocks of {@code blockSize} bytes, and whether the guest sees it read-only.
 */
public record FileSystemStat(long type, long blockSize, long blocks, long freeBlocks, long availableBlocks, boolean readOnly) {
    public static final long EXT4_MAGIC = 0xEF53;
    public static final long TMPFS_MAGIC = 0x01021994;
    public static final long PROC_MAGIC = 0x9fa0;
    public static final long OVERLAYFS_MAGIC = 0x794c7630;
    public static final long XFS_MAGIC = 0x58465342;
    public static final long BTRFS_MAGIC = 0x9123683eL;

    /** The magic number of a host file store's type as Java names it (FileStore.type()); ext4's for one unknown. */
    public static long magicOf(String hostType) {
        return switch (hostType) {
            case "tmpfs" -> TMPFS_MAGIC;
            case "overlay" -> OVERLAYFS_MAGIC;
            case "xfs" -> XFS_MAGIC;
            case "btrfs" -> BTRFS_MAGIC;
            case "proc" -> PROC_MAGIC;
            default -> EXT4_MAGIC;
        };
    }
}
