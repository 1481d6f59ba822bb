package dev.k42lens.core.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.ExecutionProfile;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.Stop;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.elf.ElfException;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.ElfLoader;
import dev.k42lens.core.elf.LoadRequest;
import dev.k42lens.core.elf.LoadedProgram;
import dev.k42lens.core.kernel.fs.FileStat;
import dev.k42lens.core.kernel.fs.FsConfig;
import dev.k42lens.core.kernel.fs.FsErrno;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.FsResult;
import dev.k42lens.core.kernel.fs.GuestFileSystem;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.kernel.fs.Sysroot;
import dev.k42lens.core.layer.SyscallLayer;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryLimitException;
import dev.k42lens.core.mem.PageBudget;

/**
 * Runs one guest program to its end on the calling thread (the engine thread): loads it, installs
 * the transfer table, and alternates between the interpreter and the syscall layer.
 */
public final class Engine implements AutoCloseable, dev.k42lens.core.layer.ProcessServer {
    /** The scheduler's time slice, in guest instructions: fixed, so runs are reproducible. */
    private static final long QUANTUM = 100_000;
    private static final int PID = 1000;
    /** The parent of the first process and of every orphan: init, outside the guest. */
    private static final int INIT = 1;

    private final RunOptions options;
    /** Where the threads count their work outside translated code (--profile), or null. */
    private ExecutionProfile profile;
    private final GuestFileSystem fileSystem;
    /** Every address space of the run counts its private pages here. */
    private final PageBudget pageBudget;
    /**
     * Every process of the run by pid, zombies included until their parent reaps them; a reaped
     * one leaves at the scheduler's next round (the first process stays, for its exit status).
     */
    private final java.util.Map<Integer, GuestProcess> processes = new java.util.LinkedHashMap<>();
    /**
     * What the threads of images no longer in {@link #processes} (reaped, or replaced by exec)
     * counted, by {@link WorkCount}: so that counting the run's work costs the live processes
     * only, not every process a fork-heavy guest ever made.
     */
    private final long[] retiredWork = new long[WorkCount.values().length];
    private int nextId = PID + 1;
    private final CpuModel cpuModel;
    private final SplittableRandom random;
    private final SyscallLayer layer;
    private final PrintStream diagnostics;
    private volatile boolean cancelled;
    /** The thread in {@link #run()}, for {@link #cancel()} to wake; guarded by runnerLock. */
    private Thread runner;
    private final Object runnerLock = new Object();
    /** A debugger holding the engine thread, or null for a plain run. */
    private ExecutionMonitor monitor;

