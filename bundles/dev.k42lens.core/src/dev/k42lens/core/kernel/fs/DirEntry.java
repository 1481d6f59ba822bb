package dev.k42lens.core.kernel.fs;

/**
 * One directory entry as getdents64 reports it.
 *
 * @param type d_type: the file-type bits of st_mode shifted down (DT_DIR 4, DT_REG 8, DT_LNK 10, …)
 */
public record DirEntry(String name, long ino, int type) {
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_CHR = 2;

    /** The d_type for an st_mode: Linux defines DT_* as the S_IF* bits >> 12. */
    public static int typeOf(int mode) {
        return (mode & FileStat.S_IFMT) >>> 12;
    }
}
