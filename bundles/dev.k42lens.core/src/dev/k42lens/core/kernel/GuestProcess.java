package dev.k42lens.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.k42lens.core.elf.LoadedProgram;
import dev.k42lens.core.elf.ProcessLayout;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.FsResult;
import dev.k42lens.core.kernel.fs.GuestFileSystem;
import dev.k42lens.core.kernel.fs.ProcSource;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.GuestStrings;
import dev.k42lens.core.mem.MemoryLimitException;
import dev.k42lens.core.mem.Protection;

/**
 * One guest process: its address space, descriptors, working directory, program break and
 * threads. It is also the {@link ProcSource} behind its /proc entries.
 */
public final class GuestProcess implements ProcSource {
    /** The ids the process runs with. */
    public record Credentials(int uid, int gid, List<Integer> groups) {
        public Credentials {
            groups = List.copyOf(groups);
        }

        /** A process whose only supplementary group is its own gid, as a login shell's often is. */
        public Credentials(int uid, int gid) {
            this(uid, gid, List.of(gid));
        }
    }

    /** A descriptor: the shared description and the descriptor's own close-on-exec flag. */
    public record Descriptor(FileDescription description, boolean closeOnExec) {
    }

    private final int pid;
    private int parentPid;
    /** Hands out thread and process ids, shared by every process of a run. */
    private final java.util.function.IntSupplier ids;
    private int processGroup;
    private boolean stopped;
    private int stopReport;
    private boolean continuedReport;
    private int session;
    private PseudoTerminal controllingTerminal;
    private boolean reaped;
    private java.util.function.Consumer<GuestProcess> exitListener = p -> { };
    /** The descriptors a process may have open (RLIMIT_NOFILE, as getrlimit reports it). */
    public static final int MAX_DESCRIPTORS = 1024;
    private final GuestMemory memory;
    /** getrlimit/setrlimit; set by the engine for the first process, copied by fork, kept by exec. */
    private ResourceLimits limits;
    /** The CPU second past the soft RLIMIT_CPU last signalled with SIGXCPU. */
    private long cpuSecondsSignalled;
    private final GuestFileSystem fileSystem;
    private final VirtualClock clock;
    private final List<String> argv;
    private final List<String> envp;
    private final String exePath;
    private final SortedMap<Integer, Descriptor> descriptors = new TreeMap<>();
    private final List<GuestThread> threads = new ArrayList<>();
    /** The futex queues and System V segments of the run, the same object for every process. */
    private final SharedMemory shared;
    private LoadedProgram program;
    private TransferTable transferTable;
    private String cwd;
    private int umask = 022;
    private long brkStart;
    private long brk;
    private Integer exitStatus;
    private Credentials credentials = new Credentials(0, 0);
    private final SignalAction[] signalActions = new SignalAction[65];
    /** ITIMER_REAL: when it next expires (virtual or host monotonic ns), 0 when disarmed, and its interval. */
    private ProcessTimers timers = new ProcessTimers();
    private ProcessControl control = new ProcessControl();
    private final java.util.random.RandomGenerator random;
    private final java.util.Map<java.nio.file.Path, dev.k42lens.core.elf.ElfFile> elfCache = new java.util.HashMap<>();
    private final List<dev.k42lens.core.elf.LoadedImage> mappedImages = new ArrayList<>();

    GuestProcess(int pid, int parentPid, java.util.function.IntSupplier ids, GuestMemory memory, GuestFileSystem fileSystem,
            SharedMemory shared, VirtualClock clock, List<String> argv, List<String> envp, String exePath, java.util.random.RandomGenerator random) {
        this.random = random;
        this.pid = pid;
        this.parentPid = parentPid;
        this.ids = ids;
        this.memory = memory;
        this.fileSystem = fileSystem;
        this.shared = shared;
        this.clock = clock;
        this.argv = List.copyOf(argv);
        this.envp = List.copyOf(envp);
        this.exePath = exePath;
        this.cwd = fileSystem.initialCwd();
    }

    void attach(LoadedProgram program, TransferTable transferTable) {
        this.program = program;
        this.transferTable = transferTable;
        this.brkStart = program.brk();
        this.brk = program.brk();
    }

