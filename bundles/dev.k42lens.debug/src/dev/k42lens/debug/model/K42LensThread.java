package dev.k42lens.debug.model;

import java.math.BigInteger;
import java.util.List;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.debug.DebugSession;
import dev.k42lens.core.debug.Frame;
import dev.k42lens.core.debug.Suspension;
import dev.k42lens.core.debug.ThreadState;
import dev.k42lens.debug.breakpoints.AddressBreakpoint;

/**
 * A guest thread. Its label says its state (suspended at..., in syscall depth N via table/trap,
 * blocked in...); its frames, registers and register groups are read once per suspension and kept
 * until the system resumes, so the views never wait on the engine.
 */
public class K42LensThread extends K42LensDebugElement implements IThread {
    private final int tid;
    private volatile ThreadState state;
    private IStackFrame[] frames;
    private Cpu registers;
    /** The registers at the stop before this one, to mark changed values. */
    private Cpu previousRegisters;
    private IRegisterGroup[] registerGroups;

    K42LensThread(K42LensDebugTarget target, ThreadState state) {
        super(target);
        this.tid = state.tid();
        this.state = state;
    }

    public int tid() {
        return tid;
    }

    public int pid() {
        return state.pid();
    }

    void update(ThreadState newState) {
        this.state = newState;
    }

    /** Forgets what was read at the last stop; keeps the registers to mark changes at the next. */
    synchronized void resumed() {
        frames = null;
        if (registers != null) {
            previousRegisters = registers;
        }
        registers = null;
    }

    private DebugSession session() {
        return target().session();
    }

    @Override
    public String getName() {
        ThreadState s = state;
        String where = isSuspended() ? s.state() : "running";
        return "Thread " + tid + " [pid " + s.pid() + "] (" + where + ")";
    }

    /** The state line alone, e.g. "blocked in read (left the layer)". */
    public String stateDescription() {
        return isSuspended() ? state.state() : "running";
    }

    @Override
    public synchronized IStackFrame[] getStackFrames() throws DebugException {
        if (!isSuspended()) {
            return new IStackFrame[0];
        }
        if (frames == null) {
            try {
                List<Frame> walked = session().frames(tid);
                frames = new IStackFrame[walked.size()];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = new K42LensStackFrame(this, i, walked.get(i));
                }
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
        return frames.clone();
    }

    @Override
    public boolean hasStackFrames() {
        return isSuspended();
    }

    @Override
    public int getPriority() {
        return 0;
    }

    @Override
    public IStackFrame getTopStackFrame() throws DebugException {
        IStackFrame[] all = getStackFrames();
        return all.length == 0 ? null : all[0];
    }

    @Override
    public IBreakpoint[] getBreakpoints() {
        Suspension s = target().suspension();
        if (s == null || s.tid() != tid || s.reason() != Suspension.Reason.BREAKPOINT) {
            return new IBreakpoint[0];
        }
        return AddressBreakpoint.find(state.pc()).map(b -> new IBreakpoint[] { b }).orElse(new IBreakpoint[0]);
    }

    /** The registers at this stop (read once). */
    synchronized Cpu registers() throws DebugException {
        if (registers == null) {
            try {
                registers = session().registers(tid);
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
        return registers;
    }

    synchronized boolean changedSinceLastStop(Ppc64Registers.Definition definition) {
        return registers != null && previousRegisters != null
                && !definition.read().apply(registers).equals(definition.read().apply(previousRegisters));
    }

    synchronized void changeRegister(Ppc64Registers.Definition definition, BigInteger value) throws DebugException {
        try {
            session().changeRegisters(tid, cpu -> definition.write().accept(cpu, value));
            registers = null;
            frames = null; // a new PC or r1 moves the frames
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    synchronized IRegisterGroup[] registerGroups() {
        if (registerGroups == null) {
            registerGroups = Ppc64Registers.GROUPS.stream().map(g -> new K42LensRegisterGroup(this, g)).toArray(IRegisterGroup[]::new);
        }
        return registerGroups.clone();
    }

    /** Resolves "main", "write+0x60" or "0x10000abc" to an address, with a message when it cannot. */
    public long resolveAddress(String expression) throws DebugException {
        try {
            return session().resolve(tid, expression);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    // ---- run control: the whole system runs or stops (all-stop), stepping is per thread ----------

    @Override
    public boolean canResume() {
        return target().canResume();
    }

    @Override
    public boolean canSuspend() {
        return target().canSuspend();
    }

    @Override
    public boolean isSuspended() {
        return target().isSuspended();
    }

    @Override
    public void resume() throws DebugException {
        target().resume();
    }

    @Override
    public void suspend() throws DebugException {
        target().suspend();
    }

    @Override
    public boolean canStepInto() {
        return isSuspended();
    }

    @Override
    public boolean canStepOver() {
        return isSuspended();
    }

    @Override
    public boolean canStepReturn() {
        return isSuspended();
    }

    @Override
    public boolean isStepping() {
        return target().isStepping();
    }

    /**
     * Step Into: to the next source line, into callees that have lines, where the code has DWARF
     * lines and instruction stepping is off; otherwise one instruction, or into the next call this
     * thread makes inside the layer.
     */
    @Override
    public void stepInto() throws DebugException {
        boolean lines = byLine();
        target().step(() -> {
            if (lines) {
                session().stepLine(tid, true);
            } else {
                session().stepInstruction(tid);
            }
        });
    }

    /**
     * Step Over: to the next source line of this function or a caller where there are lines (and
     * instruction stepping is off); otherwise over a call or a system call site; inside the layer,
     * to the outermost return.
     */
    @Override
    public void stepOver() throws DebugException {
        boolean lines = byLine();
        target().step(() -> {
            if (lines) {
                session().stepLine(tid, false);
            } else {
                session().stepOver(tid);
            }
        });
    }

    private boolean byLine() throws DebugException {
        return !target().isInstructionStepping() && getTopStackFrame() instanceof K42LensStackFrame top && top.getLineNumber() > 0;
    }

    @Override
    public void stepReturn() throws DebugException {
        target().step(() -> session().stepReturn(tid));
    }

    public boolean canStepToSyscallEvent() {
        return isSuspended();
    }

    /** Runs to the next syscall entry or exit of any thread, nested calls included. */
    public void stepToSyscallEvent() throws DebugException {
        target().step(() -> session().stepToSyscallEvent());
    }

    public boolean canRunToOutermostReturn() {
        return isSuspended();
    }

    public void runToOutermostReturn() throws DebugException {
        target().step(() -> session().runToOutermostReturn(tid));
    }

    public boolean canRunToAddress() {
        return isSuspended();
    }

    public void runToAddress(long address) throws DebugException {
        target().step(() -> session().runToAddress(tid, address));
    }

    @Override
    public boolean canTerminate() {
        return target().canTerminate();
    }

    @Override
    public boolean isTerminated() {
        return target().isTerminated();
    }

    @Override
    public void terminate() throws DebugException {
        target().terminate();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof K42LensThread t && t.tid == tid && t.getDebugTarget() == getDebugTarget();
    }

    @Override
    public int hashCode() {
        return tid;
    }
}
