package dev.k42lens.core.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.Fields;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.elf.DwarfLineTable;
import dev.k42lens.core.kernel.Engine;
import dev.k42lens.core.kernel.EngineException;
import dev.k42lens.core.kernel.ExecutionMonitor;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.layer.SlotSwap;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceListener;

/**
 * A debugged run: the engine on its own thread, and the debugger's commands from any other thread.
 * The system is all-stop: every guest thread runs on the engine thread, so suspending is the engine
 * thread waiting inside this session (between instructions, or inside the layer at a trace event)
 * until a command arrives. Inspection (registers, memory, frames) is allowed only while suspended
 * and runs under the session's lock, which also publishes the engine's writes to the caller.
 */
public final class DebugSession implements ExecutionMonitor, TraceListener {
    /** Where a launch stops first. */
    public enum StopAt {
        NONE, ENTRY, MAIN
    }

    private enum Mode {
        /** Run until a breakpoint, a catchpoint or a suspend request. */
        RUN,
        /** One instruction of the step thread, or into the next call it makes inside the layer. */
        STEP_INSTRUCTION,
        /** Until the step thread reaches one of the run-to addresses with its stack at or above a mark. */
        RUN_TO,
        /** Until the step thread is back in guest code at depth 0. */
        OUTERMOST_RETURN,
        /** Until the next syscall entry or exit of any thread, nested ones included. */
        SYSCALL_EVENT,
        /** Until the step thread starts another source line (in a callee too when stepping into). */
        STEP_LINE
    }

    private final Engine engine;
    private final TraceListener trace;
    private final DebugListener listener;
    private final Thread engineThread;

    private Mode mode = Mode.RUN;
    /** The thread a step, run-to or outermost return is about; null for "any thread" (stop at main). */
    private GuestThread stepThread;
    private long stepStartPc;
    private long stepStartCount;
    private long[] runToAddresses = new long[0];
    private long runToStackFloor = Long.MIN_VALUE;
    private String runToDescription = "";

    private DwarfLineTable.SourceLine stepLineFrom;
    private boolean stepLineInto;
    private long stepLineStack;
    private long stepLineFunction;
    private final SourceLines sourceLines = new SourceLines();

    private long[] addressBreakpoints = new long[0];
    private List<SyscallCatchpoint> syscallCatchpoints = List.of();
    private List<SignalCatchpoint> signalCatchpoints = List.of();

    private Suspension suspension;
    private boolean commandGiven;
    private boolean suspendRequested;
    private volatile boolean terminateRequested;
    /** A stop that waits for the thread's next instruction boundary (a depth-1 exit catchpoint, the start). */
    private GuestThread pendingStopThread;
    private Suspension.Reason pendingStopReason;
    private String pendingStopDescription;
    /** The state a suspended thread resumed from: an address stop there again is not a new hit. */
    private int resumedTid = -1;
    private long resumedPc;
    private long resumedCount;
    private boolean terminated;
    /** Set once the listener has been told of the end. */
    private boolean announced;
    private Integer exitStatus;
    /** Slot swaps asked for while the program runs: the engine thread makes them before its next quantum. */
    private final List<SlotSwap> pendingSwaps = new ArrayList<>();

    private DebugSession(RunOptions options, DebugListener listener) throws EngineException {
        this.trace = options.trace();
        this.listener = listener;
        this.engine = new Engine(options.withTrace(this));
        engine.setMonitor(this);
        this.engineThread = new Thread(this::runEngine, "K42 Lens engine (" + options.program().getFileName() + ")");
        engineThread.setDaemon(true);
    }

    /**
     * Loads the program (a bad one is an EngineException with one line for the user) and prepares
     * the first stop; {@link #start()} then runs it.
     */
    public static DebugSession create(RunOptions options, StopAt stopAt, DebugListener listener) throws EngineException {
        DebugSession session = new DebugSession(options, listener);
        GuestThread main = session.engine.thread();
        switch (stopAt) {
            case NONE -> {
            }
            case ENTRY -> session.stopBeforeRunning(main, "Stopped at the program entry");
            case MAIN -> {
                long[] addresses = session.entryAddresses(main.process(), "main");
                if (addresses.length == 0) {
                    session.stopBeforeRunning(main, "Stopped at the program entry: the program has no symbol 'main'");
                } else {
                    session.runTo(null, addresses, Long.MIN_VALUE, "Stopped at main");
                }
            }
        }
        return session;
    }