    /** Creates a thread of this process; the first one's tid is the pid, as in Linux. */
    public GuestThread newThread() {
        GuestThread thread = new GuestThread(threads.isEmpty() ? pid : ids.getAsInt(), this);
        threads.add(thread);
        return thread;
    }

    /**
     * fork: a child with a copy of the address space (or, for vfork and clone with CLONE_VM, the
     * same one until it execs), the descriptors (sharing their open file descriptions), signal
     * actions, working directory and umask, and one thread whose registers are the calling thread's.
     */
    public GuestProcess fork(int childPid, GuestThread caller, boolean shareMemory) {
        GuestMemory copy = shareMemory ? memory : memory.copy();
        if (shareMemory) {
            memory.retain();
        }
        GuestProcess child = new GuestProcess(childPid, pid, ids, copy, fileSystem, shared, clock, argv, envp, exePath, childRandom());
        child.credentials = credentials;
        child.limits = limits.copy();
        System.arraycopy(signalActions, 0, child.signalActions, 0, signalActions.length);
        child.cwd = cwd;
        child.umask = umask;
        child.program = program;
        child.transferTable = shareMemory ? transferTable : transferTable.copyFor(copy);
        child.brkStart = brkStart;
        child.brk = brk;
        child.mappedImages.addAll(mappedImages);
        child.elfCache.putAll(elfCache);
        child.processGroup = processGroup(); // the child joins its parent's group and session, not its own
        child.session = session();
        child.controllingTerminal = controllingTerminal;
        child.control = control.forChild();
        descriptors.forEach((fd, d) -> {
            d.description().retain();
            child.descriptors.put(fd, d);
        });
        GuestThread thread = child.newThread();
        thread.setName(caller.name());
        thread.cpu().copyFrom(caller.cpu());
        thread.setSignalMask(caller.signalMask());
        thread.setAltStack(caller.altStackBase(), caller.altStackSize(), caller.altStackDisabled());
        return child;
    }

    /**
     * execve: the same process (pid, parent, descriptors without the close-on-exec ones, working
     * directory, umask, ignored signals) with a new image in a new address space. This process is
     * left without descriptors; the caller replaces it with the returned one.
     */
    GuestProcess exec(GuestMemory newMemory, List<String> newArgv, List<String> newEnvp, String newExePath) {
        GuestProcess image = new GuestProcess(pid, parentPid, ids, newMemory, fileSystem, shared, clock, newArgv, newEnvp, newExePath,
                childRandom());
        image.credentials = credentials;
        image.limits = limits;
        image.cpuSecondsSignalled = cpuSecondsSignalled;
        for (int i = 1; i < signalActions.length; i++) {
            SignalAction action = signalActions[i];
            if (action != null && action.handler() == SignalAction.SIG_IGN) {
                image.signalActions[i] = action; // ignored stays ignored; handlers do not survive the old image
            }
        }
        image.cwd = cwd;
        image.umask = umask;
        image.processGroup = processGroup;
        image.session = session;
        image.controllingTerminal = controllingTerminal;
        image.timers = timers.acrossExec();
        image.control = control.acrossExec();
        descriptors.forEach((fd, d) -> {
            if (d.closeOnExec()) {
                drop(d.description());
            } else {
                image.descriptors.put(fd, d);
            }
        });
        descriptors.clear();
        for (GuestThread t : threads) {
            t.markExited();
        }
        memory.release();
        return image;
    }

    void attachImage(LoadedProgram loaded, TransferTable table) {
        attach(loaded, table);
    }

    public int parentPid() {
        return parentPid;
    }

    void setParentPid(int ppid) {
        parentPid = ppid;
    }

    public int processGroup() {
        return processGroup == 0 ? pid : processGroup;
    }

    public void setProcessGroup(int group) {
        processGroup = group;
    }

    public int session() {
        return session == 0 ? pid : session;
    }

    /** The controlling terminal (a pseudo-terminal's slave), or null: fork passes it on, setsid drops it. */
    public PseudoTerminal controllingTerminal() {
        return controllingTerminal;
    }

