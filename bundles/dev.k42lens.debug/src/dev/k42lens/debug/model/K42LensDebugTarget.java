package dev.k42lens.debug.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointListener;
import org.eclipse.debug.core.IBreakpointManager;
import org.eclipse.debug.core.IBreakpointManagerListener;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrievalExtension;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IThread;

import dev.k42lens.core.debug.DebugListener;
import dev.k42lens.core.debug.DebugSession;
import dev.k42lens.core.debug.SignalCatchpoint;
import dev.k42lens.core.debug.Suspension;
import dev.k42lens.core.debug.SyscallCatchpoint;
import dev.k42lens.core.debug.ThreadState;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.debug.K42LensDebugModel;
import dev.k42lens.debug.breakpoints.AddressBreakpoint;
import dev.k42lens.debug.launch.GuestProgramProcess;

/**
 * The emulated system of one launch: every guest process's threads, all stopped or all running
 * together (the engine runs them all on one thread). It turns the session's news into debug events,
 * keeps the session's breakpoints in step with the Breakpoints view, and serves memory blocks.
 */
public class K42LensDebugTarget extends K42LensDebugElement
        implements IDebugTarget, IMemoryBlockRetrievalExtension, DebugListener, IBreakpointListener, IBreakpointManagerListener {
    /** What a memory monitor may be named instead of an address. */
    public static final String TRANSFER_TABLE_EXPRESSION = "transfer table";

    private final ILaunch launch;
    private final GuestProgramProcess process;
    private final String name;
    private DebugSession session;
    private final Map<Integer, K42LensThread> threads = new LinkedHashMap<>();
    private volatile Suspension suspension;
    private volatile boolean stepping;
    private volatile boolean terminated;
    /** Step Into/Over go by instruction even where there are source lines (the Disassembly view's toggle). */
    private volatile boolean instructionStepping;

    public K42LensDebugTarget(ILaunch launch, GuestProgramProcess process, String name) {
        super(null);
        this.launch = launch;
        this.process = process;
        this.name = name;
    }

    /** Connects the session (created with this target as its listener) and starts it. */
    public void start(DebugSession debugSession) {
        this.session = debugSession;
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.addBreakpointListener(this);
        manager.addBreakpointManagerListener(this);
        pushBreakpoints();
        fireCreationEvent();
        session.start();
    }

    DebugSession session() {
        return session;
    }

    /** The current stop, or null while running. */
    public Suspension suspension() {
        return suspension;
    }

    @Override
    public IDebugTarget getDebugTarget() {
        return this;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IProcess getProcess() {
        return process;
    }

    @Override
    public synchronized IThread[] getThreads() {
        return threads.values().toArray(new IThread[0]);
    }

    @Override
    public synchronized boolean hasThreads() {
        return !threads.isEmpty();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean supportsBreakpoint(IBreakpoint breakpoint) {
        return K42LensDebugModel.MODEL_IDENTIFIER.equals(breakpoint.getModelIdentifier());
    }

    public boolean isBigEndian() {
        return session.isBigEndian();
    }

    /** Guest memory of the stopped thread's process; a DebugException says why it cannot be read. */
    public byte[] readMemory(long address, int length) throws DebugException {
        Suspension s = requireSuspended();
        try {
            return session.readMemory(s.tid(), address, length);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** "main+0x10", "k42:write", or null when nothing names the address (or the system runs). */
    public String symbolize(long address) {
        Suspension s = suspension;
        if (s == null) {
            return null;
        }
        try {
            String text = session.describeCode(s.tid(), address);
            return text.isEmpty() ? null : text;
        } catch (RuntimeException e) {
            return null; // it resumed meanwhile
        }
    }

    private Suspension requireSuspended() throws DebugException {
        Suspension s = suspension;
        if (s == null) {
            throw new DebugException(org.eclipse.core.runtime.Status.error(terminated ? "the program has ended" : "the program is running"));
        }
        return s;
    }

    // ---- the session's news (engine thread) ------------------------------------------------------

    @Override
    public void suspended(Suspension stop) {
        List<ThreadState> states = session.threads();
        List<K42LensThread> created = new ArrayList<>();
        List<K42LensThread> ended = new ArrayList<>();
        K42LensThread stopped;
        synchronized (this) {
            Map<Integer, K42LensThread> previous = new LinkedHashMap<>(threads);
            threads.clear();
            for (ThreadState state : states) {
                K42LensThread thread = previous.remove(state.tid());
                if (thread == null) {
                    thread = new K42LensThread(this, state);
                    created.add(thread);
                } else {
                    thread.update(state);
                }
                threads.put(state.tid(), thread);
            }
            ended.addAll(previous.values());
            stopped = threads.get(stop.tid());
        }
        suspension = stop;
        stepping = false;
        List<DebugEvent> events = new ArrayList<>();
        created.forEach(t -> events.add(new DebugEvent(t, DebugEvent.CREATE)));
        ended.forEach(t -> events.add(new DebugEvent(t, DebugEvent.TERMINATE)));
        events.add(new DebugEvent(this, DebugEvent.SUSPEND, DebugEvent.CLIENT_REQUEST));
        int detail = switch (stop.reason()) {
            case BREAKPOINT, CATCHPOINT -> DebugEvent.BREAKPOINT;
            case STEP_END -> DebugEvent.STEP_END;
            case START, SUSPEND_REQUEST -> DebugEvent.CLIENT_REQUEST;
        };
        for (IThread thread : getThreads()) {
            if (thread != stopped) {
                events.add(new DebugEvent(thread, DebugEvent.SUSPEND, DebugEvent.CLIENT_REQUEST));
            }
        }
        if (stopped != null) {
            events.add(new DebugEvent(stopped, DebugEvent.SUSPEND, detail));
        }
        fireEvents(events);
    }

    @Override
    public void resumed(Resumption how) {
        suspension = null;
        stepping = how == Resumption.STEP;
        List<DebugEvent> events = new ArrayList<>();
        for (IThread thread : getThreads()) {
            ((K42LensThread) thread).resumed();
            events.add(new DebugEvent(thread, DebugEvent.RESUME, stepping ? DebugEvent.STEP_INTO : DebugEvent.CLIENT_REQUEST));
        }
        events.add(new DebugEvent(this, DebugEvent.RESUME, DebugEvent.CLIENT_REQUEST));
        fireEvents(events);
    }

    @Override
    public void terminated(int exitStatus, String problem) {
        terminated = true;
        suspension = null;
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        manager.removeBreakpointListener(this);
        manager.removeBreakpointManagerListener(this);
        List<DebugEvent> events = new ArrayList<>();
        for (IThread thread : getThreads()) {
            events.add(new DebugEvent(thread, DebugEvent.TERMINATE));
        }
        synchronized (this) {
            threads.clear();
        }
        events.add(new DebugEvent(this, DebugEvent.TERMINATE));
        fireEvents(events);
        process.terminated(exitStatus, problem);
    }

    @Override
    public void processStarted(int pid, int parentPid, String program) {
        process.processStarted(pid, parentPid, program);
    }

    @Override
    public void processExecuted(int pid, String program) {
        process.processExecuted(pid, program);
    }

    @Override
    public void processEnded(int pid, int exitStatus) {
        process.processEnded(pid, exitStatus);
    }

    private static void fireEvents(List<DebugEvent> events) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(events.toArray(new DebugEvent[0]));
        }
    }

    // ---- run control -------------------------------------------------------------------------------

    @Override
    public boolean canResume() {
        return !terminated && suspension != null;
    }

    @Override
    public boolean canSuspend() {
        return !terminated && suspension == null;
    }

    @Override
    public boolean isSuspended() {
        return suspension != null;
    }

    public boolean isInstructionStepping() {
        return instructionStepping;
    }

    public void setInstructionStepping(boolean on) {
        instructionStepping = on;
    }

    boolean isStepping() {
        return stepping;
    }

    @Override
    public void resume() throws DebugException {
        command(session::resume);
    }

    @Override
    public void suspend() {
        session.suspend();
    }

    /** Runs a session command that lets the system run, turning its refusals into DebugExceptions. */
    void step(Runnable command) throws DebugException {
        command(command);
    }

    private void command(Runnable command) throws DebugException {
        Suspension before = suspension;
        suspension = null; // not suspended from here on, even before the engine thread says so
        try {
            command.run();
        } catch (RuntimeException e) {
            suspension = before;
            throw failure(e);
        }
    }

    @Override
    public boolean canTerminate() {
        return !terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void terminate() {
        process.terminate();
    }

    @Override
    public boolean canDisconnect() {
        return false;
    }

    @Override
    public void disconnect() throws DebugException {
        throw new DebugException(org.eclipse.core.runtime.Status.error("a K42 Lens program cannot be disconnected from its emulator"));
    }

    @Override
    public boolean isDisconnected() {
        return false;
    }

    // ---- breakpoints: the enabled ones of our model go to the session whenever anything changes ----

    private void pushBreakpoints() {
        IBreakpointManager manager = DebugPlugin.getDefault().getBreakpointManager();
        List<Long> addresses = new ArrayList<>();
        List<SyscallCatchpoint> syscalls = new ArrayList<>();
        List<SignalCatchpoint> signals = new ArrayList<>();
        if (manager.isEnabled()) {
            for (IBreakpoint breakpoint : manager.getBreakpoints(K42LensDebugModel.MODEL_IDENTIFIER)) {
                try {
                    if (!breakpoint.isEnabled()) {
                        continue;
                    }
                    if (breakpoint instanceof AddressBreakpoint a) {
                        addresses.add(a.address());
                    } else if (breakpoint instanceof dev.k42lens.debug.breakpoints.SyscallCatchpoint c) {
                        syscalls.add(c.toCore());
                    } else if (breakpoint instanceof dev.k42lens.debug.breakpoints.SignalCatchpoint c) {
                        signals.add(c.toCore());
                    }
                } catch (CoreException e) {
                    ILog.of(getClass()).warn("ignoring a broken K42 Lens breakpoint: " + e.getMessage());
                }
            }
        }
        session.setAddressBreakpoints(addresses);
        session.setSyscallCatchpoints(syscalls);
        session.setSignalCatchpoints(signals);
    }

    @Override
    public void breakpointAdded(IBreakpoint breakpoint) {
        if (supportsBreakpoint(breakpoint)) {
            pushBreakpoints();
        }
    }

    @Override
    public void breakpointRemoved(IBreakpoint breakpoint, IMarkerDelta delta) {
        if (supportsBreakpoint(breakpoint)) {
            pushBreakpoints();
        }
    }

    @Override
    public void breakpointChanged(IBreakpoint breakpoint, IMarkerDelta delta) {
        if (supportsBreakpoint(breakpoint)) {
            pushBreakpoints();
        }
    }

    @Override
    public void breakpointManagerEnablementChanged(boolean enabled) {
        pushBreakpoints();
    }

    // ---- memory ------------------------------------------------------------------------------------

    @Override
    public boolean supportsStorageRetrieval() {
        return true;
    }

    @Override
    public IMemoryBlock getMemoryBlock(long startAddress, long length) throws DebugException {
        return new K42LensMemoryBlock(this, String.format("0x%x", startAddress), startAddress);
    }

    /**
     * A memory monitor for an address, a symbol ("main", "write+0x60") or "transfer table"; the
     * monitor is named after the mapping it starts in, e.g. "transfer table = 0x4000 [k42 transfer table]".
     */
    @Override
    public IMemoryBlockExtension getExtendedMemoryBlock(String expression, Object context) throws DebugException {
        Suspension s = requireSuspended();
        int tid = context instanceof K42LensStackFrame frame ? ((K42LensThread) frame.getThread()).tid()
                : context instanceof K42LensThread thread ? thread.tid() : s.tid();
        long address;
        if (expression.trim().equalsIgnoreCase(TRANSFER_TABLE_EXPRESSION)) {
            address = TransferTable.TABLE_ADDRESS;
        } else {
            try {
                address = session.resolve(tid, expression);
            } catch (RuntimeException e) {
                throw failure(e);
            }
        }
        String mapping = session.mappings(tid).stream().filter(m -> Long.compareUnsigned(address - m.start(), m.end() - m.start()) < 0)
                .map(m -> m.name()).filter(n -> n != null && !n.isEmpty()).findFirst().map(n -> " " + n).orElse("");
        return new K42LensMemoryBlock(this, String.format("%s = 0x%x%s", expression.trim(), address, mapping), address);
    }

    /** Reads for a memory block: like {@link #readMemory} but null instead of an exception. */
    byte[] readQuietly(long address, int length) {
        Suspension s = suspension;
        if (s == null) {
            return null;
        }
        try {
            return session.readMemory(s.tid(), address, length);
        } catch (RuntimeException e) {
            return null;
        }
    }

    void writeMemory(long address, byte[] bytes) throws DebugException {
        Suspension s = requireSuspended();
        try {
            session.writeMemory(s.tid(), address, bytes);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }
}
