package dev.k42lens.core.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;

import dev.k42lens.core.K42LensVersion;
import dev.k42lens.core.cpu.ExecutionProfile;
import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.cpu.isa.IsaCoverage;
import dev.k42lens.core.cpu.isa.IsaInventory;
import dev.k42lens.core.disasm.DisassemblyListing;
import dev.k42lens.core.disasm.ListingSymbols;
import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.ElfSection;
import dev.k42lens.core.kernel.Engine;
import dev.k42lens.core.kernel.EngineException;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.layer.SlotSwap;
import dev.k42lens.core.layer.SyscallCompatibility;
import dev.k42lens.core.trace.StracePrinter;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceListener;
import dev.k42lens.core.trace.TraceProgress;
import dev.k42lens.core.trace.TraceStatistics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code k42lens}: the command-line front of the K42 Lens engine (the same engine the IDE runs). */
@Command(name = "k42lens",
        mixinStandardHelpOptions = true,
        versionProvider = K42LensCommand.VersionProvider.class,
        description = "Runs ppc64 Linux programs (big-endian ELFv1, little-endian ELFv2) in a K42-style "
                + "system-call layer and shows the path of every system call: transfer table or trap "
                + "reflection, nesting depth, deferred signals.",
        subcommands = {
            K42LensCommand.Run.class,
            K42LensCommand.Disasm.class,
            K42LensCommand.Trace.class,
            K42LensCommand.Isa.class,
            K42LensCommand.Syscalls.class,
            CommandLine.HelpCommand.class },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the command succeeded (run: the guest's own exit status is passed through)",
            "2:bad command-line usage",
            "125:the engine could not do what was asked (not a ppc64 ELF, missing interpreter, unreadable file, ...)" })