    public void setControllingTerminal(PseudoTerminal terminal) {
        controllingTerminal = terminal;
    }

    /** True once the process made its own session (setsid), rather than being in its creator's. */
    public boolean startedSession() {
        return session == pid;
    }

    public void setSession(int id) {
        session = id;
    }

    /** True once a parent has collected the exit status with wait4/waitid. */
    public boolean reaped() {
        return reaped;
    }

    /** Its parent collected the exit status: what was left of its memory goes (a zombie's stays counted until then, as on Linux). */
    public void markReaped() {
        reaped = true;
        memory.discardReleased();
    }

    void onExit(java.util.function.Consumer<GuestProcess> listener) {
        exitListener = listener;
    }

    /** The live thread with id {@code tid}, or null. */
    public GuestThread thread(long tid) {
        for (GuestThread t : threads) {
            if (t.tid() == tid && !t.exited()) {
                return t;
            }
        }
        return null;
    }

    /** The threads still running, in creation order (the scheduler's round-robin order). */
    public List<GuestThread> liveThreads() {
        return threads.stream().filter(t -> !t.exited()).toList();
    }

    public Futexes futexes() {
        return shared.futexes();
    }

    public SharedMemory sharedMemory() {
        return shared;
    }

    @Override
    public int pid() {
        return pid;
    }

    public GuestMemory memory() {
        return memory;
    }

    public GuestFileSystem fileSystem() {
        return fileSystem;
    }

    public VirtualClock clock() {
        return clock;
    }

    public LoadedProgram program() {
        return program;
    }

    public TransferTable transferTable() {
        return transferTable;
    }

    public List<GuestThread> threads() {
        return List.copyOf(threads);
    }

    public int umask() {
        return umask;
    }

    public int setUmask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** A random source for a child or a new image, derived from this one so runs stay reproducible. */
    private java.util.random.RandomGenerator childRandom() {
        return new java.util.SplittableRandom(random.nextLong());
    }

    /** The process's random source (getrandom, /dev/urandom): seeded, so runs are reproducible. */
    public java.util.random.RandomGenerator random() {
        return random;
    }

    /** Counts one more descriptor referring to {@code description} (dup, fork). */
    public void retain(FileDescription description) {
        description.retain();
    }

    public Credentials credentials() {
        return credentials;
    }

    void setCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    /** setgroups: the supplementary groups, kept across fork and exec. */
    public void setGroups(List<Integer> groups) {
        credentials = new Credentials(credentials.uid(), credentials.gid(), groups);
    }

    public SignalAction signalAction(int signo) {
        SignalAction action = signalActions[signo];
        return action == null ? SignalAction.DEFAULT : action;
    }

    public void setSignalAction(int signo, SignalAction action) {
        signalActions[signo] = action;
    }

    /** Its interval and POSIX timers. */
    /** What prctl sets: parent-death signal, dumpable, no_new_privs, keepcaps, timer slack, subreaper. */
    public ProcessControl control() {
        return control;
    }

    public ProcessTimers timers() {
        return timers;
    }

    public void setCwd(String cwd) {
        this.cwd = cwd;
    }

    /** Stopped by SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU: none of its threads runs until SIGCONT. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Stops the process (when running) and records the stop for the parent's wait; returns true when
     * it was running, so that the caller tells the parent.
     */
    public boolean stop(int signo) {
        if (stopped || exitStatus != null) {
            return false;
        }
        stopped = true;
        stopReport = signo;
        continuedReport = false;
        return true;
    }

    /** Continues a stopped process; returns true when it was stopped. */
    public boolean resume() {
        if (!stopped) {
            return false;
        }
        stopped = false;
        stopReport = 0;
        continuedReport = true;
        return true;
    }

    /**
     * The status a wait with WUNTRACED/WCONTINUED reports for a stop or continue not yet reported,
     * or null: {@code (signal << 8) | 0x7f} for a stop, {@code 0xffff} for a continue.
     */
    public Integer jobControlReport() {
        if (stopReport != 0) {
            return stopReport << 8 | 0x7f;
        }
        return continuedReport ? Integer.valueOf(0xffff) : null;
    }

