package dev.k42lens.core.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.k42lens.core.layer.table.Errno;

/**
 * An AF_UNIX socket of one of Linux's three types, as an open file description: a receive queue
 * of messages (a stream reads across them, a datagram or seqpacket socket one at a time), a peer,
 * the shutdown state of each direction and, while listening, the connections not yet accepted.
 * As with a pipe, a transfer that would have to wait answers EAGAIN; the layer turns that into a
 * wait outside it unless the caller asked not to wait.
 */
public final class UnixSocket extends FileDescription {
    /** The emulated server that holds every socket, as {@link Pipe#SERVER} holds the pipes. */
    public static final String SERVER = "socket";

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    /** Linux's default SO_RCVBUF and SO_SNDBUF (net.core.rmem_default, wmem_default). */
    public static final int DEFAULT_BUFFER = 212992;
    /** SOCK_MIN_RCVBUF of a 64-bit kernel; SOCK_MIN_SNDBUF is twice it. */
    private static final int MIN_RECEIVE_BUFFER = 2304;

    /** SO_PEERCRED's and SCM_CREDENTIALS's struct ucred. */
    public record Credentials(int pid, int uid, int gid) {
    }

    /**
     * What one receive took: {@code result} bytes of {@code data} (a datagram's {@code fullLength}
     * may be more), the sender's name (null when unnamed), the descriptions passed with it (each a
     * reference the receiver now holds; {@code rightsCut} when more were passed than it could take)
     * and the sender's credentials. Without data, {@code result} is a negated errno, or 0 for the
     * end of the stream.
     */
    public record Received(long result, byte[] data, int fullLength, byte[] from, List<FileDescription> rights,
            boolean rightsCut, Credentials sender) {
        static Received nothing(long result) {
            return new Received(result, null, 0, null, List.of(), false, null);
        }

        public boolean hasData() {
            return data != null;
        }
    }

    /** A message in a receive queue; a stream's reads take its bytes from {@code offset} on. */
    private static final class Message {
        final byte[] data;
        final byte[] from;
        final List<FileDescription> rights;
        final Credentials sender;
        int offset;

        Message(byte[] data, byte[] from, List<FileDescription> rights, Credentials sender) {
            this.data = data;
            this.from = from;
            this.rights = rights;
            this.sender = sender;
        }

        int remaining() {
            return data.length - offset;
        }
    }

    private static int nextId = 1;

    private final int id = nextId++;
    private final int type;
    /** Who created it: the sender of what write() sends, and the peers' SO_PEERCRED unless it listens. */
    private final Credentials owner;
    /** Who called listen: what its connecting peers' SO_PEERCRED reports. */
    private Credentials listener;
    private final Deque<Message> queue = new ArrayDeque<>();
    private int queuedBytes;
    private int receiveBuffer = DEFAULT_BUFFER;
    private int sendBuffer = DEFAULT_BUFFER;
    private UnixSocket peer;
    private Credentials peerCredentials;
    /** A stream or seqpacket socket that has had a peer (it keeps its state after the peer closes). */
    private boolean connected;
    private boolean receiveShut;
    private boolean sendShut;
    private boolean closed;
    private byte[] name;
    private Runnable unbind;
    /** Connections waiting for accept while listening, else null. */
    private Deque<UnixSocket> backlog;
    private int backlogLimit;
    private boolean passCredentials;
    /** SO_ERROR: ECONNRESET (negated) once a peer closed with data unread, else 0. */
    private long pendingError;

    public UnixSocket(int type, int statusFlags, Credentials owner) {
        super(statusFlags);
        this.type = type;
        this.owner = owner;
    }

    /** socketpair: two sockets connected to each other, each with the creator as its peer's credentials. */
    public static UnixSocket[] pair(int type, int statusFlags, Credentials creator) {
        UnixSocket first = new UnixSocket(type, statusFlags, creator);
        UnixSocket second = new UnixSocket(type, statusFlags, creator);
        first.connect(second, creator);
        second.connect(first, creator);
        return new UnixSocket[] { first, second };
    }

    private void connect(UnixSocket to, Credentials theirs) {
        peer = to;
        peerCredentials = theirs;
        connected = type != SOCK_DGRAM;
    }

    public int type() {
        return type;
    }

