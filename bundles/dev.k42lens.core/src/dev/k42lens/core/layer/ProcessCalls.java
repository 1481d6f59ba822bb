package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.ResourceLimits;
import dev.k42lens.core.kernel.ProcessControl;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;

/** Process identity, limits and start-up calls of a single-threaded process. */
final class ProcessCalls {

    private ProcessCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("exit_group", c -> {
            c.process().exit((c.intArg(0) & 0xff) << 8);
            return SyscallHandler.NO_RETURN;
        });
        layer.register("getpid", c -> c.process().pid());
        layer.register("gettid", c -> c.thread().tid());
        layer.register("getgroups", ProcessCalls::getgroups);
        layer.register("setgroups", ProcessCalls::setgroups);
        layer.register("sysinfo", ProcessCalls::sysinfo);
        layer.register("getrusage", ProcessCalls::getrusage);
        layer.register("times", ProcessCalls::times);
        layer.limit("sysinfo", "a fixed 8 GiB machine: no load, swap or shared memory counts");
        layer.limit("getrusage", "RUSAGE_CHILDREN is zero; no system time, faults or context switches");
        layer.register("getuid", c -> c.process().credentials().uid());
        layer.register("geteuid", c -> c.process().credentials().uid());
        layer.register("getgid", c -> c.process().credentials().gid());
        layer.register("getegid", c -> c.process().credentials().gid());