    /** A wait reported it (without WNOWAIT): the same stop or continue is not reported twice. */
    public void consumeJobControlReport() {
        stopReport = 0;
        continuedReport = false;
    }

    /** Null while running; the wait status once it has exited. */
    public Integer exitStatus() {
        return exitStatus;
    }

    public void exit(int status) {
        if (exitStatus == null) {
            exitStatus = status;
            for (Descriptor d : descriptors.values()) {
                drop(d.description());
            }
            descriptors.clear();
            for (GuestThread t : threads) {
                t.markExited();
            }
            memory.release();
            exitListener.accept(this);
        }
    }

    // ---- descriptors --------------------------------------------------------------------------

    public FileDescription description(long fd) {
        Descriptor d = fd < 0 || fd > Integer.MAX_VALUE ? null : descriptors.get((int) fd);
        return d == null ? null : d.description();
    }

    public Descriptor descriptor(long fd) {
        return fd < 0 || fd > Integer.MAX_VALUE ? null : descriptors.get((int) fd);
    }

    /**
     * Installs a description at the lowest free descriptor at or above {@code from}, taking over
     * one reference to it (a new description's only one); EMFILE when none is free.
     */
    public long install(FileDescription description, boolean closeOnExec, int from) {
        int fd = from;
        while (descriptors.containsKey(fd)) {
            fd++;
        }
        if (fd >= descriptorLimit()) {
            drop(description); // the reference it was given goes: a host file it holds is closed now
            return Errno.EMFILE.negated();
        }
        descriptors.put(fd, new Descriptor(description, closeOnExec));
        return fd;
    }

    /** True when {@code count} more descriptors fit (pipe2 and socketpair make two at once). */
    public boolean hasRoomFor(int count) {
        return descriptors.size() + count <= descriptorLimit();
    }

    /** The first descriptor number a new one may not have: RLIMIT_NOFILE, at most {@link #MAX_DESCRIPTORS}. */
    public int descriptorLimit() {
        long soft = limits.soft(ResourceLimits.RLIMIT_NOFILE);
        return soft == ResourceLimits.INFINITY || soft > MAX_DESCRIPTORS ? MAX_DESCRIPTORS : (int) soft;
    }

    public ResourceLimits limits() {
        return limits;
    }

    void setLimits(ResourceLimits limits) {
        this.limits = limits;
    }

    /** CPU time the process has used: one nanosecond per guest instruction of its threads, as the virtual clock counts. */
    public long cpuTimeNs() {
        long instructions = 0;
        for (GuestThread t : threads) {
            instructions += t.interpreter().instructionCount();
        }
        return instructions;
    }

    /**
     * RLIMIT_CPU as Linux applies it: the signal the process gets now, or 0. Past the hard limit
     * SIGKILL; past the soft one SIGXCPU, once for each CPU second.
     */
    int cpuLimitSignal() {
        long soft = limits.soft(ResourceLimits.RLIMIT_CPU);
        if (soft == ResourceLimits.INFINITY) {
            return 0; // the usual case, after every quantum: no sum over the threads
        }
        long seconds = cpuTimeNs() / 1_000_000_000L;
        if (limits.hard(ResourceLimits.RLIMIT_CPU) != ResourceLimits.INFINITY && seconds >= limits.hard(ResourceLimits.RLIMIT_CPU)) {
            return Signal.SIGKILL.number();
        }
        if (seconds >= soft && seconds > cpuSecondsSignalled) {
            cpuSecondsSignalled = seconds;
            return Signal.SIGXCPU.number();
        }
        return 0;
    }

    /** dup2/dup3: makes {@code fd} refer to {@code description}, closing what it referred to. */
    public void installAt(int fd, FileDescription description, boolean closeOnExec) {
        description.retain();
        Descriptor old = descriptors.put(fd, new Descriptor(description, closeOnExec));
        if (old != null) {
            drop(old.description());
        }
    }