    private boolean connectionOriented() {
        return type != SOCK_DGRAM;
    }

    @Override
    public String describe() {
        return "socket:[" + id + "]";
    }

    @Override
    public String server() {
        return SERVER;
    }

    // ---- names ------------------------------------------------------------------------------------

    /** The bound name as getsockname shows sun_path (a path with its NUL, or NUL and an abstract name), or null. */
    public byte[] name() {
        return name;
    }

    /** Binds the socket to {@code sunPath}; {@code unbind} takes the name back out of the run's table at close. */
    public void bind(byte[] sunPath, Runnable unbindAtClose) {
        name = sunPath;
        unbind = unbindAtClose;
    }

    public boolean hasPeer() {
        return peer != null;
    }

    /** The peer's name for getpeername (null for an unnamed one); see {@link #hasPeer}. */
    public byte[] peerName() {
        return peer.name;
    }

    /** SO_PEERCRED: who created the peer (socketpair), connected (accepted side) or listened (connecting side). */
    public Credentials peerCredentials() {
        return peerCredentials;
    }

    /** SO_ERROR: the pending error, which reading it clears. */
    public long takeError() {
        long error = pendingError;
        pendingError = 0;
        return error;
    }

    public boolean isListening() {
        return backlog != null;
    }

    public boolean passCredentials() {
        return passCredentials;
    }

    public void setPassCredentials(boolean on) {
        passCredentials = on;
    }

    public int receiveBuffer() {
        return receiveBuffer;
    }

    public int sendBuffer() {
        return sendBuffer;
    }

    /**
     * SO_RCVBUF/SO_SNDBUF: as Linux, the value asked for up to rmem_max/wmem_max (here the
     * default), doubled for the kernel's bookkeeping, at least SOCK_MIN_RCVBUF/SOCK_MIN_SNDBUF.
     */
    public void setReceiveBuffer(int asked) {
        receiveBuffer = Math.max(Math.min(Math.max(asked, 0), DEFAULT_BUFFER) * 2, MIN_RECEIVE_BUFFER);
    }

    public void setSendBuffer(int asked) {
        sendBuffer = Math.max(Math.min(Math.max(asked, 0), DEFAULT_BUFFER) * 2, 2 * MIN_RECEIVE_BUFFER);
    }

    // ---- connections --------------------------------------------------------------------------

    /** listen by {@code caller}: a bound stream or seqpacket socket starts taking connections. */
    public long listen(int limit, Credentials caller) {
        if (!connectionOriented()) {
            return Errno.EOPNOTSUPP.negated();
        }
        if (connected || name == null) {
            return Errno.EINVAL.negated();
        }
        if (backlog == null) {
            backlog = new ArrayDeque<>();
        }
        backlogLimit = Math.max(0, limit);
        listener = caller;
        return 0;
    }

    /**
     * connect of a stream or seqpacket socket: as on Linux the connection is made at once, with
     * the accepting side's socket waiting in the listener's backlog; EAGAIN while that is full.
     */
    public long connectTo(UnixSocket listener, Credentials client) {
        if (listener.type != type) {
            return Errno.EPROTOTYPE.negated();
        }
        if (connected) {
            return Errno.EISCONN.negated();
        }
        if (backlog != null) {
            return Errno.EINVAL.negated();
        }
        if (listener.closed || listener.backlog == null) {
            return Errno.ECONNREFUSED.negated();
        }
        if (listener.backlog.size() > listener.backlogLimit) {
            return Errno.EAGAIN.negated();
        }
        UnixSocket accepted = new UnixSocket(type, 0, listener.listener);
        accepted.name = listener.name;
        accepted.connect(this, client);
        connect(accepted, listener.listener);
        listener.backlog.add(accepted);
        return 0;
    }

    /** True once a connect that found the backlog full can be tried again. */
    public boolean acceptsConnection() {
        return closed || backlog == null || backlog.size() <= backlogLimit;
    }

    /** connect of a datagram socket: where send goes, and whose datagrams alone it receives; null disconnects. */
    public long connectDatagram(UnixSocket to) {
        if (to != null && to.type != type) {
            return Errno.EPROTOTYPE.negated();
        }
        if (to != null && to.peer != null && to.peer != this && to != this) {
            return Errno.EPERM.negated();
        }
        peer = to;
        peerCredentials = to == null ? null : to.owner;
        return 0;
    }

