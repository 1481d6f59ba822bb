package dev.k42lens.core.kernel;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.trace.TraceListener;

/**
 * Everything a run needs: the program, the host directory the guest starts in (null: the
 * emulator's own) and how it is mounted there, the limits of its processes, its arguments, the
 * guest's file system, the dispatch mode, the CPU model (null: the default for the program's byte
 * order), the clock, where the guest's standard streams go, and who listens to the trace.
 */
public record RunOptions(Path program, Path workingDirectory, CwdMount cwdMount, GuestLimits limits, List<String> arguments,
        List<String> environment, Path root, List<MountSpec> mounts, Path sysroot, DispatchMode dispatch, CpuModel cpu, boolean hostClock, long seed, InputStream stdin,
        OutputStream stdout, OutputStream stderr, boolean terminal, TraceListener trace) {
    public RunOptions {
        arguments = List.copyOf(arguments);
        environment = List.copyOf(environment);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(cwdMount, "cwdMount");
        Objects.requireNonNull(limits, "limits");
    }

    /** These options with {@code trace} listening instead. */
    public RunOptions withTrace(TraceListener trace) {
        return new RunOptions(program, workingDirectory, cwdMount, limits, arguments, environment, root, mounts, sysroot, dispatch,
                cpu, hostClock, seed, stdin, stdout, stderr, terminal, trace);
    }
}
