package dev.k42lens.core.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.k42lens.core.K42LensVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Unmatched;
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
            CommandLine.HelpCommand.class },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the command succeeded (run: the guest's own exit status is passed through)",
            "2:bad command-line usage",
            "125:the engine could not do what was asked (bad input, or a sub-command not yet available)" })
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

    /** Runs the command line and returns the process exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new K42LensCommand());
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

    /** A sub-command whose engine part has not landed yet: it says so in one line and fails. */
    abstract static class NotYetAvailable implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        /** Accepted so that any future command line reaches the message below, not a usage error. */
        @Unmatched
        List<String> futureArguments;

        @Override
        public Integer call() {
            spec.commandLine().getErr().printf("k42lens %s: not yet available in k42lens %s%n",
                    spec.qualifiedName(" ").replaceFirst("^k42lens ", ""), K42LensVersion.version());
            return EXIT_ENGINE_ERROR;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a ppc64 Linux program: k42lens run [options] [--] BINARY [ARGS...]")
    static final class Run extends NotYetAvailable {
    }

    @Command(name = "disasm", mixinStandardHelpOptions = true,
            description = "Disassemble a ppc64 ELF in objdump -d format: k42lens disasm BINARY [--section NAME] [--symbol NAME]")
    static final class Disasm extends NotYetAvailable {
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
        static final class Export extends NotYetAvailable {
        }

        @Command(name = "stats", mixinStandardHelpOptions = true,
                description = "Summarise a trace file like strace -c, split by dispatch path: k42lens trace stats FILE")
        static final class Stats extends NotYetAvailable {
        }
    }
}
