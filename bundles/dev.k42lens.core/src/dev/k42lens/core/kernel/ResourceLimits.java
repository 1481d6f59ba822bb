package dev.k42lens.core.kernel;

import java.util.Arrays;

import dev.k42lens.core.layer.table.Errno;

/**
 * A process's resource limits (getrlimit/setrlimit/prlimit64), soft and hard, inherited by fork and
 * kept across exec, as Linux keeps them. The run's own {@link GuestLimits} stay in force above
 * them: a process may lower its limits below the run's, never escape them.
 */
public final class ResourceLimits {
    public static final int RLIMIT_CPU = 0;
    public static final int RLIMIT_FSIZE = 1;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_CORE = 4;
    public static final int RLIMIT_NPROC = 6;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final int RLIMIT_AS = 9;
    public static final int RLIMIT_SIGPENDING = 11;
    public static final int RLIMIT_MSGQUEUE = 12;
    /** The number of resources (RLIMIT_CPU 0 to RLIMIT_RTTIME 15). */
    public static final int COUNT = 16;
    public static final long INFINITY = -1L;

    private final long[] soft = new long[COUNT];
    private final long[] hard = new long[COUNT];

    private ResourceLimits() {
    }

    /** What the first process starts with: Linux's usual defaults, and the run's limits where it has them. */
    static ResourceLimits of(GuestLimits run) {
        ResourceLimits limits = new ResourceLimits();
        Arrays.fill(limits.soft, INFINITY);
        Arrays.fill(limits.hard, INFINITY);
        limits.soft[RLIMIT_STACK] = 8L << 20;
        limits.soft[RLIMIT_CORE] = 0;
        limits.soft[RLIMIT_MEMLOCK] = limits.hard[RLIMIT_MEMLOCK] = 8L << 20;
        limits.soft[RLIMIT_MSGQUEUE] = limits.hard[RLIMIT_MSGQUEUE] = 819_200;
        limits.soft[RLIMIT_SIGPENDING] = limits.hard[RLIMIT_SIGPENDING] = 63_704;
        limits.soft[RLIMIT_NOFILE] = limits.hard[RLIMIT_NOFILE] = GuestProcess.MAX_DESCRIPTORS;
        limits.soft[RLIMIT_NPROC] = limits.hard[RLIMIT_NPROC] = run.tasks();
        return limits;
    }

    ResourceLimits copy() {
        ResourceLimits copy = new ResourceLimits();
        System.arraycopy(soft, 0, copy.soft, 0, COUNT);
        System.arraycopy(hard, 0, copy.hard, 0, COUNT);
        return copy;
    }

    public long soft(int resource) {
        return soft[resource];
    }

    public long hard(int resource) {
        return hard[resource];
    }

    /** True when {@code value} passes the soft limit of {@code resource} (INFINITY never is passed). */
    public boolean exceeds(int resource, long value) {
        return soft[resource] != INFINITY && Long.compareUnsigned(value, soft[resource]) > 0;
    }

    /**
     * setrlimit: 0, EINVAL for a soft limit above the hard one, EPERM for raising the hard limit
     * without {@code privileged} (CAP_SYS_RESOURCE) or the descriptor limit past what a process can
     * have at all.
     */
    public int set(int resource, long newSoft, long newHard, boolean privileged) {
        if (Long.compareUnsigned(newSoft, newHard) > 0) {
            return Errno.EINVAL.number();
        }
        if (Long.compareUnsigned(newHard, hard[resource]) > 0 && !privileged
                || resource == RLIMIT_NOFILE && Long.compareUnsigned(newHard, GuestProcess.MAX_DESCRIPTORS) > 0) {
            return Errno.EPERM.number();
        }
        soft[resource] = newSoft;
        hard[resource] = newHard;
        return 0;
    }
}