        layer.register("set_robust_list", c -> c.arg(1) == 24 ? 0 : Errno.EINVAL.negated());
        layer.register("prlimit64", ProcessCalls::prlimit64);
        layer.register("ugetrlimit", c -> c.nested("prlimit64", 0, c.arg(0), 0, c.arg(1)));
        layer.register("getrlimit", c -> c.nested("prlimit64", 0, c.arg(0), 0, c.arg(1)));
        layer.register("setrlimit", c -> c.nested("prlimit64", 0, c.arg(0), c.arg(1), 0));
        layer.limit("prlimit64", "only the calling process; enforced: RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NPROC (not for root); "
                + "the others are kept and reported");
        layer.register("uname", ProcessCalls::uname);
        layer.register("getrandom", ProcessCalls::getrandom);
        layer.register("prctl", ProcessCalls::prctl);
        layer.limit("prctl", "names, parent-death signal, dumpable, keepcaps, no_new_privs, timer slack (kept, no effect on "
                + "timers), child subreaper, PR_SET_FPEXC/PR_GET_FPEXC, PR_GET_SECCOMP; EINVAL for the rest (no seccomp filters, "
                + "capabilities, PR_SET_MM)");
        layer.register("sched_getaffinity", c -> {
            if (c.arg(1) < 8) {
                return Errno.EINVAL.negated();
            }
            c.memory().write64(c.arg(2), 1); // one CPU: the engine runs guests one at a time
            return 8;
        });
        layer.limit("sched_getaffinity", "one CPU");

    }

    /** NGROUPS_MAX of Linux. */
    private static final int NGROUPS_MAX = 65536;

    private static long getgroups(SyscallCall c) {
        List<Integer> groups = c.process().credentials().groups();
        if (c.arg(0) == 0) {
            return groups.size();
        }
        if (c.intArg(0) < groups.size()) {
            return Errno.EINVAL.negated();
        }
        for (int i = 0; i < groups.size(); i++) {
            c.memory().write32(c.arg(1) + 4L * i, groups.get(i));
        }
        return groups.size();
    }

    private static long setgroups(SyscallCall c) {
        if (c.intArg(0) < 0 || c.intArg(0) > NGROUPS_MAX) {
            return Errno.EINVAL.negated();
        }
        if (c.process().credentials().uid() != 0) {
            return Errno.EPERM.negated();
        }
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < c.intArg(0); i++) {
            groups.add(c.memory().read32(c.arg(1) + 4L * i));
        }
        c.process().setGroups(groups);
        return 0;
    }

    /** The memory sysinfo reports: a fixed machine, so that runs stay reproducible whatever the host has. */
    static final long TOTAL_RAM = 8L << 30;

    /**
     * sysinfo (struct sysinfo of 64-bit Linux, 112 bytes): uptime from the run's clock, no load,
     * {@link #TOTAL_RAM} of which the run's processes' mappings are in use, no swap.
     */
    private static long sysinfo(SyscallCall c) {
        List<GuestProcess> processes = c.layer().processServer().processes();
        long used = 0;
        for (GuestProcess p : processes) {
            for (GuestMemory.Mapping m : p.memory().mappings()) {
                used += m.end() - m.start();
            }
        }
        ByteBuffer b = GuestData.buffer(112, c.memory());
        b.putLong(c.process().clock().monotonicNs() / 1_000_000_000L).putLong(0).putLong(0).putLong(0);
        b.putLong(TOTAL_RAM).putLong(Math.max(0, TOTAL_RAM - used)).putLong(0).putLong(0).putLong(0).putLong(0);
        b.putShort((short) Math.min(processes.size(), 0xffff)).putShort((short) 0).putInt(0);
        b.putLong(0).putLong(0).putInt(1);
        GuestData.write(c.memory(), c.arg(0), b.array(), 112);
        return 0;
    }

    private static final int RUSAGE_CHILDREN = -1;
    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_THREAD = 1;

    /**
     * getrusage: user time is the CPU time of the process's clock (for RUSAGE_THREAD too: the
     * clock keeps no time per thread), system time none, the largest resident set its mappings;
     * children's usage is not kept, so it is zero.
     */
    private static long getrusage(SyscallCall c) {
        int who = c.intArg(0);
        if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) {
            return Errno.EINVAL.negated();
        }
        ByteBuffer b = GuestData.buffer(144, c.memory());
        if (who != RUSAGE_CHILDREN) {
            long cpu = c.process().clock().cpuTimeNs();
            long resident = 0;
            for (GuestMemory.Mapping m : c.memory().mappings()) {
                resident += m.end() - m.start();
            }
            b.putLong(cpu / 1_000_000_000L).putLong(cpu % 1_000_000_000L / 1000).putLong(0).putLong(0).putLong(resident / 1024);
        }
        GuestData.write(c.memory(), c.arg(1), b.array(), 144);
        return 0;
    }

    /** Clock ticks of times(2) (USER_HZ). */
    private static final long NS_PER_TICK = 10_000_000L;

    /** The process's CPU time in clock ticks (all of it user time; no children counted) and, as the result, the ticks since boot. */
    private static long times(SyscallCall c) {
        if (c.arg(0) != 0) {
            ByteBuffer b = GuestData.buffer(32, c.memory());
            b.putLong(c.process().clock().cpuTimeNs() / NS_PER_TICK).putLong(0).putLong(0).putLong(0);
            GuestData.write(c.memory(), c.arg(0), b.array(), 32);
        }
        return c.process().clock().monotonicNs() / NS_PER_TICK;
    }

    // prctl options (linux/prctl.h)
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_GET_PDEATHSIG = 2;
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_GET_KEEPCAPS = 7;
    private static final int PR_SET_KEEPCAPS = 8;
    private static final int PR_GET_FPEXC = 11;
    private static final int PR_SET_FPEXC = 12;
    private static final int PR_SET_NAME = 15;
    private static final int PR_GET_NAME = 16;
    private static final int PR_GET_SECCOMP = 21;
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_GET_NO_NEW_PRIVS = 39;
    /** The highest floating-point exception mode, PR_FP_EXC_PRECISE; PR_FP_EXC_SW_ENABLE (0x80) is SPE's. */
    private static final long PR_FP_EXC_PRECISE = 3;
    /** TASK_COMM_LEN: PR_GET_NAME writes 16 bytes, PR_SET_NAME reads up to 16. */
    private static final int TASK_COMM_LEN = 16;

    /**
     * prctl: the thread's name, the parent-death signal, dumpable, keepcaps, no_new_privs, timer
     * slack, child subreaper, the floating-point exception mode (PR_SET_FPEXC, which
     * feenableexcept calls, turns on SIGFPE for the exceptions the FPSCR enables) and seccomp's
     * mode (always 0: no filters). Other options fail with EINVAL, as on a kernel without them.
     */
    private static long prctl(SyscallCall c) {
        ProcessControl control = c.process().control();
        long value = c.arg(1);
        return switch (c.intArg(0)) {
            case PR_SET_NAME -> {
                byte[] name = new byte[TASK_COMM_LEN - 1];
                int length = 0;
                while (length < name.length && (name[length] = (byte) c.memory().read8(value + length)) != 0) {
                    length++; // byte by byte, as strncpy_from_user: the name may end just before unmapped memory
                }
                c.thread().setName(Arrays.copyOf(name, length));
                yield 0;
            }
            case PR_GET_NAME -> {
                GuestData.write(c.memory(), value, Arrays.copyOf(c.thread().name(), TASK_COMM_LEN), TASK_COMM_LEN);
                yield 0;
            }
            case PR_SET_PDEATHSIG -> {
                if (value < 0 || value > Signal.NSIG) {
                    yield Errno.EINVAL.negated();
                }
                control.setParentDeathSignal((int) value);
                yield 0;
            }
            case PR_GET_PDEATHSIG -> writeInt(c, value, control.parentDeathSignal());
            case PR_GET_DUMPABLE -> control.dumpable();
            case PR_SET_DUMPABLE -> flag(value, () -> control.setDumpable((int) value));
            case PR_GET_KEEPCAPS -> control.keepCapabilities() ? 1 : 0;
            case PR_SET_KEEPCAPS -> flag(value, () -> control.setKeepCapabilities(value == 1));
            case PR_GET_NO_NEW_PRIVS -> unused(c, 1) ? (control.noNewPrivileges() ? 1 : 0) : Errno.EINVAL.negated();
            case PR_SET_NO_NEW_PRIVS -> {
                if (value != 1 || !unused(c, 2)) {
                    yield Errno.EINVAL.negated();
                }
                control.setNoNewPrivileges();
                yield 0;
            }
            case PR_GET_TIMERSLACK -> control.timerSlackNs();
            case PR_SET_TIMERSLACK -> {
                control.setTimerSlackNs(value);
                yield 0;
            }
            case PR_GET_CHILD_SUBREAPER -> writeInt(c, value, control.childSubreaper() ? 1 : 0);
            case PR_SET_CHILD_SUBREAPER -> {
                control.setChildSubreaper(value != 0);
                yield 0;
            }
            case PR_GET_SECCOMP -> 0;
            case PR_GET_FPEXC -> writeInt(c, value, c.thread().cpu().floatingPointExceptionMode);
            case PR_SET_FPEXC -> {
                if (value < 0 || value > PR_FP_EXC_PRECISE) {
                    yield Errno.EINVAL.negated();
                }
                c.thread().cpu().floatingPointExceptionMode = (int) value;
                yield 0;
            }
            default -> Errno.EINVAL.negated();
        };
    }

    /** The options that take 0 or 1. */
    private static long flag(long value, Runnable set) {
        if (value != 0 && value != 1) {
            return Errno.EINVAL.negated();
        }
        set.run();
        return 0;
    }

    /** True when arguments {@code from}..4 are 0, as the options that take no more insist. */
    private static boolean unused(SyscallCall c, int from) {
        for (int i = from; i <= 4; i++) {
            if (c.arg(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long writeInt(SyscallCall c, long address, int value) {
        c.memory().write32(address, value);
        return 0;
    }

    private static long prlimit64(SyscallCall c) {
        if (c.arg(0) != 0 && c.arg(0) != c.process().pid()) {
            return Errno.ESRCH.negated();
        }
        if (Long.compareUnsigned(c.arg(1), ResourceLimits.COUNT) >= 0) {
            return Errno.EINVAL.negated();
        }
        int resource = c.intArg(1);
        ResourceLimits limits = c.process().limits();
        long oldSoft = limits.soft(resource);
        long oldHard = limits.hard(resource);
        if (c.arg(2) != 0) {
            long newSoft = c.memory().read64(c.arg(2));
            long newHard = c.memory().read64(c.arg(2) + 8);
            int errno = limits.set(resource, newSoft, newHard, c.process().credentials().uid() == 0);
            if (errno != 0) {
                return -errno;
            }
        }
        if (c.arg(3) != 0) {
            c.memory().write64(c.arg(3), oldSoft);
            c.memory().write64(c.arg(3) + 8, oldHard);
        }
        return 0;
    }

    private static long uname(SyscallCall c) {
        String[] fields = { "Linux", "k42lens", "6.1.0-k42lens", "#1 SMP K42 Lens",
            c.memory().isBigEndian() ? "ppc64" : "ppc64le", "(none)" };
        ByteBuffer b = ByteBuffer.allocate(65 * fields.length);
        for (int i = 0; i < fields.length; i++) {
            byte[] bytes = fields[i].getBytes(StandardCharsets.US_ASCII);
            b.position(65 * i);
            b.put(bytes, 0, Math.min(bytes.length, 64));
        }
        GuestData.write(c.memory(), c.arg(0), b.array(), b.capacity());
        return 0;
    }

    private static final long GRND_NONBLOCK = 1;
    private static final long GRND_RANDOM = 2;
    private static final long GRND_INSECURE = 4;

    private static long getrandom(SyscallCall c) {
        long flags = c.arg(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0 || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
            return Errno.EINVAL.negated();
        }
        // a size_t: SIZE_MAX asks for as much as one call gives, which is what Linux does past INT_MAX
        int n = (int) (Long.compareUnsigned(c.arg(1), 1 << 20) > 0 ? 1 << 20 : c.arg(1));
        byte[] bytes = new byte[n];
        c.process().random().nextBytes(bytes);
        GuestData.write(c.memory(), c.arg(0), bytes, n);
        return n;
    }
}
