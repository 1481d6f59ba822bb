package dev.k42lens.core.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.k42lens.core.cpu.Cpu;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.Stop;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.elf.ElfException;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.ElfLoader;
import dev.k42lens.core.elf.LoadRequest;
import dev.k42lens.core.elf.LoadedProgram;
import dev.k42lens.core.kernel.fs.FsConfig;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.FsResult;
import dev.k42lens.core.kernel.fs.GuestFileSystem;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.kernel.fs.Sysroot;
import dev.k42lens.core.layer.SyscallLayer;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Runs one guest program to its end on the calling thread (the engine thread): loads it, installs
 * the transfer table, and alternates between the interpreter and the syscall layer.
 */
public final class Engine implements AutoCloseable {
    /** The scheduler's time slice, in guest instructions: fixed, so runs are reproducible. */
    private static final long QUANTUM = 100_000;
    private static final int PID = 1000;

    private final RunOptions options;
    private final GuestFileSystem fileSystem;
    private final GuestProcess process;
    private final GuestThread thread;
    private final SyscallLayer layer;
    private final PrintStream diagnostics;
    private volatile boolean cancelled;

    /**
     * Prepares a run.
     *
     * @throws EngineException with one line for the user when the program cannot run at all
     */
    public Engine(RunOptions options) throws EngineException {
        this.options = options;
        this.diagnostics = new PrintStream(options.stderr(), true);
        ElfFile elf = readProgram(options.program());
        boolean bigEndian = elf.byteOrder() == ByteOrder.BIG_ENDIAN;
        CpuModel cpu = options.cpu() != null ? options.cpu() : CpuModel.defaultFor(elf.byteOrder());
        if (!bigEndian && !cpu.runsLittleEndian()) {
            throw new EngineException("CPU model " + cpu.platform() + " cannot run little-endian programs (use power8 or power9)");
        }
        Path sysroot = options.sysroot() != null ? options.sysroot() : Sysroot.debianCross(bigEndian).directory();
        if (elf.interpreter().isPresent() && !Files.isDirectory(sysroot)) {
            throw new EngineException("missing sysroot " + sysroot + " for the dynamically linked " + options.program()
                    + " (install libc6-" + (bigEndian ? "ppc64" : "ppc64el") + "-cross or give --sysroot)");
        }
        try {
            FsConfig.Builder config = FsConfig.builder().sysroot(new Sysroot(sysroot, Sysroot.debianCross(bigEndian).multiarchTriplet()))
                    .program(options.program().toAbsolutePath()).controllingTty(options.terminal());
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
        GuestMemory memory = new GuestMemory(bigEndian);
        VirtualClock clock = new VirtualClock(options.hostClock());
        SplittableRandom random = new SplittableRandom(options.seed());
        String exePath = fileSystem.programGuestPath();
        List<String> argv = new ArrayList<>();
        argv.add(options.arguments().isEmpty() ? exePath : options.arguments().get(0));
        argv.addAll(options.arguments().size() > 1 ? options.arguments().subList(1, options.arguments().size()) : List.of());
        this.process = new GuestProcess(PID, memory, fileSystem, clock, argv, options.environment(), exePath, random.split());
        process.setCredentials(new GuestProcess.Credentials(hostId("uid"), hostId("gid")));
        this.layer = new SyscallLayer(options.dispatch(), options.trace());
        TransferTable transferTable = TransferTable.install(memory, layer::isImplemented);
        LoadedProgram program;
        try {
            program = ElfLoader.load(elf, memory, new LoadRequest(exePath, argv, options.environment(),
                    process.credentials().uid(), process.credentials().uid(), process.credentials().gid(),
                    process.credentials().gid(), cpu, random.split(), this::resolveInterpreter));
        } catch (ElfException e) {
            throw new EngineException(e.getMessage());
        }
        process.attach(program, transferTable);
        this.thread = process.newThread();
        Cpu registers = thread.cpu();
        registers.pc = program.pc();
        registers.gpr[1] = program.stackPointer();
        registers.gpr[2] = program.toc();
        registers.gpr[12] = program.r12();
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
    private Path resolveInterpreter(String guestPath) throws ElfException {
        FsResult<FsNode> node = fileSystem.resolve(guestPath, "/", true);
        if (node.isOk() && node.value() instanceof FsNode.HostFile host && Files.isRegularFile(host.hostPath())) {
            return host.hostPath();
        }
        throw new ElfException("missing interpreter " + guestPath + " (looked in the sysroot and the guest root)");
    }

    private static int hostId(String which) {
        try {
            Object id = Files.getAttribute(Path.of(System.getProperty("user.home", "/")), "unix:" + which);
            return id instanceof Integer i ? i : 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    public GuestProcess process() {
        return process;
    }

    public GuestThread thread() {
        return thread;
    }

    public SyscallLayer layer() {
        return layer;
    }

    /** Asks a running {@link #run()} to stop at its next check. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Runs the program to its end and returns the exit status as a shell reports it: the guest's
     * exit code, or 128+N when a signal N ended it.
     */
    public int run() {
        while (process.exitStatus() == null && !cancelled) {
            boolean ran = false;
            for (GuestThread t : process.liveThreads()) {
                if (process.exitStatus() != null || cancelled) {
                    break;
                }
                if (t.exited() || (t.waiting() != null && !layer.resumeIfPossible(t))) {
                    continue;
                }
                runQuantum(t);
                ran = true;
            }
            if (!ran && process.exitStatus() == null && !cancelled && !letTimePass()) {
                diagnostics.println("k42lens: every guest thread waits and nothing can wake them: stopping the guest");
                process.exit(9);
            }
        }
        Integer status = process.exitStatus();
        if (status == null) {
            return 128 + 9;
        }
        return (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
    }

    /**
     * Runs one thread for up to a quantum of instructions (the deterministic scheduler's time
     * slice), handling its system calls and faults, until it waits, yields or ends.
     */
    private void runQuantum(GuestThread t) {
        Interpreter interpreter = t.interpreter();
        long end = interpreter.instructionCount() + QUANTUM;
        while (process.exitStatus() == null && !t.exited() && t.waiting() == null && !cancelled) {
            layer.atInstructionBoundary(t);
            long budget = end - interpreter.instructionCount();
            if (process.exitStatus() != null || t.exited() || budget <= 0) {
                return;
            }
            Stop stop = interpreter.run(budget);
            switch (stop) {
                case BUDGET, BREAKPOINT -> {
                    return; // the quantum is over (breakpoints belong to the debugger, which drives the engine itself)
                }
                case SYSTEM_CALL -> layer.onSystemCallInstruction(t);
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
        long total = 0;
        for (GuestThread t : process.threads()) {
            total += t.interpreter().instructionCount();
        }
        return total;
    }

    /** The current instruction faulted: its signal goes to the guest; if that kills it, say why. */
    private void synchronousSignal(GuestThread t, SignalInfo info, String detail) {
        layer.fault(t, info);
        if (process.exitStatus() != null) {
            diagnostics.println("k42lens: guest killed by " + detail);
        }
    }

    /**
     * Nothing runs: moves time on to the next thing that can wake a thread (a sleep's deadline or
     * the interval timer). Returns false when there is nothing to wait for.
     */
    private boolean letTimePass() {
        long next = Long.MAX_VALUE;
        for (GuestThread t : process.liveThreads()) {
            GuestThread.Wait wait = t.waiting();
            if (wait != null && wait.deadlineNs() > 0) {
                next = Math.min(next, wait.deadlineNs());
            }
        }
        if (process.realTimerExpiry() > 0) {
            next = Math.min(next, process.realTimerExpiry());
        }
        if (next == Long.MAX_VALUE) {
            return false;
        }
        try {
            process.clock().advanceTo(next);
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
