package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.MemoryObject;

/**
 * What the processes of one run share outside their address spaces: the futex queues (a futex in
 * a shared page is met from every process mapping it), the System V shared memory segments and
 * the inode numbers of in-memory files.
 */
public final class SharedMemory {
    /** A shmget key that always makes a new segment. */
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    /** The size of ppc64's struct shmid64_ds, which IPC_STAT fills and IPC_SET reads. */
    public static final int STAT_SIZE = 112;

    /**
     * One System V segment: its pages, and what IPC_STAT reports. It stays while attached after
     * IPC_RMID (its key freed at once) and goes with its last attachment.
     */
    public final class Segment implements MemoryObject.Backing {
        private final int id;
        private int key;
        private final long size;
        private final MemoryObject pages;
        private final int creatorPid;
        private int uid;
        private int gid;
        private final int creatorUid;
        private final int creatorGid;
        private int mode;
        private int lastPid;
        private long attachTime;
        private long detachTime;
        private long changeTime;
        private boolean removed;

        private Segment(int id, int key, long size, int mode, GuestProcess creator) {
            this.id = id;
            this.key = key;
            this.size = size;
            this.mode = mode;
            this.pages = new MemoryObject(this, creator.memory().budget());
            this.creatorPid = creator.pid();
            this.uid = creator.credentials().uid();
            this.gid = creator.credentials().gid();
            this.creatorUid = uid;
            this.creatorGid = gid;
            this.changeTime = creator.clock().realtimeNs() / 1_000_000_000L;
        }

        public int id() {
            return id;
        }

        public int key() {
            return key;
        }

        public long size() {
            return size;
        }

        public MemoryObject pages() {
            return pages;
        }

        /** shm_nattch: the attachments of every process (each maps the segment's first page once). */
        public int attachments() {
            return pages.frame(0).mappings();
        }

        /** IPC_STAT: the struct shmid64_ds of 64-bit powerpc, 112 bytes in the guest's byte order. */
        public byte[] stat(boolean bigEndian) {
            ByteBuffer b = ByteBuffer.allocate(STAT_SIZE)
                    .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, key).putInt(4, uid).putInt(8, gid).putInt(12, creatorUid).putInt(16, creatorGid)
                    .putInt(20, mode | (removed ? SHM_DEST : 0)).putInt(24, id);
            b.putLong(48, attachTime).putLong(56, detachTime).putLong(64, changeTime).putLong(72, size);
            b.putInt(80, creatorPid).putInt(84, lastPid).putLong(88, attachments());
            return b.array();
        }

        /** IPC_SET: the owner and permission bits from a struct shmid64_ds. */
        public void set(int newUid, int newGid, int newMode, long now) {
            uid = newUid;
            gid = newGid;
            mode = newMode & 0777;
            changeTime = now;
        }

        public void attached(int pid, long now) {
            lastPid = pid;
            attachTime = now;
        }

        public void detached(int pid, long now) {
            lastPid = pid;
            detachTime = now;
        }

        /** IPC_RMID: the key is free at once; the segment goes when nothing has it attached. */
        public void remove() {
            removed = true;
            byKey.remove(key);
            key = IPC_PRIVATE;
            if (attachments() == 0) {
                segments.remove(id);
            }
        }

        @Override
        public void readPage(long index, byte[] into) {
            // a segment starts zeroed
        }

        @Override
        public void writeBack(MemoryObject object) {
            // memory only: nothing to write to
        }

        @Override
        public void unmapped(MemoryObject object) {
            if (removed) {
                segments.remove(id);
            }
        }
    }

    /** shm_perm.mode's flag for a segment removed while still attached. */
    private static final int SHM_DEST = 01000;
    /** The largest segment shmget makes (Linux's default SHMMAX is near 2^64; the emulator holds pages in memory). */
    private static final long MAX_SEGMENT = 1L << 40;

    private final Futexes futexes = new Futexes();
    private final Map<Integer, Segment> segments = new TreeMap<>();
    private final Map<Integer, Segment> byKey = new HashMap<>();
    private int nextSegmentId;
    private long nextInode = 1;

    public Futexes futexes() {
        return futexes;
    }

    /** An inode number for an in-memory file (memfd), unique in the run. */
    public long newInode() {
        return nextInode++;
    }

    /** shmget: the id of the segment for {@code key}, made when asked for, or a negated errno. */
    public long get(int key, long size, int flags, GuestProcess caller) {
        Segment existing = key == IPC_PRIVATE ? null : byKey.get(key);
        if (existing != null) {
            if ((flags & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL)) {
                return Errno.EEXIST.negated();
            }
            return Long.compareUnsigned(size, existing.size) > 0 ? Errno.EINVAL.negated() : existing.id;
        }
        if (key != IPC_PRIVATE && (flags & IPC_CREAT) == 0) {
            return Errno.ENOENT.negated();
        }
        if (size == 0 || Long.compareUnsigned(size, MAX_SEGMENT) > 0) {
            return Errno.EINVAL.negated();
        }
        Segment segment = new Segment(nextSegmentId++, key, size, flags & 0777, caller);
        segments.put(segment.id, segment);
        if (key != IPC_PRIVATE) {
            byKey.put(key, segment);
        }
        return segment.id;
    }

    /** The segment with {@code id}, or null (never made, or removed and detached). */
    public Segment segment(long id) {
        return id < 0 || id > Integer.MAX_VALUE ? null : segments.get((int) id);
    }

    /** The segment whose pages {@code object} is, or null when it is another kind of shared memory. */
    public static Segment segmentOf(MemoryObject object) {
        return object.backing() instanceof Segment segment ? segment : null;
    }
}
