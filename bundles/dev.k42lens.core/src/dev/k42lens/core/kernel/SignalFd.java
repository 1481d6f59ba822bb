package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.layer.table.Errno;

/**
 * A signalfd: reading it takes pending signals of its mask as struct signalfd_siginfo records
 * (128 bytes each) instead of delivering them. The signals are those pending on the process's
 * threads (the engine queues a process-directed signal on one of them); the program blocks them,
 * so that they stay pending until read.
 */
public final class SignalFd extends FileDescription {
    public static final int RECORD_SIZE = 128;

    private final GuestProcess process;
    private long mask;

    public SignalFd(GuestProcess process, long mask, int flags) {
        super(flags);
        this.process = process;
        this.mask = mask;
    }

    /** signalfd on an existing signalfd: a new mask. */
    public void setMask(long mask) {
        this.mask = mask;
    }

    @Override
    public String describe() {
        return "anon_inode:[signalfd]";
    }

    private GuestThread withPending() {
        for (GuestThread t : process.liveThreads()) {
            if ((t.pendingSignals() & mask) != 0) {
                return t;
            }
        }
        return null;
    }

    @Override
    public long read(byte[] buffer, int length) {
        if (length < RECORD_SIZE) {
            return Errno.EINVAL.negated();
        }
        ByteOrder order = process.memory().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int n = 0;
        GuestThread thread;
        while (n + RECORD_SIZE <= length && (thread = withPending()) != null) {
            int signo = Long.numberOfTrailingZeros(thread.pendingSignals() & mask) + 1;
            SignalInfo info = thread.takePending(signo);
            ByteBuffer b = ByteBuffer.wrap(buffer, n, RECORD_SIZE).order(order);
            b.putInt(n, signo).putInt(n + 8, info.code()).putInt(n + 12, info.pid()).putInt(n + 16, info.uid());
            if (info.code() == SignalInfo.SI_TIMER) {
                b.putInt(n + 24, info.pid()).putInt(n + 32, info.uid()); // ssi_tid, ssi_overrun
            }
            b.putInt(n + 40, info.status()).putInt(n + 44, (int) info.value()).putLong(n + 48, info.value());
            b.putLong(n + 72, info.address());
            n += RECORD_SIZE;
        }
        return n == 0 ? Errno.EAGAIN.negated() : n;
    }

    @Override
    public boolean readReady() {
        return withPending() != null;
    }

    @Override
    public boolean writeReady() {
        return false;
    }
}
