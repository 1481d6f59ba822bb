package dev.k42lens.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

/**
 * The timers of one process: the three interval timers of setitimer (ITIMER_REAL counts
 * monotonic time, ITIMER_VIRTUAL and ITIMER_PROF the CPU time the run has used) and the POSIX
 * timers of timer_create. Times are nanoseconds of the timer's clock; an expiry of 0 means
 * disarmed. Interval timers survive execve, POSIX timers do not; a fork child has none.
 */
public final class ProcessTimers {
    /**
     * The clock a timer counts: monotonic time, real time (which moves with monotonic time, so
     * its timers expire in monotonic terms; only absolute settings differ) or CPU time.
     */
    public enum Clock {
        MONOTONIC, REALTIME, CPU
    }

    /** SIGEV_SIGNAL: a process-directed signal. */
    public static final int SIGEV_SIGNAL = 0;
    /** SIGEV_NONE: nothing is sent; the program polls with timer_gettime. */
    public static final int SIGEV_NONE = 1;
    /** SIGEV_THREAD_ID: the signal goes to one thread. */
    public static final int SIGEV_THREAD_ID = 4;

    public static final int ITIMER_REAL = 0;
    public static final int ITIMER_VIRTUAL = 1;
    public static final int ITIMER_PROF = 2;
    /** The most POSIX timers a process may have, as a small RLIMIT_SIGPENDING would allow. */
    public static final int MAX_POSIX_TIMERS = 1024;

    /** One timer and its notification (SIGEV_*): {@code signo} to {@code tid} (0: the process), with {@code value} as si_value. */
    public static final class Timer {
        private final int id;
        private final Clock clock;
        private final int notification;
        private final int signo;
        private final int tid;
        private final long value;
        private final boolean posix;
        private long expiry;
        private long interval;
        private int overrun;

        Timer(int id, Clock clock, int notification, int signo, int tid, long value, boolean posix) {
            this.id = id;
            this.clock = clock;
            this.notification = notification;
            this.signo = signo;
            this.tid = tid;
            this.value = value;
            this.posix = posix;
        }

        /** A timer of timer_create, whose signal carries its id, overrun and value (si_code SI_TIMER). */
        public boolean isPosix() {
            return posix;
        }

        public int id() {
            return id;
        }

        public Clock clock() {
            return clock;
        }

        public int notification() {
            return notification;
        }

        public int signo() {
            return signo;
        }

        public int tid() {
            return tid;
        }

        public long value() {
            return value;
        }

        public long expiry() {
            return expiry;
        }

        public long interval() {
            return interval;
        }

        /**
         * timer_getoverrun: the expirations beyond the first since its signal was last posted,
         * those while the signal waited to be delivered included.
         */
        public int overrun() {
            return overrun;
        }

        /** The reading of the timer's clock now. */
        public long now(VirtualClock time) {
            return clock == Clock.CPU ? time.cpuTimeNs() : time.monotonicNs();
        }

        /**
         * The expiry a setting of {@code value} means (timer_settime, timerfd_settime, setitimer):
         * 0 disarms, a relative value counts from now, an absolute one is a time of the timer's
         * clock (CLOCK_REALTIME's converted to the monotonic time it expires in); one already
         * past expires at once.
         */
        public long expiryFor(long value, boolean absolute, VirtualClock time) {
            if (value == 0) {
                return 0;
            }
            if (!absolute) {
                return now(time) + value;
            }
            return Math.max(1, clock == Clock.REALTIME ? value - (time.realtimeNs() - time.monotonicNs()) : value);
        }

        /** The time left until it expires, at least {@code unitNs} while armed so that it never reads as disarmed; 0 disarmed. */
        public long left(VirtualClock time, long unitNs) {
            return expiry == 0 ? 0 : Math.max(unitNs, expiry - now(time));
        }

        /** Arms the timer to expire at {@code expiry} of its clock and every {@code interval} after (0: once); expiry 0 disarms it. */
        public void arm(long expiry, long interval) {
            this.expiry = expiry;
            this.interval = expiry == 0 ? 0 : interval;
        }

        /** Its signal was posted for {@code periods} expirations: the overrun starts again from them. */
        public void signalled(long periods) {
            overrun = (int) Math.min(Integer.MAX_VALUE, periods - 1);
        }

        /** It expired {@code periods} times while its signal was still pending. */
        public void overran(long periods) {
            overrun = (int) Math.min(Integer.MAX_VALUE, overrun + periods);
        }

