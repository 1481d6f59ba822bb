package dev.k42lens.core.kernel;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import dev.k42lens.core.kernel.fs.Device;
import dev.k42lens.core.kernel.fs.DirEntry;
import dev.k42lens.core.kernel.fs.FileStat;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.GuestFileSystem;
import dev.k42lens.core.kernel.fs.OpenFile;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.kernel.fs.PageCaches;
import dev.k42lens.core.kernel.fs.TmpSpace;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;
import dev.k42lens.core.mem.PageBudget;

/**
 * An open file description: what a descriptor refers to, with its own offset and status flags.
 * Several descriptors (dup, fork) share one description. Reads and writes return a byte count or
 * a negated errno, the layer's convention.
 */
public abstract class FileDescription {
    private int statusFlags;
    private int references = 1;

    protected FileDescription(int statusFlags) {
        this.statusFlags = statusFlags;
    }

    public int statusFlags() {
        return statusFlags;
    }

    public void setStatusFlags(int flags) {
        statusFlags = flags;
    }

    /** The node behind it, or null for stdio streams and pipes. */
    public FsNode node() {
        return null;
    }

    /** What /proc/self/fd shows for it. */
    public abstract String describe();

    /**
     * The emulated K42 server that owns the object behind it, so that its reads and writes are
     * requests to that server; null for the streams the layer passes straight to the host.
     */
    public String server() {
        return null;
    }

    /** The server of every file-system node: files, directories, devices, /proc. */
    public static final String FILE_SYSTEM_SERVER = "file-system";

    public long read(byte[] buffer, int length) {
        return Errno.EBADF.negated();
    }

    public long write(byte[] buffer, int length) {
        return Errno.EBADF.negated();
    }

    /** pread/pwrite: at an offset, leaving the description's offset alone. */
    public long readAt(byte[] buffer, int length, long offset) {
        return Errno.ESPIPE.negated();
    }

    public long writeAt(byte[] buffer, int length, long offset) {
        return Errno.ESPIPE.negated();
    }

    /** lseek; returns the new offset or a negated errno. */
    public long seek(long offset, int whence) {
        return Errno.ESPIPE.negated();
    }

    public long truncate(long length) {
        return Errno.EINVAL.negated();
    }

    /**
     * Where the next write(2) puts its bytes in a regular file (the end for O_APPEND), which
     * RLIMIT_FSIZE limits; -1 for what is no regular file (pipes, sockets, devices), which it does not.
     */
    public long writePosition() {
        return -1;
    }

    /**
     * The pages a MAP_SHARED mapping of this file maps, or null when the file has none (the
     * mapping then gets a private copy of its contents); new ones count against {@code budget}.
     */
    public MemoryObject sharedPages(PageBudget budget) {
        return null;
    }

    /** What fstat reports for a description without a node that has a status of its own (a memfd), else null. */
    public FileStat ownStat() {
        return null;
    }

    /** How many bytes a write takes now without waiting: a pipe's free space; unbounded for the rest. */
    public long room() {
        return Long.MAX_VALUE;
    }

    /** False while a read would have to wait (an empty pipe that still has writers). */
    public boolean readReady() {
        return true;
    }

    /** False while a write would have to wait (a full pipe that still has readers). */
    public boolean writeReady() {
        return true;
    }

    /** True when the other end is gone (a pipe without writers): poll reports POLLHUP. */
    public boolean hungUp() {
        return false;
    }

    public static final int POLLIN = 0x1;
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;

    /** The poll events it reports now (the same bits epoll uses): POLLIN, POLLOUT, POLLHUP. */
    public int pollEvents() {
        return (readReady() ? POLLIN : 0) | (writeReady() ? POLLOUT : 0) | (hungUp() ? POLLHUP : 0);
    }

    /**
     * The monotonic time at which it becomes ready by itself (a timerfd's next expiry), or 0: a
     * thread waiting for it lets time pass up to then.
     */
    public long readyAtNs() {
        return 0;
    }

