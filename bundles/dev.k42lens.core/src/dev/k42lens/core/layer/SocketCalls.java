package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.UnixSocket;
import dev.k42lens.core.kernel.fs.FileStat;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.FsResult;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.kernel.fs.PathBase;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.GuestStrings;

/**
 * AF_UNIX sockets: socketpair, socket, bind to a path or an abstract name, listen, connect,
 * accept, the send and receive calls (descriptors and credentials passed as control messages),
 * shutdown and the common socket options. Every call is a request to the socket server. The
 * names bound during a run live here, one table per layer (a run): paths by the identity of the
 * socket file the bind made, abstract names by their bytes.
 */
final class SocketCalls {
    private static final int AF_UNSPEC = 0;
    private static final int AF_UNIX = 1;
    private static final int SOCK_TYPE_MASK = 0xf;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_MAX = 11;
    private static final int SOCK_NONBLOCK = OpenFlags.O_NONBLOCK;
    private static final int SOCK_CLOEXEC = OpenFlags.O_CLOEXEC;
    /** offsetof(struct sockaddr_un, sun_path) and sizeof(struct sockaddr_un). */
    private static final int SUN_PATH_OFFSET = 2;
    private static final int SOCKADDR_UN_SIZE = 110;

    private static final int MSG_OOB = 0x1;
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int SCM_CREDENTIALS = 2;
    /** SCM_MAX_FD: the most descriptors one message passes. */
    private static final int MAX_RIGHTS = 253;
    /** struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type; data after it at 8-byte alignment. */
    private static final int CMSG_HEADER = 16;
    private static final int UCRED_SIZE = 12;
    /** struct msghdr's fields on ppc64. */
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    private static final int UIO_MAXIOV = 1024;

    // SOL_SOCKET options; powerpc numbers SO_RCVLOWAT .. SO_PEERCRED its own way (16 .. 21)
    private static final int SO_DEBUG = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_TYPE = 3;
    private static final int SO_ERROR = 4;
    private static final int SO_DONTROUTE = 5;
    private static final int SO_BROADCAST = 6;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_KEEPALIVE = 9;
    private static final int SO_OOBINLINE = 10;
    private static final int SO_PRIORITY = 12;
    private static final int SO_LINGER = 13;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVLOWAT = 16;
    private static final int SO_SNDLOWAT = 17;
    private static final int SO_RCVTIMEO = 18;
    private static final int SO_SNDTIMEO = 19;
    private static final int SO_PASSCRED = 20;
    private static final int SO_PEERCRED = 21;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_PROTOCOL = 38;
    private static final int SO_DOMAIN = 39;

    /** A bound socket file, by host device and inode: the binding follows the file through renames. */
    private record SocketFile(long dev, long ino) {
    }

    private final Map<SocketFile, UnixSocket> boundFiles = new HashMap<>();
    private final Map<String, UnixSocket> abstractNames = new HashMap<>();
    private int nextAutobind;

    private SocketCalls() {
    }