    /** Starts the engine thread. */
    public void start() {
        engineThread.start();
    }

    private void runEngine() {
        int status = 128 + 9;
        String problem = null;
        try {
            status = engine.run();
        } catch (RuntimeException e) {
            StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            problem = "internal error: " + e + (where == null ? "" : " at " + where);
        } finally {
            engine.close();
        }
        synchronized (this) {
            terminated = true;
            exitStatus = status;
            suspension = null;
        }
        listener.terminated(status, problem);
        synchronized (this) {
            announced = true; // awaitTermination returns once the listener has heard of the end too
            notifyAll();
        }
    }

    // ---- commands (any thread) ------------------------------------------------------------------

    /** Lets the suspended system run on. */
    public synchronized void resume() {
        requireSuspended();
        command(Mode.RUN, null);
    }

    /** Asks the running system to suspend at its next instruction boundary (within a scheduling quantum). */
    public synchronized void suspend() {
        if (suspension == null && !terminated) {
            suspendRequested = true;
        }
    }

    /** Ends the run: the engine stops at its next check and the session reports it terminated. */
    public synchronized void terminate() {
        terminateRequested = true;
        engine.cancel();
        notifyAll();
    }

    /**
     * Hot-swaps transfer-table slot {@code slot} of every process to {@code handler} (the number of a
     * call whose handler the layer has, or {@link TransferTable#ENOSYS_HANDLER}), or back to the
     * slot's own handler when {@code handler} is null. Made at once while suspended, else before the
     * engine's next quantum; each swap is a slot_swap trace event. Bad numbers are an
     * IllegalArgumentException that says why.
     */
    public synchronized void swapSlot(int slot, Integer handler) {
        int target = handler != null ? handler : engine.layer().ownHandler(slot);
        engine.layer().checkSwap(slot, target);
        if (terminated) {
            throw new IllegalStateException("the program has ended");
        }
        pendingSwaps.add(new SlotSwap(slot, target));
        if (suspension != null) {
            swapPendingSlots(); // the engine thread waits: the table is ours to change
        }
    }

    /** Makes the slot swaps asked for, in every process that still runs; under the session's lock. */
    private void swapPendingSlots() {
        pendingSwaps.forEach(engine::swapSlot);
        pendingSwaps.clear();
    }

    /** Steps one instruction of thread {@code tid}, or into the next layer call it makes. */
    public synchronized void stepInstruction(int tid) {
        requireSuspended();
        GuestThread thread = thread(tid);
        command(Mode.STEP_INSTRUCTION, thread);
    }

    /**
     * Steps over the instruction at the PC: a call (bl, bctrl, ...) or a system call site runs until
     * it returns; inside the layer or its trampolines, runs to the outermost return.
     */
    public synchronized void stepOver(int tid) {
        requireSuspended();
        GuestThread thread = thread(tid);
        long pc = thread.cpu().pc;
        if (thread.depth() > 0 || TransferTable.inLayerRegion(pc)) {
            command(Mode.OUTERMOST_RETURN, thread);
            return;
        }
        int word;
        try {
            word = thread.process().memory().read32(pc);
        } catch (GuestFault e) {
            command(Mode.STEP_INSTRUCTION, thread); // the step will fault, as the program would
            return;
        }
        Instruction instruction = InstructionTable.get().decode(word);
        Op op = instruction == null ? Op.NONE : instruction.op();
        if (op.isCall(word) || op == Op.SC || thread.process().transferTable().isRetargeted(pc)) {
            runTo(thread, new long[] { pc + 4 }, thread.cpu().gpr[1], "Step over ended");
            command(Mode.RUN_TO, thread);
        } else {
            command(Mode.STEP_INSTRUCTION, thread);
        }
    }

    /** Runs until the function at the PC returns to its caller; inside the layer, to the outermost return. */
    public synchronized void stepReturn(int tid) {
        requireSuspended();
        GuestThread thread = thread(tid);
        if (thread.depth() > 0 || TransferTable.inLayerRegion(thread.cpu().pc)) {
            command(Mode.OUTERMOST_RETURN, thread);
            return;
        }
        List<Frame> frames = StackWalker.frames(thread, sourceLines);
        if (frames.size() < 2) {
            command(Mode.STEP_INSTRUCTION, thread);
            return;
        }
        runTo(thread, new long[] { frames.get(1).address() }, thread.cpu().gpr[1], "Step return ended");
        command(Mode.RUN_TO, thread);
    }

