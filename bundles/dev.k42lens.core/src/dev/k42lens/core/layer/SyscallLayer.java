package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.SignalInfo;
import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.elf.LoadedProgram;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.layer.table.EnteredCall;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.layer.table.SyscallDescriptor;
import dev.k42lens.core.layer.table.SyscallFormatter;
import dev.k42lens.core.layer.table.SyscallTable;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.MemoryLimitException;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceListener;

/**
 * The K42 system-call layer: one handler per call, reached through the transfer table (retargeted
 * glibc sites) or by trap reflection (any other sc), both through the same slot. Entering marks
 * the thread as in a system call and counts the depth; handlers may call back into the layer.
 */
public final class SyscallLayer {
    private final SyscallTable table = SyscallTable.ppc64();
    private final Map<Integer, SyscallHandler> handlers = new HashMap<>();
    /** What the handlers that do not do everything Linux does leave out, by call number. */
    private final Map<Integer, String> limits = new HashMap<>();
    private final DispatchMode mode;
    private final TraceListener listener;
    private final SignalDelivery signals = new SignalDelivery(this);
    private long sequence;

    public SyscallLayer(DispatchMode mode, TraceListener listener) {
        this.mode = mode;
        this.listener = listener;
        FileCalls.register(this);
        MemoryCalls.register(this);
        ProcessCalls.register(this);
        TimeCalls.register(this);
        SignalCalls.register(this);
        TimerCalls.register(this);
        EventCalls.register(this);
        ThreadCalls.register(this);
        ProcessTreeCalls.register(this);
        SharedMemoryCalls.register(this);
        SocketCalls.register(this);
        terminals = TerminalCalls.register(this);
    }

    private final TerminalCalls terminals;

    TerminalCalls terminals() {
        return terminals;
    }

    /**
     * A process ended (called before its children are reparented): a session leader's
     * controlling terminal hangs up, and groups it leaves orphaned with stopped members get
     * SIGHUP and SIGCONT.
     */
    public void processEnded(GuestProcess process) {
        terminals.processEnded(process);
        signals.hangUpOrphanedGroups(process);
    }

    private ProcessServer processServer;

    /** Connects the layer to the process-tree server (the engine). */
    public void setProcessServer(ProcessServer server) {
        processServer = server;
    }

    ProcessServer processServer() {
        return processServer;
    }

    /** server_call/server_return: {@code server} is the server, {@code op} the request. */
    void emitServer(GuestThread thread, TraceKind kind, String server, String op) {
        GuestThread.LayerCall call = thread.innermostCall();
        if (listener == null || call == null) {
            emitAtPc(thread, kind, -1, op, server, 0, 0);
            return;
        }
        // the innermost call's handler makes the request; the PC stays at the outermost handler's entry
        long handlerEntry = TransferTable.entryAddress(thread.process().transferTable().handlerFor(call.number()));
        emit(thread, kind, -1, op, server, 0, null, thread.depth(), handlerEntry, symbolOf(thread, handlerEntry), 0, 0, true);
    }

    /**
     * A request to an emulated server (K42 kept file systems, pipes and the process tree in
     * servers outside the process): server_call before it, server_return after it, whatever the
     * answer. A null {@code server} means the layer does the work itself, with no events.
     */
    long serve(GuestThread thread, String server, String op, java.util.function.LongSupplier request) {
        if (server == null) {
            return request.getAsLong();
        }
        emitServer(thread, TraceKind.SERVER_CALL, server, op);
        try {
            return request.getAsLong();
        } finally {
            emitServer(thread, TraceKind.SERVER_RETURN, server, op);
        }
    }

    /** exec (the new image's thread) and exit (the ended process) events. */
    public void emitProcess(GuestThread thread, TraceKind kind) {
        emitThread(thread, kind, thread.process().pid());
    }

    SignalDelivery signals() {
        return signals;
    }

    public SyscallTable table() {
        return table;
    }

    public DispatchMode mode() {
        return mode;
    }