    /** accept of a listening socket: the oldest waiting connection, or null when none waits. */
    public UnixSocket accept() {
        return backlog.poll();
    }

    /** Returns a connection {@link #accept} took to the head of the backlog (the accepting process had no descriptor for it). */
    public void putBack(UnixSocket connection) {
        backlog.addFirst(connection);
    }

    /** shutdown: SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2); a connected peer's other direction ends with it. */
    public long shutdown(int how) {
        if (how < 0 || how > 2) {
            return Errno.EINVAL.negated();
        }
        boolean read = how != 1;
        boolean write = how != 0;
        receiveShut |= read;
        sendShut |= write;
        if (connectionOriented() && peer != null) {
            peer.receiveShut |= write;
            peer.sendShut |= read;
        }
        return 0;
    }

    // ---- transfers ------------------------------------------------------------------------------

    /**
     * Queues {@code length} bytes of {@code data} for {@code to} (null: the peer) with the
     * descriptions in {@code rights}, each of which the message then holds a reference to. Returns
     * the bytes sent (a stream may take fewer than asked) or a negated errno: EAGAIN when the
     * receiver's queue is full, EPIPE when this direction is shut or the peer has gone.
     */
    public long send(byte[] data, int length, UnixSocket to, List<FileDescription> rights, Credentials sender) {
        if (backlog != null) {
            return Errno.ENOTCONN.negated();
        }
        if (sendShut) {
            return Errno.EPIPE.negated();
        }
        UnixSocket target = to != null ? to : peer;
        if (target == null) {
            return connected ? Errno.EPIPE.negated() : Errno.ENOTCONN.negated();
        }
        if (!connectionOriented()) {
            if (target.closed) {
                if (target == peer) {
                    peer = null; // Linux forgets a dead datagram peer: the next send finds none
                }
                return Errno.ECONNREFUSED.negated();
            }
            if (target.peer != null && target.peer != this) {
                return Errno.EPERM.negated();
            }
        }
        if (target.closed || target.receiveShut) {
            return Errno.EPIPE.negated();
        }
        if (type != SOCK_STREAM && length > sendBuffer) {
            return Errno.EMSGSIZE.negated();
        }
        int room = target.receiveBuffer - target.queuedBytes;
        int n = type == SOCK_STREAM ? Math.min(length, room) : length;
        if (type == SOCK_STREAM && length == 0) {
            return 0;
        }
        if (type == SOCK_STREAM ? n <= 0 : length > room && !target.queue.isEmpty()) {
            return Errno.EAGAIN.negated();
        }
        for (FileDescription passed : rights) {
            passed.retain();
        }
        target.queue.add(new Message(Arrays.copyOf(data, n), name, List.copyOf(rights), sender));
        target.queuedBytes += n;
        return n;
    }

    /** True once a send of {@code length} bytes to {@code to} (null: the peer) would not answer EAGAIN. */
    public boolean sendReady(UnixSocket to, int length) {
        UnixSocket target = to != null ? to : peer;
        if (backlog != null) {
            return false;
        }
        if (sendShut || target == null || target.closed || target.receiveShut) {
            return true;
        }
        int room = target.receiveBuffer - target.queuedBytes;
        return type == SOCK_STREAM ? room > 0 : length <= room || target.queue.isEmpty();
    }