    /**
     * Steps by source line where the PC's code has DWARF line information: to the start of the next
     * line of this function or its callers, or with {@code into} also of a callee that has lines
     * (callees without them, such as libc, run through). Without line information it is
     * {@link #stepInstruction} ({@code into}) or {@link #stepOver}.
     */
    public synchronized void stepLine(int tid, boolean into) {
        requireSuspended();
        GuestThread thread = thread(tid);
        long pc = thread.cpu().pc;
        Optional<DwarfLineTable.SourceLine> line = thread.depth() > 0 || TransferTable.inLayerRegion(pc) ? Optional.empty()
                : sourceLines.at(thread.process(), pc);
        if (line.isEmpty()) {
            if (into) {
                stepInstruction(tid);
            } else {
                stepOver(tid);
            }
            return;
        }
        stepLineFrom = line.get();
        stepLineInto = into;
        // stepping over: a line of the same function (its prologue moves r1, so r1 cannot tell), or of a caller
        stepLineFunction = functionStart(thread, pc);
        stepLineStack = thread.cpu().gpr[1];
        command(Mode.STEP_LINE, thread);
    }

    /** The source line of the code at {@code address} in thread {@code tid}'s process, if its image has line information. */
    public synchronized Optional<DwarfLineTable.SourceLine> sourceLine(int tid, long address) {
        requireSuspended();
        return sourceLines.at(thread(tid).process(), address);
    }

    /** Runs until the next syscall entry or exit of any thread, at any depth. */
    public synchronized void stepToSyscallEvent() {
        requireSuspended();
        command(Mode.SYSCALL_EVENT, null);
    }

    /** Runs until thread {@code tid} has left the layer: back in guest code at depth 0. */
    public synchronized void runToOutermostReturn(int tid) {
        requireSuspended();
        GuestThread thread = thread(tid);
        if (thread.depth() == 0 && !TransferTable.inLayerRegion(thread.cpu().pc)) {
            stepOver(tid);
            return;
        }
        command(Mode.OUTERMOST_RETURN, thread);
    }

    /** Runs until thread {@code tid} reaches {@code address} (breakpoints and catchpoints still stop it first). */
    public synchronized void runToAddress(int tid, long address) {
        requireSuspended();
        GuestThread thread = thread(tid);
        runTo(thread, new long[] { address }, Long.MIN_VALUE, String.format("Reached 0x%x", address));
        command(Mode.RUN_TO, thread);
    }

    private void runTo(GuestThread thread, long[] addresses, long stackFloor, String description) {
        mode = Mode.RUN_TO;
        stepThread = thread;
        runToAddresses = addresses.clone();
        runToStackFloor = stackFloor;
        runToDescription = description;
    }

    private void command(Mode next, GuestThread thread) {
        if (next != Mode.RUN_TO) {
            runToAddresses = new long[0];
        }
        mode = next;
        stepThread = thread;
        if (thread != null) {
            stepStartPc = thread.cpu().pc;
            stepStartCount = thread.interpreter().instructionCount();
        }
        commandGiven = true;
        suspension = null; // from now on the engine may run: no inspection until the next stop
        notifyAll();
    }

    private void stopBeforeRunning(GuestThread thread, String description) {
        pendingStopThread = thread;
        pendingStopReason = Suspension.Reason.START;
        pendingStopDescription = description;
    }

    // ---- breakpoints (any thread, any time: the engine picks changes up within a quantum) --------

    public synchronized void setAddressBreakpoints(Collection<Long> addresses) {
        addressBreakpoints = addresses.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }

    public synchronized void setSyscallCatchpoints(List<SyscallCatchpoint> catchpoints) {
        syscallCatchpoints = List.copyOf(catchpoints);
    }

    public synchronized void setSignalCatchpoints(List<SignalCatchpoint> catchpoints) {
        signalCatchpoints = List.copyOf(catchpoints);
    }

    // ---- state and inspection ---------------------------------------------------------------------

    /** The current suspension, or null while running or after the end. */
    public synchronized Suspension suspension() {
        return suspension;
    }

    public synchronized boolean isTerminated() {
        return terminated;
    }

    /** The exit status as a shell reports it, once terminated. */
    public synchronized Integer exitStatus() {
        return exitStatus;
    }

