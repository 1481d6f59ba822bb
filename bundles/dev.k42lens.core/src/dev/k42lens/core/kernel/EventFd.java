package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.layer.table.Errno;

/**
 * An eventfd: a 64-bit counter that write adds to and read takes (all of it, or one in semaphore
 * mode). Reads of a zero counter and writes that would overflow it answer EAGAIN, which the layer
 * turns into a wait unless the descriptor is non-blocking. The 8-byte values are in the guest's
 * byte order.
 */
public final class EventFd extends FileDescription {
    /** The largest value the counter holds: 2^64 - 2. */
    private static final long MAX = 0xfffffffffffffffeL;

    private final boolean semaphore;
    private final ByteOrder order;
    private long counter;
    private long changes;

    public EventFd(long initial, boolean semaphore, int flags, boolean bigEndian) {
        super(flags);
        this.counter = initial;
        this.semaphore = semaphore;
        this.order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public String describe() {
        return "anon_inode:[eventfd]";
    }

    @Override
    public long read(byte[] buffer, int length) {
        if (length < 8) {
            return Errno.EINVAL.negated();
        }
        if (counter == 0) {
            return Errno.EAGAIN.negated();
        }
        long value = semaphore ? 1 : counter;
        counter -= value;
        changes++;
        ByteBuffer.wrap(buffer, 0, 8).order(order).putLong(value);
        return 8;
    }

    @Override
    public long write(byte[] buffer, int length) {
        if (length < 8) {
            return Errno.EINVAL.negated();
        }
        long value = ByteBuffer.wrap(buffer, 0, 8).order(order).getLong();
        if (value == -1L) {
            return Errno.EINVAL.negated();
        }
        if (Long.compareUnsigned(value, MAX - counter) > 0) {
            return Errno.EAGAIN.negated();
        }
        counter += value;
        changes++;
        return 8;
    }

    @Override
    public boolean readReady() {
        return counter != 0;
    }

    @Override
    public boolean writeReady() {
        return Long.compareUnsigned(counter, MAX) < 0;
    }

    @Override
    public long changes() {
        return changes;
    }
}