    /**
     * Prepares a run.
     *
     * @throws EngineException with one line for the user when the program cannot run at all
     */
    public Engine(RunOptions options) throws EngineException {
        this.options = options;
        this.diagnostics = new PrintStream(options.stderr(), true);
        long heap = Runtime.getRuntime().maxMemory();
        if (options.limits().memoryBytes() > heap / 4 * 3) {
            throw new EngineException("a guest memory limit of " + (options.limits().memoryBytes() >> 20) + " MiB does not fit in the "
                    + (heap >> 20) + " MiB the engine's heap may grow to (the engine and its trace need a quarter of it): "
                    + "give less, or start the engine's JVM with a larger -Xmx");
        }
        ElfFile elf = readProgram(options.program());
        boolean bigEndian = elf.byteOrder() == ByteOrder.BIG_ENDIAN;
        CpuModel cpu = options.cpu() != null ? options.cpu() : CpuModel.defaultFor(elf.byteOrder());
        if (!bigEndian && !cpu.runsLittleEndian()) {
            throw new EngineException("CPU model " + cpu.platform() + " cannot run little-endian programs (use power8 or power9)");
        }
        // a guest root brings its own libraries: the cross sysroot fills gaps only when asked for, since
        // mixing its glibc with the root's dynamic loader would break both
        Path sysroot = options.sysroot() != null ? options.sysroot()
                : options.root() == null ? Sysroot.debianCross(bigEndian).directory() : null;
        if (elf.interpreter().isPresent() && sysroot != null && !Files.isDirectory(sysroot)) {
            throw new EngineException("missing sysroot " + sysroot + " for the dynamically linked " + options.program()
                    + " (install libc6-" + (bigEndian ? "ppc64" : "ppc64el") + "-cross or give --sysroot)");
        }
        try {
            FsConfig.Builder config = FsConfig.builder().program(options.program().toAbsolutePath()).tmpBytes(options.limits().tmpBytes())
                    .controllingTty(options.terminal()).cwdMount(options.cwdMount());
            if (sysroot != null) {
                config.sysroot(new Sysroot(sysroot, Sysroot.debianCross(bigEndian).multiarchTriplet()));
            }
            if (options.workingDirectory() != null) {
                config.hostCwd(options.workingDirectory().toAbsolutePath());
            }
            if (options.root() != null) {
                config.root(options.root());
            }
            for (MountSpec mount : options.mounts()) {
                config.mount(mount);
            }
            this.fileSystem = new GuestFileSystem(config.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException("cannot set up the guest file system: " + e.getMessage());
        }
        this.pageBudget = new PageBudget(options.limits().memoryBytes());
        GuestMemory memory = new GuestMemory(bigEndian, pageBudget);
        VirtualClock clock = new VirtualClock(options.hostClock());
        this.random = new SplittableRandom(options.seed());
        this.cpuModel = cpu;
        String exePath = fileSystem.programGuestPath();
        List<String> argv = new ArrayList<>();
        argv.add(options.arguments().isEmpty() ? exePath : options.arguments().get(0));
        argv.addAll(options.arguments().size() > 1 ? options.arguments().subList(1, options.arguments().size()) : List.of());
        GuestProcess process = new GuestProcess(PID, INIT, () -> nextId++, memory, fileSystem, new SharedMemory(), clock, argv, options.environment(),
                exePath, random.split());
        process.setCredentials(new GuestProcess.Credentials(hostId("uid"), hostId("gid")));
        process.setLimits(ResourceLimits.of(options.limits()));
        this.layer = new SyscallLayer(options.dispatch(), options.trace());
        layer.setProcessServer(this);
        TransferTable transferTable = TransferTable.install(memory, layer::ownHandler);
        LoadedProgram program;
        try {
            program = ElfLoader.load(elf, memory, new LoadRequest(exePath, argv, options.environment(),
                    process.credentials().uid(), process.credentials().uid(), process.credentials().gid(),
                    process.credentials().gid(), cpu, random.split(), this::resolveInterpreter));
        } catch (ElfException | MemoryLimitException e) {
            close(); // the private /tmp goes with the run that could not start
            throw new EngineException(e.getMessage());
        }
        process.attach(program, transferTable);
        GuestThread thread = process.newThread();
        startAt(thread, program);
        register(process);
        clock.countInstructions(this::instructionCount);
        int append = 0;
        process.install(FileDescription.hostStream("pipe:[stdin]", options.stdin(), null, options.terminal(), OpenFlags.O_RDONLY),
                false, 0);
        process.install(FileDescription.hostStream("pipe:[stdout]", null, options.stdout(), options.terminal(),
                OpenFlags.O_WRONLY | append), false, 1);
        process.install(FileDescription.hostStream("pipe:[stderr]", null, options.stderr(), options.terminal(),
                OpenFlags.O_WRONLY | append), false, 2);
    }

    private static ElfFile readProgram(Path program) throws EngineException {
        if (!Files.exists(program)) {
            throw new EngineException(program + ": no such file");
        }
        if (Files.isDirectory(program)) {
            throw new EngineException(program + ": is a directory");
        }
        if (!Files.isRegularFile(program)) {
            throw new EngineException(program + ": not a regular file"); // a FIFO or device would block or never end
        }
        if (!Files.isReadable(program)) {
            throw new EngineException(program + ": permission denied");
        }
        try {
            return ElfFile.read(program);
        } catch (ElfException e) {
            throw new EngineException(program + ": " + e.getMessage());
        }
    }

    /** The interpreter named by PT_INTERP, looked up in the guest's own file system (sysroot first). */
    private byte[] resolveInterpreter(String guestPath) throws ElfException {
        FsResult<FsNode> node = fileSystem.resolve(guestPath, "/", true);
        if (!node.isOk() || !(node.value() instanceof FsNode.HostFile host) || !FileStat.isRegular(host.mode())) {
            throw new ElfException("missing interpreter " + guestPath + " (looked in the sysroot and the guest root)");
        }
        FsResult<byte[]> content = fileSystem.readAll(host);
        if (!content.isOk()) {
            throw new ElfException("cannot read interpreter " + guestPath + ": " + FsErrno.name(content.errno()));
        }
        return content.value();
    }

    private static int hostId(String which) {
        try {
            Object id = Files.getAttribute(Path.of(System.getProperty("user.home", "/")), "unix:" + which);
            return id instanceof Integer i ? i : 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** The run's first process (its current image). */
    public GuestProcess process() {
        return processes.get(PID);
    }

    /** The first process's main thread. */
    public GuestThread thread() {
        return process().threads().get(0);
    }

    private static void startAt(GuestThread thread, LoadedProgram program) {
        Cpu registers = thread.cpu();
        registers.pc = program.pc();
        registers.gpr[1] = program.stackPointer();
        registers.gpr[2] = program.toc();
        registers.gpr[12] = program.r12();
        registers.hashKey = Cpu.newHashKey();   // a new key for every program image, as Linux gives at exec
    }

    private void register(GuestProcess p) {
        GuestProcess replaced = processes.put(p.pid(), p);
        if (replaced != null && replaced != p) {
            retire(replaced);
        }
        p.onExit(this::ended);
    }

    /** The work counters of a process's threads go into {@link #retiredWork}: it leaves the table. */
    private void retire(GuestProcess p) {
        for (WorkCount count : WorkCount.values()) {
            retiredWork[count.ordinal()] += count.of(p);
        }
    }

    /** Reaped processes leave the table (the first process stays, whoever reaps it). */
    private void forgetReaped() {
        processes.values().removeIf(p -> {
            boolean gone = p.reaped() && p.pid() != PID;
            if (gone) {
                retire(p);
            }
            return gone;
        });
    }

    /**
     * A process ended: its parent gets SIGCHLD; its children go to the nearest living ancestor
     * that is a child subreaper, else to init, which is outside the guest and reaps them as soon as
     * they end (the first process is not init: it was started by a shell); the trace says so.
     */
    private void ended(GuestProcess p) {
        GuestThread last = p.threads().get(p.threads().size() - 1);
        layer.emitProcess(last, dev.k42lens.core.trace.TraceKind.EXIT);
        layer.processEnded(p);
        int reaper = reaperFor(p);
        for (GuestProcess child : processes.values()) {
            if (child.parentPid() == p.pid() && child != p) {
                child.setParentPid(reaper);
                if (reaper == INIT && child.exitStatus() != null) {
                    child.markReaped();
                }
                int signo = child.control().parentDeathSignal();
                if (signo != 0 && child.exitStatus() == null) {
                    layer.postToProcess(child, new SignalInfo(signo, SignalInfo.SI_USER, p.pid(), p.credentials().uid(), 0));
                }
            }
        }
        if (p.pid() == PID) {
            return;
        }
        GuestProcess parent = processes.get(p.parentPid());
        if (parent == null) {
            p.markReaped(); // init reaps it
            return;
        }
        if (parent.exitStatus() == null && !parent.liveThreads().isEmpty()) {
            layer.postToProcess(parent, SignalInfo.child(SignalInfo.childCode(p.exitStatus()), p.pid(),
                    p.credentials().uid(), SignalInfo.childStatus(p.exitStatus())));
        }
    }

    /** Who adopts the orphans of {@code p}: its nearest living ancestor that is a child subreaper, else init. */
    private int reaperFor(GuestProcess p) {
        for (GuestProcess a = processes.get(p.parentPid()); a != null; a = processes.get(a.parentPid())) {
            if (a.exitStatus() == null && a.control().childSubreaper()) {
                return a.pid();
            }
        }
        return INIT;
    }

    @Override
    public GuestProcess fork(GuestThread caller, long back, boolean shareMemory) {
        GuestProcess child = caller.process().fork(nextId++, caller, shareMemory);
        GuestThread thread = child.threads().get(0);
        thread.cpu().pc = back;
        thread.cpu().gpr[3] = 0;
        thread.cpu().setCrField(0, thread.cpu().crField(0) & ~1);
        register(child);
        return child;
    }

    @Override
    public long exec(GuestThread caller, String path, List<String> argv, List<String> envp) {
        GuestProcess old = caller.process();
        FsResult<FsNode> node = fileSystem.resolve(dev.k42lens.core.kernel.fs.PathBase.cwdOf(old), path, true);
        if (!node.isOk()) {
            return -node.errno();
        }
        if (!(node.value() instanceof FsNode.HostFile host) || !FileStat.isRegular(host.mode())) {
            return dev.k42lens.core.layer.table.Errno.EACCES.negated();
        }
        FsResult<byte[]> content = fileSystem.readAll(host);
        if (!content.isOk()) {
            return -content.errno();
        }
        ElfFile elf;
        try {
            elf = ElfFile.parse(content.value());
        } catch (ElfException e) {
            return dev.k42lens.core.layer.table.Errno.ENOEXEC.negated();
        }
        if (elf.isBigEndian() != old.memory().isBigEndian()) {
            return dev.k42lens.core.layer.table.Errno.ENOEXEC.negated();
        }
        GuestMemory memory = new GuestMemory(elf.isBigEndian(), pageBudget);
        TransferTable table = TransferTable.install(memory, layer::ownHandler);
        LoadedProgram loaded;
        try {
            loaded = ElfLoader.load(elf, memory, new LoadRequest(host.guestPath(), argv, envp, old.credentials().uid(),
                    old.credentials().uid(), old.credentials().gid(), old.credentials().gid(), cpuModel, random.split(),
                    this::resolveInterpreter));
        } catch (ElfException e) {
            return dev.k42lens.core.layer.table.Errno.ENOEXEC.negated();
        }
        GuestProcess image = old.exec(memory, argv, envp, host.guestPath());
        image.attach(loaded, table);
        GuestThread thread = image.newThread();
        thread.inheritSignalsAcrossExec(caller);
        startAt(thread, loaded);
        register(image);
        layer.emitProcess(thread, dev.k42lens.core.trace.TraceKind.EXEC);
        return 0;
    }

    @Override
    public boolean atTaskLimit(GuestProcess caller) {
        int tasks = 0;
        for (GuestProcess p : processes.values()) {
            if (!p.reaped()) {
                tasks += p.exitStatus() != null ? 1 : Math.max(1, p.liveThreads().size());
            }
        }
        long own = caller.limits().soft(ResourceLimits.RLIMIT_NPROC);
        // Linux does not hold root to RLIMIT_NPROC; the run's own limit holds everyone
        return tasks >= options.limits().tasks() || caller.credentials().uid() != 0 && own != ResourceLimits.INFINITY && tasks >= own;
    }

    @Override
    public GuestProcess process(int pid) {
        GuestProcess p = processes.get(pid);
        return p == null || p.reaped() ? null : p;
    }

    @Override
    public List<GuestProcess> processes() {
        return processes.values().stream().filter(p -> !p.reaped()).toList();
    }

    @Override
    public List<GuestProcess> children(int parentPid) {
        return processes.values().stream().filter(p -> p.parentPid() == parentPid && !p.reaped() && p.pid() != parentPid).toList();
    }

    public SyscallLayer layer() {
        return layer;
    }

    /**
     * Hot-swaps a transfer-table slot in every process that still runs (each has its own table);
     * on the engine thread, or while it waits. A refused swap is an IllegalArgumentException.
     */
    public void swapSlot(dev.k42lens.core.layer.SlotSwap swap) {
        layer.checkSwap(swap.slot(), swap.handler());
        for (GuestProcess process : processes()) {
            List<GuestThread> threads = process.liveThreads();
            if (!threads.isEmpty()) {
                layer.swapSlot(threads.get(0), swap.slot(), swap.handler());
            }
        }
    }

    /** Lets a debugger hold the engine thread (before {@link #run()}). */
    public void setMonitor(ExecutionMonitor monitor) {
        this.monitor = monitor;
    }

    /**
     * Asks a running {@link #run()} to stop at its next check, waking its thread if it waits for
     * host time (the host clock's sleeps).
     */
    public void cancel() {
        cancelled = true;
        synchronized (runnerLock) {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /**
     * Runs the program to its end and returns the exit status as a shell reports it: the guest's
     * exit code, or 128+N when a signal N ended it.
     */
    public int run() {
        synchronized (runnerLock) {
            runner = Thread.currentThread();
        }
        try {
            return runToEnd();
        } finally {
            synchronized (runnerLock) {
                runner = null;
                if (cancelled) {
                    Thread.interrupted(); // the caller's thread keeps no interrupt of cancel's
                }
            }
        }
    }

    private int runToEnd() {
        while (process().exitStatus() == null && !cancelled) {
            boolean ran = false;
            forgetReaped();
            for (GuestProcess p : List.copyOf(processes.values())) {
                if (p.stopped()) {
                    continue;
                }
                for (GuestThread t : p.liveThreads()) {
                    if (process().exitStatus() != null || cancelled) {
                        break;
                    }
                    try {
                        if (t.exited() || p.stopped() || (t.waiting() != null && !layer.resumeIfPossible(t))) {
                            continue;
                        }
                        runQuantum(t);
                    } catch (MemoryLimitException e) {
                        outOfMemory(p, e);
                    }
                    ran = true;
                    int limitSignal = p.cpuLimitSignal();
                    if (limitSignal != 0) {
                        layer.postToProcess(p, new SignalInfo(limitSignal, SignalInfo.SI_KERNEL, 0, 0, 0)); // RLIMIT_CPU
                    }
                }
            }
            if (!ran && process().exitStatus() == null && !cancelled && !letTimePass()) {
                diagnostics.println(process().stopped()
                        ? "k42lens: the program was stopped by a signal and nothing in the guest can continue it: ending it"
                        : "k42lens: every guest thread waits and nothing can wake them: stopping the guest");
                process().exit(9);
            }
        }
        Integer status = process().exitStatus();
        if (status == null) {
            return 128 + 9;
        }
        sayWhichLimit(status & 0x7f);
        return shellStatus(status);
    }

    /**
     * A thread touched a page past the run's memory limit: its process is killed with SIGKILL, as
     * Linux's OOM killer would kill it, and one line says so.
     */
    private void outOfMemory(GuestProcess p, MemoryLimitException e) {
        if (layer.isPending(p, Signal.SIGKILL.number())) {
            return; // a waiting thread completing its call touched a page before the SIGKILL was delivered: one kill, one line
        }
        diagnostics.println("k42lens: " + e.getMessage() + ": SIGKILL for process " + p.pid()
                + ", as the kernel's out-of-memory killer would (--max-memory)");
        layer.postToProcess(p, new SignalInfo(Signal.SIGKILL.number(), SignalInfo.SI_KERNEL, 0, 0, 0));
    }

    /** One line when a resource limit's signal ended the program, as the shell's "CPU time limit exceeded". */
    private void sayWhichLimit(int signal) {
        if (signal == Signal.SIGXCPU.number()) {
            diagnostics.println("k42lens: the program used up its CPU time limit (RLIMIT_CPU): SIGXCPU ended it");
        } else if (signal == Signal.SIGXFSZ.number()) {
            diagnostics.println("k42lens: the program wrote past its file size limit (RLIMIT_FSIZE): SIGXFSZ ended it");
        }
    }

    /** A wait status as a shell reports it: the exit code, or 128+N when signal N ended the process. */
    public static int shellStatus(int waitStatus) {
        return (waitStatus & 0x7f) != 0 ? 128 + (waitStatus & 0x7f) : (waitStatus >> 8) & 0xff;
    }

    /**
     * Runs one thread for up to a quantum of instructions (the deterministic scheduler's time
     * slice), handling its system calls and faults, until it waits, yields or ends.
     */
    private void runQuantum(GuestThread t) {
        Interpreter interpreter = t.interpreter();
        GuestProcess process = t.process();
        long end = interpreter.instructionCount() + QUANTUM;
        while (process.exitStatus() == null && !process.stopped() && !t.exited() && t.waiting() == null && !cancelled) {
            layer.atInstructionBoundary(t);
            long budget = end - interpreter.instructionCount();
            if (process.exitStatus() != null || t.exited() || budget <= 0) {
                return;
            }
            if (monitor != null) {
                budget = monitor.beforeRun(t, budget);
                if (cancelled || budget <= 0) {
                    return;
                }
                interpreter.setBreakpoints(monitor.stopAddresses(t));
            }
            interpreter.setProfile(profile);
            Stop stop = interpreter.run(budget);
            switch (stop) {
                case BUDGET -> {
                    if (monitor == null || interpreter.instructionCount() >= end) {
                        return; // the quantum is over
                    }
                }
                case BREAKPOINT -> {
                    if (monitor == null) {
                        return;
                    }
                    monitor.atStopAddress(t);
                }
                case SYSTEM_CALL -> {
                    if (monitor != null) {
                        monitor.atSystemCall(t);
                        if (cancelled) {
                            return;
                        }
                    }
                    layer.onSystemCallInstruction(t);
                }
                case LAYER_ENTRY -> layer.onLayerEntry(t, TransferTable.handlerOf(interpreter.stopWord()));
                case FAULT -> {
                    GuestFault fault = interpreter.fault();
                    int code = fault.cause() == GuestFault.Cause.UNMAPPED ? SignalInfo.SEGV_MAPERR : SignalInfo.SEGV_ACCERR;
                    synchronousSignal(t, new SignalInfo(11, code, 0, 0, fault.address()),
                            String.format("SIGSEGV: %s (pc 0x%x)", fault.getMessage(), t.cpu().pc));
                }
                case ILLEGAL_INSTRUCTION -> {
                    Instruction row = interpreter.stopInstruction();
                    synchronousSignal(t, new SignalInfo(4, SignalInfo.ILL_ILLOPC, 0, 0, t.cpu().pc),
                            String.format("SIGILL: %s 0x%08x at 0x%x", row == null ? "illegal instruction"
                                    : "unimplemented instruction " + row.mnemonic(), interpreter.stopWord(), t.cpu().pc));
                }
                case FLOATING_POINT_EXCEPTION -> {
                    int code = SignalInfo.floatingPointCode(t.cpu().fpscr);
                    synchronousSignal(t, new SignalInfo(8, code, 0, 0, t.cpu().pc),
                            String.format("SIGFPE: floating-point exception (si_code %d, FPSCR 0x%08x) at 0x%x", code,
                                    t.cpu().fpscr, t.cpu().pc));
                }
                case HASH_CHECK -> synchronousSignal(t, new SignalInfo(4, SignalInfo.ILL_ILLOPN, 0, 0, t.cpu().pc),
                        String.format("SIGILL: hashchk found a hash hashst did not store (a return address overwritten) at 0x%x",
                                t.cpu().pc));
                case TRAP -> synchronousSignal(t, new SignalInfo(5, SignalInfo.TRAP_BRKPT, 0, 0, t.cpu().pc),
                        String.format("SIGTRAP: trap at 0x%x", t.cpu().pc));
            }
            if (t.takeYield()) {
                return;
            }
        }
    }

    /** Guest instructions executed by every thread so far. */
    public long instructionCount() {
        return total(WorkCount.INSTRUCTIONS);
    }

    /** The part of {@link #instructionCount()} executed in translated regions. */
    public long translatedInstructionCount() {
        return total(WorkCount.TRANSLATED_INSTRUCTIONS);
    }

    /** Counts every thread's work outside translated code in {@code profile} from now on (null: no counting). */
    public void setProfile(ExecutionProfile profile) {
        this.profile = profile;
    }

    /** Regions translated by every thread so far, and the instructions in them. */
    public long regionCount() {
        return total(WorkCount.REGIONS);
    }

    public long regionInstructionCount() {
        return total(WorkCount.REGION_INSTRUCTIONS);
    }

    private long total(WorkCount count) {
        long total = retiredWork[count.ordinal()];
        for (GuestProcess p : processes.values()) {
            total += count.of(p);
        }
        return total;
    }

    /** The counters of a thread's work that the run adds up over all its threads. */
    private enum WorkCount {
        INSTRUCTIONS(Interpreter::instructionCount), TRANSLATED_INSTRUCTIONS(Interpreter::translatedInstructionCount),
        REGIONS(Interpreter::regionCount), REGION_INSTRUCTIONS(Interpreter::regionInstructionCount);

        private final java.util.function.ToLongFunction<Interpreter> counter;

        WorkCount(java.util.function.ToLongFunction<Interpreter> counter) {
            this.counter = counter;
        }

        long of(GuestProcess p) {
            long sum = 0;
            for (GuestThread t : p.threads()) {
                sum += counter.applyAsLong(t.interpreter());
            }
            return sum;
        }
    }

    /** The current instruction faulted: its signal goes to the guest; if that kills it, say why. */
    private void synchronousSignal(GuestThread t, SignalInfo info, String detail) {
        layer.fault(t, info);
        if (t.process().exitStatus() != null) {
            diagnostics.println("k42lens: guest killed by " + detail);
        }
    }

    /**
     * Nothing runs: moves time on to the next thing that can wake a thread (a sleep's deadline or
     * a timer of monotonic time). Returns false when there is nothing to wait for.
     */
    private boolean letTimePass() {
        long next = Long.MAX_VALUE;
        for (GuestProcess p : processes.values()) {
            for (GuestThread t : p.liveThreads()) {
                GuestThread.Wait wait = t.waiting();
                if (wait != null && wait.deadlineNs() > 0) {
                    next = Math.min(next, wait.deadlineNs());
                }
            }
            long timer = p.timers().nextMonotonicExpiry();
            if (p.exitStatus() == null && timer > 0) {
                next = Math.min(next, timer);
            }
        }
        if (next == Long.MAX_VALUE) {
            return false;
        }
        try {
            process().clock().advanceTo(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
        return true;
    }

    @Override
    public void close() {
        try {
            fileSystem.close();
        } catch (IOException e) {
            // the private /tmp could not be removed entirely; nothing else to do
        }
    }
}