    static void register(SyscallLayer layer) {
        SocketCalls calls = new SocketCalls();
        String server = UnixSocket.SERVER;
        layer.registerServed("socketpair", server, calls::socketpair);
        layer.registerServed("socket", server, calls::socket);
        layer.registerServed("bind", server, calls::bind);
        layer.registerServed("listen", server, c -> socketOf(c).listen(c.intArg(1), credentialsOf(c.process())));
        layer.registerServed("connect", server, calls::connect);
        layer.registerServed("accept4", server, calls::accept4);
        layer.register("accept", c -> c.nested("accept4", c.arg(0), c.arg(1), c.arg(2), 0));
        layer.registerServed("getsockname", server, c -> writeName(c, socketOf(c).name(), c.arg(1), c.arg(2), true));
        layer.registerServed("getpeername", server, calls::getpeername);
        layer.registerServed("sendto", server, calls::sendto);
        layer.register("send", c -> c.nested("sendto", c.arg(0), c.arg(1), c.arg(2), c.arg(3), 0, 0));
        layer.registerServed("recvfrom", server, calls::recvfrom);
        layer.register("recv", c -> c.nested("recvfrom", c.arg(0), c.arg(1), c.arg(2), c.arg(3), 0, 0));
        layer.registerServed("sendmsg", server, calls::sendmsg);
        layer.registerServed("recvmsg", server, calls::recvmsg);
        layer.registerServed("shutdown", server, c -> socketOf(c).shutdown(c.intArg(1)));
        layer.registerServed("getsockopt", server, SocketCalls::getsockopt);
        layer.registerServed("setsockopt", server, SocketCalls::setsockopt);
        String unixOnly = "AF_UNIX only: other families answer EAFNOSUPPORT";
        layer.limit("socket", unixOnly);
        layer.limit("socketpair", unixOnly);
        layer.limit("setsockopt", "SO_RCVBUF/SO_SNDBUF/SO_PASSCRED take effect; the other SOL_SOCKET options are accepted "
                + "and ignored (no receive or send timeouts)");
        layer.limit("getsockopt", "SOL_SOCKET's SO_TYPE, SO_ERROR, SO_PEERCRED, SO_RCVBUF, SO_SNDBUF, SO_PASSCRED, SO_ACCEPTCONN, "
                + "SO_DOMAIN and SO_PROTOCOL; other options answer ENOPROTOOPT");
        layer.limit("recvfrom", "no MSG_WAITALL or MSG_ERRQUEUE");
        layer.limit("recvmsg", "no MSG_WAITALL or MSG_ERRQUEUE; a stream reads across senders even with SO_PASSCRED, and "
                + "SCM_CREDENTIALS of bytes sent with write() name the socket's creator");
    }

    // ---- creating ---------------------------------------------------------------------------------

    private static UnixSocket.Credentials credentialsOf(GuestProcess p) {
        return new UnixSocket.Credentials(p.pid(), p.credentials().uid(), p.credentials().gid());
    }

