package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.k42lens.core.layer.table.Errno;

/** Process identity, limits and start-up calls of a single-threaded process. */
final class ProcessCalls {
    private static final int RLIMIT_STACK = 3;
    private static final int RLIMIT_NOFILE = 7;
    private static final long RLIM_INFINITY = -1L;

    private ProcessCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("exit_group", c -> {
            c.process().exit((c.intArg(0) & 0xff) << 8);
            return SyscallHandler.NO_RETURN;
        });
        layer.register("getpid", c -> c.process().pid());
        layer.register("gettid", c -> c.thread().tid());
        layer.register("getppid", c -> 1);
        layer.register("getuid", c -> c.process().credentials().uid());
        layer.register("geteuid", c -> c.process().credentials().uid());
        layer.register("getgid", c -> c.process().credentials().gid());
        layer.register("getegid", c -> c.process().credentials().gid());

        layer.register("set_robust_list", c -> c.arg(1) == 24 ? 0 : Errno.EINVAL.negated());
        layer.register("prlimit64", ProcessCalls::prlimit64);
        layer.register("ugetrlimit", c -> c.nested("prlimit64", 0, c.arg(0), 0, c.arg(1)));
        layer.register("uname", ProcessCalls::uname);
        layer.register("getrandom", ProcessCalls::getrandom);
        layer.register("prctl", ProcessCalls::prctl);
        layer.register("sched_getaffinity", c -> {
            if (c.arg(1) < 8) {
                return Errno.EINVAL.negated();
            }
            c.memory().write64(c.arg(2), 1); // one CPU: the engine runs guests one at a time
            return 8;
        });

    }

    private static final int PR_GET_FPEXC = 11;
    private static final int PR_SET_FPEXC = 12;
    /** The highest floating-point exception mode, PR_FP_EXC_PRECISE; PR_FP_EXC_SW_ENABLE (0x80) is SPE's. */
    private static final long PR_FP_EXC_PRECISE = 3;

    /**
     * prctl: the floating-point exception mode (PR_SET_FPEXC, which feenableexcept calls, turns on
     * SIGFPE for the exceptions the FPSCR enables); other options are accepted and do nothing.
     */
    private static long prctl(SyscallCall c) {
        return switch (c.intArg(0)) {
            case PR_GET_FPEXC -> {
                c.memory().write32(c.arg(1), c.thread().cpu().floatingPointExceptionMode);
                yield 0;
            }
            case PR_SET_FPEXC -> {
                if (c.arg(1) < 0 || c.arg(1) > PR_FP_EXC_PRECISE) {
                    yield Errno.EINVAL.negated();
                }
                c.thread().cpu().floatingPointExceptionMode = (int) c.arg(1);
                yield 0;
            }
            default -> 0;
        };
    }

    private static long prlimit64(SyscallCall c) {
        if (c.arg(0) != 0 && c.arg(0) != c.process().pid()) {
            return Errno.ESRCH.negated();
        }
        if (c.arg(3) != 0) {
            long soft;
            long hard;
            switch (c.intArg(1)) {
                case RLIMIT_STACK -> {
                    soft = 8L << 20;
                    hard = RLIM_INFINITY;
                }
                case RLIMIT_NOFILE -> {
                    soft = 1024;
                    hard = 1024;
                }
                default -> {
                    soft = RLIM_INFINITY;
                    hard = RLIM_INFINITY;
                }
            }
            c.memory().write64(c.arg(3), soft);
            c.memory().write64(c.arg(3) + 8, hard);
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

    private static long getrandom(SyscallCall c) {
        int n = (int) Math.min(c.arg(1), 1 << 20);
        byte[] bytes = new byte[n];
        c.process().random().nextBytes(bytes);
        GuestData.write(c.memory(), c.arg(0), bytes, n);
        return n;
    }
}