        /**
         * Expires the timer if its time {@code now} has come and re-arms a periodic one past now.
         * Returns how many periods went by (0: not yet due).
         */
        long expire(long now) {
            if (expiry == 0 || now < expiry) {
                return 0;
            }
            if (interval == 0) {
                expiry = 0;
                return 1;
            }
            long periods = (now - expiry) / interval + 1;
            expiry += periods * interval;
            return periods;
        }
    }

    /** A timer that expired, and how many times since it was last looked at. */
    public record Expiry(Timer timer, long periods) {
    }

    private final Timer[] intervalTimers = {
        new Timer(ITIMER_REAL, Clock.MONOTONIC, SIGEV_SIGNAL, 14, 0, 0, false),   // SIGALRM
        new Timer(ITIMER_VIRTUAL, Clock.CPU, SIGEV_SIGNAL, 26, 0, 0, false),      // SIGVTALRM
        new Timer(ITIMER_PROF, Clock.CPU, SIGEV_SIGNAL, 27, 0, 0, false) };       // SIGPROF
    private final Map<Integer, Timer> posixTimers = new TreeMap<>();

    /** A timer of no process, which notifies nobody: the one inside a timerfd. */
    static Timer standalone(Clock clock) {
        return new Timer(0, clock, SIGEV_NONE, 0, 0, 0, false);
    }

    /** ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF. */
    public Timer intervalTimer(int which) {
        return intervalTimers[which];
    }

    /**
     * timer_create: a new disarmed POSIX timer with the lowest free id, its signal value given
     * that id, or null when the process has too many.
     */
    public Timer create(Clock clock, int notification, int signo, int tid, IntToLongFunction valueOfId) {
        int id = 0;
        while (posixTimers.containsKey(id)) {
            id++;
        }
        if (id >= MAX_POSIX_TIMERS) {
            return null;
        }
        Timer timer = new Timer(id, clock, notification, signo, tid, valueOfId.applyAsLong(id), true);
        posixTimers.put(id, timer);
        return timer;
    }

    public Timer posixTimer(long id) {
        return id < 0 || id > Integer.MAX_VALUE ? null : posixTimers.get((int) id);
    }

    public boolean delete(long id) {
        return posixTimer(id) != null && posixTimers.remove((int) id) != null;
    }

    /**
     * The timers that have expired by {@code clock}, each re-armed or disarmed. Runs at every
     * instruction boundary of the process and for every waiting thread the scheduler looks at, so
     * it allocates nothing and reads no clock (a sum over the run's threads) while no timer is armed.
     */
    public List<Expiry> expire(VirtualClock clock) {
        if (!anyArmed()) {
            return List.of();
        }
        long monotonicNs = clock.monotonicNs();
        long cpuNs = clock.cpuTimeNs();
        List<Expiry> expired = List.of();
        for (Timer timer : intervalTimers) {
            expired = expire(timer, monotonicNs, cpuNs, expired);
        }
        for (Timer timer : posixTimers.values()) {
            expired = expire(timer, monotonicNs, cpuNs, expired);
        }
        return expired;
    }

    private boolean anyArmed() {
        for (Timer timer : intervalTimers) {
            if (timer.expiry() != 0) {
                return true;
            }
        }
        for (Timer timer : posixTimers.values()) {
            if (timer.expiry() != 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Expiry> expire(Timer timer, long monotonicNs, long cpuNs, List<Expiry> expired) {
        long periods = timer.expire(timer.clock() == Clock.CPU ? cpuNs : monotonicNs);
        if (periods == 0) {
            return expired;
        }
        List<Expiry> more = expired.isEmpty() ? new ArrayList<>() : expired;
        more.add(new Expiry(timer, periods));
        return more;
    }

    /** The earliest monotonic expiry, or 0: what time may run on to while nothing runs (CPU time does not pass then). */
    public long nextMonotonicExpiry() {
        long next = 0;
        for (Timer timer : intervalTimers) {
            next = earlier(next, timer);
        }
        for (Timer timer : posixTimers.values()) {
            next = earlier(next, timer);
        }
        return next;
    }

    private static long earlier(long next, Timer timer) {
        return timer.clock() != Clock.CPU && timer.expiry() != 0 && (next == 0 || timer.expiry() < next) ? timer.expiry() : next;
    }

    /** What execve keeps: the interval timers, armed as they were; POSIX timers are deleted. */
    ProcessTimers acrossExec() {
        ProcessTimers kept = new ProcessTimers();
        for (int which = 0; which < intervalTimers.length; which++) {
            kept.intervalTimers[which].arm(intervalTimers[which].expiry, intervalTimers[which].interval);
        }
        return kept;
    }
}