    /** The socket type of socket/socketpair's {@code type} argument, or a negated errno. */
    private static int socketType(int domain, int type, int protocol) {
        if ((type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) {
            return (int) Errno.EINVAL.negated();
        }
        if (domain != AF_UNIX) {
            return (int) Errno.EAFNOSUPPORT.negated();
        }
        if (protocol != 0 && protocol != AF_UNIX) {
            return (int) Errno.EPROTONOSUPPORT.negated();
        }
        return switch (type & SOCK_TYPE_MASK) {
            case UnixSocket.SOCK_STREAM, UnixSocket.SOCK_SEQPACKET, UnixSocket.SOCK_DGRAM -> type & SOCK_TYPE_MASK;
            case SOCK_RAW -> UnixSocket.SOCK_DGRAM; // as Linux's unix_create
            // a type number below SOCK_MAX (11) that AF_UNIX does not have, or no type at all
            default -> (int) ((type & SOCK_TYPE_MASK) < SOCK_MAX ? Errno.ESOCKTNOSUPPORT : Errno.EINVAL).negated();
        };
    }

    private long socketpair(SyscallCall c) {
        int type = socketType(c.intArg(0), c.intArg(1), c.intArg(2));
        if (type < 0) {
            return type;
        }
        if (!c.process().hasRoomFor(2)) {
            return Errno.EMFILE.negated(); // before the pointer is looked at, as Linux does
        }
        c.memory().write64(c.arg(3), 0); // fault before creating anything
        UnixSocket[] pair = UnixSocket.pair(type, c.intArg(1) & SOCK_NONBLOCK, credentialsOf(c.process()));
        boolean cloexec = (c.intArg(1) & SOCK_CLOEXEC) != 0;
        long first = c.process().install(pair[0], cloexec, 0);
        long second = c.process().install(pair[1], cloexec, 0);
        c.memory().write32(c.arg(3), (int) first);
        c.memory().write32(c.arg(3) + 4, (int) second);
        return 0;
    }

    private long socket(SyscallCall c) {
        int type = socketType(c.intArg(0), c.intArg(1), c.intArg(2));
        if (type < 0) {
            return type;
        }
        UnixSocket socket = new UnixSocket(type, c.intArg(1) & SOCK_NONBLOCK, credentialsOf(c.process()));
        return c.process().install(socket, (c.intArg(1) & SOCK_CLOEXEC) != 0, 0);
    }

    /** The socket descriptor argument 0 names: EBADF for no descriptor, ENOTSOCK for another kind. */
    private static UnixSocket socketOf(SyscallCall c) {
        FileDescription d = c.process().description(c.arg(0));
        if (d == null) {
            throw new LayerError(Errno.EBADF);
        }
        if (!(d instanceof UnixSocket socket)) {
            throw new LayerError(Errno.ENOTSOCK);
        }
        return socket;
    }

    private static boolean nonBlocking(UnixSocket socket, int flags) {
        return (flags & MSG_DONTWAIT) != 0 || (socket.statusFlags() & OpenFlags.O_NONBLOCK) != 0;
    }

    // ---- names ----------------------------------------------------------------------------------

    /**
     * A struct sockaddr_un as the guest gave it: sun_path as getsockname will show it (a path up to
     * its NUL, with the NUL; an abstract name, a NUL and every byte after it); {@code path} is the
     * path's text, null for an abstract name.
     */
    private record SocketName(byte[] sunPath, String path) {
        String abstractKey() {
            return new String(sunPath, StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads a sockaddr_un of {@code length} bytes; EINVAL for a length out of range or another family. */
    private static SocketName readName(SyscallCall c, long address, long length) {
        if (length <= SUN_PATH_OFFSET || length > SOCKADDR_UN_SIZE) {
            throw new LayerError(Errno.EINVAL);
        }
        byte[] bytes = new byte[(int) length];
        c.memory().read(address, bytes, 0, bytes.length);
        if (family(c, bytes) != AF_UNIX) {
            throw new LayerError(Errno.EINVAL);
        }
        byte[] sunPath = Arrays.copyOfRange(bytes, SUN_PATH_OFFSET, bytes.length);
        if (sunPath[0] == 0) {
            return new SocketName(sunPath, null);
        }
        int end = 0;
        while (end < sunPath.length && sunPath[end] != 0) {
            end++;
        }
        String path = GuestStrings.decode(sunPath, 0, end);
        return new SocketName(Arrays.copyOf(sunPath, end + 1), path);
    }

    private static int family(SyscallCall c, byte[] sockaddr) {
        return ByteBuffer.wrap(sockaddr, 0, 2).order(GuestData.buffer(0, c.memory()).order()).getShort() & 0xffff;
    }

    /**
     * Writes {@code sunPath} as a sockaddr_un to {@code address}, as much of it as {@code *lengthAddress}
     * allows, and its whole length to {@code *lengthAddress}. An unnamed socket is the family alone
     * when {@code unnamedFamily} (getsockname, getpeername, accept), else nothing, length 0 (a
     * received message's sender).
     */
    private static long writeName(SyscallCall c, byte[] sunPath, long address, long lengthAddress, boolean unnamedFamily) {
        GuestMemory memory = c.memory();
        int room = memory.read32(lengthAddress);
        if (room < 0) {
            return Errno.EINVAL.negated();
        }
        byte[] sockaddr = sockaddr(c, sunPath, unnamedFamily);
        memory.write(address, sockaddr, 0, Math.min(room, sockaddr.length));
        memory.write32(lengthAddress, sockaddr.length);
        return 0;
    }

    private static byte[] sockaddr(SyscallCall c, byte[] sunPath, boolean unnamedFamily) {
        if (sunPath == null && !unnamedFamily) {
            return new byte[0];
        }
        byte[] path = sunPath == null ? new byte[0] : sunPath;
        ByteBuffer b = GuestData.buffer(SUN_PATH_OFFSET + path.length, c.memory());
        b.putShort((short) AF_UNIX).put(path);
        return b.array();
    }

    private long bind(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        if (socket.name() != null) {
            return boundAgain(c);
        }
        if (c.arg(2) == SUN_PATH_OFFSET && family(c, GuestData.read(c.memory(), c.arg(1), 2)) == AF_UNIX) {
            return bindAbstract(socket, autobindName());
        }
        SocketName name = readName(c, c.arg(1), c.arg(2));
        if (name.path() == null) {
            return abstractNames.containsKey(name.abstractKey()) ? Errno.EADDRINUSE.negated() : bindAbstract(socket, name);
        }
        GuestProcess p = c.process();
        FsResult<FsNode> made = p.fileSystem().makeSocket(PathBase.cwdOf(p), name.path(), 0777 & ~p.umask());
        if (!made.isOk()) {
            return made.errno() == Errno.EEXIST.number() ? Errno.EADDRINUSE.negated() : -made.errno();
        }
        FsResult<FileStat> stat = p.fileSystem().stat(made.value());
        if (!stat.isOk()) {
            return -stat.errno();
        }
        SocketFile file = new SocketFile(stat.value().dev(), stat.value().ino());
        boundFiles.put(file, socket);
        socket.bind(name.sunPath(), () -> boundFiles.remove(file, socket));
        return 0;
    }

    /**
     * bind of a socket that has a name: EINVAL, but Linux makes the socket file first, so a path
     * that exists answers EADDRINUSE.
     */
    private static long boundAgain(SyscallCall c) {
        SocketName name = c.arg(2) == SUN_PATH_OFFSET ? null : readName(c, c.arg(1), c.arg(2));
        if (name != null && name.path() != null) {
            GuestProcess p = c.process();
            if (p.fileSystem().resolve(PathBase.cwdOf(p), name.path(), false).isOk()) {
                return Errno.EADDRINUSE.negated();
            }
        }
        return Errno.EINVAL.negated();
    }

    private long bindAbstract(UnixSocket socket, SocketName name) {
        String key = name.abstractKey();
        abstractNames.put(key, socket);
        socket.bind(name.sunPath(), () -> abstractNames.remove(key, socket));
        return 0;
    }

    /** A bind with the family alone: as Linux, a free abstract name of five hex digits. */
    private SocketName autobindName() {
        while (true) {
            byte[] name = String.format("\0%05x", nextAutobind++ & 0xfffff).getBytes(StandardCharsets.ISO_8859_1);
            SocketName candidate = new SocketName(name, null);
            if (!abstractNames.containsKey(candidate.abstractKey())) {
                return candidate;
            }
        }
    }

    /** The socket bound to a name: ENOENT (and the like) for a missing path, ECONNREFUSED when no socket has it. */
    private UnixSocket boundTo(SyscallCall c, SocketName name) {
        UnixSocket found;
        if (name.path() == null) {
            found = abstractNames.get(name.abstractKey());
        } else {
            GuestProcess p = c.process();
            FsResult<FsNode> node = p.fileSystem().resolve(PathBase.cwdOf(p), name.path(), true);
            if (!node.isOk()) {
                throw new LayerError(Errno.of(node.errno()).orElse(Errno.EIO));
            }
            FsResult<FileStat> stat = p.fileSystem().stat(node.value());
            boolean socketFile = stat.isOk() && (stat.value().mode() & FileStat.S_IFMT) == FileStat.S_IFSOCK;
            found = socketFile ? boundFiles.get(new SocketFile(stat.value().dev(), stat.value().ino())) : null;
        }
        if (found == null) {
            throw new LayerError(Errno.ECONNREFUSED);
        }
        return found;
    }

    private long getpeername(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        return socket.hasPeer() ? writeName(c, socket.peerName(), c.arg(1), c.arg(2), true) : Errno.ENOTCONN.negated();
    }

    // ---- connections ------------------------------------------------------------------------------

    private long connect(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        if (socket.type() == UnixSocket.SOCK_DGRAM) {
            boolean unspecified = c.arg(2) >= SUN_PATH_OFFSET
                    && family(c, GuestData.read(c.memory(), c.arg(1), SUN_PATH_OFFSET)) == AF_UNSPEC;
            return socket.connectDatagram(unspecified ? null : boundTo(c, readName(c, c.arg(1), c.arg(2))));
        }
        UnixSocket listener = boundTo(c, readName(c, c.arg(1), c.arg(2)));
        long result = socket.connectTo(listener, credentialsOf(c.process()));
        if (result == Errno.EAGAIN.negated() && !nonBlocking(socket, 0)) {
            return c.block(listener::acceptsConnection, true, () -> 0, 0); // the backlog is full: wait, then connect again
        }
        return result;
    }

    private long accept4(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        int flags = c.intArg(3);
        if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) {
            return Errno.EINVAL.negated();
        }
        if (!socket.isListening()) {
            return Errno.EINVAL.negated();
        }
        if (c.arg(1) != 0) {
            c.memory().read32(c.arg(2)); // fault before taking the connection
        }
        UnixSocket accepted = socket.accept();
        if (accepted == null) {
            return nonBlocking(socket, 0) ? Errno.EAGAIN.negated() : c.block(socket::readReady, true, () -> 0, 0);
        }
        accepted.setStatusFlags(flags & SOCK_NONBLOCK);
        long fd = c.process().install(accepted, (flags & SOCK_CLOEXEC) != 0, 0);
        if (fd < 0) {
            socket.putBack(accepted); // EMFILE: Linux finds no descriptor before it takes the connection
            return fd;
        }
        if (c.arg(1) != 0) {
            writeName(c, accepted.peerName(), c.arg(1), c.arg(2), true);
        }
        return fd;
    }

    // ---- transfers ------------------------------------------------------------------------------

    private long sendto(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        byte[] data = GuestData.read(c.memory(), c.arg(1), c.arg(2));
        return send(c, socket, data, c.intArg(3), c.arg(4), c.arg(5), List.of(), null);
    }

    /**
     * Sends {@code data} to the name at {@code address} (0: the peer), passing {@code rights}; the
     * sender's credentials unless {@code credentials} names others. Waits outside the layer while
     * the receiver has no room, unless asked not to; EPIPE on a stream also raises SIGPIPE unless
     * MSG_NOSIGNAL.
     */
    private long send(SyscallCall c, UnixSocket socket, byte[] data, int flags, long address, long addressLength,
            List<FileDescription> rights, UnixSocket.Credentials credentials) {
        if ((flags & MSG_OOB) != 0) {
            return Errno.EOPNOTSUPP.negated();
        }
        UnixSocket to = null;
        if (address != 0 && addressLength != 0) {
            switch (socket.type()) {
                case UnixSocket.SOCK_DGRAM -> to = boundTo(c, readName(c, address, addressLength));
                case UnixSocket.SOCK_STREAM -> {
                    return socket.hasPeer() ? Errno.EISCONN.negated() : Errno.EOPNOTSUPP.negated();
                }
                default -> {
                    // seqpacket: Linux ignores the address and sends to the peer
                }
            }
        }
        UnixSocket.Credentials sender = credentials != null ? credentials : credentialsOf(c.process());
        long n = socket.send(data, data.length, to, rights, sender);
        if (n == Errno.EAGAIN.negated() && !nonBlocking(socket, flags)) {
            UnixSocket target = to;
            return c.block(() -> socket.sendReady(target, data.length), true, () -> 0, 0);
        }
        if (n == Errno.EPIPE.negated() && socket.signalsBrokenPipe() && (flags & MSG_NOSIGNAL) == 0) {
            c.raise(Signal.SIGPIPE);
        }
        return n;
    }

    private long recvfrom(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        int length = GuestData.transferLength(c.arg(1), c.arg(2));
        if (c.arg(4) != 0) {
            c.memory().read32(c.arg(5)); // fault before taking the message
        }
        if (length > 0 && !c.memory().isMapped(c.arg(1), length)) {
            return Errno.EFAULT.negated();
        }
        UnixSocket.Received received = receive(c, socket, length, c.intArg(3), 0);
        if (received == null || !received.hasData()) {
            return received == null ? SyscallHandler.WOULD_BLOCK : received.result();
        }
        GuestData.write(c.memory(), c.arg(1), received.data(), (int) received.result());
        if (c.arg(4) != 0) {
            writeName(c, received.from(), c.arg(4), c.arg(5), false);
        }
        return (c.intArg(3) & MSG_TRUNC) != 0 ? received.fullLength() : received.result();
    }

    /** A receive, or null when the thread now waits outside the layer for data (then the call starts again). */
    private static UnixSocket.Received receive(SyscallCall c, UnixSocket socket, int length, int flags, int maxRights) {
        if ((flags & MSG_OOB) != 0) {
            throw new LayerError(Errno.EOPNOTSUPP);
        }
        UnixSocket.Received received = socket.receive(length, (flags & MSG_PEEK) != 0, maxRights);
        if (received.result() == Errno.EAGAIN.negated() && !nonBlocking(socket, flags)) {
            c.block(socket::readReady, true, () -> 0, 0);
            return null;
        }
        return received;
    }

    /** The iovecs of a msghdr: their addresses and lengths, and the sum of the lengths. */
    private record IoVectors(long[] bases, long[] lengths, long total) {
        static IoVectors of(GuestMemory memory, long msghdr) {
            long iov = memory.read64(msghdr + MSG_IOV);
            long count = memory.read64(msghdr + MSG_IOVLEN);
            if (count < 0 || count > UIO_MAXIOV) {
                throw new LayerError(Errno.EMSGSIZE);
            }
            long[] bases = new long[(int) count];
            long[] lengths = new long[(int) count];
            long total = 0;
            for (int i = 0; i < count; i++) {
                bases[i] = memory.read64(iov + 16L * i);
                lengths[i] = memory.read64(iov + 16L * i + 8);
                if (lengths[i] < 0 || total + lengths[i] < 0) {
                    throw new LayerError(Errno.EINVAL);
                }
                total += lengths[i];
            }
            return new IoVectors(bases, lengths, Math.min(total, GuestData.MAX_TRANSFER));
        }
    }

    private long sendmsg(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        GuestMemory memory = c.memory();
        long msghdr = c.arg(1);
        IoVectors vectors = IoVectors.of(memory, msghdr);
        byte[] data = new byte[(int) vectors.total()];
        int at = 0;
        for (int i = 0; i < vectors.bases().length && at < data.length; i++) {
            int n = (int) Math.min(vectors.lengths()[i], data.length - at);
            memory.read(vectors.bases()[i], data, at, n);
            at += n;
        }
        List<FileDescription> rights = new ArrayList<>();
        UnixSocket.Credentials[] credentials = { null };
        readControl(c, memory.read64(msghdr + MSG_CONTROL), memory.read64(msghdr + MSG_CONTROLLEN), rights, credentials);
        return send(c, socket, data, c.intArg(2), memory.read64(msghdr + MSG_NAME), Integer.toUnsignedLong(memory.read32(msghdr + MSG_NAMELEN)),
                rights, credentials[0]);
    }

    /** The SCM_RIGHTS descriptions and SCM_CREDENTIALS of a sendmsg's control messages. */
    private static void readControl(SyscallCall c, long control, long length, List<FileDescription> rights,
            UnixSocket.Credentials[] credentials) {
        GuestMemory memory = c.memory();
        long at = 0;
        while (length - at >= CMSG_HEADER) {
            long cmsgLength = memory.read64(control + at);
            int level = memory.read32(control + at + 8);
            int type = memory.read32(control + at + 12);
            if (cmsgLength < CMSG_HEADER || cmsgLength > length - at) {
                throw new LayerError(Errno.EINVAL);
            }
            long data = control + at + CMSG_HEADER;
            int dataLength = (int) (cmsgLength - CMSG_HEADER);
            if (level != SOL_SOCKET) {
                throw new LayerError(Errno.EINVAL);
            }
            if (type == SCM_RIGHTS) {
                if (dataLength / 4 + rights.size() > MAX_RIGHTS) {
                    throw new LayerError(Errno.EINVAL);
                }
                for (int i = 0; i < dataLength / 4; i++) {
                    FileDescription d = c.process().description(memory.read32(data + 4L * i));
                    if (d == null) {
                        throw new LayerError(Errno.EBADF);
                    }
                    rights.add(d);
                }
            } else if (type == SCM_CREDENTIALS && dataLength == UCRED_SIZE) {
                credentials[0] = sentCredentials(c, memory.read32(data), memory.read32(data + 4), memory.read32(data + 8));
            } else {
                throw new LayerError(Errno.EINVAL);
            }
            at += (cmsgLength + 7) & ~7L;
        }
    }

    /** SCM_CREDENTIALS a sender may claim: its own, or any when it is root (Linux lets CAP_SETUID/CAP_SYS_ADMIN lie). */
    private static UnixSocket.Credentials sentCredentials(SyscallCall c, int pid, int uid, int gid) {
        UnixSocket.Credentials own = credentialsOf(c.process());
        UnixSocket.Credentials claimed = new UnixSocket.Credentials(pid, uid, gid);
        if (!claimed.equals(own) && own.uid() != 0) {
            throw new LayerError(Errno.EPERM);
        }
        return claimed;
    }

    private long recvmsg(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        GuestMemory memory = c.memory();
        long msghdr = c.arg(1);
        int flags = c.intArg(2);
        IoVectors vectors = IoVectors.of(memory, msghdr);
        long control = memory.read64(msghdr + MSG_CONTROL);
        long controlLength = memory.read64(msghdr + MSG_CONTROLLEN);
        boolean passCredentials = socket.passCredentials();
        long rightsRoom = controlLength - (passCredentials ? space(UCRED_SIZE) : 0) - CMSG_HEADER;
        int maxRights = control == 0 || rightsRoom < 0 ? 0 : (int) Math.min(rightsRoom / 4, MAX_RIGHTS);
        UnixSocket.Received received = receive(c, socket, (int) vectors.total(), flags, maxRights);
        if (received == null || !received.hasData()) {
            return received == null ? SyscallHandler.WOULD_BLOCK : received.result();
        }
        int at = 0;
        for (int i = 0; i < vectors.bases().length && at < received.result(); i++) {
            int n = (int) Math.min(vectors.lengths()[i], received.result() - at);
            memory.write(vectors.bases()[i], received.data(), at, n);
            at += n;
        }
        int outFlags = received.fullLength() > received.result() ? MSG_TRUNC : 0;
        long name = memory.read64(msghdr + MSG_NAME);
        if (name != 0) {
            byte[] sockaddr = sockaddr(c, received.from(), false);
            memory.write(name, sockaddr, 0, Math.min(memory.read32(msghdr + MSG_NAMELEN), sockaddr.length));
            memory.write32(msghdr + MSG_NAMELEN, sockaddr.length);
        }
        long used = 0;
        if (passCredentials && controlLength >= space(UCRED_SIZE) && control != 0) {
            UnixSocket.Credentials sender = received.sender();
            used += writeControl(memory, control, SCM_CREDENTIALS, new int[] { sender.pid(), sender.uid(), sender.gid() });
        } else if (passCredentials) {
            outFlags |= MSG_CTRUNC;
        }
        List<FileDescription> rights = received.rights();
        int installed = 0;
        int[] fds = new int[rights.size()];
        boolean cloexec = (flags & MSG_CMSG_CLOEXEC) != 0;
        while (installed < fds.length) {
            long fd = c.process().install(rights.get(installed), cloexec, 0); // on EMFILE it lets that one go
            if (fd < 0) {
                UnixSocket.letGo(rights.subList(installed + 1, rights.size())); // as if there were no room
                break;
            }
            fds[installed++] = (int) fd;
        }
        if (installed > 0) {
            used += writeControl(memory, control + used, SCM_RIGHTS, Arrays.copyOf(fds, installed));
        }
        if (received.rightsCut() || installed < rights.size()) {
            outFlags |= MSG_CTRUNC;
        }
        memory.write64(msghdr + MSG_CONTROLLEN, used);
        memory.write32(msghdr + MSG_FLAGS, outFlags);
        return (flags & MSG_TRUNC) != 0 ? received.fullLength() : received.result();
    }

    /** CMSG_SPACE: a control message's header and data, aligned to 8 bytes. */
    private static long space(int dataLength) {
        return CMSG_HEADER + ((dataLength + 7) & ~7L);
    }

    /** Writes one SOL_SOCKET control message of 32-bit values; returns the space it takes. */
    private static long writeControl(GuestMemory memory, long at, int type, int[] values) {
        memory.write64(at, CMSG_HEADER + 4L * values.length);
        memory.write32(at + 8, SOL_SOCKET);
        memory.write32(at + 12, type);
        for (int i = 0; i < values.length; i++) {
            memory.write32(at + CMSG_HEADER + 4L * i, values[i]);
        }
        return space(4 * values.length);
    }

    // ---- options ----------------------------------------------------------------------------------

    private static long getsockopt(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        if (c.intArg(1) != SOL_SOCKET) {
            return Errno.EOPNOTSUPP.negated();
        }
        GuestMemory memory = c.memory();
        int room = memory.read32(c.arg(4));
        if (room < 0) {
            return Errno.EINVAL.negated();
        }
        ByteBuffer value = GuestData.buffer(UCRED_SIZE, memory);
        switch (c.intArg(2)) {
            case SO_TYPE -> value.putInt(socket.type());
            case SO_ERROR -> value.putInt((int) -socket.takeError());
            case SO_RCVBUF -> value.putInt(socket.receiveBuffer());
            case SO_SNDBUF -> value.putInt(socket.sendBuffer());
            case SO_PASSCRED -> value.putInt(socket.passCredentials() ? 1 : 0);
            case SO_ACCEPTCONN -> value.putInt(socket.isListening() ? 1 : 0);
            case SO_DOMAIN -> value.putInt(AF_UNIX);
            case SO_PROTOCOL -> value.putInt(0);
            case SO_PEERCRED -> {
                UnixSocket.Credentials peer = socket.peerCredentials();
                // Linux's answer without a peer: no pid, the overflow uid and gid
                value.putInt(peer == null ? 0 : peer.pid()).putInt(peer == null ? 65534 : peer.uid())
                        .putInt(peer == null ? 65534 : peer.gid());
            }
            default -> {
                return Errno.ENOPROTOOPT.negated();
            }
        }
        int length = Math.min(room, value.position());
        memory.write(c.arg(3), value.array(), 0, length);
        memory.write32(c.arg(4), length);
        return 0;
    }

    private static long setsockopt(SyscallCall c) {
        UnixSocket socket = socketOf(c);
        if (c.intArg(1) != SOL_SOCKET) {
            return Errno.EOPNOTSUPP.negated();
        }
        int option = c.intArg(2);
        if (option == SO_LINGER || option == SO_RCVTIMEO || option == SO_SNDTIMEO) {
            // struct linger is two ints, struct timeval two longs: their shape is all that is checked
            return c.arg(4) < (option == SO_LINGER ? 8 : 16) ? Errno.EINVAL.negated() : 0;
        }
        if (c.arg(4) < 4) {
            return Errno.EINVAL.negated();
        }
        int value = c.memory().read32(c.arg(3));
        switch (option) {
            case SO_RCVBUF -> socket.setReceiveBuffer(value);
            case SO_SNDBUF -> socket.setSendBuffer(value);
            case SO_PASSCRED -> socket.setPassCredentials(value != 0);
            case SO_DEBUG, SO_REUSEADDR, SO_DONTROUTE, SO_BROADCAST, SO_KEEPALIVE, SO_OOBINLINE, SO_PRIORITY, SO_REUSEPORT,
                    SO_RCVLOWAT, SO_SNDLOWAT -> {
                // accepted; nothing in an AF_UNIX socket of the emulator depends on them
            }
            default -> {
                return Errno.ENOPROTOOPT.negated();
            }
        }
        return 0;
    }
}
