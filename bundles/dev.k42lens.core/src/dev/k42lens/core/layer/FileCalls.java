package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.LongSupplier;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.Pipe;
import dev.k42lens.core.kernel.PseudoTerminal;
import dev.k42lens.core.kernel.ResourceLimits;
import dev.k42lens.core.kernel.UnixSocket;
import dev.k42lens.core.kernel.VirtualClock;
import dev.k42lens.core.kernel.fs.Device;
import dev.k42lens.core.kernel.fs.FileStat;
import dev.k42lens.core.kernel.fs.FileSystemStat;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.FsResult;
import dev.k42lens.core.kernel.fs.GuestFileSystem;
import dev.k42lens.core.kernel.fs.OpenFile;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.kernel.fs.PathBase;
import dev.k42lens.core.kernel.fs.Ppc64FsStructs;
import dev.k42lens.core.kernel.fs.RecordLocks;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.GuestStrings;

/**
 * File and descriptor calls. The old single-path calls (open, creat, stat, access, unlink, dup2,
 * pipe, readv/writev, ...) are defined, as in Linux, through their newer forms: they re-enter the
 * layer through the table, so their work shows up one level deeper.
 */
final class FileCalls {
    static final long AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    static final int PATH_MAX = 4096;
    /** The last whence lseek knows (SEEK_HOLE). */
    private static final int SEEK_MAX = 4;
    private static final int F_DUPFD = 0;
    private static final int F_GETFD = 1;
    private static final int F_SETFD = 2;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int F_GETLK = 5;
    private static final int F_SETLK = 6;
    private static final int F_SETLKW = 7;
    private static final int F_OFD_GETLK = 36;
    private static final int F_OFD_SETLK = 37;
    private static final int F_OFD_SETLKW = 38;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    private FileCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("read", FileCalls::read);
        layer.register("write", FileCalls::write);
        layer.register("pread64", c -> transferAt(c, false));
        layer.register("pwrite64", c -> transferAt(c, true));
        layer.register("readv", c -> vector(c, "read", false));
        layer.register("writev", c -> vector(c, "write", false));
        layer.register("preadv", c -> vector(c, "pread64", true));
        layer.register("pwritev", c -> vector(c, "pwrite64", true));
        layer.registerServed("openat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::openat);
        layer.register("open", c -> c.nested("openat", AT_FDCWD, c.arg(0), c.arg(1), c.arg(2)));
        layer.register("creat", c -> c.nested("openat", AT_FDCWD, c.arg(0),
                OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, c.arg(1)));
        layer.register("close", c -> c.process().close(c.arg(0)));
        layer.register("lseek", c -> seek(c, c.arg(1), c.intArg(2)));
        layer.register("_llseek", FileCalls::llseek);
        layer.register("fstat", c -> writeStat(c, statOfDescriptor(c, c.arg(0)), c.arg(1), false));
        layer.registerServed("newfstatat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::newfstatat);
        layer.register("stat", c -> c.nested("newfstatat", AT_FDCWD, c.arg(0), c.arg(1), 0));
        layer.register("lstat", c -> c.nested("newfstatat", AT_FDCWD, c.arg(0), c.arg(1), AT_SYMLINK_NOFOLLOW));
        layer.registerServed("statx", FileDescription.FILE_SYSTEM_SERVER, FileCalls::statx);
        layer.registerServed("getdents64", FileDescription.FILE_SYSTEM_SERVER, FileCalls::getdents64);
        layer.register("fcntl", FileCalls::fcntl);
        layer.limit("fcntl", "no deadlock detection (EDEADLK), leases, notifications, owners or pipe sizes");
        layer.register("dup", c -> dup(c, c.arg(0), 0, false));
        layer.register("dup2", c -> c.arg(0) == c.arg(1)
                ? (c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : c.arg(1))
                : c.nested("dup3", c.arg(0), c.arg(1), 0));
        layer.register("dup3", FileCalls::dup3);
        layer.registerServed("pipe2", Pipe.SERVER, FileCalls::pipe2);
        layer.register("pipe", c -> c.nested("pipe2", c.arg(0), 0));
        layer.registerServed("unlinkat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::unlinkat);
        layer.register("unlink", c -> c.nested("unlinkat", AT_FDCWD, c.arg(0), 0));
        layer.register("rmdir", c -> c.nested("unlinkat", AT_FDCWD, c.arg(0), AT_REMOVEDIR));
        layer.registerServed("mkdirat", FileDescription.FILE_SYSTEM_SERVER, c -> negate(fs(c).mkdir(base(c, c.arg(0)), path(c, c.arg(1)), c.intArg(2) & ~c.process().umask())));
        layer.register("mkdir", c -> c.nested("mkdirat", AT_FDCWD, c.arg(0), c.arg(1)));
        layer.register("renameat", c -> c.nested("renameat2", c.arg(0), c.arg(1), c.arg(2), c.arg(3), 0));
        layer.registerServed("renameat2", FileDescription.FILE_SYSTEM_SERVER, c -> negate(fs(c).rename(base(c, c.arg(0)), path(c, c.arg(1)), base(c, c.arg(2)),
                path(c, c.arg(3)), c.intArg(4))));
        layer.register("rename", c -> c.nested("renameat", AT_FDCWD, c.arg(0), AT_FDCWD, c.arg(1)));
        layer.registerServed("readlinkat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::readlinkat);
        layer.register("readlink", c -> c.nested("readlinkat", AT_FDCWD, c.arg(0), c.arg(1), c.arg(2)));
        layer.register("faccessat", c -> c.nested("faccessat2", c.arg(0), c.arg(1), c.arg(2), 0));
        layer.registerServed("faccessat2", FileDescription.FILE_SYSTEM_SERVER, FileCalls::faccessat2);
        layer.register("access", c -> c.nested("faccessat", AT_FDCWD, c.arg(0), c.arg(1)));
        layer.register("getcwd", FileCalls::getcwd);
        layer.registerServed("chdir", FileDescription.FILE_SYSTEM_SERVER, FileCalls::chdir);
        layer.register("fchdir", FileCalls::fchdir);
        layer.register("umask", c -> c.process().setUmask(c.intArg(0)));
        layer.register("ftruncate", c -> {
            FileDescription d = c.process().description(c.arg(0));
            if (d == null) {
                return Errno.EBADF.negated();
            }
            if (d.writePosition() >= 0 && c.arg(1) >= 0 && c.process().limits().exceeds(ResourceLimits.RLIMIT_FSIZE, c.arg(1))) {
                c.raise(Signal.SIGXFSZ); // RLIMIT_FSIZE: a file may not grow past it this way either
                return Errno.EFBIG.negated();
            }
            return d.truncate(c.arg(1));
        });
        layer.registerServed("symlinkat", FileDescription.FILE_SYSTEM_SERVER, c -> negate(fs(c).symlink(path(c, c.arg(0)), base(c, c.arg(1)), path(c, c.arg(2)))));
        layer.register("symlink", c -> c.nested("symlinkat", c.arg(0), AT_FDCWD, c.arg(1)));
        layer.registerServed("linkat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::linkat);
        layer.limit("linkat", "AT_EMPTY_PATH is not supported (EINVAL)");
        layer.register("link", c -> c.nested("linkat", AT_FDCWD, c.arg(0), AT_FDCWD, c.arg(1), 0));
        layer.register("truncate", FileCalls::truncate);
        layer.register("fsync", c -> c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : 0);
        layer.registerServed("utimensat", FileDescription.FILE_SYSTEM_SERVER, FileCalls::utimensat);
        layer.registerServed("statfs", FileDescription.FILE_SYSTEM_SERVER,
                c -> writeStatfs(c, nodeAt(c, AT_FDCWD, c.arg(0), 0), Ppc64FsStructs.STATFS_SIZE, c.arg(1)));
        layer.registerServed("fstatfs", FileDescription.FILE_SYSTEM_SERVER,
                c -> writeStatfs(c, descriptorNode(c, c.arg(0)), Ppc64FsStructs.STATFS_SIZE, c.arg(1)));
        layer.registerServed("statfs64", FileDescription.FILE_SYSTEM_SERVER,
                c -> writeStatfs(c, nodeAt(c, AT_FDCWD, c.arg(0), 0), c.arg(1), c.arg(2)));
        layer.registerServed("fstatfs64", FileDescription.FILE_SYSTEM_SERVER,
                c -> writeStatfs(c, descriptorNode(c, c.arg(0)), c.arg(1), c.arg(2)));
        for (String statfs : new String[] { "statfs", "fstatfs", "statfs64", "fstatfs64" }) {
            layer.limit(statfs, "no inode counts; the emulator's own trees (/dev, /proc) report no size");
        }
        layer.register("fadvise64", FileCalls::fadvise64);
        layer.register("flock", FileCalls::flock);
        layer.register("sync", c -> 0);
        layer.register("syncfs", c -> c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : 0);
        registerExtendedAttributes(layer);
        layer.register("sendfile", FileCalls::sendfile);
        layer.register("copy_file_range", c -> c.arg(5) != 0 ? Errno.EINVAL.negated()
                : copyBetween(c, c.arg(0), c.arg(1), c.arg(2), c.arg(3), c.arg(4), false));
        layer.register("splice", FileCalls::splice);
        layer.limit("splice", "copies the bytes (no page moving); SPLICE_F_MOVE and SPLICE_F_MORE are hints and ignored");
        layer.registerServed("fchmodat", FileDescription.FILE_SYSTEM_SERVER,
                c -> negate(fs(c).chmod(nodeAt(c, c.arg(0), c.arg(1), 0), c.intArg(2))));
        layer.register("chmod", c -> c.nested("fchmodat", AT_FDCWD, c.arg(0), c.arg(1)));
        layer.registerServed("fchmod", FileDescription.FILE_SYSTEM_SERVER,
                c -> negate(fs(c).chmod(descriptorNode(c, c.arg(0)), c.intArg(1))));
        layer.registerServed("fchownat", FileDescription.FILE_SYSTEM_SERVER,
                c -> negate(fs(c).chown(nodeAt(c, c.arg(0), c.arg(1), c.intArg(4)), c.intArg(2), c.intArg(3))));
        layer.register("chown", c -> c.nested("fchownat", AT_FDCWD, c.arg(0), c.arg(1), c.arg(2), 0));
        layer.register("lchown", c -> c.nested("fchownat", AT_FDCWD, c.arg(0), c.arg(1), c.arg(2), AT_SYMLINK_NOFOLLOW));
        layer.registerServed("fchown", FileDescription.FILE_SYSTEM_SERVER,
                c -> negate(fs(c).chown(descriptorNode(c, c.arg(0)), c.intArg(1), c.intArg(2))));
        layer.register("fdatasync", c -> c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : 0);
    }

    private static GuestFileSystem fs(SyscallCall c) {
        return c.process().fileSystem();
    }

    private static long negate(int errno) {
        return errno == 0 ? 0 : -errno;
    }

    private static String path(SyscallCall c, long address) {
        String path = c.memory().readCString(address, PATH_MAX);
        if (path == null) {
            throw new LayerError(Errno.ENAMETOOLONG);
        }
        return path;
    }

    /** The directory a *at call's relative path starts from. */
    private static PathBase base(SyscallCall c, long dirfd) {
        if ((int) dirfd == AT_FDCWD) {
            return PathBase.cwdOf(c.process());
        }
        FileDescription d = c.process().description((int) dirfd);
        if (d == null || d.node() == null) {
            throw new LayerError(Errno.EBADF);
        }
        return new PathBase(d.node().guestPath(), c.process());
    }

    private static long read(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        byte[] buffer = new byte[GuestData.transferLength(c.arg(1), c.arg(2))];
        if (buffer.length > 0) {
            checkWritable(c.memory(), c.arg(1), buffer.length);
        }
        PseudoTerminal terminal = PseudoTerminal.of(d);
        if (terminal != null) {
            long check = TerminalCalls.jobControl(c, terminal, d, Signal.SIGTTIN);
            if (check != 0) {
                return check;
            }
        }
        long n = c.serve(d.server(), "read", () -> d.read(buffer, buffer.length));
        if (n == Errno.EAGAIN.negated() && (d.statusFlags() & OpenFlags.O_NONBLOCK) == 0) {
            long timeout = terminal != null && terminal.isSlave(d) ? terminal.readTimeoutNs() : 0;
            if (timeout > 0) {
                return readWithin(c, d, buffer, timeout);
            }
            return c.block(d::readReady, true, () -> 0, d.readyAtNs()); // leave the layer, wait, then read again
        }
        if (n > 0) {
            GuestData.write(c.memory(), c.arg(1), buffer, (int) n);
        }
        return n;
    }

    /** A terminal read with VMIN 0 and VTIME: waits outside the layer until input comes or the time is up (then 0). */
    private static long readWithin(SyscallCall c, FileDescription d, byte[] buffer, long timeoutNs) {
        VirtualClock clock = c.process().clock();
        long deadline = clock.monotonicNs() + timeoutNs;
        long address = c.arg(1);
        return c.block(() -> d.readReady() || clock.monotonicNs() >= deadline, false, () -> {
            long n = d.read(buffer, buffer.length);
            if (n > 0) {
                GuestData.write(c.memory(), address, buffer, (int) n);
            }
            return Math.max(n, 0);
        }, deadline);
    }

    private static long write(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        PseudoTerminal terminal = PseudoTerminal.of(d);
        if (terminal != null && (terminal.localFlags() & PseudoTerminal.TOSTOP) != 0) {
            long check = TerminalCalls.jobControl(c, terminal, d, Signal.SIGTTOU);
            if (check != 0) {
                return check;
            }
        }
        byte[] bytes = GuestData.read(c.memory(), c.arg(1), c.arg(2));
        int length = withinFileSizeLimit(c, d::writePosition, bytes.length);
        if (length < 0) {
            return length;
        }
        long n = c.serve(d.server(), "write", () -> d.write(bytes, length));
        if (n == Errno.EAGAIN.negated() && (d.statusFlags() & OpenFlags.O_NONBLOCK) == 0) {
            return c.block(d::writeReady, true, () -> 0, 0);
        }
        return brokenPipe(c, d, n);
    }

    /**
     * RLIMIT_FSIZE as Linux applies it to a write of {@code length} bytes at the position
     * {@code positionOf} gives in a regular file (-1: none): the bytes below the limit, or, when
     * none are, SIGXFSZ to the writer and -EFBIG.
     */
    private static int withinFileSizeLimit(SyscallCall c, LongSupplier positionOf, int length) {
        long limit = c.process().limits().soft(ResourceLimits.RLIMIT_FSIZE);
        if (limit == ResourceLimits.INFINITY || length == 0) {
            return length; // the usual case: no position asked for (O_APPEND's would cost a host fstat per write)
        }
        long position = positionOf.getAsLong();
        if (position < 0) {
            return length;
        }
        if (position >= limit) {
            c.raise(Signal.SIGXFSZ);
            return (int) Errno.EFBIG.negated();
        }
        return (int) Math.min(length, limit - position);
    }

    /** A write that fails with EPIPE (no reader left) also sends the writer SIGPIPE, as on Linux (not for every socket). */
    private static long brokenPipe(SyscallCall c, FileDescription d, long result) {
        if (result == Errno.EPIPE.negated() && d.signalsBrokenPipe()) {
            c.raise(Signal.SIGPIPE);
        }
        return result;
    }

    private static void checkWritable(GuestMemory memory, long address, int length) {
        if (!memory.isMapped(address, length)) {
            throw new LayerError(Errno.EFAULT);
        }
    }

    private static long transferAt(SyscallCall c, boolean write) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        if (c.arg(3) < 0) {
            return Errno.EINVAL.negated();
        }
        if (write) {
            byte[] bytes = GuestData.read(c.memory(), c.arg(1), c.arg(2));
            int length = withinFileSizeLimit(c, () -> d.writePosition() < 0 ? -1 : c.arg(3), bytes.length);
            if (length < 0) {
                return length;
            }
            return c.serve(d.server(), "pwrite64", () -> d.writeAt(bytes, length, c.arg(3)));
        }
        byte[] buffer = new byte[GuestData.transferLength(c.arg(1), c.arg(2))];
        long n = c.serve(d.server(), "pread64", () -> d.readAt(buffer, buffer.length, c.arg(3)));
        if (n > 0) {
            GuestData.write(c.memory(), c.arg(1), buffer, (int) n);
        }
        return n;
    }

    /** readv/writev (and preadv/pwritev at an offset): one transfer per iovec, each re-entering the layer. */
    private static long vector(SyscallCall c, String each, boolean positioned) {
        long count = c.arg(2);
        if (count < 0 || count > 1024) {
            return Errno.EINVAL.negated();
        }
        if (c.process().description(c.arg(0)) == null) {
            return Errno.EBADF.negated();
        }
        // every iovec is checked before anything moves: a negative (ssize_t) length or a sum past SSIZE_MAX is EINVAL
        long[] bases = new long[(int) count];
        long[] lengths = new long[(int) count];
        long sum = 0;
        for (int i = 0; i < count; i++) {
            long iov = c.arg(1) + 16L * i;
            bases[i] = c.memory().read64(iov);
            lengths[i] = c.memory().read64(iov + 8);
            sum += lengths[i];
            if (lengths[i] < 0 || sum < 0) {
                return Errno.EINVAL.negated();
            }
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = bases[i];
            long length = lengths[i];
            if (length == 0) {
                continue;
            }
            long n = positioned ? c.nested(each, c.arg(0), base, length, c.arg(3) + total) : c.nested(each, c.arg(0), base, length);
            if (n < 0) {
                return total > 0 ? total : n;
            }
            total += n;
            if (n < length) {
                break;
            }
        }
        return total;
    }

    private static long openat(SyscallCall c) {
        int flags = c.intArg(2);
        FsResult<OpenFile> opened = fs(c).open(base(c, c.arg(0)), path(c, c.arg(1)), flags, c.intArg(3) & ~c.process().umask());
        if (!opened.isOk()) {
            return -opened.errno();
        }
        OpenFile file = opened.value();
        if (file instanceof OpenFile.FdReopen reopen) {
            FileDescription existing = c.process().description(reopen.node().fd());
            return existing == null ? Errno.ENOENT.negated() : dup(c, reopen.node().fd(), 0, (flags & OpenFlags.O_CLOEXEC) != 0);
        }
        if (file instanceof OpenFile.Pty || file instanceof OpenFile.Device device
                && (device.node().device() == Device.PTMX || device.node().device() == Device.TTY)) {
            return c.layer().terminals().open(c, file, flags);
        }
        FileDescription description = FileDescription.of(file, flags & ~OpenFlags.O_CLOEXEC, fs(c), c.process().random());
        return c.process().install(description, (flags & OpenFlags.O_CLOEXEC) != 0, 0);
    }

    private static long seek(SyscallCall c, long offset, int whence) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        return whence < 0 || whence > SEEK_MAX ? Errno.EINVAL.negated() : d.seek(offset, whence);
    }

    private static long llseek(SyscallCall c) {
        long offset = c.arg(1) << 32 | (c.arg(2) & 0xffffffffL);
        long result = seek(c, offset, c.intArg(4));
        if (result >= 0) {
            c.memory().write64(c.arg(3), result);
            return 0;
        }
        return result;
    }

    private static FsResult<FileStat> statOfDescriptor(SyscallCall c, long fd) {
        FileDescription d = c.process().description(fd);
        if (d == null) {
            return FsResult.error(Errno.EBADF.number());
        }
        if (d.node() != null) {
            return fs(c).stat(d.node());
        }
        if (d.ownStat() != null) {
            return FsResult.ok(d.ownStat());
        }
        // a stdio stream, a pipe or a socket: a character device for a terminal, a FIFO for the others but sockets
        int mode = d.isTerminal() ? FileStat.S_IFCHR | 0620 : d instanceof UnixSocket ? FileStat.S_IFSOCK | 0777 : FileStat.S_IFIFO | 0600;
        long rdev = d.isTerminal() ? FileStat.encodeDev(136, 0) : 0;
        return FsResult.ok(new FileStat(FileStat.encodeDev(0, 12), 1000 + fd, mode, 1, 0, 0, rdev, 0, 4096, 0, 0, 0, 0, 0, 0, 0));
    }

    private static FsResult<FileStat> statOfPath(SyscallCall c, long dirfd, long pathAddress, int flags) {
        String path = path(c, pathAddress);
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) {
                return FsResult.error(Errno.ENOENT.number());
            }
            if ((int) dirfd != AT_FDCWD) {
                return statOfDescriptor(c, dirfd);
            }
            path = ".";
        }
        FsResult<FsNode> node = fs(c).resolve(base(c, dirfd), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        return node.isOk() ? fs(c).stat(node.value()) : node.cast();
    }

    private static long writeStat(SyscallCall c, FsResult<FileStat> stat, long buffer, boolean statx) {
        if (!stat.isOk()) {
            return -stat.errno();
        }
        ByteOrder order = c.memory().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] bytes = statx ? Ppc64FsStructs.statx(stat.value(), order) : Ppc64FsStructs.stat(stat.value(), order);
        GuestData.write(c.memory(), buffer, bytes, bytes.length);
        return 0;
    }

