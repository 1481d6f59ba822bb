package dev.k42lens.core.kernel.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.jna.Pointer;

import dev.k42lens.core.mem.GuestStrings;

/**
 * The host files behind the mounts, reached so that nothing on the host can redirect the guest:
 * each mount's host root is opened once, when the file system is built, and held for the whole
 * run (as a bind mount holds its directory, not its path); every file below it is reached from
 * that handle one name at a time, each directory opened with O_NOFOLLOW, and every call then acts
 * on a name relative to the directory handle (openat, mkdirat, renameat, …). The host kernel
 * therefore never resolves a path the guest named, and a symlink or rename put in place by another
 * process between two calls turns into ELOOP/ENOTDIR/ENOENT instead of a file outside the mounts.
 *
 * <p>A file is named by its mount's root and its {@code relative} path below it (components
 * separated by "/", "" for the root itself), in guest strings, which the host receives as the
 * guest's bytes. Directory handles are opened for one {@link #operation()} and closed at its end,
 * so that no handle outlives the lookup it was made for (a directory moved away meanwhile is not
 * reached again).
 */
final class HostTree implements Closeable {
    private static final String PROC_FD = "/proc/self/fd/";

    /** Mount roots by host path, open (O_PATH) until {@link #close}. */
    private final Map<Path, Integer> roots = new HashMap<>();
    /** Directory handles of the current operation, by root handle and relative path. */
    private final Map<String, Integer> directories = new HashMap<>();
    private int depth;
    private boolean closed;

    HostTree() throws IOException {
        String unavailable = HostCalls.unavailable();
        if (unavailable != null) {
            throw new IOException(unavailable);
        }
        if (!Files.isDirectory(Path.of(PROC_FD))) {
            throw new IOException("the guest file system needs the host's /proc (" + PROC_FD + " is missing)");
        }
    }

    /** Holds the host root of a mount (a directory, or the program file) open for the rest of the run. */
    void pin(Path hostRoot) throws IOException {
        if (roots.containsKey(hostRoot)) {
            return;
        }
        int fd = HostCalls.openat(HostCalls.AT_FDCWD, cString(hostRoot.toString()), HostCalls.O_PATH | HostCalls.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException(hostRoot + ": " + FsErrno.name(HostCalls.errno()));
        }
        roots.put(hostRoot, fd);
    }

    /**
     * Starts an operation; directory handles opened until the matching close are shared by its
     * lookups and closed at its end. Operations nest: only the outermost one closes them.
     */
    Operation operation() {
        depth++;
        return this::endOperation;
    }

    /** The scope of {@link #operation()}. */
    interface Operation extends AutoCloseable {
        @Override
        void close();
    }

    private void endOperation() {
        if (--depth == 0) {
            for (int fd : directories.values()) {
                HostCalls.close(fd);
            }
            directories.clear();
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** lstat of the file: its own stat data, a symlink's rather than its target's. */
    FsResult<FileStat> stat(Path root, String relative) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return FsResult.error(at.errno);
        }
        return statx(at.dirfd, at.name, at.isRoot ? HostCalls.AT_EMPTY_PATH : HostCalls.AT_SYMLINK_NOFOLLOW);
    }

    /** statx of a name relative to a handle, or (AT_EMPTY_PATH, empty name) of the handle itself. */
    private static FsResult<FileStat> statx(int dirfd, byte[] name, int flags) {
        byte[] buffer = new byte[HostCalls.STATX_SIZE];
        if (HostCalls.statx(dirfd, name, flags, HostCalls.STATX_BASIC_STATS, buffer) < 0) {
            return FsResult.error(HostCalls.errno());
        }
        return FsResult.ok(fileStat(buffer));
    }

    private static FileStat fileStat(byte[] statx) {
        ByteBuffer b = ByteBuffer.wrap(statx).order(ByteOrder.nativeOrder());
        return new FileStat(
                FileStat.encodeDev(b.getInt(136), b.getInt(140)),
                b.getLong(32),
                Short.toUnsignedInt(b.getShort(28)),
                Integer.toUnsignedLong(b.getInt(16)),
                b.getInt(20), b.getInt(24),
                FileStat.encodeDev(b.getInt(128), b.getInt(132)),
                b.getLong(40),
                Integer.toUnsignedLong(b.getInt(4)),
                b.getLong(48),
                b.getLong(64), b.getInt(72),
                b.getLong(112), b.getInt(120),
                b.getLong(96), b.getInt(104));
    }