public final class K42LensCommand implements Callable<Integer> {
    /** Exit status for an engine-side failure, as qemu-user and {@code env} use for their own errors. */
    public static final int EXIT_ENGINE_ERROR = 125;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.USAGE;
    }

    /** Options of {@code run} that take a separate value. */
    private static final java.util.Set<String> RUN_OPTIONS_WITH_VALUES = java.util.Set.of("--root", "--mount", "--cwd-mount", "--max-memory", "--max-tasks", "--max-tmp", "--timeout", "--sysroot",
            "--dispatch", "--cpu", "--clock", "--seed", "-E", "--env", "--trace");

    /**
     * A bare {@code --strace} among run's own options means "to standard error"; picocli would
     * otherwise take the program path as its file.
     */
    static String[] bareStraceToStderr(String[] args) {
        String[] result = args.clone();
        int i = java.util.Arrays.asList(args).indexOf("run");
        if (i < 0) {
            return result;
        }
        for (i++; i < result.length && result[i].startsWith("-") && !result[i].equals("--"); i++) {
            if (result[i].equals("--strace")) {
                result[i] = "--strace=-";
            } else if (RUN_OPTIONS_WITH_VALUES.contains(result[i])) {
                i++;
            }
        }
        return result;
    }

    /** Runs the command line and returns the process exit status. */
    public static int execute(String[] arguments, PrintWriter out, PrintWriter err) {
        String[] args = bareStraceToStderr(arguments);
        CommandLine commandLine = new CommandLine(new K42LensCommand());
        // options after the program belong to the guest
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { "k42lens " + K42LensVersion.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")" };
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a ppc64 Linux program: k42lens run [options] [--] BINARY [ARGS...]. Standard input, "
                    + "output and error pass through; the exit status is the guest's (128+N when signal N ended it).")
    static final class Run implements Callable<Integer> {
        /** Mnemonics --profile names per line. */
        private static final int PROFILE_TOP = 12;
        @Spec
        CommandSpec spec;

        @Option(names = "--root", paramLabel = "DIR", description = "Guest root directory (read-only); default: an empty root")
        Path root;

        @Option(names = "--mount", paramLabel = "HOST:GUEST[:rw]", description = "Mount a host directory into the guest (repeatable)")
        List<String> mounts = new ArrayList<>();

        @Option(names = "--cwd-mount", paramLabel = "rw|ro|none", defaultValue = "ro",
                description = "How the working directory appears at its own path in the guest: read-write, read-only or not "
                        + "at all (the guest then starts in /); default: ${DEFAULT-VALUE}, so a guest cannot change your files")
        String cwdMount;

        @Option(names = "--max-memory", paramLabel = "SIZE",
                description = "Memory all the guest's processes may hold together, counted as pages are touched (K, M, G "
                        + "suffixes); a process touching a page past it is killed (SIGKILL) as by the OOM killer, fork and a "
                        + "mapping larger than it get ENOMEM; default: half the engine's heap, here ${DEFAULT-VALUE}")
        String maxMemory = (GuestLimits.defaultMemoryBytes() >> 20) + "M";

        @Option(names = "--max-tasks", paramLabel = "N",
                description = "Threads and processes (unreaped ended ones included) the guest may have; past it fork and clone get "
                        + "EAGAIN; default: ${DEFAULT-VALUE}")
        int maxTasks = GuestLimits.DEFAULT_TASKS;

        @Option(names = "--max-tmp", paramLabel = "SIZE",
                description = "Size of the guest's private /tmp and /dev/shm together (K, M, G suffixes), as tmpfs's size=; "
                        + "writes past it get ENOSPC; default: ${DEFAULT-VALUE}")
        String maxTmp = (GuestLimits.DEFAULT_TMP_BYTES >> 20) + "M";

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "End the guest (every process, as SIGKILL would: exit status 137) after this much wall time; "
                        + "default: none")
        double timeoutSeconds;

        @Option(names = "--sysroot", paramLabel = "DIR",
                description = "Libraries for dynamic programs; default /usr/powerpc64-linux-gnu or /usr/powerpc64le-linux-gnu")
        Path sysroot;

        @Option(names = "--dispatch", paramLabel = "MODE", defaultValue = "auto",
                description = "auto (dynamic glibc through the transfer table, static by trap), table or trap")
        String dispatch;

        @Option(names = "--cpu", paramLabel = "MODEL", description = "power5+, power8 or power9; default power5+ (BE), power9 (LE)")
        String cpu;

        @Option(names = "--clock", paramLabel = "virtual|host", defaultValue = "virtual",
                description = "Virtual time (reproducible, the default) or the host's clocks")
        String clock;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of AT_RANDOM, getrandom and /dev/urandom")
        long seed;

        @Option(names = { "-E", "--env" }, paramLabel = "NAME=VALUE", description = "Set a guest environment variable (repeatable)")
        List<String> setEnvironment = new ArrayList<>();

        @Option(names = "--clear-env", description = "Start the guest with an empty environment instead of the host's")
        boolean clearEnvironment;

        @Option(names = "--strace", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
                description = "Print every system call strace-style, to FILE or standard error")
        String strace;

        @Option(names = "--trace", paramLabel = "FILE", description = "Record the dispatch trace to FILE")
        Path trace;

        @Option(names = "--swap-slot", paramLabel = "SLOT=HANDLER",
                description = "Hot-swap a transfer-table slot before the program starts: each side a call's name or number, "
                        + "enosys for the handler that fails with ENOSYS (e.g. getpid=enosys, write=getpid; repeatable)")
        List<String> slotSwaps = new ArrayList<>();

        @Option(names = "--stats", description = "At exit, print guest instructions, wall time and instructions per second to standard error")
        boolean stats;

        @Option(names = "--profile", description = "At exit, print the instructions run outside translated code, by mnemonic:"
                + " interpreted, and called out of translated regions (their semantics called, not generated inline)")
        boolean profile;

        @Option(names = "--no-translate", description = "Interpret every instruction: no translation of hot blocks to JVM bytecode")
        boolean noTranslate;

        @Parameters(index = "0", paramLabel = "BINARY", description = "The ppc64 ELF program")
        Path program;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<TraceListener> listeners = new ArrayList<>();
            Outputs outputs = new Outputs(err);
            if (noTranslate) {
                System.setProperty(Interpreter.TRANSLATE_PROPERTY, "false"); // read by each thread's interpreter
            }
            try {
                if (strace != null) {
                    outputs.strace = strace.equals("-") ? System.err
                            : new PrintStream(Files.newOutputStream(Path.of(strace)), true, StandardCharsets.UTF_8);
                    listeners.add(new StracePrinter(outputs.strace));
                }
                if (trace != null) {
                    outputs.recorder = TraceFile.record(trace, program.toString());
                    outputs.trace = trace;
                    listeners.add(outputs.recorder);
                }
                List<MountSpec> mountSpecs = new ArrayList<>();
                for (String mount : mounts) {
                    mountSpecs.add(MountSpec.parse(mount));
                }
                List<String> environment = new ArrayList<>();
                if (!clearEnvironment) {
                    System.getenv().forEach((k, v) -> environment.add(k + "=" + v));
                }
                environment.addAll(setEnvironment);
                List<String> argv = new ArrayList<>();
                argv.add(program.toString());
                argv.addAll(arguments);
                GuestLimits limits = new GuestLimits(GuestLimits.parseSize(maxMemory), maxTasks, GuestLimits.parseSize(maxTmp));
                RunOptions options = new RunOptions(program, null, CwdMount.parse(cwdMount), limits, argv, environment, root, mountSpecs, sysroot,
                        DispatchMode.parse(dispatch), cpu == null ? null : CpuModel.forName(cpu), clock.equals("host"), seed,
                        new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), System.err,
                        System.console() != null,
                        listeners.isEmpty() ? null : e -> listeners.forEach(l -> l.event(e)));
                if (!clock.equals("host") && !clock.equals("virtual")) {
                    throw new IllegalArgumentException("unknown clock '" + clock + "' (expected virtual or host)");
                }
                List<SlotSwap> swaps = slotSwaps.stream().map(SlotSwap::parse).toList();
                try (Engine engine = new Engine(options)) {
                    // SIGINT, SIGTERM and SIGHUP end the JVM without leaving this block: the hook removes
                    // the private /tmp and finishes the trace and strace files
                    Thread cleanUp = new Thread(() -> {
                        engine.close();
                        outputs.close();
                    }, "k42lens run clean-up");
                    Runtime.getRuntime().addShutdownHook(cleanUp);
                    try {
                        return runEngine(engine, swaps, err);
                    } finally {
                        try {
                            Runtime.getRuntime().removeShutdownHook(cleanUp);
                        } catch (IllegalStateException e) {
                            // the JVM is shutting down: the hook runs
                        }
                    }
                }
            } catch (EngineException | IllegalArgumentException e) {
                err.println("k42lens run: " + e.getMessage());
                return EXIT_ENGINE_ERROR;
            } catch (IOException e) {
                err.println("k42lens run: " + e.getMessage());
                return EXIT_ENGINE_ERROR;
            } catch (RuntimeException e) {
                // an emulator bug, not the guest's fault: one line that locates it, and the trace so far is kept
                StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                err.println("k42lens run: internal error: " + e + (where == null ? "" : " at " + where)
                        + (trace == null ? "" : " (the trace file " + trace + " keeps every event up to it)"));
                return EXIT_ENGINE_ERROR;
            } finally {
                outputs.close();
            }
        }

        /** Makes the slot swaps, runs the program to its end and reports what --stats and --profile ask for. */
        private int runEngine(Engine engine, List<SlotSwap> swaps, PrintWriter err) {
            for (SlotSwap swap : swaps) {
                engine.swapSlot(swap);
            }
            ExecutionProfile executionProfile = profile ? new ExecutionProfile() : null;
            engine.setProfile(executionProfile);
            long start = System.nanoTime();
            Timer timer = timeoutSeconds > 0 ? new Timer("k42lens run --timeout", true) : null;
            if (timer != null) {
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        err.printf("k42lens: the guest ran for the --timeout of %s s: ending it%n", Double.toString(timeoutSeconds));
                        err.flush();
                        engine.cancel();
                    }
                }, Math.max(1, (long) (timeoutSeconds * 1000)));
            }
            int status;
            try {
                status = engine.run();
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
            }
            if (stats) {
                double seconds = (System.nanoTime() - start) / 1e9;
                long instructions = engine.instructionCount();
                err.printf("k42lens: %d guest instructions in %.3f s: %.1f million per second, %.1f%% in translated regions"
                        + " (%d regions translated, %d instructions in them)%n",
                        instructions, seconds, instructions / seconds / 1e6,
                        instructions == 0 ? 0.0 : 100.0 * engine.translatedInstructionCount() / instructions,
                        engine.regionCount(), engine.regionInstructionCount());
                err.flush();
            }
            if (executionProfile != null) {
                executionProfile.report(PROFILE_TOP).forEach(line -> err.println("k42lens: " + line));
                err.flush();
            }
            return status;
        }

        /** The files a run writes besides the guest's own: closed once, at the end or by the shutdown hook. */
        private static final class Outputs {
            private final PrintWriter err;
            PrintStream strace;
            TraceFile.Recorder recorder;
            Path trace;
            private boolean closed;

            Outputs(PrintWriter err) {
                this.err = err;
            }

            synchronized void close() {
                if (closed) {
                    return;
                }
                closed = true;
                if (recorder != null) {
                    try {
                        recorder.close();
                    } catch (IOException e) {
                        err.println("k42lens run: could not finish the trace file " + trace + ": " + e.getMessage());
                    }
                }
                if (strace != null && strace != System.err) {
                    strace.close();
                }
            }
        }
    }

    @Command(name = "disasm", mixinStandardHelpOptions = true,
            description = "Disassemble a ppc64 ELF file in the format of objdump -d.")
    static final class Disasm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--section", paramLabel = "NAME", description = "Only this section (e.g. .text)")
        String section;

        @Option(names = "--symbol", paramLabel = "NAME", description = "Only this function (main, or .main on ELFv1)")
        String symbol;

        @Parameters(index = "0", paramLabel = "BINARY")
        Path file;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                ElfFile elf = ElfFile.read(file);
                DisassemblyListing listing = new DisassemblyListing(elf, file.toString());
                StringBuilder out = new StringBuilder();
                if (symbol != null) {
                    ListingSymbols.Symbol found = listing.symbols().named(symbol);
                    if (found == null) {
                        found = listing.symbols().named("." + symbol);
                    }
                    if (found == null) {
                        err.println("k42lens disasm: " + file + ": no symbol " + symbol);
                        return EXIT_ENGINE_ERROR;
                    }
                    listing.writeSymbol(found, out);
                } else if (section != null) {
                    ElfSection chosen = elf.section(section).orElse(null);
                    if (chosen == null || !chosen.hasFileData()) {
                        err.println("k42lens disasm: " + file + ": no section " + section + " with contents");
                        return EXIT_ENGINE_ERROR;
                    }
                    listing.write(List.of(chosen), out);
                } else {
                    listing.write(List.of(), out);
                }
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(out);
                stdout.flush();
                return 0;
            } catch (dev.k42lens.core.elf.ElfException e) {
                err.println("k42lens disasm: " + file + ": " + e.getMessage());
                return EXIT_ENGINE_ERROR;
            }
        }
    }

    @Command(name = "syscalls", mixinStandardHelpOptions = true,
            description = "What the engine does with each ppc64 system call, read off its system-call layer: "
                    + "implemented, partial (and what is missing) or ENOSYS; a Markdown table, the one in the README.")
    static final class Syscalls implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(SyscallCompatibility.markdown());
            out.flush();
            return 0;
        }
    }

    @Command(name = "isa", mixinStandardHelpOptions = true,
            description = "How much of the POWER10 user-level instruction set the engine executes: every form "
                    + "binutils' opcode table lists for -M power10, less privileged and transactional-memory ones, "
                    + "counted by category (base forms; extended mnemonics run as their base).")
    static final class Isa implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--coverage", description = "The table of counts per category (the default)")
        boolean coverage;

        @Option(names = "--missing", description = "Also list the base forms the engine does not execute yet, per category")
        boolean missing;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            IsaCoverage isa = IsaCoverage.power10();
            String format = "%-30s %6s %9s %12s %8s%n";
            out.printf(format, "category", "forms", "executed", "qemu refuses", "missing");
            int[] total = new int[4];
            for (IsaCoverage.Line line : isa.lines()) {
                out.printf(format, line.category(), line.forms(), line.executed(), line.qemuRefusesToo(), line.missing());
                total[0] += line.forms();
                total[1] += line.executed();
                total[2] += line.qemuRefusesToo();
                total[3] += line.missing();
            }
            out.printf(format, "all", total[0], total[1], total[2], total[3]);
            out.println("(qemu refuses: not executed here, and qemu-user -cpu power10 raises SIGILL for it too)");
            if (missing && total[3] == 0) {
                out.println();
                out.println("nothing missing: every inventory form is executed, or refused by qemu-user too");
            } else if (missing) {
                for (String category : IsaInventory.CATEGORIES) {
                    List<String> names = isa.forms(IsaCoverage.State.MISSING).stream()
                            .filter(f -> f.isBase() && f.category().equals(category)).map(IsaInventory.Form::mnemonic).toList();
                    if (!names.isEmpty()) {
                        out.println();
                        out.println(category + " (" + names.size() + " missing): " + String.join(" ", names));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Work with recorded dispatch traces.",
            subcommands = { Trace.Export.class, Trace.Stats.class })
    static final class Trace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return CommandLine.ExitCode.USAGE;
        }

        @Command(name = "export", mixinStandardHelpOptions = true,
                description = "Print a trace file's events, one JSON object per line: k42lens trace export --format jsonl FILE")
        static final class Export implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (one JSON object per event)")
            String format;

            @Parameters(index = "0", paramLabel = "FILE")
            Path file;

            @Override
            public Integer call() {
                if (!format.equals("jsonl")) {
                    spec.commandLine().getErr().println("k42lens trace export: unknown format '" + format + "' (expected jsonl)");
                    return CommandLine.ExitCode.USAGE;
                }
                PrintWriter out = spec.commandLine().getOut();
                try {
                    TraceFile.stream(file, program -> event -> out.println(TraceFile.json(event)), cutShortNotice(spec.commandLine().getErr(), "export", file));
                    out.flush();
                    return 0;
                } catch (TraceFile.TraceFileException e) {
                    out.flush(); // what was read before the bad line stays in the output
                    spec.commandLine().getErr().println("k42lens trace export: " + e.getMessage());
                    return EXIT_ENGINE_ERROR;
                }
            }
        }

        /** Says on standard error that {@code file} ended inside an event (its run was killed while writing it). */
        private static TraceProgress cutShortNotice(PrintWriter err, String subcommand, Path file) {
            return new TraceProgress() {
                @Override
                public void worked(long done, long total) {
                }

                @Override
                public boolean isCanceled() {
                    return false;
                }

                @Override
                public void cutShort(int line) {
                    err.println("k42lens trace " + subcommand + ": " + file + " is cut short: it ends inside the event on line "
                            + line + " (the run writing it was killed); the events before it are complete");
                }
            };
        }

        @Command(name = "stats", mixinStandardHelpOptions = true,
                description = "Summarise a trace file like strace -c, split by dispatch path: k42lens trace stats FILE")
        static final class Stats implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Parameters(index = "0", paramLabel = "FILE")
            Path file;

            @Override
            public Integer call() {
                try {
                    TraceStatistics statistics = TraceFile.stream(file, program -> new TraceStatistics(), cutShortNotice(spec.commandLine().getErr(), "stats", file));
                    spec.commandLine().getOut().print(statistics.table());
                    spec.commandLine().getOut().flush();
                    return 0;
                } catch (TraceFile.TraceFileException e) {
                    spec.commandLine().getErr().println("k42lens trace stats: " + e.getMessage());
                    return EXIT_ENGINE_ERROR;
                }
            }
        }
    }
}