    public void setCloseOnExec(int fd, boolean closeOnExec) {
        Descriptor d = descriptors.get(fd);
        if (d != null) {
            descriptors.put(fd, new Descriptor(d.description(), closeOnExec));
        }
    }

    /**
     * Lets go of one reference to a description: the process's POSIX record locks on its file go
     * with any close of it, its OFD and flock locks with the last reference.
     */
    private void drop(FileDescription description) {
        FsNode node = description.node();
        if (node != null) {
            fileSystem.locks().release(node, pid);
        }
        if (description.release() && node != null) {
            fileSystem.locks().release(node, description);
            fileSystem.fileLocks().release(node, description);
        }
    }

    public long close(long fd) {
        Descriptor d = fd < 0 || fd > Integer.MAX_VALUE ? null : descriptors.remove((int) fd);
        if (d == null) {
            return Errno.EBADF.negated();
        }
        drop(d.description());
        return 0;
    }

    // ---- memory -------------------------------------------------------------------------------

    /** brk: moves the program break within [start, start + 1 GiB); returns the break in effect. */
    public long brk(long requested) {
        if (requested < brkStart || requested > brkStart + (1L << 30)) {
            return brk;
        }
        long oldTop = GuestMemory.pageAlignUp(brk);
        long newTop = GuestMemory.pageAlignUp(requested);
        if (newTop > oldTop) {
            // brk fails by returning the old break (glibc then says ENOMEM), never an errno
            if (hasMappingIn(oldTop, newTop) || limits.exceeds(ResourceLimits.RLIMIT_AS, memory.mappedBytes() + newTop - oldTop)) {
                return brk;
            }
            try {
                memory.map(oldTop, newTop - oldTop, Protection.RW, "[heap]");
            } catch (MemoryLimitException e) {
                return brk;
            }
        } else if (newTop < oldTop) {
            memory.unmap(newTop, oldTop - newTop);
        }
        brk = requested;
        return brk;
    }

    private boolean hasMappingIn(long start, long end) {
        return memory.isAnyMapped(start, end - start);
    }

    /** A free range for mmap without MAP_FIXED, below the stack, or -1. */
    public long findMmapRange(long length, long hint) {
        if (hint != 0 && hint >= ProcessLayout.LOWEST_ADDRESS && !hasMappingIn(hint, hint + GuestMemory.pageAlignUp(length))
                && hint + length <= ProcessLayout.MMAP_BASE) {
            return hint & ~GuestMemory.PAGE_MASK;
        }
        return memory.findFree(length, TransferTable.TRAMPOLINE_REGION_END, ProcessLayout.MMAP_BASE);
    }

    /**
     * Remembers that [start, start+length) holds {@code file} from {@code offset}: when the file is
     * an ELF object (a shared library the dynamic loader mapped), its symbols name addresses there.
     */
    public void recordFileMapping(long start, long length, long offset, FileDescription file) {
        if (!(file.node() instanceof dev.k42lens.core.kernel.fs.FsNode.HostFile host)) {
            return;
        }
        try {
            dev.k42lens.core.elf.ElfFile elf = elfCache.computeIfAbsent(host.hostPath(), path -> {
                FsResult<byte[]> content = fileSystem.readAll(host);
                try {
                    return content.isOk() ? dev.k42lens.core.elf.ElfFile.parse(content.value()) : null;
                } catch (dev.k42lens.core.elf.ElfException e) {
                    return null;
                }
            });
            if (elf == null) {
                return;
            }
            for (dev.k42lens.core.elf.ProgramHeader segment : elf.loadSegments()) {
                if (segment.offset() <= offset && offset < segment.offset() + Math.max(segment.fileSize(), 1)) {
                    long bias = start - offset - (segment.virtualAddress() - segment.offset());
                    mappedImages.add(new dev.k42lens.core.elf.LoadedImage(elf, host.guestPath(), bias, start, start + length));
                    return;
                }
            }
        } catch (RuntimeException e) {
            // a file that is not a usable ELF object simply has no symbols
        }
    }

    /** The function at {@code address} in the program, its interpreter or a mapped library. */
    public java.util.Optional<dev.k42lens.core.elf.SymbolLocation> symbolAt(long address) {
        return imageAt(address).flatMap(image -> image.symbolAt(address));
    }

