package dev.k42lens.core.layer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.elf.Abi;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.SignalAction;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.trace.TraceKind;

/**
 * Posting and delivering signals the K42 way: a signal posted to a thread that is in the syscall
 * layer is deferred until its outermost call returns; otherwise it is delivered at the next
 * instruction boundary. Delivery builds the 64-bit rt_sigframe as Linux lays it out (ucontext with
 * registers, FPRs, vector state and the old mask; a trampoline; siginfo) and enters the handler;
 * rt_sigreturn undoes it.
 */
final class SignalDelivery {
    /** __SIGNAL_FRAMESIZE: the caller frame Linux leaves below the signal frame. */
    static final int SIGNAL_FRAMESIZE = 128;
    static final int UCONTEXT_SIZE = 1696;
    private static final int MCONTEXT = 168;
    private static final int GP_REGS = MCONTEXT + 64;
    private static final int FP_REGS = MCONTEXT + 448;
    private static final int V_REGS_POINTER = MCONTEXT + 712;
    private static final int VMX_RESERVE = MCONTEXT + 720;
    private static final int TRAMP = UCONTEXT_SIZE + 16;
    private static final int PINFO = TRAMP + 24;
    private static final int PUC = PINFO + 8;
    private static final int INFO = PUC + 8;
    private static final int LI_R0_RT_SIGRETURN = 0x38000000 | 172;
    private static final int SC = 0x44000002;

    private static final long STOP_SIGNALS = bit(Signal.SIGSTOP.number()) | bit(Signal.SIGTSTP.number())
            | bit(Signal.SIGTTIN.number()) | bit(Signal.SIGTTOU.number());
    private final SyscallLayer layer;

    SignalDelivery(SyscallLayer layer) {
        this.layer = layer;
    }

    /** Generates a signal for {@code thread}: discarded if ignored, deferred if the thread is in the layer. */
    void post(GuestThread thread, SignalInfo info, int callNumber, String callName) {
        post(thread, info, callNumber, callName, false);
    }

    /**
     * Generates a signal for a process: it is queued on the first thread that does not block it
     * (the first thread when all do), and stays the process's: a thread that unblocks it or waits
     * for it later takes it from there.
     */
    void postToProcess(GuestProcess process, SignalInfo info, int callNumber, String callName) {
        GuestThread thread = receiverIn(process, info.signo());
        if (thread != null) {
            post(thread, info, callNumber, callName, true);
        }
    }

    /**
     * A signal the kernel generates for a whole process group (the terminal's ^C, job control,
     * hang-up): each living member gets it as a process-directed signal.
     */
    void postToGroup(int group, int signo, int callNumber) {
        String callName = callNumber < 0 ? null : layer.table().describe(callNumber).name();
        for (GuestProcess p : layer.processServer().processes()) {
            if (p.processGroup() == group && p.exitStatus() == null) {
                postToProcess(p, new SignalInfo(signo, SignalInfo.SI_KERNEL, 0, 0, 0), callNumber, callName);
            }
        }
    }

    /** The thread of {@code p} that takes a process-directed signal, or null for a process with no live thread. */
    static GuestThread receiverIn(GuestProcess p, int signo) {
        List<GuestThread> live = p.liveThreads();
        return live.stream().filter(t -> (t.signalMask() & bit(Math.max(signo, 1))) == 0).findFirst()
                .orElse(live.isEmpty() ? null : live.get(0));
    }

    /** The signals pending for {@code thread}: its own, and those of its process queued on any of its threads. */
    static long pendingFor(GuestThread thread) {
        long pending = thread.pendingSignals();
        for (GuestThread other : thread.process().liveThreads()) {
            pending |= other.processPending();
        }
        return pending;
    }

    /** Takes {@code signo} for {@code thread}: its own, else its process's from whichever thread holds it. */
    static SignalInfo take(GuestThread thread, int signo) {
        if ((thread.pendingSignals() & bit(signo)) != 0) {
            return thread.takePending(signo);
        }
        for (GuestThread other : thread.process().liveThreads()) {
            if ((other.processPending() & bit(signo)) != 0) {
                return other.takePending(signo);
            }
        }
        return null;
    }

