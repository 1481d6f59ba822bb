package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.VirtualClock;
import dev.k42lens.core.layer.table.Errno;

/** Clocks and sleeps, served from the run's {@link VirtualClock}. */
final class TimeCalls {
    private static final int TIMER_ABSTIME = 1;

    private TimeCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("clock_gettime", c -> {
            long now = now(c.process().clock(), c.intArg(0));
            if (now < 0) {
                return Errno.EINVAL.negated();
            }
            GuestData.writeTimespec(c.memory(), c.arg(1), now);
            return 0;
        });
        layer.register("clock_getres", c -> {
            if (now(c.process().clock(), c.intArg(0)) < 0) {
                return Errno.EINVAL.negated();
            }
            if (c.arg(1) != 0) {
                GuestData.writeTimespec(c.memory(), c.arg(1), c.intArg(0) == 5 || c.intArg(0) == 6 ? 4_000_000 : 1);
            }
            return 0;
        });
        layer.register("gettimeofday", c -> {
            long now = c.process().clock().realtimeNs();
            if (c.arg(0) != 0) {
                c.memory().write64(c.arg(0), now / 1_000_000_000L);
                c.memory().write64(c.arg(0) + 8, now % 1_000_000_000L / 1000);
            }
            if (c.arg(1) != 0) {
                c.memory().write64(c.arg(1), 0);
            }
            return 0;
        });
        layer.register("time", c -> {
            long seconds = c.process().clock().realtimeNs() / 1_000_000_000L;
            if (c.arg(0) != 0) {
                c.memory().write64(c.arg(0), seconds);
            }
            return seconds;
        });
        layer.register("nanosleep", c -> sleep(c, c.arg(0), c.arg(1), false, 1));
        layer.register("clock_nanosleep", c -> sleep(c, c.arg(2), c.arg(3), (c.intArg(1) & TIMER_ABSTIME) != 0, c.intArg(0)));
    }

    /** The clock's time in nanoseconds, or -1 for an unknown clock id. */
    private static long now(VirtualClock clock, int id) {
        return switch (id) {
            case 0, 5 -> clock.realtimeNs();
            case 1, 4, 6, 7 -> clock.monotonicNs();
            case 2, 3 -> clock.cpuTimeNs();
            default -> -1;
        };
    }

    /**
     * nanosleep/clock_nanosleep: the thread leaves the layer and waits until the clock reaches the
     * deadline; a handled signal ends the sleep early with EINTR and, for a relative sleep, the time
     * left in {@code remaining} (when not NULL), which is what lets glibc's callers resume it.
     */
    private static long sleep(SyscallCall c, long request, long remaining, boolean absolute, int clockId) {
        long ns = GuestData.readTimespec(c.memory(), request);
        VirtualClock clock = c.process().clock();
        if (ns < 0 || now(clock, clockId) < 0) {
            return Errno.EINVAL.negated();
        }
        long wait = absolute ? Math.max(0, ns - now(clock, clockId)) : ns;
        long deadline = clock.monotonicNs() + wait;
        Runnable interrupted = absolute || remaining == 0 ? null
                : () -> GuestData.writeTimespec(c.memory(), remaining, Math.max(0, deadline - clock.monotonicNs()));
        return c.block(() -> clock.monotonicNs() >= deadline, false, () -> 0, deadline, interrupted);
    }
}
