package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.ProcessTimers;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Timers that send signals: alarm, the interval timers of setitimer (real, virtual, profiling)
 * and the POSIX timers of timer_create. A timer that expires posts its signal at the next
 * instruction boundary of the process, like any signal from outside a call.
 */
final class TimerCalls {
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final int CLOCK_THREAD_CPUTIME_ID = 3;
    private static final int CLOCK_BOOTTIME = 7;
    private static final int CLOCK_TAI = 11;
    private static final int TIMER_ABSTIME = 1;
    private static final int SIGRTMAX = 64;
    private static final long NS_PER_S = 1_000_000_000L;

    private TimerCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("setitimer", TimerCalls::setitimer);
        layer.register("getitimer", c -> {
            if (c.arg(0) < ProcessTimers.ITIMER_REAL || c.arg(0) > ProcessTimers.ITIMER_PROF) {
                return Errno.EINVAL.negated();
            }
            writeIntervals(c, c.process().timers().intervalTimer(c.intArg(0)), c.arg(1), 1000);
            return 0;
        });
        layer.register("alarm", c -> {
            ProcessTimers.Timer real = c.process().timers().intervalTimer(ProcessTimers.ITIMER_REAL);
            long now = c.process().clock().monotonicNs();
            long left = real.expiry() == 0 ? 0 : Math.max(0, real.expiry() - now);
            real.arm(c.arg(0) == 0 ? 0 : now + (c.arg(0) & 0xffffffffL) * NS_PER_S, 0);
            return (left + NS_PER_S - 1) / NS_PER_S;
        });
        layer.register("timer_create", TimerCalls::timerCreate);
        layer.register("timer_settime", TimerCalls::timerSettime);
        layer.register("timer_gettime", c -> {
            ProcessTimers.Timer timer = c.process().timers().posixTimer(c.intArg(0));
            if (timer == null) {
                return Errno.EINVAL.negated();
            }
            writeIntervals(c, timer, c.arg(1), 1);
            return 0;
        });
        layer.register("timer_getoverrun", c -> {
            ProcessTimers.Timer timer = c.process().timers().posixTimer(c.intArg(0));
            return timer == null ? Errno.EINVAL.negated() : timer.overrun();
        });
        layer.register("timer_delete", c -> c.process().timers().delete(c.intArg(0)) ? 0 : Errno.EINVAL.negated());
        layer.limit("setitimer", "ITIMER_VIRTUAL and ITIMER_PROF count the CPU time of the whole run, not of the process alone");
        layer.limit("timer_create", "CPU-time clocks count the whole run's CPU time; no SIGEV_THREAD without glibc (it uses SIGEV_THREAD_ID)");
    }

    /**
     * setitimer: struct itimerval is {it_interval, it_value}, two struct timevals. The old
     * setting goes out before the new one takes effect, as on Linux.
     */
    private static long setitimer(SyscallCall c) {
        if (c.arg(0) < ProcessTimers.ITIMER_REAL || c.arg(0) > ProcessTimers.ITIMER_PROF) {
            return Errno.EINVAL.negated();
        }
        ProcessTimers.Timer timer = c.process().timers().intervalTimer(c.intArg(0));
        long interval = 0;
        long value = 0;
        if (c.arg(1) != 0) {
            interval = timeval(c.memory(), c.arg(1));
            value = timeval(c.memory(), c.arg(1) + 16);
            if (interval < 0 || value < 0) {
                return Errno.EINVAL.negated();
            }
        }
        if (c.arg(2) != 0) {
            writeIntervals(c, timer, c.arg(2), 1000);
        }
        timer.arm(timer.expiryFor(value, false, c.process().clock()), interval);
        return 0;
    }

    /** A struct timeval as nanoseconds, or -1 when invalid. */
    private static long timeval(GuestMemory memory, long address) {
        long seconds = memory.read64(address);
        long micros = memory.read64(address + 8);
        return seconds < 0 || micros < 0 || micros >= 1_000_000 ? -1 : seconds * NS_PER_S + micros * 1000;
    }

    /**
     * Writes a timer's {interval, value} as an itimerval ({@code unitNs} 1000: timevals) or an
     * itimerspec ({@code unitNs} 1: timespecs). The value is the time left; an armed timer has
     * at least one unit left, so that it never reads as disarmed.
     */
    private static void writeIntervals(SyscallCall c, ProcessTimers.Timer timer, long address, long unitNs) {
        long left = timer.left(c.process().clock(), unitNs);
        GuestMemory memory = c.memory();
        memory.write64(address, timer.interval() / NS_PER_S);
        memory.write64(address + 8, timer.interval() % NS_PER_S / unitNs);
        memory.write64(address + 16, left / NS_PER_S);
        memory.write64(address + 24, left % NS_PER_S / unitNs);
    }

    /**
     * timer_create(clockid, sigevent, timerid). struct sigevent: sigev_value at 0, sigev_signo at
     * 8, sigev_notify at 12, the thread id of SIGEV_THREAD_ID at 16. A null sigevent means SIGALRM
     * with the timer's id as its value. A negative clock id is a CPU-time clock of a process or thread.
     */
    private static long timerCreate(SyscallCall c) {
        int clockId = c.intArg(0);
        ProcessTimers.Clock clock = switch (clockId) {
            case CLOCK_REALTIME, CLOCK_TAI -> ProcessTimers.Clock.REALTIME;
            case CLOCK_MONOTONIC, CLOCK_BOOTTIME -> ProcessTimers.Clock.MONOTONIC;
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> ProcessTimers.Clock.CPU;
            default -> clockId < 0 ? ProcessTimers.Clock.CPU : null;
        };
        if (clock == null) {
            return Errno.EINVAL.negated();
        }
        GuestMemory memory = c.memory();
        long event = c.arg(1);
        int notify = event == 0 ? ProcessTimers.SIGEV_SIGNAL : memory.read32(event + 12);
        int signo = event == 0 ? 14 : memory.read32(event + 8);
        int tid = 0;
        if (notify == ProcessTimers.SIGEV_THREAD_ID) {
            tid = memory.read32(event + 16);
            int wanted = tid;
            if (c.process().liveThreads().stream().noneMatch(t -> t.tid() == wanted)) {
                return Errno.EINVAL.negated();
            }
        } else if (notify != ProcessTimers.SIGEV_SIGNAL && notify != ProcessTimers.SIGEV_NONE) {
            return Errno.EINVAL.negated();
        }
        if (notify != ProcessTimers.SIGEV_NONE && (signo < 1 || signo > SIGRTMAX)) {
            return Errno.EINVAL.negated();
        }
        if (!memory.isMapped(c.arg(2), 4)) {
            return Errno.EFAULT.negated();
        }
        long value = event == 0 ? 0 : memory.read64(event);
        ProcessTimers.Timer timer = c.process().timers().create(clock, notify, signo, tid, id -> event == 0 ? id : value);
        if (timer == null) {
            return Errno.EAGAIN.negated();
        }
        memory.write32(c.arg(2), timer.id());
        return 0;
    }

    /**
     * timer_settime(timerid, flags, new, old): struct itimerspec is {it_interval, it_value}. With
     * TIMER_ABSTIME the value is a time of the timer's clock (CLOCK_REALTIME's is converted to
     * monotonic time, which this clock counts in); a value of zero disarms.
     */
    private static long timerSettime(SyscallCall c) {
        GuestProcess p = c.process();
        ProcessTimers.Timer timer = p.timers().posixTimer(c.intArg(0));
        if (timer == null || c.arg(2) == 0) {
            return timer == null ? Errno.EINVAL.negated() : Errno.EFAULT.negated();
        }
        long interval = GuestData.readTimespec(c.memory(), c.arg(2));
        long value = GuestData.readTimespec(c.memory(), c.arg(2) + 16);
        if (interval < 0 || value < 0) {
            return Errno.EINVAL.negated();
        }
        if (c.arg(3) != 0) {
            writeIntervals(c, timer, c.arg(3), 1);
        }
        long expiry = timer.expiryFor(value, (c.intArg(1) & TIMER_ABSTIME) != 0, p.clock());
        timer.arm(expiry, interval);
        return 0;
    }

    /**
     * Expires the process's due timers: each posts its signal to its thread, or to a thread of
     * the process that does not block it; while a timer's signal is still pending, further
     * expiries only count as its overrun.
     */
    static void fire(SyscallLayer layer, GuestProcess p) {
        for (ProcessTimers.Expiry expiry : p.timers().expire(p.clock())) {
            ProcessTimers.Timer timer = expiry.timer();
            if (timer.notification() == ProcessTimers.SIGEV_NONE) {
                continue;
            }
            GuestThread to = timer.tid() != 0
                    ? p.liveThreads().stream().filter(t -> t.tid() == timer.tid()).findFirst().orElse(null)
                    : SignalDelivery.receiverIn(p, timer.signo());
            if (to == null) {
                continue;
            }
            long pending = timer.tid() != 0 ? to.pendingSignals() : SignalDelivery.pendingFor(to);
            if ((pending & SignalDelivery.bit(timer.signo())) != 0) {
                timer.overran(expiry.periods());
                continue;
            }
            timer.signalled(expiry.periods());
            SignalInfo info = timer.isPosix() ? SignalInfo.timer(timer.signo(), timer.id(), timer.overrun(), timer.value())
                    : new SignalInfo(timer.signo(), SignalInfo.SI_KERNEL, 0, 0, 0);
            if (timer.tid() != 0) {
                layer.signals().post(to, info, -1, null);
            } else {
                layer.signals().postToProcess(p, info, -1, null);
            }
        }
    }
}