    /**
     * After {@code thread}'s mask changed: signals of its process that wait on threads blocking
     * them, and that it now lets through, move to it to be delivered.
     */
    void claimProcessSignals(GuestThread thread) {
        for (GuestThread other : thread.process().liveThreads()) {
            long movable = other == thread ? 0 : other.processPending() & other.signalMask() & ~thread.signalMask();
            while (movable != 0) {
                int signo = Long.numberOfTrailingZeros(movable) + 1;
                movable &= movable - 1;
                thread.addPending(other.takePending(signo), true);
            }
        }
    }

    private void post(GuestThread thread, SignalInfo info, int callNumber, String callName, boolean toProcess) {
        int signo = info.signo();
        GuestProcess target = thread.process();
        // job control acts when the signal is generated, whatever the mask or handler (as Linux's prepare_signal)
        boolean continues = signo == Signal.SIGCONT.number() || signo == Signal.SIGKILL.number();
        if (continues) {
            discardPending(target, STOP_SIGNALS);
        } else if ((STOP_SIGNALS & bit(signo)) != 0) {
            discardPending(target, bit(Signal.SIGCONT.number()));
        }
        SignalAction action = target.signalAction(signo);
        boolean blocked = (thread.signalMask() & bit(signo)) != 0;
        boolean discarded = action.ignores(signo) && !blocked; // Linux discards an ignored signal when it is generated
        if (!discarded) {
            thread.addPending(info, toProcess);
        }
        layer.emitSignal(thread, TraceKind.SIGNAL_POSTED, signo, -1, null); // its pending set says whether it was kept
        if (continues && target.resume() && signo == Signal.SIGCONT.number()) {
            notifyParent(target, SignalInfo.CLD_CONTINUED, Signal.SIGCONT.number());
        }
        if (discarded) {
            return;
        }
        if (thread.depth() > 0 && !blocked) { // a blocked one waits for the mask, not for the layer
            layer.emitSignal(thread, TraceKind.SIGNAL_DEFERRED, signo, callNumber, callName);
        }
    }

    /**
     * A synchronous fault: delivered at once, and if it is blocked or ignored the default action
     * applies, as the kernel's force_sig does.
     */
    void force(GuestThread thread, SignalInfo info) {
        int signo = info.signo();
        SignalAction action = thread.process().signalAction(signo);
        if ((thread.signalMask() & bit(signo)) != 0 || action.handler() == SignalAction.SIG_IGN) {
            thread.process().setSignalAction(signo, SignalAction.DEFAULT);
            layer.setSignalMask(thread, thread.signalMask() & ~bit(signo));
        }
        post(thread, info, -1, null);
        deliverPending(thread);
    }

    /**
     * A deliverable signal interrupts a waiting call: with a handler and SA_RESTART a restartable
     * call starts again after the handler returns; otherwise the call fails with EINTR.
     */
    void interrupt(GuestThread thread, GuestThread.Wait wait) {
        int signo = thread.deliverableSignal();
        SignalAction action = thread.process().signalAction(signo);
        thread.setWaiting(null);
        if (wait.cancel() != null) {
            wait.cancel().run();
        }
        layer.emitState(thread, TraceKind.WOKEN, wait);
        boolean handled = action.handler() != SignalAction.SIG_DFL && action.handler() != SignalAction.SIG_IGN;
        // a stop runs no handler: once continued, the call starts again (Linux restarts ERESTARTSYS without a handler)
        boolean stops = action.handler() == SignalAction.SIG_DFL && SignalAction.defaultOf(signo) == SignalAction.Default.STOP;
        if (wait.restart() && (stops || handled && action.has(SignalAction.SA_RESTART))) {
            layer.emitState(thread, TraceKind.RESTART, wait); // the frame saves the call site and the original r3
        } else {
            layer.complete(thread, wait, dev.k42lens.core.layer.table.Errno.EINTR.negated());
        }
        deliverPending(thread);
    }

