package dev.k42lens.core.kernel;

import dev.k42lens.core.layer.table.Errno;

/**
 * A pipe: a bounded byte queue with a read end and a write end. A read of an empty pipe that
 * still has writers, or a write to a full one, answers EAGAIN here; the layer turns that into a
 * wait outside the layer unless the descriptor is non-blocking.
 */
public final class Pipe {
    /** The emulated server that holds every pipe: creating one and moving bytes through it are requests to it. */
    public static final String SERVER = "pipe";

    public static final int CAPACITY = 65536;
    private static int nextId = 1;

    private final byte[] buffer = new byte[CAPACITY];
    private final int id = nextId++;
    private int head;
    private int size;
    private int readers = 1;
    private int writers = 1;
    private long changes;

    public FileDescription readEnd(int flags) {
        return new End(false, flags);
    }

    public FileDescription writeEnd(int flags) {
        return new End(true, flags);
    }

    private final class End extends FileDescription {
        private final boolean writing;

        End(boolean writing, int flags) {
            super(flags);
            this.writing = writing;
        }

        @Override
        public String describe() {
            return "pipe:[" + id + "]";
        }

        @Override
        public String server() {
            return SERVER;
        }

        @Override
        public long read(byte[] into, int length) {
            if (writing) {
                return Errno.EBADF.negated();
            }
            if (size == 0) {
                return writers == 0 ? 0 : Errno.EAGAIN.negated();
            }
            int n = Math.min(length, size);
            for (int i = 0; i < n; i++) {
                into[i] = buffer[(head + i) % CAPACITY];
            }
            head = (head + n) % CAPACITY;
            size -= n;
            changes++;
            return n;
        }

        @Override
        public long write(byte[] from, int length) {
            if (!writing) {
                return Errno.EBADF.negated();
            }
            if (length == 0) {
                return 0; // as Linux: before looking for readers or room (else a full pipe would block it for ever)
            }
            if (readers == 0) {
                return Errno.EPIPE.negated();
            }
            int n = Math.min(length, CAPACITY - size);
            if (n == 0) {
                return Errno.EAGAIN.negated();
            }
            for (int i = 0; i < n; i++) {
                buffer[(head + size + i) % CAPACITY] = from[i];
            }
            size += n;
            changes++;
            return n;
        }

        @Override
        public boolean hungUp() {
            return !writing && writers == 0;
        }

        @Override
        public long room() {
            return writing && readers > 0 ? CAPACITY - size : Long.MAX_VALUE;
        }

        @Override
        public int available() {
            return writing ? -1 : size;
        }

        @Override
        public boolean readReady() {
            return size > 0 || writers == 0;
        }

        @Override
        public boolean writeReady() {
            return size < CAPACITY || readers == 0;
        }

        @Override
        public long changes() {
            return changes;
        }

        @Override
        protected void close() {
            changes++;
            if (writing) {
                writers--;
            } else {
                readers--;
            }
        }
    }
}