    /** Registers the handler of the call named {@code name} (its handler id is its number). */
    void register(String name, SyscallHandler handler) {
        if (handlers.putIfAbsent(describe(name).number(), handler) != null) {
            throw new IllegalStateException(name + " is registered twice");
        }
    }

    /** States what the registered handler of {@code name} leaves out of Linux's call (the compatibility table's "partial"). */
    void limit(String name, String whatIsMissing) {
        int number = describe(name).number();
        if (!handlers.containsKey(number)) {
            throw new IllegalStateException(name + " has no handler to limit");
        }
        limits.put(number, whatIsMissing);
    }

    /** What the handler of call {@code number} leaves out, or null when it does all of it (or there is none). */
    String limitOf(int number) {
        return limits.get(number);
    }

    private SyscallDescriptor describe(String name) {
        return table.byName(name).orElseThrow(() -> new IllegalArgumentException("no ppc64 system call named " + name));
    }

    /** Registers a call whose work is a request to {@code server}, the request named after the call. */
    void registerServed(String name, String server, SyscallHandler handler) {
        register(name, c -> serve(c.thread(), server, name, () -> handler.call(c)));
    }

    public boolean isImplemented(int number) {
        return handlers.containsKey(number);
    }

    /**
     * The thread stopped at an sc. Either the site is retargeted to the table (and the thread simply
     * resumes at it, now a branch), or the trap is reflected into the slot's handler.
     */
    public void onSystemCallInstruction(GuestThread thread) {
        Cpu cpu = thread.cpu();
        long site = cpu.pc;
        TransferTable transferTable = thread.process().transferTable();
        if (shouldRetarget(thread.process().program(), site) && transferTable.retarget(site)) {
            return;
        }
        int handler = transferTable.handlerFor(cpu.gpr[0]);
        dispatch(thread, handler, DispatchPath.TRAP, site, site + 4);
    }

    /** True when the {@code sc} the thread stands at is about to become a table site rather than trap. */
    public boolean willRetarget(GuestThread thread) {
        long site = thread.cpu().pc;
        return shouldRetarget(thread.process().program(), site) && !thread.process().transferTable().isFull();
    }

    /** The thread branched to a handler entry: it came through the transfer table. */
    public void onLayerEntry(GuestThread thread, int handler) {
        Cpu cpu = thread.cpu();
        long back = cpu.gpr[11];
        dispatch(thread, handler, DispatchPath.TABLE, back - 4, back);
    }

    private boolean shouldRetarget(LoadedProgram program, long site) {
        if (site < TransferTable.TRAMPOLINE_REGION_END) {
            return false; // the layer's own sc (the signal-return trampoline) stays a trap
        }
        return switch (mode) {
            case TRAP -> false;
            case TABLE -> true;
            // K42 kept glibc's wrappers in shared libraries: only a dynamic program's libraries use the table
            case AUTO -> program.isDynamicallyLinked() && !program.executable().contains(site);
        };
    }

    private void dispatch(GuestThread thread, int handler, DispatchPath path, long site, long back) {
        Cpu cpu = thread.cpu();
        int number = (int) cpu.gpr[0];
        long[] args = { cpu.gpr[3], cpu.gpr[4], cpu.gpr[5], cpu.gpr[6], cpu.gpr[7], cpu.gpr[8] };
        long result = invoke(thread, handler, number, args, path, site, back);
        if (result == SyscallHandler.NO_RETURN) {
            return;
        }
        if (result == SyscallHandler.REGISTERS_SET) {
            signals.deliverPending(thread); // the restored mask may let pending signals through
            return;
        }
        if (result == SyscallHandler.WOULD_BLOCK) {
            leaveToBlock(thread, number, path, site, back);
            return;
        }
        returnResult(cpu, result, back);
        // K42: signals that arrived during the call are delivered on the return from the outermost level
        signals.deliverPending(thread);
    }

