package dev.k42lens.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.SignalAction;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.kernel.VirtualClock;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;

/** Signal calls: actions, masks, sending, the alternate stack, waiting. */
final class SignalCalls {
    private static final int SS_ONSTACK = 1;
    private static final int SS_DISABLE = 2;
    private static final int MINSIGSTKSZ = 8192;

    private SignalCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("rt_sigaction", SignalCalls::rtSigaction);
        layer.register("rt_sigprocmask", c -> rtSigprocmask(layer, c));
        layer.register("rt_sigpending", c -> {
            c.memory().write64(c.arg(0), SignalDelivery.pendingFor(c.thread()) & c.thread().signalMask());
            return 0;
        });
        layer.register("rt_sigreturn", c -> {
            layer.signals().restore(c.thread());
            return SyscallHandler.REGISTERS_SET;
        });
        layer.register("sigaltstack", SignalCalls::sigaltstack);
        layer.register("kill", c -> send(layer, c, c.intArg(0), c.intArg(1), SignalInfo.SI_USER));
        layer.register("tkill", c -> c.intArg(0) <= 0 ? Errno.EINVAL.negated() : send(layer, c, c.intArg(0), c.intArg(1), SignalInfo.SI_TKILL));
        layer.register("tgkill", c -> c.intArg(0) <= 0 || c.intArg(1) <= 0 ? Errno.EINVAL.negated()
                : c.intArg(0) != c.process().pid() ? Errno.ESRCH.negated() : send(layer, c, c.intArg(1), c.intArg(2), SignalInfo.SI_TKILL));
        layer.register("pause", c -> c.block(() -> false, false, () -> Errno.EINTR.negated(), 0));
        layer.register("rt_sigtimedwait", SignalCalls::rtSigtimedwait);
        layer.register("rt_sigsuspend", c -> {
            // wait with the given mask; the old one comes back after the handler, through the frame
            GuestThread t = c.thread();
            long old = t.signalMask();
            layer.setSignalMask(t, c.memory().read64(c.arg(0)));
            t.setSuspendedMask(old);
            return c.block(() -> false, false, () -> Errno.EINTR.negated(), 0);
        });
    }

    /**
     * rt_sigtimedwait: takes a pending signal of the set (normally blocked by the caller) and returns
     * its number, with its siginfo when asked; with none pending the thread leaves the layer and
     * waits until one arrives (EAGAIN when the timeout passes, EINTR when another signal's handler runs).
     */
    private static long rtSigtimedwait(SyscallCall c) {
        if (c.arg(3) != 8) {
            return Errno.EINVAL.negated();
        }
        GuestMemory memory = c.memory();
        long set = memory.read64(c.arg(0)) & ~(SignalDelivery.bit(Signal.SIGKILL.number()) | SignalDelivery.bit(Signal.SIGSTOP.number()));
        GuestThread thread = c.thread();
        VirtualClock clock = c.process().clock();
        long timeout = c.arg(2) == 0 ? -1 : GuestData.readTimespec(memory, c.arg(2));
        if (c.arg(2) != 0 && timeout < 0) {
            return Errno.EINVAL.negated();
        }
        LongSupplier take = () -> {
            long ready = SignalDelivery.pendingFor(thread) & set;
            if (ready == 0) {
                return Errno.EAGAIN.negated();
            }
            int signo = Long.numberOfTrailingZeros(ready) + 1;
            SignalInfo info = SignalDelivery.take(thread, signo);
            if (c.arg(1) != 0) {
                byte[] bytes = info.bytes(memory.isBigEndian());
                memory.write(c.arg(1), bytes, 0, bytes.length);
            }
            return signo;
        };
        if ((SignalDelivery.pendingFor(thread) & set) != 0 || timeout == 0) {
            return take.getAsLong();
        }
        long deadline = timeout < 0 ? 0 : clock.monotonicNs() + timeout;
        return c.block(() -> (SignalDelivery.pendingFor(thread) & set) != 0 || (deadline > 0 && clock.monotonicNs() >= deadline), false,
                take, deadline);
    }

    private static long rtSigaction(SyscallCall c) {
        int signo = c.intArg(0);
        if (signo < 1 || signo > 64 || c.arg(3) != 8) {
            return Errno.EINVAL.negated();
        }
        GuestMemory memory = c.memory();
        GuestProcess process = c.process();
        SignalAction old = process.signalAction(signo);
        if (c.arg(1) != 0) {
            if (signo == Signal.SIGKILL.number() || signo == Signal.SIGSTOP.number()) {
                return Errno.EINVAL.negated();
            }
            long address = c.arg(1);
            process.setSignalAction(signo, new SignalAction(memory.read64(address), memory.read64(address + 8),
                    memory.read64(address + 24), memory.read64(address + 16)));
        }
        if (c.arg(2) != 0) {
            long address = c.arg(2);
            memory.write64(address, old.handler());
            memory.write64(address + 8, old.flags());
            memory.write64(address + 16, old.restorer());
            memory.write64(address + 24, old.mask());
        }
        return 0;
    }

    private static long rtSigprocmask(SyscallLayer layer, SyscallCall c) {
        if (c.arg(3) != 8) {
            return Errno.EINVAL.negated();
        }
        GuestThread thread = c.thread();
        long mask = thread.signalMask();
        if (c.arg(1) != 0) {
            long set = c.memory().read64(c.arg(1));
            switch (c.intArg(0)) {
                case 0 -> layer.setSignalMask(thread, mask | set);
                case 1 -> layer.setSignalMask(thread, mask & ~set);
                case 2 -> layer.setSignalMask(thread, set);
                default -> {
                    return Errno.EINVAL.negated();
                }
            }
        }
        if (c.arg(2) != 0) {
            c.memory().write64(c.arg(2), mask);
        }
        return 0;
    }

    private static long sigaltstack(SyscallCall c) {
        GuestThread thread = c.thread();
        GuestMemory memory = c.memory();
        if (c.arg(1) != 0) {
            memory.write64(c.arg(1), thread.altStackBase());
            memory.write32(c.arg(1) + 8, thread.altStackDisabled() ? SS_DISABLE : thread.onAltStack() ? SS_ONSTACK : 0);
            memory.write32(c.arg(1) + 12, 0);
            memory.write64(c.arg(1) + 16, thread.altStackSize());
        }
        if (c.arg(0) != 0) {
            if (thread.onAltStack()) {
                return Errno.EPERM.negated();
            }
            long base = memory.read64(c.arg(0));
            int flags = memory.read32(c.arg(0) + 8);
            long size = memory.read64(c.arg(0) + 16);
            if ((flags & ~SS_DISABLE) != 0) {
                return Errno.EINVAL.negated();
            }
            if ((flags & SS_DISABLE) == 0 && size < MINSIGSTKSZ) {
                return Errno.ENOMEM.negated();
            }
            thread.setAltStack(base, size, (flags & SS_DISABLE) != 0);
        }
        return 0;
    }

    /**
     * kill and tkill/tgkill. kill's target follows kill(2): {@code pid > 0} one process, {@code 0}
     * the caller's process group, {@code -1} every process but init and the caller, {@code < -1}
     * the group {@code -pid}; a signal to a process stays the process's (SignalDelivery.postToProcess).
     * tkill/tgkill name one thread of the caller's process.
     */
    private static long send(SyscallLayer layer, SyscallCall c, int target, int signo, int code) {
        GuestProcess process = c.process();
        if (signo < 0 || signo > 64) {
            return Errno.EINVAL.negated();
        }
        List<GuestThread> receivers = new ArrayList<>();
        List<GuestProcess> processes = new ArrayList<>();
        boolean found = false; // a zombie is found (kill succeeds) but has no thread to receive
        if (code == SignalInfo.SI_TKILL) {
            GuestThread thread = target > 0 ? process.thread(target) : null;
            if (thread != null) {
                receivers.add(thread);
                found = true;
            }
        } else {
            for (GuestProcess p : layer.processServer().processes()) {
                boolean addressed = target > 0 ? p.pid() == target
                        : target == 0 ? p.processGroup() == process.processGroup()
                        : target == -1 ? p.pid() > 1 && p != process
                        : p.processGroup() == -target;
                if (addressed) {
                    processes.add(p);
                }
                found |= addressed;
            }
        }
        if (!found) {
            return Errno.ESRCH.negated();
        }
        if (signo != 0) {
            SignalInfo info = new SignalInfo(signo, code, process.pid(), process.credentials().uid(), 0);
            String name = layer.table().describe(c.number()).name();
            for (GuestThread to : receivers) {
                layer.signals().post(to, info, c.number(), name);
            }
            for (GuestProcess to : processes) {
                layer.signals().postToProcess(to, info, c.number(), name);
            }
        }
        return 0;
    }

}
