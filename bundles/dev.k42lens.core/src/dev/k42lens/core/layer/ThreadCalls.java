package dev.k42lens.core.layer;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.kernel.Futexes;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.VirtualClock;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.trace.TraceKind;

/** Threads: clone with glibc's pthread flags, thread exit, set_tid_address, futexes, sched_yield. */
final class ThreadCalls {
    private static final long CLONE_VM = 0x100;
    private static final long CLONE_VFORK = 0x4000;
    private static final long CLONE_THREAD = 0x10000;
    private static final long CLONE_SETTLS = 0x80000;
    private static final long CLONE_PARENT_SETTID = 0x100000;
    private static final long CLONE_CHILD_CLEARTID = 0x200000;
    private static final long CLONE_CHILD_SETTID = 0x1000000;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final int FUTEX_REQUEUE = 3;
    private static final int FUTEX_CMP_REQUEUE = 4;
    private static final int FUTEX_WAKE_OP = 5;
    private static final int FUTEX_WAIT_BITSET = 9;
    private static final int FUTEX_WAKE_BITSET = 10;
    private static final int FUTEX_PRIVATE_FLAG = 128;
    private static final int FUTEX_CLOCK_REALTIME = 256;

    private ThreadCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("clone", c -> clone(layer, c));
        layer.register("exit", c -> exitThread(layer, c.thread(), c.intArg(0)));
        layer.register("set_tid_address", c -> {
            c.thread().setClearChildTid(c.arg(0));
            return c.thread().tid();
        });
        layer.register("sched_yield", c -> {
            c.thread().requestYield();
            return 0;
        });
        layer.register("futex", ThreadCalls::futex);
    }

    private static long clone(SyscallLayer layer, SyscallCall c) {
        long flags = c.arg(0);
        if ((flags & CLONE_VM) == 0 || (flags & CLONE_THREAD) == 0) {
            // a new process: glibc's fork is clone(SIGCHLD|CHILD_SETTID|CHILD_CLEARTID, 0, 0, 0, &tid),
            // its posix_spawn clone(CLONE_VM|CLONE_VFORK|SIGCHLD, stack)
            dev.k42lens.core.kernel.GuestProcess child = ProcessTreeCalls.newProcess(layer, c, (flags & CLONE_VM) != 0);
            GuestThread childThread = child.liveThreads().get(0);
            if ((flags & CLONE_CHILD_SETTID) != 0) {
                child.memory().write32(c.arg(4), childThread.tid());
            }
            if ((flags & CLONE_CHILD_CLEARTID) != 0) {
                childThread.setClearChildTid(c.arg(4));
            }
            if (c.arg(1) != 0) {
                childThread.cpu().gpr[1] = c.arg(1);
            }
            return ProcessTreeCalls.parentResult(layer, c, child, (flags & CLONE_VFORK) != 0);
        }
        if (layer.processServer().atTaskLimit(c.process())) {
            return Errno.EAGAIN.negated(); // as RLIMIT_NPROC does
        }
        GuestProcess process = c.process();
        GuestThread parent = c.thread();
        GuestThread child = process.newThread();
        child.setName(parent.name());
        Cpu cpu = child.cpu();
        cpu.copyFrom(parent.cpu());
        cpu.pc = c.returnAddress();
        cpu.gpr[3] = 0;
        cpu.setCrField(0, cpu.crField(0) & ~1);
        if (c.arg(1) != 0) {
            cpu.gpr[1] = c.arg(1);
        }
        if ((flags & CLONE_SETTLS) != 0) {
            cpu.gpr[13] = c.arg(3);
        }
        child.setSignalMask(parent.signalMask());
        GuestMemory memory = c.memory();
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            memory.write32(c.arg(2), child.tid());
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) {
            memory.write32(c.arg(4), child.tid());
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            child.setClearChildTid(c.arg(4));
        }
        layer.emitThread(parent, TraceKind.THREAD_START, child.tid());
        layer.emitInheritedMask(child);
        return child.tid();
    }

    /** The thread ends: CHILD_CLEARTID is zeroed and woken (pthread_join waits on it); the last one ends the process. */
    static long exitThread(SyscallLayer layer, GuestThread thread, int status) {
        GuestProcess process = thread.process();
        if (thread.clearChildTid() != 0) {
            try {
                process.memory().write32(thread.clearChildTid(), 0);
                process.futexes().wake(Futexes.key(process.memory(), thread.clearChildTid(), false), 1, -1);
            } catch (dev.k42lens.core.mem.GuestFault e) {
                // an unmapped clear_child_tid is ignored, as Linux does
            }
        }
        thread.markExited();
        layer.emitThread(thread, TraceKind.THREAD_EXIT, thread.tid());
        if (process.liveThreads().isEmpty()) {
            process.exit((status & 0xff) << 8);
        }
        return SyscallHandler.NO_RETURN;
    }

    private static long futex(SyscallCall c) {
        long address = c.arg(0);
        int op = c.intArg(1);
        int command = op & 0x7f;
        int value = c.intArg(2);
        GuestMemory memory = c.memory();
        Futexes futexes = c.process().futexes();
        if ((address & 3) != 0) {
            return Errno.EINVAL.negated();
        }
        boolean processPrivate = (op & FUTEX_PRIVATE_FLAG) != 0;
        Object key = Futexes.key(memory, address, processPrivate);
        switch (command) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                int bitset = command == FUTEX_WAIT ? -1 : c.intArg(5);
                if (bitset == 0) {
                    return Errno.EINVAL.negated();
                }
                if (memory.read32(address) != value) {
                    return Errno.EAGAIN.negated();
                }
                VirtualClock clock = c.process().clock();
                long deadline = 0;
                if (c.arg(3) != 0) {
                    long ns = GuestData.readTimespec(memory, c.arg(3));
                    if (ns < 0) {
                        return Errno.EINVAL.negated();
                    }
                    // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is an absolute time
                    deadline = command == FUTEX_WAIT ? clock.monotonicNs() + ns
                            : (op & FUTEX_CLOCK_REALTIME) != 0 ? clock.monotonicNs() + Math.max(0, ns - clock.realtimeNs()) : ns;
                    deadline = Math.max(deadline, 1);
                }
                Futexes.Waiter waiter = futexes.enqueue(c.thread(), key, bitset);
                long until = deadline;
                return c.block(() -> waiter.woken() || (until > 0 && clock.monotonicNs() >= until), false, () -> {
                    if (waiter.woken()) {
                        return 0;
                    }
                    futexes.cancel(waiter);
                    return Errno.ETIMEDOUT.negated();
                }, deadline, () -> futexes.cancel(waiter));
            }
            case FUTEX_WAKE -> {
                return futexes.wake(key, value, -1);
            }
            case FUTEX_WAKE_BITSET -> {
                return c.intArg(5) == 0 ? Errno.EINVAL.negated() : futexes.wake(key, value, c.intArg(5));
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                if (command == FUTEX_CMP_REQUEUE && memory.read32(address) != c.intArg(5)) {
                    return Errno.EAGAIN.negated();
                }
                return futexes.requeue(key, Futexes.key(memory, c.arg(4), processPrivate), value, (int) c.arg(3));
            }
            case FUTEX_WAKE_OP -> {
                return wakeOp(c, futexes, key, Futexes.key(memory, c.arg(4), processPrivate), value);
            }
            default -> {
                return Errno.ENOSYS.negated();
            }
        }
    }

    /** FUTEX_WAKE_OP: changes *uaddr2 by the encoded operation, wakes on uaddr, and on uaddr2 if the comparison holds. */
    private static long wakeOp(SyscallCall c, Futexes futexes, Object key, Object key2, int value) {
        long address2 = c.arg(4);
        int encoded = c.intArg(5);
        int operation = (encoded >>> 28) & 7;
        boolean shiftArgument = ((encoded >>> 28) & 8) != 0;
        int comparison = (encoded >>> 24) & 15;
        int operand = (encoded << 8) >> 20;
        int comparand = (encoded << 20) >> 20;
        if (shiftArgument) {
            operand = 1 << (operand & 31);
        }
        GuestMemory memory = c.memory();
        int old = memory.read32(address2);
        int updated = switch (operation) {
            case 0 -> operand;
            case 1 -> old + operand;
            case 2 -> old | operand;
            case 3 -> old & ~operand;
            case 4 -> old ^ operand;
            default -> old;
        };
        memory.write32(address2, updated);
        int woken = futexes.wake(key, value, -1);
        boolean condition = switch (comparison) {
            case 0 -> old == comparand;
            case 1 -> old != comparand;
            case 2 -> old < comparand;
            case 3 -> old <= comparand;
            case 4 -> old > comparand;
            case 5 -> old >= comparand;
            default -> false;
        };
        if (condition) {
            woken += futexes.wake(key2, (int) c.arg(3), -1);
        }
        return woken;
    }
}
