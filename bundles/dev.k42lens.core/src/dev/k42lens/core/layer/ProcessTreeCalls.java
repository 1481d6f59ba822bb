package dev.k42lens.core.layer;

import java.util.ArrayList;
import java.util.List;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.trace.TraceKind;

/** Processes: fork/vfork/clone without CLONE_VM, execve, wait4, getppid, process groups and sessions. */
final class ProcessTreeCalls {
    private static final int WNOHANG = 1;
    private static final int MAX_ARGUMENTS = 1 << 16;

    private ProcessTreeCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("fork", c -> fork(layer, c));
        layer.register("vfork", c -> fork(layer, c));
        layer.register("execve", c -> execve(layer, c));
        layer.register("wait4", c -> wait4(layer, c));
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
            if (p.processGroup() == p.pid() && p.session() != p.pid() && p.pid() != 1000) {
                return Errno.EPERM.negated();
            }
            p.setSession(p.pid());
            p.setProcessGroup(p.pid());
            return p.pid();
        });
    }

    /** fork, vfork and clone without CLONE_VM all copy the process (vfork's sharing is not needed by correct programs). */
    static long fork(SyscallLayer layer, SyscallCall c) {
        layer.emitServer(c.thread(), TraceKind.SERVER_CALL, "process", "fork");
        GuestProcess child = layer.processServer().fork(c.thread(), c.returnAddress());
        layer.emitServer(c.thread(), TraceKind.SERVER_RETURN, "process", "fork");
        layer.emitThread(c.thread(), TraceKind.FORK, child.pid());
        return child.pid();
    }

    private static long execve(SyscallLayer layer, SyscallCall c) {
        GuestMemory memory = c.memory();
        String path = memory.readCString(c.arg(0), 4096);
        List<String> argv = strings(memory, c.arg(1));
        List<String> envp = strings(memory, c.arg(2));
        if (argv == null || envp == null) {
            return Errno.E2BIG.negated();
        }
        GuestThread thread = c.thread();
        layer.emitServer(thread, TraceKind.SERVER_CALL, "process", "exec");
        long result = layer.processServer().exec(thread, path, argv, envp);
        layer.emitServer(thread, TraceKind.SERVER_RETURN, "process", "exec");
        return result == 0 ? SyscallHandler.NO_RETURN : result;
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
            result.add(memory.readCString(pointer, 1 << 17));
        }
        return null;
    }

    private static long wait4(SyscallLayer layer, SyscallCall c) {
        int wanted = c.intArg(0);
        long statusAddress = c.arg(1);
        int options = c.intArg(2);
        GuestProcess me = c.process();
        ProcessServer server = layer.processServer();
        List<GuestProcess> candidates = waitable(server, me, wanted);
        if (candidates.isEmpty()) {
            return Errno.ECHILD.negated();
        }
        for (GuestProcess child : candidates) {
            if (child.exitStatus() != null) {
                child.markReaped();
                if (statusAddress != 0) {
                    memory(c).write32(statusAddress, child.exitStatus());
                }
                if (c.arg(3) != 0) {
                    GuestData.write(c.memory(), c.arg(3), new byte[144], 144); // an empty rusage
                }
                return child.pid();
            }
        }
        if ((options & WNOHANG) != 0) {
            return 0;
        }
        // leave the layer and wait for a child to end; then wait4 runs again and collects it. The
        // children are looked up again on each check: an execve replaces a child's process object.
        return c.block(() -> waitable(server, me, wanted).stream().anyMatch(p -> p.exitStatus() != null), true, () -> 0, 0);
    }

    /** The children of {@code me} that wait4's pid argument {@code wanted} selects. */
    private static List<GuestProcess> waitable(ProcessServer server, GuestProcess me, int wanted) {
        return server.children(me.pid()).stream()
                .filter(p -> wanted == -1 || (wanted > 0 && p.pid() == wanted) || (wanted == 0 && p.processGroup() == me.processGroup())
                        || (wanted < -1 && p.processGroup() == -wanted))
                .toList();
    }

    private static GuestMemory memory(SyscallCall c) {
        return c.memory();
    }
}