    /** Tells the parent of {@code child} that it stopped or continued, unless the parent asked not to (SA_NOCLDSTOP). */
    private void notifyParent(GuestProcess child, int code, int signo) {
        GuestProcess parent = layer.processServer().process(child.parentPid());
        if (parent == null || parent.exitStatus() != null || parent.liveThreads().isEmpty()
                || parent.signalAction(Signal.SIGCHLD.number()).has(SignalAction.SA_NOCLDSTOP)) {
            return;
        }
        // the status of a stop or continue is the signal, as waitid's si_status reports it
        postToProcess(parent, SignalInfo.child(code, child.pid(), child.credentials().uid(), signo), -1, null);
    }

    /**
     * POSIX's orphaned process group: no member has a parent in another group of the same
     * session, so no shell of that session could continue it after a terminal stop.
     */
    boolean orphaned(GuestProcess member) {
        ProcessServer server = layer.processServer();
        for (GuestProcess p : server.processes()) {
            GuestProcess parent = p.processGroup() == member.processGroup() && p.exitStatus() == null
                    ? server.process(p.parentPid()) : null;
            if (parent != null && parent.exitStatus() == null && parent.processGroup() != member.processGroup()
                    && parent.session() == member.session()) {
                return false;
            }
        }
        return true;
    }

    /**
     * After {@code ended} exited (Linux's kill_orphaned_pgrp): a process group it leaves orphaned
     * with a stopped member — its own, or a child's in its session — gets SIGHUP and SIGCONT, so
     * that nobody stays stopped with no shell left to continue it.
     */
    void hangUpOrphanedGroups(GuestProcess ended) {
        ProcessServer server = layer.processServer();
        Set<Integer> groups = new LinkedHashSet<>();
        groups.add(ended.processGroup());
        for (GuestProcess child : server.children(ended.pid())) {
            if (child.session() == ended.session()) {
                groups.add(child.processGroup());
            }
        }
        for (int group : groups) {
            GuestProcess member = null;
            boolean stopped = false;
            for (GuestProcess p : server.processes()) {
                if (p.processGroup() == group && p.exitStatus() == null) {
                    member = p;
                    stopped |= p.stopped();
                }
            }
            if (member != null && stopped && orphaned(member)) {
                postToGroup(group, Signal.SIGHUP.number(), -1);
                postToGroup(group, Signal.SIGCONT.number(), -1);
            }
        }
    }

    private static void discardPending(GuestProcess process, long signals) {
        for (GuestThread t : process.liveThreads()) {
            long pending = t.pendingSignals() & signals;
            while (pending != 0) {
                t.takePending(Long.numberOfTrailingZeros(pending) + 1);
                pending &= pending - 1;
            }
        }
    }

    /** At leave-to-block: a signal already pending interrupts the wait before the thread blocks. */
    void deliverPendingToWaiting(GuestThread thread) {
        if (thread.waiting() != null && !thread.waiting().uninterruptible() && thread.deliverableSignal() != 0) {
            interrupt(thread, thread.waiting());
        }
    }

    /** Delivers every pending signal the mask lets through (at depth 0 only). */
    void deliverPending(GuestThread thread) {
        if (thread.depth() > 0) {
            return;
        }
        int signo;
        while (thread.process().exitStatus() == null && (signo = thread.deliverableSignal()) != 0) {
            SignalInfo info = thread.takePending(signo);
            deliver(thread, signo, info);
        }
    }

    private void deliver(GuestThread thread, int signo, SignalInfo info) {
        GuestProcess process = thread.process();
        SignalAction action = process.signalAction(signo);
        layer.emitSignal(thread, TraceKind.SIGNAL_DELIVERED, signo, -1, null);
        if (action.handler() == SignalAction.SIG_IGN) {
            return;
        }
        if (action.handler() == SignalAction.SIG_DFL) {
            switch (SignalAction.defaultOf(signo)) {
                case IGNORE, CONTINUE -> {
                    // SIGCONT already continued the process when it was posted
                }
                case STOP -> {
                    // the terminal stops (SIGTSTP, SIGTTIN, SIGTTOU) do nothing to an orphaned process group
                    if ((signo == Signal.SIGSTOP.number() || !orphaned(process)) && process.stop(signo)) {
                        notifyParent(process, SignalInfo.CLD_STOPPED, signo);
                    }
                }
                case CORE -> process.exit(signo | 0x80);
                case TERMINATE -> process.exit(signo);
            }
            return;
        }
        try {
            buildFrame(thread, signo, info, action);
        } catch (GuestFault fault) {
            // Linux's force_sigsegv: a frame the kernel cannot write ends the process by SIGSEGV (a
            // handler for it would need a frame on the same stack)
            process.exit(Signal.SIGSEGV.number() | 0x80);
            return;
        }
        long mask = thread.signalMask() | action.mask() | (action.has(SignalAction.SA_NODEFER) ? 0 : bit(signo));
        layer.setSignalMask(thread, mask);
        if (action.has(SignalAction.SA_RESETHAND)) {
            process.setSignalAction(signo, SignalAction.DEFAULT);
        }
    }