    /** Counts the changes of its state (data in, data out, an end closed): edge-triggered epoll reports a change once. */
    public long changes() {
        return 0;
    }

    /** False once its last descriptor is closed. */
    public boolean isOpen() {
        return references > 0;
    }

    /** True when a write that fails with EPIPE also sends the writer SIGPIPE (pipes, stream sockets). */
    public boolean signalsBrokenPipe() {
        return true;
    }

    /** What FIONREAD reports: the bytes a read would find now, or -1 where it does not apply (ENOTTY). */
    public int available() {
        return -1;
    }

    /** True for a terminal (isatty, TCGETS). */
    public boolean isTerminal() {
        return false;
    }

    void retain() {
        references++;
    }

    /** Drops one reference; closes the underlying object when none remains, and then returns true. */
    boolean release() {
        if (--references == 0) {
            close();
            return true;
        }
        return false;
    }

    protected void close() {
    }

    private static final int SEEK_END = 2;

    /**
     * lseek's SEEK_SET, SEEK_CUR and SEEK_END from {@code current} in a file of {@code end} bytes:
     * the new offset, or -EINVAL for another whence or a negative result.
     */
    static long seekTarget(long to, int whence, long current, long end) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> current;
            case SEEK_END -> end;
            default -> -1;
        };
        return base < 0 || base + to < 0 ? Errno.EINVAL.negated() : base + to;
    }

    static long ioError(IOException e) {
        return Errno.EIO.negated();
    }

    /** The description behind a file the file system opened. */
    public static FileDescription of(OpenFile file, int flags, GuestFileSystem fs, RandomGenerator random) {
        return switch (file) {
            case OpenFile.HostChannel host -> new HostFile(host, flags, fs.pageCaches(), fs.tmpSpaceOf(host.node()));
            case OpenFile.Directory directory -> {
                var listing = fs.list(directory.node());
                yield new Directory(directory.node(), listing.isOk() ? listing.value() : List.of(), flags);
            }
            case OpenFile.Device device -> new CharacterDevice(device.node(), flags, random);
            case OpenFile.ProcContent proc -> new Content(proc.node(), proc.content(), flags);
            case OpenFile.PathOnly path -> new Content(path.node(), null, flags);
            case OpenFile.FdReopen reopen -> new Content(reopen.node(), null, flags);
            case OpenFile.Pty pty -> throw new IllegalArgumentException("the syscall layer opens " + pty.node().guestPath());
        };
    }

    /** memfd_create's file, {@code /memfd:NAME (deleted)} in /proc/self/fd. */
    public static FileDescription memoryFile(String name, long inode, GuestProcess.Credentials owner, PageBudget budget) {
        return new MemoryFile(name, inode, owner, budget);
    }

    /** One of the emulator's own standard streams. */
    public static FileDescription hostStream(String name, InputStream in, OutputStream out, boolean terminal, int flags) {
        return new HostStream(name, in, out, terminal, flags);
    }

    /** A description of a file-system node: /proc/self/fd shows the node's guest path. */
    abstract static class OfNode extends FileDescription {
        private final FsNode node;

        OfNode(FsNode node, int flags) {
            super(flags);
            this.node = node;
        }

        @Override
        public FsNode node() {
            return node;
        }

        @Override
        public String describe() {
            return node.guestPath();
        }

        @Override
        public String server() {
            return FILE_SYSTEM_SERVER;
        }
    }

    /**
     * A host regular file through a FileChannel. While the file is mapped shared, its reads and
     * writes go through the page cache too, where the mappings' bytes are.
     */
    static final class HostFile extends OfNode {
        private final OpenFile.HostChannel file;
        private final PageCaches pageCaches;
        /** The space of the private /tmp the file takes, or null for a file elsewhere. */
        private final TmpSpace tmpSpace;
        private long offset;

        HostFile(OpenFile.HostChannel file, int flags, PageCaches pageCaches, TmpSpace tmpSpace) {
            super(file.node(), flags);
            this.file = file;
            this.pageCaches = pageCaches;
            this.tmpSpace = tmpSpace;
        }

        /**
         * How many bytes of a write of {@code length} at {@code at} fit in the private /tmp (all of
         * them elsewhere): the bytes that grow the file are granted first.
         */
        private int fitting(int length, long at) throws IOException {
            if (tmpSpace == null) {
                return length;
            }
            long growth = at + length - file.channel().size();
            if (growth <= 0) {
                return length;
            }
            long granted = tmpSpace.grant(growth);
            return (int) (length - (growth - granted));
        }

        /** The file's page cache while it is mapped shared, else null. */
        private MemoryObject pageCache() {
            return pageCaches.isEmpty() ? null : pageCaches.cacheOf(file.key());
        }

        @Override
        public MemoryObject sharedPages(PageBudget budget) {
            return pageCaches.map(file, budget);
        }

        @Override
        public long read(byte[] buffer, int length) {
            long n = readAt(buffer, length, offset);
            if (n > 0) {
                offset += n;
            }
            return n;
        }

        @Override
        public long writePosition() {
            try {
                return file.append() ? file.channel().size() : offset;
            } catch (IOException e) {
                return offset;
            }
        }

        @Override
        public long write(byte[] buffer, int length) {
            try {
                if (file.append()) {
                    offset = file.channel().size();
                }
            } catch (IOException e) {
                return ioError(e);
            }
            long n = writeAt(buffer, length, offset);
            if (n > 0) {
                offset += n;
            }
            return n;
        }

        @Override
        public long readAt(byte[] buffer, int length, long at) {
            if (!file.readable()) {
                return Errno.EBADF.negated();
            }
            try {
                FileChannel channel = file.channel();
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, length);
                int total = 0;
                while (bb.hasRemaining()) {
                    int n = channel.read(bb, at + total);
                    if (n <= 0) {
                        break;
                    }
                    total += n;
                }
                MemoryObject cache = pageCache();
                if (cache != null) {
                    cache.read(at, buffer, 0, total);
                }
                return total;
            } catch (IOException e) {
                return ioError(e);
            }
        }

        @Override
        public long writeAt(byte[] buffer, int length, long at) {
            if (!file.writable()) {
                return Errno.EBADF.negated();
            }
            try {
                int fits = fitting(length, at);
                if (fits <= 0 && length > 0) {
                    return Errno.ENOSPC.negated();
                }
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, fits);
                int total = 0;
                while (bb.hasRemaining()) {
                    total += file.channel().write(bb, at + total);
                }
                MemoryObject cache = pageCache();
                if (cache != null) {
                    cache.write(at, buffer, 0, total, false);
                }
                return total;
            } catch (IOException e) {
                return ioError(e);
            }
        }

        @Override
        public long seek(long to, int whence) {
            long end;
            try {
                end = whence == SEEK_END ? file.channel().size() : 0;
            } catch (IOException e) {
                return ioError(e);
            }
            long target = seekTarget(to, whence, offset, end);
            if (target >= 0) {
                offset = target;
            }
            return target;
        }

        @Override
        public long truncate(long length) {
            if (!file.writable()) {
                return Errno.EINVAL.negated();
            }
            try {
                FileChannel channel = file.channel();
                long size = channel.size();
                if (length < size) {
                    channel.truncate(length);
                    if (tmpSpace != null) {
                        tmpSpace.release(size - length);
                    }
                } else if (length > size) {
                    long granted = tmpSpace == null ? length - size : tmpSpace.grant(length - size);
                    if (granted < length - size) {   // a hole counts as written: the space is not overcommitted
                        tmpSpace.release(granted);
                        return Errno.ENOSPC.negated();
                    }
                    channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
                }
                MemoryObject cache = pageCache();
                if (cache != null) {
                    cache.truncate(length);
                }
                return 0;
            } catch (IOException e) {
                return ioError(e);
            }
        }

        @Override
        protected void close() {
            try {
                file.channel().close();
            } catch (IOException e) {
                // nothing the guest can do about a failed close of a read-only channel
            }
        }
    }

    /**
     * An anonymous file in memory (memfd_create): its bytes are the pages of a MemoryObject, the
     * same ones its MAP_SHARED mappings map.
     */
    static final class MemoryFile extends FileDescription {
        private static final long DEVICE = FileStat.encodeDev(0, 1);
        private final String name;
        private final long inode;
        private final GuestProcess.Credentials owner;
        private final MemoryObject pages;
        private long size;
        private long offset;

        MemoryFile(String name, long inode, GuestProcess.Credentials owner, PageBudget budget) {
            super(OpenFlags.O_RDWR);
            this.pages = new MemoryObject(null, budget);
            this.name = name;
            this.inode = inode;
            this.owner = owner;
        }

        @Override
        public String describe() {
            return "/memfd:" + name + " (deleted)";
        }

        @Override
        public long read(byte[] buffer, int length) {
            long n = readAt(buffer, length, offset);
            offset += n;
            return n;
        }

        @Override
        public long writePosition() {
            return offset;
        }

        @Override
        public long write(byte[] buffer, int length) {
            long n = writeAt(buffer, length, offset);
            offset += n;
            return n;
        }

        @Override
        public long readAt(byte[] buffer, int length, long at) {
            int n = (int) Math.max(0, Math.min(length, size - at));
            Arrays.fill(buffer, 0, n, (byte) 0);
            pages.read(at, buffer, 0, n);
            return n;
        }

        @Override
        public long writeAt(byte[] buffer, int length, long at) {
            pages.write(at, buffer, 0, length, true);
            size = Math.max(size, at + length);
            return length;
        }

        @Override
        public long seek(long to, int whence) {
            long target = seekTarget(to, whence, offset, size);
            if (target >= 0) {
                offset = target;
            }
            return target;
        }

        @Override
        public long truncate(long length) {
            if (length < 0) {
                return Errno.EINVAL.negated();
            }
            pages.truncate(length);
            size = length;
            return 0;
        }

        @Override
        public MemoryObject sharedPages(PageBudget budget) {
            return pages;
        }

        @Override
        public FileStat ownStat() {
            // like tmpfs, only the pages written hold blocks; the file has no name, so no link
            long pagesInFile = pages.frames().stream().filter(f -> f.index() << GuestMemory.PAGE_SHIFT < size).count();
            return new FileStat(DEVICE, inode, FileStat.S_IFREG | 0777, 0, owner.uid(), owner.gid(), 0, size,
                    GuestMemory.PAGE_SIZE, pagesInFile * (GuestMemory.PAGE_SIZE / 512), 0, 0, 0, 0, 0, 0);
        }
    }

    /** A directory opened for getdents64: its listing, taken at open, and a position in it. */
    public static final class Directory extends OfNode {
        private final List<DirEntry> entries;
        private int position;

        Directory(FsNode node, List<DirEntry> entries, int flags) {
            super(node, flags);
            this.entries = entries;
        }

        public List<DirEntry> entries() {
            return entries;
        }

        public int position() {
            return position;
        }

        public void setPosition(int position) {
            this.position = position;
        }

        @Override
        public long seek(long to, int whence) {
            if (whence != 0 || to < 0) {
                return Errno.EINVAL.negated();
            }
            position = (int) Math.min(to, entries.size());
            return position;
        }

        @Override
        public long read(byte[] buffer, int length) {
            return Errno.EISDIR.negated();
        }
    }

    /** Fixed content: a /proc file, or a node opened only for its metadata. */
    static final class Content extends OfNode {
        private final byte[] content;
        private long offset;

        Content(FsNode node, byte[] content, int flags) {
            super(node, flags);
            this.content = content;
        }

        @Override
        public long read(byte[] buffer, int length) {
            long n = readAt(buffer, length, offset);
            offset += Math.max(n, 0);
            return n;
        }

        @Override
        public long readAt(byte[] buffer, int length, long at) {
            if (content == null) {
                return Errno.EBADF.negated();
            }
            int n = (int) Math.max(0, Math.min(length, content.length - at));
            System.arraycopy(content, (int) Math.min(at, content.length), buffer, 0, n);
            return n;
        }

        @Override
        public long seek(long to, int whence) {
            long base = whence == 0 ? 0 : whence == 1 ? offset : whence == 2 && content != null ? content.length : -1;
            if (base < 0 || base + to < 0) {
                return Errno.EINVAL.negated();
            }
            offset = base + to;
            return offset;
        }
    }

    /** /dev/null, /dev/zero, /dev/full, /dev/urandom. */
    static final class CharacterDevice extends OfNode {
        private final FsNode.DeviceNode device;
        private final RandomGenerator random;

        CharacterDevice(FsNode.DeviceNode device, int flags, RandomGenerator random) {
            super(device, flags);
            this.device = device;
            this.random = random;
        }

        /** MAP_SHARED of /dev/zero is shared anonymous memory, as in Linux; other devices map a private copy. */
        @Override
        public MemoryObject sharedPages(PageBudget budget) {
            return device.device() == Device.ZERO ? new MemoryObject(null, budget) : null;
        }

        @Override
        public long read(byte[] buffer, int length) {
            switch (device.device()) {
                case NULL:
                    return 0;
                case RANDOM, URANDOM:
                    for (int i = 0; i < length; i++) {
                        buffer[i] = (byte) random.nextInt();
                    }
                    return length;
                default:
                    Arrays.fill(buffer, 0, length, (byte) 0);
                    return length;
            }
        }

        @Override
        public long write(byte[] buffer, int length) {
            return device.device() == Device.FULL ? Errno.ENOSPC.negated() : length;
        }

        /** pread and pwrite: a character device has no position, so the same as read and write. */
        @Override
        public long readAt(byte[] buffer, int length, long at) {
            return read(buffer, length);
        }

        @Override
        public long writeAt(byte[] buffer, int length, long at) {
            return write(buffer, length);
        }

        @Override
        public long seek(long to, int whence) {
            return 0;
        }
    }

    /** The emulator's own stdin, stdout or stderr, passed through to the guest. */
    static final class HostStream extends FileDescription {
        private final String name;
        private final InputStream in;
        private final OutputStream out;
        private final boolean terminal;

        HostStream(String name, InputStream in, OutputStream out, boolean terminal, int flags) {
            super(flags);
            this.name = name;
            this.in = in;
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public String describe() {
            return terminal ? "/dev/pts/0" : name;
        }

        @Override
        public boolean isTerminal() {
            return terminal;
        }

        /**
         * lseek on a standard stream: answered by the host file behind it when there is one (a
         * redirected regular file, /dev/null), else ESPIPE, as for a pipe or a terminal.
         */
        @Override
        public long seek(long offset, int whence) {
            FileChannel channel = in instanceof FileInputStream file ? file.getChannel()
                    : out instanceof FileOutputStream file ? file.getChannel() : null;
            if (channel == null) {
                return Errno.ESPIPE.negated();
            }
            try {
                long base = switch (whence) {
                    case 0 -> 0;
                    case 1 -> channel.position();
                    case 2 -> channel.size();
                    default -> -1;
                };
                if (base < 0 || base + offset < 0) {
                    return Errno.EINVAL.negated();
                }
                channel.position(base + offset);
                return base + offset;
            } catch (IOException e) {
                return Errno.ESPIPE.negated(); // the host says so for a pipe or terminal
            }
        }

        @Override
        public long read(byte[] buffer, int length) {
            if (in == null) {
                return Errno.EBADF.negated();
            }
            try {
                int n = in.read(buffer, 0, length);
                return n < 0 ? 0 : n;
            } catch (IOException e) {
                return ioError(e);
            }
        }

        @Override
        public long write(byte[] buffer, int length) {
            if (out == null) {
                return Errno.EBADF.negated();
            }
            try {
                out.write(buffer, 0, length);
                out.flush();
                return length;
            } catch (IOException e) {
                return Errno.EPIPE.negated();
            }
        }
    }
}