    private static long newfstatat(SyscallCall c) {
        return writeStat(c, statOfPath(c, c.arg(0), c.arg(1), c.intArg(3)), c.arg(2), false);
    }

    private static long statx(SyscallCall c) {
        return writeStat(c, statOfPath(c, c.arg(0), c.arg(1), c.intArg(2)), c.arg(4), true);
    }

    private static long getdents64(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        if (!(d instanceof FileDescription.Directory directory)) {
            return Errno.ENOTDIR.negated();
        }
        ByteOrder order = c.memory().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Ppc64FsStructs.DirentBatch batch = Ppc64FsStructs.dirents64(directory.entries(), directory.position(),
                GuestData.transferLength(c.arg(1), c.arg(2)), order);
        if (batch.count() == 0 && directory.position() < directory.entries().size()) {
            return Errno.EINVAL.negated(); // the buffer cannot hold the next entry
        }
        GuestData.write(c.memory(), c.arg(1), batch.bytes(), batch.bytes().length);
        directory.setPosition(batch.nextIndex());
        return batch.bytes().length;
    }

    private static long fcntl(SyscallCall c) {
        GuestProcess p = c.process();
        GuestProcess.Descriptor descriptor = p.descriptor(c.arg(0));
        if (descriptor == null) {
            return Errno.EBADF.negated();
        }
        return switch (c.intArg(1)) {
            case F_DUPFD -> dup(c, c.arg(0), c.intArg(2), false);
            case F_DUPFD_CLOEXEC -> dup(c, c.arg(0), c.intArg(2), true);
            case F_GETFD -> descriptor.closeOnExec() ? 1 : 0;
            case F_SETFD -> {
                p.setCloseOnExec(c.intArg(0), (c.arg(2) & 1) != 0);
                yield 0;
            }
            case F_GETFL -> descriptor.description().statusFlags();
            case F_SETFL -> {
                int changeable = OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK;
                FileDescription d = descriptor.description();
                d.setStatusFlags((d.statusFlags() & ~changeable) | (c.intArg(2) & changeable));
                yield 0;
            }
            case F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW -> recordLock(c, descriptor.description());
            default -> Errno.EINVAL.negated();
        };
    }