    private void buildFrame(GuestThread thread, int signo, SignalInfo info, SignalAction action) {
        Cpu cpu = thread.cpu();
        GuestMemory memory = thread.process().memory();
        boolean elfV1 = thread.process().program().abi() == Abi.ELF_V1;
        int redZone = elfV1 ? 288 : 512;
        int frameSize = (INFO + SignalInfo.SIZE + redZone + 15) & ~15;
        long oldSp = cpu.gpr[1];
        long top = oldSp;
        if (action.has(SignalAction.SA_ONSTACK) && !thread.altStackDisabled() && !thread.onAltStack()) {
            top = thread.altStackBase() + thread.altStackSize();
        }
        long frame = (top - frameSize) & ~15L;
        long uc = frame;
        long mc = uc + MCONTEXT;
        // ucontext: flags, link, the alternate stack in effect, the mask to restore
        memory.write64(uc, 0);
        memory.write64(uc + 8, 0);
        memory.write64(uc + 16, thread.altStackBase());
        memory.write32(uc + 24, thread.altStackDisabled() ? 2 : thread.onAltStack() ? 1 : 0);
        memory.write64(uc + 32, thread.altStackSize());
        long savedMask = thread.suspendedMask() != -1 ? thread.suspendedMask() : thread.signalMask();
        thread.setSuspendedMask(-1);
        memory.write64(uc + 40, savedMask);
        // sigcontext
        memory.write32(mc + 32, signo);
        memory.write64(mc + 40, action.handler());
        memory.write64(mc + 48, savedMask);
        memory.write64(mc + 56, uc + GP_REGS);
        for (int i = 0; i < 32; i++) {
            memory.write64(uc + GP_REGS + 8L * i, cpu.gpr[i]);
        }
        memory.write64(uc + GP_REGS + 8L * 32, cpu.pc);
        memory.write64(uc + GP_REGS + 8L * 33, memory.isBigEndian() ? 0x800000000000d032L : 0x800000000000d033L);
        memory.write64(uc + GP_REGS + 8L * 34, cpu.gpr[3]);
        memory.write64(uc + GP_REGS + 8L * 35, cpu.ctr);
        memory.write64(uc + GP_REGS + 8L * 36, cpu.lr);
        memory.write64(uc + GP_REGS + 8L * 37, cpu.xer());
        memory.write64(uc + GP_REGS + 8L * 38, cpu.cr & 0xffffffffL);
        for (int i = 0; i < 32; i++) {
            memory.write64(uc + FP_REGS + 8L * i, cpu.vsr[2 * i]);
        }
        memory.write64(uc + FP_REGS + 8L * 32, cpu.fpscrDoubleword());
        long vRegs = (uc + VMX_RESERVE + 15) & ~15L;
        memory.write64(uc + V_REGS_POINTER, vRegs);
        for (int i = 0; i < 32; i++) {
            writeVector(memory, vRegs + 16L * i, cpu.vsr[2 * (32 + i)], cpu.vsr[2 * (32 + i) + 1]);
        }
        writeVector(memory, vRegs + 16L * 32, 0, cpu.vscr & 0xffffffffL);
        memory.write32(vRegs + 16L * 33, cpu.vrsave);
        for (int i = 0; i < 32; i++) {
            memory.write64(vRegs + 16L * 34 + 8L * i, cpu.vsr[2 * i + 1]);
        }
        // the trampoline words (unwinders recognise a signal frame by them), siginfo and its pointers
        memory.write32(frame + TRAMP, LI_R0_RT_SIGRETURN);
        memory.write32(frame + TRAMP + 4, SC);
        memory.write64(frame + PINFO, frame + INFO);
        memory.write64(frame + PUC, uc);
        byte[] siginfo = info.bytes(memory.isBigEndian());
        memory.write(frame + INFO, siginfo, 0, siginfo.length);

        long newSp = frame - SIGNAL_FRAMESIZE;
        memory.write64(newSp, oldSp);
        cpu.gpr[1] = newSp;
        cpu.gpr[3] = signo;
        cpu.gpr[4] = frame + INFO;
        cpu.gpr[5] = uc;
        cpu.gpr[6] = frame;
        cpu.lr = TransferTable.SIGNAL_RETURN_TRAMPOLINE;
        if (elfV1) {
            cpu.pc = memory.read64(action.handler());
            cpu.gpr[2] = memory.read64(action.handler() + 8);
        } else {
            cpu.pc = action.handler();
            cpu.ctr = action.handler();
            cpu.gpr[12] = action.handler();
        }
    }