    /** Waits until the run has ended, at most {@code millis}; returns whether it has. */
    public synchronized boolean awaitTermination(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!announced && System.currentTimeMillis() < end) {
            wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return announced;
    }

    public boolean isBigEndian() {
        return engine.process().memory().isBigEndian();
    }

    /** Every live thread of every process, in pid and creation order. */
    public synchronized List<ThreadState> threads() {
        requireSuspended();
        List<ThreadState> threads = new ArrayList<>();
        for (GuestProcess process : engine.processes()) {
            for (GuestThread thread : process.liveThreads()) {
                threads.add(new ThreadState(process.pid(), thread.tid(), describeState(thread), thread.depth(), thread.cpu().pc,
                        process.describeCode(thread.cpu().pc)));
            }
        }
        return threads;
    }

    private String describeState(GuestThread thread) {
        if (suspension != null && suspension.tid() == thread.tid()) {
            List<GuestThread.LayerCall> calls = thread.layerCalls();
            if (!calls.isEmpty()) {
                GuestThread.LayerCall call = calls.get(calls.size() - 1);
                return "suspended in " + call.name() + " (syscall depth " + call.depth() + " via " + call.path().label() + "): "
                        + suspension.description();
            }
            return "suspended: " + suspension.description();
        }
        if (thread.process().stopped()) {
            return "stopped by a signal";
        }
        GuestThread.Wait wait = thread.waiting();
        if (wait != null) {
            return "blocked in " + wait.name() + " (left the layer)";
        }
        if (thread.depth() > 0) {
            GuestThread.LayerCall call = thread.layerCalls().get(thread.depth() - 1);
            return "in syscall " + call.name() + " (depth " + call.depth() + " via " + call.path().label() + ")";
        }
        return "ready";
    }

    /** A copy of thread {@code tid}'s registers. */
    public synchronized Cpu registers(int tid) {
        requireSuspended();
        Cpu copy = new Cpu();
        copy.copyFrom(thread(tid).cpu());
        return copy;
    }

    /** Changes thread {@code tid}'s registers (the debugger's register edits). */
    public synchronized void changeRegisters(int tid, Consumer<Cpu> change) {
        requireSuspended();
        change.accept(thread(tid).cpu());
    }

    /** The frames of thread {@code tid}, innermost first. */
    public synchronized List<Frame> frames(int tid) {
        requireSuspended();
        return StackWalker.frames(thread(tid), sourceLines);
    }

