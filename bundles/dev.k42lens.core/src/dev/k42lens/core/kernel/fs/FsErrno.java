package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The Linux errno values (generic numbering, which ppc64 shares) the file system reports. */
public final class FsErrno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int EOPNOTSUPP = 95;

    private FsErrno() {
    }

    /** The symbolic name, e.g. "ENOENT", for traces and messages. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EXDEV -> "EXDEV";
            case ENOTDIR -> "ENOTDIR";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case EFBIG -> "EFBIG";
            case ENOSPC -> "ENOSPC";
            case EROFS -> "EROFS";
            case ENAMETOOLONG -> "ENAMETOOLONG";
            case ENOTEMPTY -> "ENOTEMPTY";
            case ELOOP -> "ELOOP";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> "errno " + errno;
        };
    }

    /**
     * The errno behind a host I/O failure. java.nio keeps only some errnos as exception types; the
     * rest survive as strerror text in {@link FileSystemException#getReason()}.
     */
    public static int of(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (failure instanceof FileAlreadyExistsException) {
            return EEXIST;
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (failure instanceof AccessDeniedException) {
            return EACCES;
        }
        if (failure instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        if (failure instanceof FileSystemLoopException) {
            return ELOOP;
        }
        String reason = failure instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : "";
        return switch (reason) {
            case "Read-only file system" -> EROFS;
            case "Directory not empty" -> ENOTEMPTY;
            case "Is a directory" -> EISDIR;
            case "Not a directory" -> ENOTDIR;
            case "No space left on device" -> ENOSPC;
            case "File name too long" -> ENAMETOOLONG;
            case "Operation not permitted" -> EPERM;
            case "Invalid cross-device link" -> EXDEV;
            case "Device or resource busy" -> EBUSY;
            default -> EIO;
        };
    }
}
