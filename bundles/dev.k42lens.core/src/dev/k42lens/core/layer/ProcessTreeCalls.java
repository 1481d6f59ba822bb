package dev.k42lens.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.trace.TraceKind;

/** Processes: fork/vfork/clone without CLONE_VM, execve, wait4/waitid, getppid, process groups and sessions. */
final class ProcessTreeCalls {
    /** The process-tree server's name in server_call/server_return events. */
    private static final String SERVER = "process";
    private static final int WNOHANG = 1;
    private static final int WSTOPPED = 2; // wait4's WUNTRACED
    private static final int WEXITED = 4;
    private static final int WCONTINUED = 8;
    private static final int CONTINUED_STATUS = 0xffff;
    private static final int STOPPED_LOW_BITS = 0x7f;
    private static final int WNOWAIT = 0x01000000;
    private static final int P_ALL = 0;
    private static final int P_PID = 1;
    private static final int P_PGID = 2;
    private static final int MAX_ARGUMENTS = 1 << 16;
    /** The longest one argument or environment string may be, with its NUL (Linux: 32 pages). */
    private static final int MAX_ARG_STRLEN = 1 << 17;
    private static final int RUSAGE_SIZE = 144;

    private ProcessTreeCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("fork", c -> parentResult(layer, c, newProcess(layer, c, false), false));
        layer.register("vfork", c -> parentResult(layer, c, newProcess(layer, c, true), true));
        layer.register("execve", c -> execve(layer, c));
        layer.register("wait4", c -> wait4(layer, c));
        layer.register("waitid", c -> waitid(layer, c));
        layer.register("getppid", c -> c.process().parentPid());
        layer.register("getpgid", c -> {
            GuestProcess p = c.arg(0) == 0 ? c.process() : layer.processServer().process(c.intArg(0));
            return p == null ? Errno.ESRCH.negated() : p.processGroup();
        });
        layer.register("getpgrp", c -> c.process().processGroup());
        layer.register("setpgid", c -> {
            GuestProcess p = c.arg(0) == 0 ? c.process() : layer.processServer().process(c.intArg(0));
            if (p == null) {
                return Errno.ESRCH.negated();
            }
            p.setProcessGroup(c.arg(1) == 0 ? p.pid() : c.intArg(1));
            return 0;
        });
        layer.register("getsid", c -> {
            GuestProcess p = c.arg(0) == 0 ? c.process() : layer.processServer().process(c.intArg(0));
            return p == null ? Errno.ESRCH.negated() : p.session();
        });
        layer.register("setsid", c -> {
            GuestProcess p = c.process();
            // a group leader may not (a session leader always is one); the first process counts as
            // started by a shell in that shell's group until it makes a session of its own
            if (p.processGroup() == p.pid() && (p.pid() != 1000 || p.startedSession())) {
                return Errno.EPERM.negated();
            }
            p.setSession(p.pid());
            p.setProcessGroup(p.pid());
            p.setControllingTerminal(null); // a new session has no controlling terminal
            return p.pid();
        });
    }

    /** The new process of fork, vfork and clone without CLONE_THREAD, made by the process server. */
    static GuestProcess newProcess(SyscallLayer layer, SyscallCall c, boolean shareMemory) {
        if (layer.processServer().atTaskLimit(c.process())) {
            throw new LayerError(Errno.EAGAIN); // as RLIMIT_NPROC does
        }
        long child = c.serve(SERVER, "fork", () -> layer.processServer().fork(c.thread(), c.returnAddress(), shareMemory).pid());
        layer.emitThread(c.thread(), TraceKind.FORK, (int) child);
        GuestProcess created = layer.processServer().process((int) child);
        layer.emitInheritedMask(created.liveThreads().get(0));
        return created;
    }

    /**
     * What the parent gets: the child's pid, at once after fork; after vfork (or CLONE_VFORK) only
     * once the child has exec'd or ended, the parent waiting outside the layer meanwhile, deaf to
     * signals, because the child runs on its memory (glibc's posix_spawn reads the child's exec
     * error from it).
     */
    static long parentResult(SyscallLayer layer, SyscallCall c, GuestProcess child, boolean vfork) {
        if (!vfork) {
            return child.pid();
        }
        ProcessServer server = layer.processServer();
        return c.blockUninterruptibly(() -> server.process(child.pid()) != child || child.exitStatus() != null, child::pid);
    }

    private static long execve(SyscallLayer layer, SyscallCall c) {
        GuestMemory memory = c.memory();
        String path = memory.readCString(c.arg(0), FileCalls.PATH_MAX);
        if (path == null) {
            return Errno.ENAMETOOLONG.negated();
        }
        List<String> argv = strings(memory, c.arg(1));
        List<String> envp = strings(memory, c.arg(2));
        if (argv == null || envp == null) {
            return Errno.E2BIG.negated();
        }
        GuestThread thread = c.thread();
        long result = c.serve(SERVER, "exec", () -> layer.processServer().exec(thread, path, argv, envp));
        if (result != 0) {
            return result;
        }
        layer.emitInheritedMask(layer.processServer().process(thread.process().pid()).liveThreads().get(0)); // kept across exec
        return SyscallHandler.NO_RETURN;
    }

    private static List<String> strings(GuestMemory memory, long array) {
        List<String> result = new ArrayList<>();
        if (array == 0) {
            return result;
        }
        for (int i = 0; i < MAX_ARGUMENTS; i++) {
            long pointer = memory.read64(array + 8L * i);
            if (pointer == 0) {
                return result;
            }
            String string = memory.readCString(pointer, MAX_ARG_STRLEN);
            if (string == null) {
                return null;
            }
            result.add(string);
        }
        return null;
    }

    private static long wait4(SyscallLayer layer, SyscallCall c) {
        int wanted = c.intArg(0);
        long statusAddress = c.arg(1);
        int options = c.intArg(2);
        GuestProcess me = c.process();
        Predicate<GuestProcess> selected = p -> wanted == -1 || (wanted > 0 && p.pid() == wanted)
                || (wanted == 0 && p.processGroup() == me.processGroup()) || (wanted < -1 && p.processGroup() == -wanted);
        return waitForChild(layer, c, selected, options | WEXITED, (child, status) -> {
            if (statusAddress != 0) {
                c.memory().write32(statusAddress, status);
            }
            writeEmptyRusage(c, c.arg(3));
            return child.pid();
        }, () -> 0);
    }

    /** waitid: the same wait as wait4, reported as a SIGCHLD siginfo. */
    private static long waitid(SyscallLayer layer, SyscallCall c) {
        int idType = c.intArg(0);
        int id = c.intArg(1);
        long infoAddress = c.arg(2);
        int options = c.intArg(3);
        GuestProcess me = c.process();
        if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0 || idType < P_ALL || idType > P_PGID) {
            return Errno.EINVAL.negated();
        }
        int group = idType == P_PGID && id == 0 ? me.processGroup() : id;
        Predicate<GuestProcess> selected = p -> idType == P_ALL || (idType == P_PID && p.pid() == id)
                || (idType == P_PGID && p.processGroup() == group);
        return waitForChild(layer, c, selected, options, (child, status) -> {
            int code = status == CONTINUED_STATUS ? SignalInfo.CLD_CONTINUED
                    : (status & 0xff) == STOPPED_LOW_BITS ? SignalInfo.CLD_STOPPED : SignalInfo.childCode(status);
            int childStatus = code == SignalInfo.CLD_CONTINUED ? Signal.SIGCONT.number()
                    : code == SignalInfo.CLD_STOPPED ? status >> 8 : SignalInfo.childStatus(status);
            writeChildInfo(c, infoAddress, Signal.SIGCHLD.number(), code, child.pid(), child.credentials().uid(), childStatus);
            writeEmptyRusage(c, c.arg(4));
            return 0;
        }, () -> {
            writeChildInfo(c, infoAddress, 0, 0, 0, 0, 0); // WNOHANG with no child ready: si_pid 0
            return 0;
        });
    }

    /** What a selected child has to report to a wait with {@code options}: its wait status, or null. */
    private static Integer reportOf(GuestProcess child, int options) {
        if (child.exitStatus() != null) {
            return (options & WEXITED) != 0 ? child.exitStatus() : null;
        }
        Integer report = child.jobControlReport();
        if (report == null) {
            return null;
        }
        boolean continued = report == CONTINUED_STATUS;
        return (options & (continued ? WCONTINUED : WSTOPPED)) != 0 ? report : null;
    }

    /** How a wait hands a child and its wait status over to the caller. */
    @FunctionalInterface
    private interface Collector {
        long collect(GuestProcess child, int waitStatus);
    }

    /**
     * The wait common to wait4 and waitid: a selected child with something to report (an exit, or
     * with WSTOPPED/WCONTINUED a stop or continue) is handed to {@code collect}, and the report is
     * consumed (an ended child reaped) unless WNOWAIT; none selected is ECHILD; with WNOHANG and
     * nothing to report it answers {@code notYet}; otherwise the thread leaves the layer and waits,
     * and the call runs again when a child changes.
     */
    private static long waitForChild(SyscallLayer layer, SyscallCall c, Predicate<GuestProcess> selected, int options,
            Collector collect, LongSupplier notYet) {
        ProcessServer server = layer.processServer();
        int me = c.process().pid();
        List<GuestProcess> candidates = server.children(me).stream().filter(selected).toList();
        if (candidates.isEmpty()) {
            return Errno.ECHILD.negated();
        }
        for (GuestProcess child : candidates) {
            Integer report = reportOf(child, options);
            if (report != null) {
                if ((options & WNOWAIT) == 0) {
                    if (child.exitStatus() != null) {
                        child.markReaped();
                    } else {
                        child.consumeJobControlReport();
                    }
                }
                return collect.collect(child, report);
            }
        }
        if ((options & WNOHANG) != 0) {
            return notYet.getAsLong();
        }
        // The children are looked up again on each check: an execve replaces a child's process object.
        return c.block(() -> server.children(me).stream().filter(selected).anyMatch(p -> reportOf(p, options) != null), true,
                () -> 0, 0);
    }

    /** Children's resource use is not accounted: a requested rusage is all zeros. */
    private static void writeEmptyRusage(SyscallCall c, long address) {
        if (address != 0) {
            GuestData.write(c.memory(), address, new byte[RUSAGE_SIZE], RUSAGE_SIZE);
        }
    }

    /** The part of a 64-bit siginfo that waitid fills: signo, errno, code, pid, uid, status, utime, stime. */
    private static void writeChildInfo(SyscallCall c, long address, int signo, int code, int pid, int uid, int status) {
        if (address == 0) {
            return;
        }
        GuestMemory memory = c.memory();
        memory.write32(address, signo);
        memory.write32(address + 4, 0);
        memory.write32(address + 8, code);
        memory.write32(address + 16, pid);
        memory.write32(address + 20, uid);
        memory.write32(address + 24, status);
        memory.write64(address + 32, 0);
        memory.write64(address + 40, 0);
    }

}