    /**
     * K42's "never block inside the layer": the call has left it (depth 0); the thread now waits
     * outside it, at its call site, so that pending signals can be delivered and the call restarted
     * or failed with EINTR.
     */
    private void leaveToBlock(GuestThread thread, int number, DispatchPath path, long site, long back) {
        GuestThread.Wait spec = thread.waiting();
        String name = table.describe(number).name();
        GuestThread.Wait wait = new GuestThread.Wait(spec.ready(), spec.restart(), spec.result(), number, name, site, back, path,
                spec.deadlineNs(), spec.cancel(), spec.uninterruptible());
        emitState(thread, TraceKind.LEAVE_TO_BLOCK, wait);
        thread.cpu().pc = site;
        thread.setWaiting(wait);
        emitState(thread, TraceKind.BLOCKED, wait);
        signals.deliverPendingToWaiting(thread);
    }

    /**
     * Lets a waiting thread go on if its call can: woken by its condition, or interrupted by a
     * deliverable signal. Returns true when the thread is runnable again.
     */
    public boolean resumeIfPossible(GuestThread thread) {
        GuestThread.Wait wait = thread.waiting();
        if (wait == null) {
            return true;
        }
        TimerCalls.fire(this, thread.process());
        if (thread.deliverableSignal() != 0 && !wait.uninterruptible()) {
            signals.interrupt(thread, wait);
            return true;
        }
        if (!wait.ready().getAsBoolean()) {
            return false;
        }
        thread.setWaiting(null);
        emitState(thread, TraceKind.WOKEN, wait);
        if (wait.restart()) {
            emitState(thread, TraceKind.RESTART, wait);
        } else {
            complete(thread, wait, wait.result().getAsLong());
        }
        return true;
    }

    /** Ends a waiting call with {@code result} at its return address. */
    void complete(GuestThread thread, GuestThread.Wait wait, long result) {
        emit(thread, TraceKind.SYSCALL_EXIT, wait.number(), wait.name(), completedArguments(thread, wait.number(), result), result,
                wait.path(), thread.depth(), wait.site(), symbolOf(thread, wait.site()), 0, 0, true);
        returnResult(thread.cpu(), result, wait.back());
    }

    /** The decoded arguments of a call that waited, as it completes: they are still in r3..r8, its result not yet in r3. */
    private String completedArguments(GuestThread thread, int number, long result) {
        SyscallDescriptor descriptor = table.byNumber(number).orElse(null);
        if (descriptor == null) {
            return "";
        }
        long[] r = thread.cpu().gpr;
        SyscallFormatter formatter = new SyscallFormatter(thread.process().memory());
        return argumentsIn(formatter.exit(formatter.enter(descriptor, new long[] { r[3], r[4], r[5], r[6], r[7], r[8] }), result),
                descriptor.name());
    }

    /** Fires due timers and delivers pending signals at an instruction boundary (outside the layer). */
    public void atInstructionBoundary(GuestThread thread) {
        TimerCalls.fire(this, thread.process());
        signals.deliverPending(thread);
    }

    /** Posts a signal to a process from outside any call (a child's end). */
    public void postToProcess(GuestProcess process, SignalInfo info) {
        signals.postToProcess(process, info, -1, null);
    }

    /** True when {@code signo} waits to be delivered to some thread of {@code process}. */
    public boolean isPending(GuestProcess process, int signo) {
        return process.liveThreads().stream().anyMatch(t -> (SignalDelivery.pendingFor(t) & SignalDelivery.bit(signo)) != 0);
    }

    /** A synchronous fault of the thread's current instruction becomes its signal. */
    public void fault(GuestThread thread, SignalInfo info) {
        signals.force(thread, info);
    }

    /** A signal event, with the thread's pending signals after it. */
    void emitSignal(GuestThread thread, TraceKind kind, int signo, int number, String name) {
        emitAtPc(thread, kind, number, name == null ? "" : name, listener == null ? "" : Signal.setText(thread.pendingSignals()), signo, 0);
    }