    /**
     * fcntl's record locks. struct flock on ppc64: short l_type, short l_whence, off_t l_start at
     * 8, off_t l_len at 16, pid_t l_pid at 24. F_SETLKW leaves the layer and waits while another
     * owner's lock conflicts, then tries again; a signal interrupts the wait by Linux's restart rules.
     */
    private static long recordLock(SyscallCall c, FileDescription d) {
        int command = c.intArg(1);
        boolean ofd = command >= F_OFD_GETLK;
        long flock = c.arg(2);
        GuestMemory memory = c.memory();
        int type = (short) memory.read16(flock);
        int whence = (short) memory.read16(flock + 2);
        long start = memory.read64(flock + 8);
        long length = memory.read64(flock + 16);
        FsNode node = d.node();
        if (node == null) {
            return Errno.EBADF.negated();
        }
        if (type < RecordLocks.F_RDLCK || type > RecordLocks.F_UNLCK || (ofd && memory.read32(flock + 24) != 0)) {
            return Errno.EINVAL.negated();
        }
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> d.seek(0, SEEK_CUR);
            case SEEK_END -> statOfDescriptor(c, c.arg(0)).value().size();
            default -> -1;
        };
        if (base < 0) {
            return Errno.EINVAL.negated();
        }
        long from = base + start + (length < 0 ? length : 0);
        long to = length == 0 ? RecordLocks.TO_END : length > 0 ? base + start + length - 1 : base + start - 1;
        if (from < 0 || to < from) {
            return Errno.EINVAL.negated();
        }
        RecordLocks locks = fs(c).locks();
        Object owner = ofd ? d : (Object) c.process().pid();
        if (command == F_GETLK || command == F_OFD_GETLK) {
            if (type == RecordLocks.F_UNLCK) {
                return Errno.EINVAL.negated();
            }
            RecordLocks.Lock held = locks.conflict(node, owner, type, from, to);
            memory.write16(flock, held == null ? RecordLocks.F_UNLCK : held.type());
            if (held != null) {
                memory.write16(flock + 2, SEEK_SET);
                memory.write64(flock + 8, held.start());
                memory.write64(flock + 16, held.end() == RecordLocks.TO_END ? 0 : held.end() - held.start() + 1);
                memory.write32(flock + 24, held.pid());
            }
            return 0;
        }
        int access = d.statusFlags() & OpenFlags.O_ACCMODE;
        if ((type == RecordLocks.F_RDLCK && access == OpenFlags.O_WRONLY) || (type == RecordLocks.F_WRLCK && access == OpenFlags.O_RDONLY)) {
            return Errno.EBADF.negated();
        }
        int pid = ofd ? -1 : c.process().pid();
        return lock(c, locks, node, owner, pid, type, from, to, command == F_SETLK || command == F_OFD_SETLK);
    }

    /**
     * Takes (or drops, F_UNLCK) the owner's lock over [from, to]: fcntl's and flock's common end.
     * Another owner's conflicting lock gives EAGAIN when {@code nonBlocking}, else the thread leaves
     * the layer and waits until it is gone, then the call starts again.
     */
    private static long lock(SyscallCall c, RecordLocks locks, FsNode node, Object owner, int pid, int type, long from, long to,
            boolean nonBlocking) {
        if (type != RecordLocks.F_UNLCK && locks.conflict(node, owner, type, from, to) != null) {
            if (nonBlocking) {
                return Errno.EAGAIN.negated(); // also EWOULDBLOCK
            }
            return c.block(() -> locks.conflict(node, owner, type, from, to) == null, true, () -> 0, 0);
        }
        locks.set(node, owner, pid, type, from, to);
        return 0;
    }

    private static long dup(SyscallCall c, long fd, int from, boolean closeOnExec) {
        FileDescription d = c.process().description(fd);
        if (d == null) {
            return Errno.EBADF.negated();
        }
        c.process().retain(d); // the new descriptor's reference, which install gives back when there is no room
        return c.process().install(d, closeOnExec, from);
    }

    private static long dup3(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null || c.arg(1) < 0 || c.arg(1) >= c.process().descriptorLimit()) {
            return Errno.EBADF.negated();
        }
        if (c.arg(0) == c.arg(1) || (c.intArg(2) & ~OpenFlags.O_CLOEXEC) != 0) {
            return Errno.EINVAL.negated();
        }
        c.process().installAt(c.intArg(1), d, (c.intArg(2) & OpenFlags.O_CLOEXEC) != 0);
        return c.arg(1);
    }

    private static long pipe2(SyscallCall c) {
        int flags = c.intArg(1);
        if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT | OpenFlags.O_EXCL)) != 0) {
            return Errno.EINVAL.negated(); // O_EXCL is O_NOTIFICATION_PIPE
        }
        Pipe pipe = new Pipe();
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;
        int status = flags & OpenFlags.O_NONBLOCK;
        if (!c.process().hasRoomFor(2)) {
            return Errno.EMFILE.negated(); // before the pointer is looked at, as Linux does
        }
        c.memory().write32(c.arg(0), 0); // fault before creating anything
        long readFd = c.process().install(pipe.readEnd(status), cloexec, 0);
        long writeFd = c.process().install(pipe.writeEnd(status | OpenFlags.O_WRONLY), cloexec, 0);
        c.memory().write32(c.arg(0), (int) readFd);
        c.memory().write32(c.arg(0) + 4, (int) writeFd);
        return 0;
    }

    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static long writeStatfs(SyscallCall c, FsNode node, long size, long buffer) {
        if (size != Ppc64FsStructs.STATFS_SIZE) {
            return Errno.EINVAL.negated();
        }
        FsResult<FileSystemStat> stat = fs(c).statfs(node);
        if (!stat.isOk()) {
            return -stat.errno();
        }
        byte[] bytes = Ppc64FsStructs.statfs(stat.value(), c.memory().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        GuestData.write(c.memory(), buffer, bytes, bytes.length);
        return 0;
    }

    /** POSIX_FADV_NORMAL .. POSIX_FADV_NOREUSE: advice the engine takes (there is no page cache to tune). */
    private static final int POSIX_FADV_NOREUSE = 5;

    private static long fadvise64(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        if (d.node() == null) {
            return Errno.ESPIPE.negated();
        }
        return c.arg(2) < 0 || c.intArg(3) < 0 || c.intArg(3) > POSIX_FADV_NOREUSE ? Errno.EINVAL.negated() : 0;
    }

    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;

    /**
     * flock: a whole-file lock of the open file description, apart from fcntl's record locks as
     * on Linux. Without LOCK_NB a conflicting lock makes the thread leave the layer and wait.
     */
    private static long flock(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        int operation = c.intArg(1) & ~LOCK_NB;
        int type = switch (operation) {
            case LOCK_SH -> RecordLocks.F_RDLCK;
            case LOCK_EX -> RecordLocks.F_WRLCK;
            case LOCK_UN -> RecordLocks.F_UNLCK;
            default -> -1;
        };
        FsNode node = d.node();
        if (type < 0 || node == null) {
            return Errno.EINVAL.negated();
        }
        return lock(c, fs(c).fileLocks(), node, d, c.process().pid(), type, 0, RecordLocks.TO_END, (c.intArg(1) & LOCK_NB) != 0);
    }

    private static final int SPLICE_F_NONBLOCK = 2;

    /**
     * splice(in, in_offset, out, out_offset, length, flags): like copy_file_range, with a pipe on
     * at least one side (whose offset must be null); SPLICE_F_NONBLOCK makes the pipe side not wait.
     */
    private static long splice(SyscallCall c) {
        FileDescription from = c.process().description(c.arg(0));
        FileDescription to = c.process().description(c.arg(2));
        if (from == null || to == null) {
            return Errno.EBADF.negated();
        }
        boolean pipeIn = Pipe.SERVER.equals(from.server());
        boolean pipeOut = Pipe.SERVER.equals(to.server());
        if (!pipeIn && !pipeOut) {
            return Errno.EINVAL.negated();
        }
        if (pipeIn && c.arg(1) != 0 || pipeOut && c.arg(3) != 0) {
            return Errno.ESPIPE.negated();
        }
        return copyBetween(c, c.arg(0), c.arg(1), c.arg(2), c.arg(3), c.arg(4), (c.arg(5) & SPLICE_F_NONBLOCK) != 0);
    }

    /**
     * The extended attribute calls: the guest file system keeps none, as a file system without
     * them. Once the path (or descriptor) checks out, getting, setting or removing one is
     * EOPNOTSUPP and the list is empty; ls -l and cp -a then see no ACL or security label, as they
     * expect on such a file system (ENOSYS made ls report an error for every file).
     */
    private static void registerExtendedAttributes(SyscallLayer layer) {
        for (String operation : new String[] { "getxattr", "setxattr", "removexattr", "listxattr" }) {
            long answer = operation.equals("listxattr") ? 0 : Errno.EOPNOTSUPP.negated();
            String limit = "no extended attributes are kept: " + (answer == 0 ? "an empty list" : "EOPNOTSUPP");
            for (String prefix : new String[] { "", "l" }) {
                int flags = prefix.isEmpty() ? 0 : AT_SYMLINK_NOFOLLOW;
                layer.registerServed(prefix + operation, FileDescription.FILE_SYSTEM_SERVER, c -> {
                    nodeAt(c, AT_FDCWD, c.arg(0), flags);
                    return answer;
                });
                layer.limit(prefix + operation, limit + " once the path resolves");
            }
            layer.register("f" + operation, c -> c.process().description(c.arg(0)) == null ? Errno.EBADF.negated() : answer);
            layer.limit("f" + operation, limit + " for an open descriptor");
        }
    }

    /**
     * sendfile(out, in, offset, count): as copy_file_range; and as Linux's, which goes on writing
     * after a short write, it sends SIGXFSZ when RLIMIT_FSIZE cut it short (with the bytes sent).
     */
    private static long sendfile(SyscallCall c) {
        long sent = copyBetween(c, c.arg(1), c.arg(2), c.arg(0), 0, c.arg(3), false);
        FileDescription to = c.process().description(c.arg(0));
        long limit = c.process().limits().soft(ResourceLimits.RLIMIT_FSIZE);
        if (sent > 0 && sent < c.arg(3) && limit != ResourceLimits.INFINITY && to != null && to.writePosition() >= limit) {
            c.raise(Signal.SIGXFSZ);
        }
        return sent;
    }

    /**
     * sendfile(out, in, offset, count) and copy_file_range(in, in_offset, out, out_offset, length):
     * one read from {@code in} and one write to {@code out} of up to the largest transfer (and no
     * further than RLIMIT_FSIZE lets the output file grow). An
     * offset pointer that is not null is read, used instead of the descriptor's offset and
     * advanced; the descriptor's offset then stays as it was.
     */
    private static long copyBetween(SyscallCall c, long in, long inOffset, long out, long outOffset, long count,
            boolean nonBlocking) {
        FileDescription from = c.process().description(in);
        FileDescription to = c.process().description(out);
        if (from == null || to == null) {
            return Errno.EBADF.negated();
        }
        if (count < 0) {
            return Errno.EINVAL.negated();
        }
        // never read more than the output takes now: what is read and not written would be lost
        long room = to.room();
        if (room == 0) {
            return nonBlocking || (to.statusFlags() & OpenFlags.O_NONBLOCK) != 0 ? Errno.EAGAIN.negated()
                    : c.block(to::writeReady, true, () -> 0, 0);
        }
        // RLIMIT_FSIZE as for write: cut at the limit, EFBIG and SIGXFSZ at it
        int length = withinFileSizeLimit(c, () -> to.writePosition() < 0 ? -1 : outOffset != 0 ? c.memory().read64(outOffset)
                : to.writePosition(), (int) Math.min(Math.min(count, GuestData.MAX_TRANSFER), room));
        if (length < 0) {
            return length;
        }
        byte[] buffer = new byte[length];
        long n = inOffset == 0 ? from.read(buffer, buffer.length) : from.readAt(buffer, buffer.length, c.memory().read64(inOffset));
        if (n == Errno.EAGAIN.negated() && !nonBlocking && (from.statusFlags() & OpenFlags.O_NONBLOCK) == 0) {
            return c.block(from::readReady, true, () -> 0, from.readyAtNs());
        }
        if (n <= 0) {
            return n;
        }
        byte[] bytes = n == buffer.length ? buffer : Arrays.copyOf(buffer, (int) n);
        long written = outOffset == 0 ? to.write(bytes, bytes.length) : to.writeAt(bytes, bytes.length, c.memory().read64(outOffset));
        if (written < 0) {
            return brokenPipe(c, to, written);
        }
        if (inOffset != 0) {
            c.memory().write64(inOffset, c.memory().read64(inOffset) + written);
        }
        if (outOffset != 0) {
            c.memory().write64(outOffset, c.memory().read64(outOffset) + written);
        }
        return written;
    }

    /** The node of a descriptor that names one (not a pipe or a standard stream). */
    private static FsNode descriptorNode(SyscallCall c, long fd) {
        FileDescription d = c.process().description(fd);
        if (d == null || d.node() == null) {
            throw new LayerError(Errno.EBADF);
        }
        return d.node();
    }

    /**
     * The node a *at call names: its path from dirfd, following a final symlink unless
     * AT_SYMLINK_NOFOLLOW; with AT_EMPTY_PATH and an empty path, dirfd's own node.
     */
    private static FsNode nodeAt(SyscallCall c, long dirfd, long pathAddress, int flags) {
        String path = path(c, pathAddress);
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            return descriptorNode(c, dirfd);
        }
        FsResult<FsNode> resolved = fs(c).resolve(base(c, dirfd), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (!resolved.isOk()) {
            throw new LayerError(Errno.of(resolved.errno()).orElse(Errno.EIO));
        }
        return resolved.value();
    }

    private static long utimensat(SyscallCall c) {
        // futimens is utimensat with a null path: the descriptor's own node
        FsNode node = c.arg(1) == 0 ? descriptorNode(c, c.arg(0)) : nodeAt(c, c.arg(0), c.arg(1), c.intArg(3));
        FileTime now = FileTime.from(Instant.ofEpochSecond(0, c.process().clock().realtimeNs()));
        FileTime[] times = { now, now };
        if (c.arg(2) != 0) {
            for (int i = 0; i < 2; i++) {
                long seconds = c.memory().read64(c.arg(2) + 16L * i);
                long nanos = c.memory().read64(c.arg(2) + 16L * i + 8);
                if (nanos == UTIME_OMIT || nanos == UTIME_NOW) {
                    times[i] = nanos == UTIME_OMIT ? null : now;
                } else if (nanos < 0 || nanos >= 1_000_000_000L) {
                    return Errno.EINVAL.negated();
                } else {
                    // Linux clamps a time to what the file system holds; the host's kernel clamps further
                    long clamped = Math.max(Instant.MIN.getEpochSecond(), Math.min(seconds, Instant.MAX.getEpochSecond()));
                    times[i] = FileTime.from(Instant.ofEpochSecond(clamped, nanos));
                }
            }
        }
        return negate(fs(c).setTimes(node, times[0], times[1]));
    }

    private static long linkat(SyscallCall c) {
        int flags = c.intArg(4);
        if ((flags & ~AT_SYMLINK_FOLLOW) != 0) {
            return Errno.EINVAL.negated();
        }
        return negate(fs(c).link(base(c, c.arg(0)), path(c, c.arg(1)), base(c, c.arg(2)), path(c, c.arg(3)),
                (flags & AT_SYMLINK_FOLLOW) != 0));
    }

    /** truncate: ftruncate on the file opened for writing (so a directory is EISDIR, a read-only file EACCES). */
    private static long truncate(SyscallCall c) {
        if (c.arg(1) < 0) {
            return Errno.EINVAL.negated();
        }
        long fd = c.nested("openat", AT_FDCWD, c.arg(0), OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0) {
            return fd;
        }
        long result = c.nested("ftruncate", fd, c.arg(1));
        c.nested("close", fd);
        return result;
    }

    private static long unlinkat(SyscallCall c) {
        PathBase base = base(c, c.arg(0));
        String path = path(c, c.arg(1));
        return negate((c.intArg(2) & AT_REMOVEDIR) != 0 ? fs(c).rmdir(base, path) : fs(c).unlink(base, path));
    }

    private static long readlinkat(SyscallCall c) {
        if (c.arg(3) <= 0) {
            return Errno.EINVAL.negated();
        }
        FsResult<String> target = fs(c).readlink(base(c, c.arg(0)), path(c, c.arg(1)));
        if (!target.isOk()) {
            return -target.errno();
        }
        byte[] bytes = GuestStrings.encode(target.value());
        int n = (int) Math.min(bytes.length, c.arg(3));
        GuestData.write(c.memory(), c.arg(2), bytes, n);
        return n;
    }

    private static long faccessat2(SyscallCall c) {
        FsResult<FsNode> node = fs(c).resolve(base(c, c.arg(0)), path(c, c.arg(1)), (c.intArg(3) & AT_SYMLINK_NOFOLLOW) == 0);
        return node.isOk() ? negate(fs(c).access(node.value(), c.intArg(2))) : -node.errno();
    }

    private static long getcwd(SyscallCall c) {
        byte[] cwd = GuestStrings.encode(c.process().cwd() + "\0");
        if (c.arg(1) < cwd.length) {
            return Errno.ERANGE.negated();
        }
        GuestData.write(c.memory(), c.arg(0), cwd, cwd.length);
        return cwd.length;
    }

    private static long chdir(SyscallCall c) {
        FsResult<FsNode> node = fs(c).resolve(PathBase.cwdOf(c.process()), path(c, c.arg(0)), true);
        return changeDirectory(c, node);
    }

    private static long fchdir(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null || d.node() == null) {
            return Errno.EBADF.negated();
        }
        return changeDirectory(c, FsResult.ok(d.node()));
    }

    private static long changeDirectory(SyscallCall c, FsResult<FsNode> node) {
        if (!node.isOk()) {
            return -node.errno();
        }
        FsResult<FileStat> stat = fs(c).stat(node.value());
        if (!stat.isOk()) {
            return -stat.errno();
        }
        if ((stat.value().mode() & FileStat.S_IFMT) != FileStat.S_IFDIR) {
            return Errno.ENOTDIR.negated();
        }
        c.process().setCwd(node.value().guestPath());
        return 0;
    }
}
