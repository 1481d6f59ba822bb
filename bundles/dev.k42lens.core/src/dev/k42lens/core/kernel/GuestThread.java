package dev.k42lens.core.kernel;

import java.util.Arrays;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.kernel.fs.ProcSource;
import dev.k42lens.core.trace.DispatchPath;

/** One guest thread: its registers, its interpreter, and its state in the syscall layer. */
public final class GuestThread {
    private final int tid;
    private final GuestProcess process;
    private final Cpu cpu = new Cpu();
    private final Interpreter interpreter;
    /** The syscall-layer entries active on this thread, outermost first (K42's "in a system call" mark is their count). */
    private final java.util.ArrayDeque<LayerCall> layerCalls = new java.util.ArrayDeque<>();
    /** Blocked signals, bit N-1 for signal N. */
    private long signalMask;
    /** Generated and not yet delivered, bit N-1 for signal N, with their siginfo. */
    private long pendingSignals;
    /** Which of the pending signals were sent to the process rather than to this thread: another thread may take them. */
    private long processDirected;
    private final SignalInfo[] pendingInfo = new SignalInfo[65];
    /** The alternate signal stack: base, size, and whether it is disabled (SS_DISABLE). */
    private long altStackBase;
    private long altStackSize;
    private boolean altStackDisabled = true;
    /** Non-null while the thread waits outside the layer for a call to complete or restart. */
    private Wait wait;
    /** The mask rt_sigsuspend replaced, restored through the next signal frame; -1 when none. */
    private long suspendedMask = -1;
    /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread ends. */
    private long clearChildTid;
    private boolean exited;
    private byte[] name;
    /** sched_yield: the scheduler moves on to the next thread. */
    private boolean yielded;

    GuestThread(int tid, GuestProcess process) {
        this.tid = tid;
        this.process = process;
        this.interpreter = new Interpreter(cpu, process.memory(), process.clock()::timeBase);
        this.name = ProcSource.commOf(process.exePath());
    }

    /** The thread's name (comm): at most 15 bytes, the executable's name until PR_SET_NAME changes it. */
    public byte[] name() {
        return name.clone();
    }

    /** PR_SET_NAME: keeps the first 15 bytes. */
    public void setName(byte[] bytes) {
        name = Arrays.copyOf(bytes, Math.min(bytes.length, ProcSource.COMM_LENGTH));
    }

    public int tid() {
        return tid;
    }

    public GuestProcess process() {
        return process;
    }

    public Cpu cpu() {
        return cpu;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    public int depth() {
        return layerCalls.size();
    }

    /** A call active in the layer: what a debugger shows as a frame while the thread is inside it. */
    public record LayerCall(int number, String name, DispatchPath path, int depth, long site) {
    }

    /** Enters the layer for {@code number}; returns the new depth. */
    public int enterLayer(int number, String name, DispatchPath path, long site) {
        layerCalls.addLast(new LayerCall(number, name, path, layerCalls.size() + 1, site));
        return layerCalls.size();
    }

    public void leaveLayer() {
        layerCalls.removeLast();
    }

    /** The innermost active call, or null outside the layer. */
    public LayerCall innermostCall() {
        return layerCalls.peekLast();
    }

    /** The active calls, outermost first. */
    public java.util.List<LayerCall> layerCalls() {
        return java.util.List.copyOf(layerCalls);
    }

    public long signalMask() {
        return signalMask;
    }

    public void setSignalMask(long mask) {
        // SIGKILL and SIGSTOP cannot be blocked
        signalMask = mask & ~((1L << 8) | (1L << 18));
    }

    public long pendingSignals() {
        return pendingSignals;
    }

    public void addPending(SignalInfo info) {
        addPending(info, false);
    }

    /** Makes the signal pending here; {@code toProcess}: it was sent to the process and only queued on this thread. */
    public void addPending(SignalInfo info, boolean toProcess) {
        long bit = 1L << (info.signo() - 1);
        pendingSignals |= bit;
        processDirected = toProcess ? processDirected | bit : processDirected & ~bit;
        pendingInfo[info.signo()] = info;
    }

    /** The pending signals that were sent to the process, which any of its threads may take. */
    public long processPending() {
        return pendingSignals & processDirected;
    }

    /** execve: the new image's thread keeps the caller's signal mask and its pending signals, as on Linux. */
    void inheritSignalsAcrossExec(GuestThread caller) {
        signalMask = caller.signalMask;
        pendingSignals = caller.pendingSignals;
        processDirected = caller.processDirected;
        System.arraycopy(caller.pendingInfo, 0, pendingInfo, 0, pendingInfo.length);
    }

    /** Takes pending signal {@code signo} off the pending set and returns its siginfo. */
    public SignalInfo takePending(int signo) {
        pendingSignals &= ~(1L << (signo - 1));
        processDirected &= ~(1L << (signo - 1));
        SignalInfo info = pendingInfo[signo];
        pendingInfo[signo] = null;
        return info;
    }

    /** The lowest pending signal the mask lets through, or 0. */
    public int deliverableSignal() {
        long deliverable = pendingSignals & ~signalMask;
        return deliverable == 0 ? 0 : Long.numberOfTrailingZeros(deliverable) + 1;
    }

    public long altStackBase() {
        return altStackBase;
    }

    public long altStackSize() {
        return altStackSize;
    }

    public boolean altStackDisabled() {
        return altStackDisabled;
    }

    public void setAltStack(long base, long size, boolean disabled) {
        altStackBase = base;
        altStackSize = size;
        altStackDisabled = disabled;
    }

    /** True while running on the alternate signal stack (its r1 lies in it). */
    public boolean onAltStack() {
        long sp = cpu.gpr[1];
        return !altStackDisabled && sp > altStackBase && sp <= altStackBase + altStackSize;
    }

    public long clearChildTid() {
        return clearChildTid;
    }

    public void setClearChildTid(long address) {
        clearChildTid = address;
    }

    public boolean exited() {
        return exited;
    }

    public void markExited() {
        exited = true;
    }

    /** Returns and clears the yield request. */
    public boolean takeYield() {
        boolean y = yielded;
        yielded = false;
        return y;
    }

    public void requestYield() {
        yielded = true;
    }

    public long suspendedMask() {
        return suspendedMask;
    }

    public void setSuspendedMask(long mask) {
        suspendedMask = mask;
    }

    public Wait waiting() {
        return wait;
    }

    public void setWaiting(Wait wait) {
        this.wait = wait;
    }

    /**
     * Why a thread waits outside the layer and how its call ends: {@code ready} says when it can
     * go on; then either the call starts again from its site ({@code restart}) or it completes
     * with {@code result} at {@code back}. A handled signal interrupts it: a restartable call
     * starts again after the handler if SA_RESTART is set, anything else fails with EINTR.
     */
    public record Wait(java.util.function.BooleanSupplier ready, boolean restart, java.util.function.LongSupplier result,
            int number, String name, long site, long back, dev.k42lens.core.trace.DispatchPath path, long deadlineNs,
            Runnable cancel, boolean uninterruptible) {
    }
}