    /**
     * Takes up to {@code length} bytes, leaving them queued when {@code peek}: a datagram or seqpacket
     * message at a time (the rest of a longer one is lost), a stream's bytes across messages up to
     * one that passes descriptions. Of the passed descriptions at most {@code maxRights} are handed
     * over; the others are closed, as Linux does when the control buffer is too small. Without
     * data: EAGAIN while nothing has arrived, 0 (end of file) once nothing more can.
     */
    public Received receive(int length, boolean peek, int maxRights) {
        if (connectionOriented() && !connected) {
            // listening or never connected: Linux's answers differ by type
            return Received.nothing((type == SOCK_STREAM ? Errno.EINVAL : Errno.ENOTCONN).negated());
        }
        // a reset comes after what is queued on a stream, before it on the others (as Linux has it)
        if (pendingError != 0 && (queue.isEmpty() || type != SOCK_STREAM)) {
            return Received.nothing(takeError());
        }
        if (queue.isEmpty()) {
            return Received.nothing(receiveShut ? 0 : Errno.EAGAIN.negated());
        }
        Message first = queue.peek();
        List<FileDescription> rights = new ArrayList<>();
        byte[] data;
        int taken;
        int full;
        if (type == SOCK_STREAM) {
            data = new byte[Math.min(length, queuedBytes)];
            taken = 0;
            var messages = queue.iterator();
            while (taken < data.length && messages.hasNext()) {
                Message m = messages.next();
                int n = Math.min(data.length - taken, m.remaining());
                System.arraycopy(m.data, m.offset, data, taken, n);
                taken += n;
                boolean passes = !m.rights.isEmpty();
                take(m, n, peek, rights);
                if (passes) {
                    break; // Linux ends a read at a message that passes descriptions
                }
            }
            full = taken;
        } else {
            full = first.data.length;
            taken = Math.min(length, full);
            data = Arrays.copyOf(first.data, taken);
            take(first, full, peek, rights);
        }
        if (!peek) {
            queue.removeIf(m -> m.remaining() == 0 && (type == SOCK_STREAM || m == first));
            // a datagram leaves the queue whole; a stream message once all of it is read
        }
        int handed = Math.min(maxRights, rights.size());
        letGo(rights.subList(handed, rights.size()));
        return new Received(taken, data, full, first.from, List.copyOf(rights.subList(0, handed)), handed < rights.size(),
                first.sender);
    }

    /** Lets go of passed descriptions nobody will hold (no room for them or for their descriptors). */
    public static void letGo(List<FileDescription> descriptions) {
        descriptions.forEach(FileDescription::release);
    }

    /** Consumes {@code n} bytes of {@code m} (unless peeking) and collects the descriptions it passes. */
    private void take(Message m, int n, boolean peek, List<FileDescription> rights) {
        if (peek) {
            for (FileDescription passed : m.rights) {
                passed.retain(); // MSG_PEEK passes copies, and the message keeps its own
            }
            rights.addAll(m.rights);
            return;
        }
        if (m.offset == 0) {
            rights.addAll(m.rights);
        }
        m.offset += n;
        queuedBytes -= n;
    }

    @Override
    public long read(byte[] buffer, int length) {
        Received received = receive(length, false, 0);
        if (received.hasData()) {
            System.arraycopy(received.data(), 0, buffer, 0, (int) received.result());
        }
        return received.result();
    }

    @Override
    public long write(byte[] buffer, int length) {
        return send(buffer, length, null, List.of(), owner);
    }

    /** Linux raises SIGPIPE for a stream socket only; datagram and seqpacket sends just fail. */
    @Override
    public boolean signalsBrokenPipe() {
        return type == SOCK_STREAM;
    }

    @Override
    public boolean readReady() {
        if (backlog != null) {
            return !backlog.isEmpty();
        }
        return !queue.isEmpty() || receiveShut || pendingError != 0;
    }

    @Override
    public boolean writeReady() {
        return sendReady(null, 1);
    }

    /** POLLHUP: both directions shut (a closed peer shuts both), or a stream socket never connected. */
    @Override
    public boolean hungUp() {
        return (receiveShut && sendShut) || (connectionOriented() && !connected && backlog == null);
    }

    /** Closing with data unread, or before being accepted, resets the connection: the peer's next read says so. */
    private void resetPeer() {
        if (connectionOriented() && peer != null) {
            peer.pendingError = Errno.ECONNRESET.negated();
        }
    }

    @Override
    protected void close() {
        closed = true;
        if (unbind != null) {
            unbind.run();
        }
        if (!queue.isEmpty()) {
            resetPeer();
        }
        for (Message m : queue) {
            letGo(m.rights);
        }
        queue.clear();
        queuedBytes = 0;
        if (backlog != null) {
            for (UnixSocket unaccepted : backlog) {
                unaccepted.resetPeer();
                unaccepted.release();
            }
            backlog.clear();
        }
        if (connectionOriented() && peer != null) {
            peer.receiveShut = true;
            peer.sendShut = true;
        }
    }
}
