package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.layer.table.Errno;

/**
 * A timerfd: a timer whose expirations are counted for read (an 8-byte count in the guest's byte
 * order) instead of sending a signal. It counts monotonic time (CLOCK_REALTIME's absolute
 * settings are converted by the caller) or the run's CPU time.
 */
public final class TimerFd extends FileDescription {
    private final ProcessTimers.Timer timer;
    private final VirtualClock clock;
    private final ByteOrder order;
    private long expirations;
    private long changes;

    public TimerFd(ProcessTimers.Clock kind, VirtualClock clock, int flags, boolean bigEndian) {
        super(flags);
        this.timer = ProcessTimers.standalone(kind);
        this.clock = clock;
        this.order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The timer behind it, to arm and read as timerfd_settime and timerfd_gettime do. */
    public ProcessTimers.Timer timer() {
        return timer;
    }

    /** The clock its timer counts by. */
    public VirtualClock clock() {
        return clock;
    }

    /** timerfd_settime: a new setting also drops the expirations not read yet. */
    public void arm(long expiry, long interval) {
        timer.arm(expiry, interval);
        expirations = 0;
        changes++;
    }

    private void catchUp() {
        long periods = timer.expire(timer.now(clock));
        if (periods > 0) {
            expirations += periods;
            changes++;
        }
    }

    @Override
    public String describe() {
        return "anon_inode:[timerfd]";
    }

    @Override
    public long read(byte[] buffer, int length) {
        if (length < 8) {
            return Errno.EINVAL.negated();
        }
        catchUp();
        if (expirations == 0) {
            return Errno.EAGAIN.negated();
        }
        ByteBuffer.wrap(buffer, 0, 8).order(order).putLong(expirations);
        expirations = 0;
        changes++;
        return 8;
    }

    @Override
    public boolean readReady() {
        catchUp();
        return expirations > 0;
    }

    @Override
    public boolean writeReady() {
        return false;
    }

    @Override
    public long readyAtNs() {
        return timer.clock() == ProcessTimers.Clock.CPU ? 0 : timer.expiry();
    }

    @Override
    public long changes() {
        catchUp();
        return changes;
    }
}
