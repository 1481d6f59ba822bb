package dev.k42lens.core.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

import dev.k42lens.core.kernel.fs.DirEntry;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.OpenFile;
import dev.k42lens.core.layer.table.Errno;

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

    /** True when a write that fails with EPIPE also sends the writer SIGPIPE (pipes, stream sockets). */
    public boolean signalsBrokenPipe() {
        return true;
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

    static long ioError(IOException e) {
        return Errno.EIO.negated();
    }

    /** The description behind a file the file system opened. */
    public static FileDescription of(OpenFile file, int flags, dev.k42lens.core.kernel.fs.GuestFileSystem fs,
            java.util.random.RandomGenerator random) {
        return switch (file) {
            case OpenFile.HostChannel host -> new HostFile(host, flags);
            case OpenFile.Directory directory -> {
                var listing = fs.list(directory.node());
                yield new Directory(directory.node(), listing.isOk() ? listing.value() : List.of(), flags);
            }
            case OpenFile.Device device -> new CharacterDevice(device.node(), flags, random);
            case OpenFile.ProcContent proc -> new Content(proc.node(), proc.content(), flags);
            case OpenFile.PathOnly path -> new Content(path.node(), null, flags);
            case OpenFile.FdReopen reopen -> new Content(reopen.node(), null, flags);
        };
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

    /** A host regular file through a FileChannel. */
    static final class HostFile extends OfNode {
        private final OpenFile.HostChannel file;
        private long offset;

        HostFile(OpenFile.HostChannel file, int flags) {
            super(file.node(), flags);
            this.file = file;
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
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, length);
                int total = 0;
                while (bb.hasRemaining()) {
                    total += file.channel().write(bb, at + total);
                }
                return total;
            } catch (IOException e) {
                return ioError(e);
            }
        }

        @Override
        public long seek(long to, int whence) {
            long base;
            try {
                base = switch (whence) {
                    case 0 -> 0;
                    case 1 -> offset;
                    case 2 -> file.channel().size();
                    default -> -1;
                };
            } catch (IOException e) {
                return ioError(e);
            }
            if (base < 0 || base + to < 0) {
                return Errno.EINVAL.negated();
            }
            offset = base + to;
            return offset;
        }

        @Override
        public long truncate(long length) {
            if (!file.writable()) {
                return Errno.EINVAL.negated();
            }
            try {
                FileChannel channel = file.channel();
                if (length < channel.size()) {
                    channel.truncate(length);
                } else if (length > channel.size()) {
                    channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
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
        private final java.util.random.RandomGenerator random;

        CharacterDevice(FsNode.DeviceNode device, int flags, java.util.random.RandomGenerator random) {
            super(device, flags);
            this.device = device;
            this.random = random;
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
                    java.util.Arrays.fill(buffer, 0, length, (byte) 0);
                    return length;
            }
        }

        @Override
        public long write(byte[] buffer, int length) {
            return device.device() == dev.k42lens.core.kernel.fs.Device.FULL ? Errno.ENOSPC.negated() : length;
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