    /** {@code length} bytes of thread {@code tid}'s process's memory; unreadable memory is an IllegalArgumentException. */
    public synchronized byte[] readMemory(int tid, long address, int length) {
        requireSuspended();
        byte[] bytes = new byte[length];
        try {
            thread(tid).process().memory().readRaw(address, bytes, 0, length);
        } catch (GuestFault e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return bytes;
    }

    /** Writes guest memory as the debugger does: also into read-only and code pages (decoded code is refreshed). */
    public synchronized void writeMemory(int tid, long address, byte[] bytes) {
        requireSuspended();
        try {
            thread(tid).process().memory().writeRaw(address, bytes, 0, bytes.length);
        } catch (GuestFault e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The mappings of thread {@code tid}'s process, e.g. to label the transfer table. */
    public synchronized List<GuestMemory.Mapping> mappings(int tid) {
        requireSuspended();
        return thread(tid).process().memory().mappings();
    }

    /** "main+0x1c", "k42:write", or "" for an address no symbol covers. */
    public synchronized String describeCode(int tid, long address) {
        requireSuspended();
        return thread(tid).process().describeCode(address);
    }

    /**
     * An address from the user: hex ("0x10000abc" or "10000abc"), a symbol ("main", "write"), or a
     * symbol plus hex offset ("main+0x10"). An unknown symbol is an IllegalArgumentException saying so.
     */
    public synchronized long resolve(int tid, String expression) {
        requireSuspended();
        String text = expression.trim();
        long offset = 0;
        int plus = text.lastIndexOf('+');
        if (plus > 0) {
            offset = parseHex(text.substring(plus + 1).trim(), expression);
            text = text.substring(0, plus).trim();
        }
        if (text.matches("(0[xX])?[0-9a-fA-F]+") && (text.startsWith("0x") || text.startsWith("0X") || text.matches("[0-9]+"))) {
            return parseHex(text, expression) + offset;
        }
        Optional<Long> address = thread(tid).process().addressOf(text);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("no symbol '" + text + "' in the program or its libraries");
        }
        return address.get() + offset;
    }

    private static long parseHex(String text, String expression) {
        try {
            return Long.parseUnsignedLong(text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + expression + "' is not an address (hex, a symbol, or symbol+0xoffset)");
        }
    }

    /**
     * The addresses where function {@code name} can be entered: its global entry and, for an ELFv2
     * function that sets up r2 (addis r2,r12,..; addi r2,r2,..), the local entry 8 bytes in, where
     * calls from the same module arrive.
     */
    public synchronized long[] functionEntries(int tid, String name) {
        requireSuspended();
        return entryAddresses(thread(tid).process(), name);
    }

    private long[] entryAddresses(GuestProcess process, String name) {
        Optional<Long> global = process.addressOf(name);
        if (global.isEmpty()) {
            return new long[0];
        }
        long g = global.get();
        try {
            if (setsTocFromEntryAddress(process.memory().read32(g))) {
                return new long[] { g, g + 8 };
            }
        } catch (GuestFault e) {
            // not mapped yet: the global entry is all there is
        }
        return new long[] { g };
    }

    private GuestThread thread(int tid) {
        GuestThread thread = findThread(tid);
        if (thread == null) {
            throw new IllegalArgumentException("no live guest thread " + tid);
        }
        return thread;
    }

    private GuestThread findThread(int tid) {
        for (GuestProcess process : engine.processes()) {
            for (GuestThread thread : process.liveThreads()) {
                if (thread.tid() == tid) {
                    return thread;
                }
            }
        }
        return null;
    }

    private void requireSuspended() {
        if (terminated) {
            throw new IllegalStateException("the program has ended");
        }
        if (suspension == null) {
            throw new IllegalStateException("the program is running: suspend it first");
        }
    }

    // ---- the engine side (engine thread) ----------------------------------------------------------

    @Override
    public synchronized long beforeRun(GuestThread thread, long budget) {
        if (!pendingSwaps.isEmpty()) {
            swapPendingSlots();
        }
        while (!terminateRequested) {
            Suspension stop = stopBeforeRun(thread);
            if (stop == null) {
                break;
            }
            suspend(thread, stop);
        }
        if (terminateRequested) {
            return 0;
        }
        boolean stepping = (mode == Mode.STEP_INSTRUCTION || mode == Mode.OUTERMOST_RETURN || mode == Mode.STEP_LINE)
                && thread == stepThread;
        return stepping ? 1 : budget;
    }

    private Suspension stopBeforeRun(GuestThread thread) {
        if (suspendRequested) {
            suspendRequested = false;
            return new Suspension(thread.tid(), Suspension.Reason.SUSPEND_REQUEST, "Suspended", null);
        }
        if (pendingStopThread == thread) {
            pendingStopThread = null;
            return new Suspension(thread.tid(), pendingStopReason, pendingStopDescription, null);
        }
        if (thread != stepThread || !progressed(thread)) {
            return null;
        }
        if (mode == Mode.STEP_INSTRUCTION) {
            return new Suspension(thread.tid(), Suspension.Reason.STEP_END, "Step ended", null);
        }
        if (mode == Mode.OUTERMOST_RETURN && thread.depth() == 0 && !TransferTable.inLayerRegion(thread.cpu().pc)) {
            return new Suspension(thread.tid(), Suspension.Reason.STEP_END, "Returned from the outermost call", null);
        }
        if (mode == Mode.STEP_LINE && thread.depth() == 0 && sourceLines.isLineStart(thread.process(), thread.cpu().pc)
                && (stepLineInto || functionStart(thread, thread.cpu().pc) == stepLineFunction || thread.cpu().gpr[1] >= stepLineStack)) {
            DwarfLineTable.SourceLine now = sourceLines.at(thread.process(), thread.cpu().pc).orElseThrow();
            if (!now.equals(stepLineFrom) || thread.cpu().pc == stepStartPc) {
                return new Suspension(thread.tid(), Suspension.Reason.STEP_END,
                        "Step ended at " + java.nio.file.Path.of(now.file()).getFileName() + ":" + now.line(), null);
            }
        }
        return null;
    }

    /** Where the function containing {@code pc} starts, or -1 when no symbol says. */
    private static long functionStart(GuestThread thread, long pc) {
        return thread.process().symbolAt(pc).map(l -> pc - l.offset()).orElse(-1L);
    }

    private boolean progressed(GuestThread thread) {
        return thread.cpu().pc != stepStartPc || thread.interpreter().instructionCount() != stepStartCount;
    }

    @Override
    public synchronized LongPredicate stopAddresses(GuestThread thread) {
        long[] breakpoints = addressBreakpoints;
        long[] runTo = mode == Mode.RUN_TO && (stepThread == null || stepThread == thread) ? runToAddresses : new long[0];
        boolean sites = catchesAtSites();
        if (breakpoints.length == 0 && runTo.length == 0 && !sites) {
            return null;
        }
        TransferTable table = thread.process().transferTable();
        return address -> Arrays.binarySearch(breakpoints, address) >= 0 || contains(runTo, address)
                || sites && table.isRetargeted(address);
    }

    private static boolean contains(long[] addresses, long address) {
        for (long a : addresses) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /** Depth-1 entry catchpoints stop at the call site, before the call leaves guest code. */
    private boolean catchesAtSites() {
        return syscallCatchpoints.stream().anyMatch(c -> c.onEntry() && c.minimumDepth() <= 1);
    }

    @Override
    public synchronized void atStopAddress(GuestThread thread) {
        long pc = thread.cpu().pc;
        if (isResumptionState(thread)) {
            return;
        }
        if (mode == Mode.RUN_TO && (stepThread == null || stepThread == thread) && contains(runToAddresses, pc)
                && thread.cpu().gpr[1] >= runToStackFloor) {
            suspend(thread, new Suspension(thread.tid(), stepThread == null ? Suspension.Reason.START : Suspension.Reason.STEP_END,
                    runToDescription, null));
        } else if (Arrays.binarySearch(addressBreakpoints, pc) >= 0) {
            String function = thread.process().describeCode(pc);
            suspend(thread, new Suspension(thread.tid(), Suspension.Reason.BREAKPOINT,
                    String.format("Breakpoint at 0x%x%s", pc, function.isEmpty() ? "" : " <" + function + ">"), null));
        } else if (thread.process().transferTable().isRetargeted(pc)) {
            catchAtSite(thread, DispatchPath.TABLE);
        }
    }

    @Override
    public synchronized void atSystemCall(GuestThread thread) {
        if (isResumptionState(thread) || engine.layer().willRetarget(thread)) {
            return; // a retargeted site comes back as a table site, one instruction later
        }
        catchAtSite(thread, DispatchPath.TRAP);
    }

    private void catchAtSite(GuestThread thread, DispatchPath path) {
        int number = (int) thread.cpu().gpr[0];
        for (SyscallCatchpoint catchpoint : syscallCatchpoints) {
            if (catchpoint.onEntry() && catchpoint.matches(number, path, 1)) {
                suspend(thread, new Suspension(thread.tid(), Suspension.Reason.CATCHPOINT,
                        "Syscall catchpoint: " + callName(number) + " about to enter the layer via " + path.label()
                                + " from " + siteDescription(thread),
                        null));
                return;
            }
        }
    }

    private static String siteDescription(GuestThread thread) {
        String function = thread.process().describeCode(thread.cpu().pc);
        return String.format("0x%x%s", thread.cpu().pc, function.isEmpty() ? "" : " <" + function + ">");
    }

    private static String callName(int number) {
        return dev.k42lens.core.layer.table.SyscallTable.ppc64().byNumber(number).map(d -> d.name()).orElse("syscall " + number);
    }

    private boolean isResumptionState(GuestThread thread) {
        return thread.tid() == resumedTid && thread.cpu().pc == resumedPc && thread.interpreter().instructionCount() == resumedCount;
    }

    @Override
    public void event(TraceEvent event) {
        if (trace != null) {
            trace.event(event);
        }
        reportProcess(event);
        synchronized (this) {
            GuestThread thread = findThread(event.tid());
            Suspension stop = thread == null ? null : stopAtEvent(event, thread);
            if (stop != null) {
                suspend(thread, stop);
            }
        }
    }

    private void reportProcess(TraceEvent event) {
        switch (event.kind()) {
            case FORK -> {
                GuestProcess child = engine.process(event.targetTid());
                if (child != null) {
                    listener.processStarted(child.pid(), event.pid(), child.exePath());
                }
            }
            case EXEC -> {
                GuestProcess process = engine.process(event.pid());
                if (process != null) {
                    listener.processExecuted(process.pid(), process.exePath());
                }
            }
            case EXIT -> {
                GuestProcess process = engine.process(event.pid());
                if (process != null && process.exitStatus() != null) {
                    listener.processEnded(process.pid(), Engine.shellStatus(process.exitStatus()));
                }
            }
            default -> {
            }
        }
    }

    private Suspension stopAtEvent(TraceEvent event, GuestThread thread) {
        boolean call = event.kind() == TraceKind.SYSCALL_ENTRY || event.kind() == TraceKind.SYSCALL_EXIT;
        String where = call ? event.name() + " " + (event.kind() == TraceKind.SYSCALL_ENTRY ? "entry" : "exit") + " (depth "
                + event.depth() + " via " + event.path().label() + ")" : "";
        if (mode == Mode.SYSCALL_EVENT && call) {
            return new Suspension(event.tid(), Suspension.Reason.STEP_END, "Syscall event: " + where, event);
        }
        if (mode == Mode.STEP_INSTRUCTION && event.kind() == TraceKind.SYSCALL_ENTRY && stepThread != null
                && stepThread.tid() == event.tid()) {
            return new Suspension(event.tid(), Suspension.Reason.STEP_END, "Stepped into " + where, event);
        }
        if (call) {
            for (SyscallCatchpoint catchpoint : syscallCatchpoints) {
                if (!catchpoint.matches(event.nr(), event.path(), event.depth())) {
                    continue;
                }
                if (event.kind() == TraceKind.SYSCALL_ENTRY && catchpoint.onEntry() && event.depth() > 1) {
                    return new Suspension(event.tid(), Suspension.Reason.CATCHPOINT, "Syscall catchpoint: " + where, event);
                }
                if (event.kind() == TraceKind.SYSCALL_EXIT && catchpoint.onExit()) {
                    if (event.depth() > 1) {
                        return new Suspension(event.tid(), Suspension.Reason.CATCHPOINT, "Syscall catchpoint: " + where, event);
                    }
                    // a call from guest code: stop once its result is in r3 and the thread is back at its caller
                    pendingStopThread = thread;
                    pendingStopReason = Suspension.Reason.CATCHPOINT;
                    pendingStopDescription = "Syscall catchpoint: " + event.name() + " returned "
                            + (event.errno() != 0 ? "-1 " + dev.k42lens.core.layer.table.Errno.of(event.errno()).map(Enum::name).orElse("errno " + event.errno())
                                    : String.valueOf(event.ret()))
                            + " (depth 1 via " + event.path().label() + ")";
                    return null;
                }
            }
        }
        if (event.kind().isSignal()) {
            for (SignalCatchpoint catchpoint : signalCatchpoints) {
                if (catchpoint.matches(event)) {
                    return new Suspension(event.tid(), Suspension.Reason.CATCHPOINT, "Signal catchpoint: "
                            + dev.k42lens.core.layer.table.Signal.nameOf(event.signal()) + " " + event.kind().label().replace("signal_", "")
                            + (event.depth() > 0 ? " at depth " + event.depth() : ""), event);
                }
            }
        }
        return null;
    }

    /** Holds the engine thread until a command (or termination) lets it go on. */
    private void suspend(GuestThread thread, Suspension stop) {
        if (terminateRequested) {
            return;
        }
        mode = Mode.RUN;
        stepThread = null;
        runToAddresses = new long[0];
        suspendRequested = false;
        suspension = stop;
        commandGiven = false;
        listener.suspended(stop);
        boolean interrupted = false;
        while (!commandGiven && !terminateRequested) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        suspension = null;
        resumedTid = thread.tid();
        resumedPc = thread.cpu().pc;
        resumedCount = thread.interpreter().instructionCount();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!terminateRequested) {
            listener.resumed(mode == Mode.RUN ? DebugListener.Resumption.RESUME : DebugListener.Resumption.STEP);
        }
    }

    /**
     * {@code addis r2,r12,...}: the first instruction of an ELFv2 global entry point, which computes
     * the TOC from the entry address in r12; calls from the same module enter 8 bytes later.
     */
    private static boolean setsTocFromEntryAddress(int word) {
        Instruction instruction = InstructionTable.get().decode(word);
        return instruction != null && instruction.mnemonic().equals("addis") && Fields.rt(word) == 2 && Fields.ra(word) == 12;
    }
}