    /** Sets the thread's signal mask, with a signal_mask event when that changes it. */
    void setSignalMask(GuestThread thread, long mask) {
        long before = thread.signalMask();
        thread.setSignalMask(mask);
        if (thread.signalMask() != before) {
            emitSignalMask(thread);
            signals.claimProcessSignals(thread);
        }
    }

    /** After a thread or process is created: the mask it inherited, unless empty (a thread's mask is empty until its first signal_mask). */
    void emitInheritedMask(GuestThread created) {
        if (created.signalMask() != 0) {
            emitSignalMask(created);
        }
    }

    private void emitSignalMask(GuestThread thread) {
        if (listener != null) {
            emitAtPc(thread, TraceKind.SIGNAL_MASK, -1, "", Signal.setText(thread.signalMask()), 0, 0);
        }
    }

    /** An IllegalArgumentException that says why, unless slot {@code slot} can be swapped to {@code handler}. */
    public void checkSwap(int slot, int handler) {
        if (slot < 0 || slot >= TransferTable.SLOTS) {
            throw new IllegalArgumentException("no transfer-table slot " + slot + " (the table has slots 0 to " + (TransferTable.SLOTS - 1) + ")");
        }
        if (handler != TransferTable.ENOSYS_HANDLER && !isImplemented(handler)) {
            throw new IllegalArgumentException("the layer has no handler for syscall " + handler);
        }
    }

    /** The handler slot {@code slot} starts with: the call's own when the layer implements it, else ENOSYS's. */
    public int ownHandler(int slot) {
        return isImplemented(slot) ? slot : TransferTable.ENOSYS_HANDLER;
    }

    /**
     * Hot-swaps slot {@code slot} of {@code thread}'s process's transfer table to {@code handler}
     * (a call's number whose handler the layer has, or {@link TransferTable#ENOSYS_HANDLER}): the
     * next call through the slot, by the table or by a trap, goes there. Recorded as slot_swap.
     */
    public void swapSlot(GuestThread thread, int slot, int handler) {
        checkSwap(slot, handler);
        GuestProcess process = thread.process();
        process.transferTable().setSlot(slot, handler);
        String name = table.byNumber(slot).map(SyscallDescriptor::name).orElse("syscall_" + slot);
        emitAtPc(thread, TraceKind.SLOT_SWAP, slot, name, process.describeCode(TransferTable.entryAddress(handler)), 0, 0);
    }

    /** thread_start (from the creating thread) or thread_exit (from the ending one) for {@code target}. */
    public void emitThread(GuestThread thread, TraceKind kind, int target) {
        emitAtPc(thread, kind, -1, "", "", 0, target);
    }

    void emitState(GuestThread thread, TraceKind kind, GuestThread.Wait wait) {
        emit(thread, kind, wait.number(), wait.name(), "", 0, wait.path(), thread.depth(), wait.site(), symbolOf(thread, wait.site()), 0,
                0, true);
    }

    long nested(GuestThread thread, long callerEntry, String name, long... arguments) {
        SyscallDescriptor descriptor = table.byName(name).orElseThrow();
        long[] args = java.util.Arrays.copyOf(arguments, 6);
        int handler = thread.process().transferTable().handlerFor(descriptor.number());
        return invoke(thread, handler, descriptor.number(), args, DispatchPath.TABLE, callerEntry, 0);
    }

