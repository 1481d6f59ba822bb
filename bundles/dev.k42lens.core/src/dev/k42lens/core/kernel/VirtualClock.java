package dev.k42lens.core.kernel;

/**
 * Guest time. By default virtual: it starts at a fixed date and advances with the guest's
 * instructions (one nanosecond each) and with sleeps, so the same run gives the same times and
 * the same trace; with host time it follows the host's clocks.
 */
public final class VirtualClock {
    /** 2026-01-01T00:00:00Z, where virtual wall-clock time starts. */
    public static final long VIRTUAL_EPOCH_NS = 1_767_225_600L * 1_000_000_000L;

    private final boolean host;
    private final long hostStart = System.nanoTime();
    private long sleptNs;
    private java.util.function.LongSupplier instructions = () -> 0;

    public VirtualClock(boolean host) {
        this.host = host;
    }

    public boolean isHost() {
        return host;
    }

    void countInstructions(java.util.function.LongSupplier instructions) {
        this.instructions = instructions;
    }

    /** CLOCK_MONOTONIC, in nanoseconds since the run started. */
    public long monotonicNs() {
        return host ? System.nanoTime() - hostStart : instructions.getAsLong() + sleptNs;
    }

    /** CLOCK_REALTIME, in nanoseconds since the Unix epoch. */
    public long realtimeNs() {
        if (host) {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        return VIRTUAL_EPOCH_NS + monotonicNs();
    }

    /** CPU time the process has used. */
    public long cpuTimeNs() {
        return host ? monotonicNs() : instructions.getAsLong();
    }

    /** The POWER time base (mftb): 512 MHz ticks of monotonic time. */
    public long timeBase() {
        return monotonicNs() * 512 / 1000;
    }

    /** Lets time pass until monotonic time {@code ns}. */
    public void advanceTo(long ns) throws InterruptedException {
        long now = monotonicNs();
        if (ns > now) {
            sleep(ns - now);
        }
    }

    /** Lets time pass for a sleep: virtual time jumps, host time waits. */
    public void sleep(long ns) throws InterruptedException {
        if (host) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(ns);
        } else {
            sleptNs += ns;
        }
    }
}