    /** faccessat with the engine's (the guest's) credentials, a final symlink not followed. */
    int access(Path root, String relative, int mode) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return at.errno;
        }
        int r = at.isRoot ? HostCalls.faccessat(HostCalls.AT_FDCWD, cString(PROC_FD + at.dirfd), mode, 0)
                : HostCalls.faccessat(at.dirfd, at.name, mode, HostCalls.AT_SYMLINK_NOFOLLOW);
        return r < 0 ? HostCalls.errno() : 0;
    }

    /** The target text of a symlink, as the guest's string. */
    FsResult<String> readlink(Path root, String relative) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return FsResult.error(at.errno);
        }
        if (at.isRoot) {
            return FsResult.error(FsErrno.EINVAL);   // a mount root is a directory or the program, never a link
        }
        byte[] buffer = new byte[GuestPaths.PATH_MAX];
        long length = HostCalls.readlinkat(at.dirfd, at.name, buffer, buffer.length);
        if (length < 0) {
            return FsResult.error(HostCalls.errno());
        }
        return FsResult.ok(GuestStrings.decode(buffer, 0, (int) length));
    }

    /** The names in a directory, "." and ".." left out. */
    FsResult<List<String>> names(Path root, String relative) {
        int fd = openObject(root, relative, HostCalls.O_RDONLY | HostCalls.O_DIRECTORY);
        if (fd < 0) {
            return FsResult.error(-fd);
        }
        Pointer stream = HostCalls.fdopendir(fd);
        if (stream == null) {
            int errno = HostCalls.errno();
            HostCalls.close(fd);
            return FsResult.error(errno);
        }
        List<String> names = new ArrayList<>();
        try {
            for (Pointer entry = HostCalls.readdir(stream); entry != null; entry = HostCalls.readdir(stream)) {
                long length = entry.indexOf(HostCalls.DIRENT_NAME_OFFSET, (byte) 0);   // counted from the name's start
                byte[] name = entry.getByteArray(HostCalls.DIRENT_NAME_OFFSET, (int) length);
                String decoded = GuestStrings.decode(name);
                if (!decoded.equals(".") && !decoded.equals("..")) {
                    names.add(decoded);
                }
            }
        } finally {
            HostCalls.closedir(stream);
        }
        return FsResult.ok(names);
    }

    /**
     * Opens a regular file for reading and/or writing: the file itself is opened without
     * following it (O_PATH), checked to be a regular file, and then reopened through its
     * /proc/self/fd link, which leads to that very file whatever its name means by then.
     */
    FsResult<OpenedFile> openFile(Path root, String relative, Set<OpenOption> options) {
        int fd = openObject(root, relative, HostCalls.O_PATH);
        if (fd < 0) {
            return FsResult.error(-fd);
        }
        try {
            FsResult<FileStat> found = statx(fd, new byte[1], HostCalls.AT_EMPTY_PATH);
            if (!found.isOk()) {
                return found.cast();
            }
            FileStat stat = found.value();
            if (!FileStat.isRegular(stat.mode())) {
                return FsResult.error(FileStat.isSymlink(stat.mode()) ? FsErrno.ELOOP : FsErrno.EACCES);
            }
            return FsResult.ok(new OpenedFile(FileChannel.open(Path.of(PROC_FD + fd), options), stat.key()));
        } catch (IOException e) {
            return FsResult.error(FsErrno.of(e));
        } finally {
            HostCalls.close(fd);
        }
    }

    /** A channel on a host file and the identity of the very file it reads. */
    record OpenedFile(FileChannel channel, FileStat.Key key) {
    }

    /** statfs of the file system the file lives on, through its /proc/self/fd link. */
    FsResult<FileStore> fileStore(Path root, String relative) {
        int fd = openObject(root, relative, HostCalls.O_PATH);
        if (fd < 0) {
            return FsResult.error(-fd);
        }
        try {
            return FsResult.ok(Files.getFileStore(Path.of(PROC_FD + fd)));
        } catch (IOException e) {
            return FsResult.error(FsErrno.of(e));
        } finally {
            HostCalls.close(fd);
        }
    }

    /** A new handle on the file itself (never a symlink's target), or -errno. */
    private int openObject(Path root, String relative, int flags) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return -at.errno;
        }
        byte[] name = at.isRoot ? cString(".") : at.name;
        int nofollow = at.isRoot ? 0 : HostCalls.O_NOFOLLOW;
        if (at.isRoot && (flags & HostCalls.O_DIRECTORY) == 0) {
            name = cString(PROC_FD + at.dirfd);   // a file mount: reopen the pinned handle itself
            return check(HostCalls.openat(HostCalls.AT_FDCWD, name, flags | HostCalls.O_CLOEXEC, 0));
        }
        return check(HostCalls.openat(at.dirfd, name, flags | nofollow | HostCalls.O_CLOEXEC | HostCalls.O_NOCTTY, 0));
    }

    private static int check(int fd) {
        return fd < 0 ? -HostCalls.errno() : fd;
    }

    // ---- changing -----------------------------------------------------------------------------

    /** Creates an empty regular file, owner read-write only; EEXIST when the name is taken by anything. */
    int createFile(Path root, String relative) {
        At at = at(root, relative);
        if (at.errno != 0 || at.isRoot) {
            return at.isRoot ? FsErrno.EEXIST : at.errno;
        }
        int fd = HostCalls.openat(at.dirfd, at.name,
                HostCalls.O_WRONLY | HostCalls.O_CREAT | HostCalls.O_EXCL | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, 0600);
        if (fd < 0) {
            return HostCalls.errno();
        }
        HostCalls.close(fd);
        return 0;
    }

    /** Creates a directory, owner-only until {@link #chmod} gives it its mode. */
    int mkdir(Path root, String relative) {
        At at = at(root, relative);
        if (at.errno != 0 || at.isRoot) {
            return at.isRoot ? FsErrno.EEXIST : at.errno;
        }
        return HostCalls.mkdirat(at.dirfd, at.name, 0700) < 0 ? HostCalls.errno() : 0;
    }

    int symlink(String target, Path root, String relative) {
        At at = at(root, relative);
        if (at.errno != 0 || at.isRoot) {
            return at.isRoot ? FsErrno.EEXIST : at.errno;
        }
        return HostCalls.symlinkat(HostCalls.cString(GuestStrings.encode(target)), at.dirfd, at.name) < 0 ? HostCalls.errno() : 0;
    }

    /** unlink, or rmdir when {@code directory}. */
    int remove(Path root, String relative, boolean directory) {
        At at = at(root, relative);
        if (at.errno != 0 || at.isRoot) {
            return at.isRoot ? FsErrno.EBUSY : at.errno;
        }
        return HostCalls.unlinkat(at.dirfd, at.name, directory ? HostCalls.AT_REMOVEDIR : 0) < 0 ? HostCalls.errno() : 0;
    }

    int rename(Path fromRoot, String from, Path toRoot, String to) {
        return betweenDirectories(fromRoot, from, FsErrno.EBUSY, toRoot, to, FsErrno.EBUSY,
                (fromDir, fromName, toDir, toName) -> HostCalls.renameat(fromDir, fromName, toDir, toName));
    }

    /** A hard link at {@code to} to the file at {@code from}, which is not followed if it is a symlink. */
    int link(Path fromRoot, String from, Path toRoot, String to) {
        return betweenDirectories(fromRoot, from, FsErrno.EXDEV, toRoot, to, FsErrno.EEXIST,
                (fromDir, fromName, toDir, toName) -> HostCalls.linkat(fromDir, fromName, toDir, toName, 0));
    }

    /** A call on two names, each relative to its directory handle. */
    private interface TwoNameCall {
        int call(int fromDir, byte[] fromName, int toDir, byte[] toName);
    }

    /** Reaches both names' directories and makes the call; a mount root on either side gets the errno given for it. */
    private int betweenDirectories(Path fromRoot, String from, int fromRootErrno, Path toRoot, String to, int toRootErrno,
            TwoNameCall call) {
        At source = at(fromRoot, from);
        if (source.errno != 0 || source.isRoot) {
            return source.isRoot ? fromRootErrno : source.errno;
        }
        At target = at(toRoot, to);
        if (target.errno != 0 || target.isRoot) {
            return target.isRoot ? toRootErrno : target.errno;
        }
        return call.call(source.dirfd, source.name, target.dirfd, target.name) < 0 ? HostCalls.errno() : 0;
    }

    /**
     * Sets the permission bits of a file that is not a symlink (EOPNOTSUPP for one, as Linux's
     * fchmodat with AT_SYMLINK_NOFOLLOW), through its /proc/self/fd link.
     */
    int chmod(Path root, String relative, int mode) {
        int fd = openObject(root, relative, HostCalls.O_PATH);
        if (fd < 0) {
            return -fd;
        }
        try {
            FsResult<FileStat> found = statx(fd, new byte[1], HostCalls.AT_EMPTY_PATH);
            if (!found.isOk()) {
                return found.errno();
            }
            if (FileStat.isSymlink(found.value().mode())) {
                return FsErrno.EOPNOTSUPP;
            }
            return HostCalls.chmod(cString(PROC_FD + fd), mode) < 0 ? HostCalls.errno() : 0;
        } finally {
            HostCalls.close(fd);
        }
    }

    /** lchown; -1 leaves an id as it is. */
    int chown(Path root, String relative, int uid, int gid) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return at.errno;
        }
        int flags = at.isRoot ? HostCalls.AT_EMPTY_PATH : HostCalls.AT_SYMLINK_NOFOLLOW;
        return HostCalls.fchownat(at.dirfd, at.name, uid, gid, flags) < 0 ? HostCalls.errno() : 0;
    }

    /** utimensat without following a final symlink; a null time is left as it is. */
    int setTimes(Path root, String relative, long[] atime, long[] mtime) {
        At at = at(root, relative);
        if (at.errno != 0) {
            return at.errno;
        }
        long[] times = {0, HostCalls.UTIME_OMIT, 0, HostCalls.UTIME_OMIT};
        if (atime != null) {
            times[0] = atime[0];
            times[1] = atime[1];
        }
        if (mtime != null) {
            times[2] = mtime[0];
            times[3] = mtime[1];
        }
        if (at.isRoot) {   // utimensat has no AT_EMPTY_PATH: through the pinned handle's link
            return HostCalls.utimensat(HostCalls.AT_FDCWD, cString(PROC_FD + at.dirfd), times, 0) < 0 ? HostCalls.errno() : 0;
        }
        return HostCalls.utimensat(at.dirfd, at.name, times, HostCalls.AT_SYMLINK_NOFOLLOW) < 0 ? HostCalls.errno() : 0;
    }

    /**
     * A host path that leads to the directory holding {@code relative} through its handle, for
     * the one call that takes no directory handle (binding a Unix socket): the kernel follows the
     * /proc/self/fd link to that directory, whatever its name means by then, and creates the last
     * name there without following it. Null (with the errno in {@code errno[0]}) when the
     * directory cannot be reached.
     */
    Path socketPath(Path root, String relative, int[] errno) {
        At at = at(root, relative);
        if (at.errno != 0 || at.isRoot) {
            errno[0] = at.isRoot ? FsErrno.EEXIST : at.errno;
            return null;
        }
        return Path.of(PROC_FD + at.dirfd, GuestPaths.name("/" + relative));
    }

    // ---- handles ------------------------------------------------------------------------------

    /**
     * A name relative to a directory handle, or (root) the pinned handle of a mount root itself
     * with an empty name, or (errno != 0) the reason the directory could not be reached.
     */
    private record At(int dirfd, byte[] name, int errno, boolean isRoot) {
        static At failed(int errno) {
            return new At(-1, null, errno, false);
        }
    }

    private At at(Path root, String relative) {
        Integer rootFd = roots.get(root);
        if (rootFd == null) {
            if (closed) {
                return At.failed(FsErrno.EIO);   // the run is ending (SIGTERM to the CLI, Terminate) while a call is under way
            }
            throw new IllegalStateException("mount root not pinned: " + root);
        }
        if (relative.isEmpty()) {
            return new At(rootFd, new byte[1], 0, true);
        }
        int slash = relative.lastIndexOf('/');
        int directory = directory(rootFd, slash < 0 ? "" : relative.substring(0, slash));
        if (directory < 0) {
            return At.failed(-directory);
        }
        return new At(directory, HostCalls.cString(GuestStrings.encode(relative.substring(slash + 1))), 0, false);
    }

    /** The handle of the directory at {@code relative} below the root, opened name by name without following links; or -errno. */
    private int directory(int rootFd, String relative) {
        if (relative.isEmpty()) {
            return rootFd;
        }
        if (depth == 0) {
            throw new IllegalStateException("host directory opened outside an operation");
        }
        String key = rootFd + ":" + relative;
        Integer cached = directories.get(key);
        if (cached != null) {
            return cached;
        }
        int slash = relative.lastIndexOf('/');
        int parent = directory(rootFd, slash < 0 ? "" : relative.substring(0, slash));
        if (parent < 0) {
            return parent;
        }
        byte[] name = HostCalls.cString(GuestStrings.encode(relative.substring(slash + 1)));
        int fd = HostCalls.openat(parent, name, HostCalls.O_PATH | HostCalls.O_DIRECTORY | HostCalls.O_NOFOLLOW | HostCalls.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = HostCalls.errno();
            return -(errno == FsErrno.ELOOP ? FsErrno.ENOTDIR : errno);
        }
        directories.put(key, fd);
        return fd;
    }

    private static byte[] cString(String hostText) {
        return HostCalls.cString(hostText.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed = true;
        for (int fd : directories.values()) {
            HostCalls.close(fd);
        }
        directories.clear();
        for (int fd : roots.values()) {
            HostCalls.close(fd);
        }
        roots.clear();
    }
}