    /**
     * Where the function or object named {@code name} starts, looked up in the program, its
     * interpreter and the mapped libraries, in that order.
     */
    public java.util.Optional<Long> addressOf(String name) {
        List<dev.k42lens.core.elf.LoadedImage> images = new ArrayList<>();
        images.add(program.executable());
        program.interpreter().ifPresent(images::add);
        images.addAll(mappedImages);
        for (dev.k42lens.core.elf.LoadedImage image : images) {
            java.util.Optional<dev.k42lens.core.elf.ElfSymbol> symbol = image.elf().symbol(name).filter(s -> s.isDefined());
            if (symbol.isPresent()) {
                return java.util.Optional.of(symbol.get().address() + image.bias());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * What code lives at {@code address}: "k42:write" for the layer's handler entry of write,
     * "[k42 trampoline]" for a site trampoline, else the function and offset ("main+0x1c"), or "".
     */
    public String describeCode(long address) {
        int handler = transferTable.handlerAt(address);
        if (handler >= 0) {
            return "k42:" + (handler == dev.k42lens.core.layer.TransferTable.ENOSYS_HANDLER ? "enosys"
                    : dev.k42lens.core.layer.table.SyscallTable.ppc64().byNumber(handler)
                            .map(dev.k42lens.core.layer.table.SyscallDescriptor::name).orElse("handler" + handler));
        }
        if (transferTable.siteOfTrampolineAt(address) >= 0) {
            return "[k42 trampoline]";
        }
        return symbolAt(address).map(Object::toString).orElse("");
    }

    /** The ELF object mapped at {@code address}: the program, its interpreter or a library. */
    public java.util.Optional<dev.k42lens.core.elf.LoadedImage> imageAt(long address) {
        if (program.executable().contains(address)) {
            return java.util.Optional.of(program.executable());
        }
        if (program.interpreter().isPresent() && program.interpreter().get().contains(address)) {
            return program.interpreter();
        }
        for (int i = mappedImages.size() - 1; i >= 0; i--) {
            if (mappedImages.get(i).contains(address)) {
                return java.util.Optional.of(mappedImages.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    // ---- /proc ----------------------------------------------------------------------------------

    @Override
    public String exePath() {
        return exePath;
    }

    @Override
    public String cwd() {
        return cwd;
    }

    @Override
    public byte[] cmdline() {
        return nulTerminated(argv);
    }

    @Override
    public byte[] environ() {
        return nulTerminated(envp);
    }

    /** /proc's form of a string list: each string followed by a NUL byte. */
    private static byte[] nulTerminated(List<String> strings) {
        StringBuilder s = new StringBuilder();
        for (String string : strings) {
            s.append(string).append('\0');
        }
        return GuestStrings.encode(s.toString());
    }

    @Override
    public String maps() {
        StringBuilder s = new StringBuilder();
        for (GuestMemory.Mapping m : memory.mappings()) {
            String line = String.format("%08x-%08x %s%s 00000000 00:00 0", m.start(), m.end(),
                    Protection.letters(m.protection()), memory.sharedFrame(m.start()) != null ? "s" : "p");
            if (m.name() != null && !m.name().isEmpty()) {
                // Linux pads the path to column 74
                line = String.format("%-73s", line) + m.name();
            }
            s.append(line).append('\n');
        }
        return s.toString();
    }

    @Override
    public byte[] comm() {
        return ProcSource.commLine(threads.get(0).name());
    }

    @Override
    public String stat() {
        String comm = GuestStrings.decode(threads.get(0).name());
        return pid + " (" + comm + ") R 0 " + pid + " " + pid + " 0 -1 0 0 0 0 0 0 0 0 0 20 0 " + threads.size()
                + " 0 0 0 0\n";
    }

    @Override
    public SortedMap<Integer, String> openFds() {
        SortedMap<Integer, String> result = new TreeMap<>();
        descriptors.forEach((fd, d) -> result.put(fd, d.description().describe()));
        return result;
    }
}