    /** rt_sigreturn: restores what {@link #buildFrame} saved, from the frame above the stack pointer. */
    void restore(GuestThread thread) {
        Cpu cpu = thread.cpu();
        GuestMemory memory = thread.process().memory();
        long uc = cpu.gpr[1] + SIGNAL_FRAMESIZE;
        layer.emitSignal(thread, TraceKind.SIGRETURN, memory.read32(uc + MCONTEXT + 32), -1, null);
        for (int i = 0; i < 32; i++) {
            cpu.gpr[i] = memory.read64(uc + GP_REGS + 8L * i);
        }
        cpu.pc = memory.read64(uc + GP_REGS + 8L * 32);
        cpu.ctr = memory.read64(uc + GP_REGS + 8L * 35);
        cpu.lr = memory.read64(uc + GP_REGS + 8L * 36);
        cpu.setXer(memory.read64(uc + GP_REGS + 8L * 37));
        cpu.cr = (int) memory.read64(uc + GP_REGS + 8L * 38);
        for (int i = 0; i < 32; i++) {
            cpu.vsr[2 * i] = memory.read64(uc + FP_REGS + 8L * i);
        }
        long fpscr = memory.read64(uc + FP_REGS + 8L * 32);
        cpu.fpscr = (int) fpscr;
        cpu.decimalRoundingMode = (int) (fpscr >>> 32) & 7;
        long vRegs = memory.read64(uc + V_REGS_POINTER);
        if (vRegs != 0) {
            for (int i = 0; i < 32; i++) {
                long[] v = readVector(memory, vRegs + 16L * i);
                cpu.vsr[2 * (32 + i)] = v[0];
                cpu.vsr[2 * (32 + i) + 1] = v[1];
            }
            cpu.vscr = (int) readVector(memory, vRegs + 16L * 32)[1];
            cpu.vrsave = memory.read32(vRegs + 16L * 33);
            for (int i = 0; i < 32; i++) {
                cpu.vsr[2 * i + 1] = memory.read64(vRegs + 16L * 34 + 8L * i);
            }
        }
        layer.setSignalMask(thread, memory.read64(uc + 40));
        long altBase = memory.read64(uc + 16);
        int altFlags = memory.read32(uc + 24);
        long altSize = memory.read64(uc + 32);
        if (!thread.onAltStack()) {
            thread.setAltStack(altBase, altSize, (altFlags & 2) != 0);
        }
        cpu.reservationAddress = -1;
    }

    /** A vector register as stvx would store it, in the guest's byte order. */
    private static void writeVector(GuestMemory memory, long address, long high, long low) {
        if (memory.isBigEndian()) {
            memory.write64(address, high);
            memory.write64(address + 8, low);
        } else {
            memory.write64(address, low);
            memory.write64(address + 8, high);
        }
    }

    private static long[] readVector(GuestMemory memory, long address) {
        long a = memory.read64(address);
        long b = memory.read64(address + 8);
        return memory.isBigEndian() ? new long[] { a, b } : new long[] { b, a };
    }

    static long bit(int signo) {
        return 1L << (signo - 1);
    }
}