    private long invoke(GuestThread thread, int handler, int number, long[] args, DispatchPath path, long site, long back) {
        SyscallDescriptor descriptor = table.byNumber(number).orElse(null);
        String name = descriptor == null ? "syscall_" + number : descriptor.name();
        int depth = thread.enterLayer(number, name, path, site);
        try {
            // decoding arguments and naming the site is the trace's cost: none when nobody listens
            boolean traced = listener != null;
            SyscallFormatter formatter = traced ? new SyscallFormatter(thread.process().memory()) : null;
            EnteredCall entered = descriptor == null || !traced ? null : formatter.enter(descriptor, args);
            String symbol = traced ? symbolOf(thread, site) : "";
            SyscallHandler implementation = handler == number ? handlers.get(number) : handlers.get(handler);
            boolean implemented = implementation != null;
            emit(thread, TraceKind.SYSCALL_ENTRY, number, name, entered == null ? "" : argumentsOf(entered, descriptor), 0, path, depth,
                    site, symbol, 0, 0, implemented);
            long result;
            try {
                result = implementation == null ? Errno.ENOSYS.negated()
                        : implementation.call(new SyscallCall(this, thread, number, args, handler, back));
            } catch (GuestFault fault) {
                result = Errno.EFAULT.negated(); // a guest pointer to nowhere, as the kernel's copy would fail
            } catch (MemoryLimitException limit) {
                result = Errno.ENOMEM.negated(); // the run's guest memory limit: nothing was allocated
            } catch (LayerError error) {
                result = error.errno().negated();
            }
            if (traced && result != SyscallHandler.NO_RETURN && result != SyscallHandler.WOULD_BLOCK) {
                // rt_sigreturn "returns" the r3 it restored, as strace shows it
                long shown = result == SyscallHandler.REGISTERS_SET ? thread.cpu().gpr[3] : result;
                String exit = entered == null ? "" : formatter.exit(entered, shown);
                emit(thread, TraceKind.SYSCALL_EXIT, number, name, argumentsIn(exit, name), shown, path, depth, site, symbol, 0, 0,
                        implemented);
            }
            return result;
        } finally {
            thread.leaveLayer();
        }
    }

    /** The Linux ppc64 return convention: r3 = result, CR0.SO set with a positive errno on failure; then back to the caller. */
    private static void returnResult(Cpu cpu, long result, long back) {
        if (Errno.isError(result)) {
            cpu.gpr[3] = -result;
            cpu.setCrField(0, cpu.crField(0) | 1);
        } else {
            cpu.gpr[3] = result;
            cpu.setCrField(0, cpu.crField(0) & ~1);
        }
        cpu.pc = back;
    }

    /** An event of {@code thread} now; a failed exit's errno comes from its result. */
    private void emit(GuestThread thread, TraceKind kind, int nr, String name, String args, long ret, DispatchPath path, int depth,
            long site, String symbol, int signal, int targetTid, boolean implemented) {
        if (listener == null) {
            return;
        }
        int errno = kind == TraceKind.SYSCALL_EXIT && Errno.isError(ret) ? (int) -ret : 0;
        emit(new TraceEvent(sequence++, thread.process().clock().monotonicNs(), thread.process().pid(), thread.tid(), kind, nr, name,
                args, ret, errno, path, depth, site, symbol, signal, targetTid, implemented));
    }

    /** An event about the thread itself rather than a call: at its current depth and instruction. */
    private void emitAtPc(GuestThread thread, TraceKind kind, int nr, String name, String args, int signal, int targetTid) {
        if (listener == null) {
            return; // naming the code at the PC searches the symbol tables: only for someone who listens
        }
        long pc = thread.cpu().pc;
        emit(thread, kind, nr, name, args, 0, null, thread.depth(), pc, symbolOf(thread, pc), signal, targetTid, true);
    }

    private void emit(TraceEvent event) {
        if (listener != null) {
            listener.event(event);
        }
    }

    private static String argumentsOf(EnteredCall entered, SyscallDescriptor descriptor) {
        return String.join(", ", entered.argumentTexts().stream().filter(t -> !t.isEmpty()).toList());
    }

    /** The text between "name(" and the matching ")" of a formatted call. */
    private static String argumentsIn(String line, String name) {
        int open = name.length();
        int close = line.lastIndexOf(") = ");
        if (close < 0) {
            close = line.lastIndexOf(')');
        }
        return line.length() > open && close > open ? line.substring(open + 1, close) : "";
    }

    private static String symbolOf(GuestThread thread, long site) {
        return thread.process().describeCode(site);
    }
}
