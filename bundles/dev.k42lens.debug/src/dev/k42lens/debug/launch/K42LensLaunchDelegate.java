package dev.k42lens.debug.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.variables.IStringVariableManager;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;

import dev.k42lens.core.debug.DebugListener;
import dev.k42lens.core.debug.DebugSession;
import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.kernel.EngineException;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceListener;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.debug.model.K42LensDebugTarget;

/**
 * Starts a "PPC64 Linux Program (K42 Lens)" configuration: reads and checks its attributes (each
 * problem is one clear message), then runs the program in a debug session on the engine's own
 * thread: in debug mode with a debug target, in run mode as a plain process with its console.
 */
public class K42LensLaunchDelegate extends LaunchConfigurationDelegate {
    /** The virtual clock keeps runs reproducible, and time does not pass while the program is suspended. */
    private static final boolean HOST_CLOCK = false;
    private static final long SEED = 42;

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor) throws CoreException {
        Settings settings = read(configuration);
        boolean debug = ILaunchManager.DEBUG_MODE.equals(mode);
        String label = settings.program().getFileName() + " (" + settings.program() + ")";
        GuestProgramProcess process;
        try {
            process = new GuestProgramProcess(launch, label);
        } catch (IOException e) {
            throw abort("cannot connect the console to the program: " + e.getMessage());
        }
        TraceFile.Recorder recorder = null;
        try {
            if (settings.traceFile() != null) {
                recorder = TraceFile.record(settings.traceFile(), settings.program().toString());
            }
        } catch (IOException e) {
            throw abort("cannot write the trace file " + settings.traceFile() + ": " + e.getMessage());
        }
        // the views read the run's events from the store while it grows; the file, if asked for, keeps them
        TraceStore store = process.traceStore();
        TraceFile.Recorder file = recorder;
        TraceListener trace = file == null ? store : event -> {
            store.event(event);
            file.event(event);
        };
        RunOptions options = new RunOptions(settings.program(), settings.workingDirectory(), settings.cwdMount(), settings.limits(), settings.argv(), settings.environment(),
                settings.root(), settings.mounts(), settings.sysroot(), settings.dispatch(), settings.cpu(), HOST_CLOCK, SEED,
                process.guestInput(), process.guestOutput(), process.guestError(), false, trace);
        K42LensDebugTarget target = debug ? new K42LensDebugTarget(launch, process, "PPC64 " + label + " — K42 Lens") : null;
        process.closeWhenTerminated(recorder); // the trace file is complete before anyone opens it
        DebugListener listener = debug ? target : process;
        DebugSession session;
        try {
            session = DebugSession.create(options, debug ? settings.stopAt() : DebugSession.StopAt.NONE, listener);
        } catch (EngineException e) {
            closeQuietly(recorder);
            throw abort(e.getMessage());
        }
        process.attach(session);
        if (debug) {
            launch.addDebugTarget(target);
            target.start(session);
        } else {
            session.start();
        }
    }

    /** Everything a launch needs, checked. */
    record Settings(Path program, List<String> argv, Path workingDirectory, CwdMount cwdMount, GuestLimits limits, List<String> environment, Path root, Path sysroot,
            List<MountSpec> mounts, DispatchMode dispatch, CpuModel cpu, DebugSession.StopAt stopAt, Path traceFile) {
    }

    static Settings read(ILaunchConfiguration configuration) throws CoreException {
        IStringVariableManager variables = VariablesPlugin.getDefault().getStringVariableManager();
        String programText = variables.performStringSubstitution(configuration.getAttribute(LaunchAttributes.PROGRAM, "")).trim();
        if (programText.isEmpty()) {
            throw abort("no program: choose a 64-bit PowerPC ELF executable on the Program tab");
        }
        Path program = Path.of(programText).toAbsolutePath();
        String problem = LaunchAttributes.problemWithProgram(program);
        if (problem != null) {
            throw abort(problem);
        }
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(Arrays.asList(DebugPlugin.parseArguments(
                variables.performStringSubstitution(configuration.getAttribute(LaunchAttributes.ARGUMENTS, "")))));
        Path workingDirectory = directory(variables, configuration, LaunchAttributes.WORKING_DIRECTORY, "working directory");
        if (workingDirectory == null) {
            workingDirectory = program.getParent();
        }
        CwdMount cwdMount;
        GuestLimits limits;
        try {
            cwdMount = CwdMount.parse(configuration.getAttribute(LaunchAttributes.CWD_MOUNT, CwdMount.DEFAULT.option()));
            limits = GuestLimits.parse(configuration.getAttribute(LaunchAttributes.MAX_MEMORY, ""),
                    configuration.getAttribute(LaunchAttributes.MAX_TASKS, ""), configuration.getAttribute(LaunchAttributes.MAX_TMP, ""));
        } catch (IllegalArgumentException e) {
            throw abort(e.getMessage());
        }
        List<String> environment = new ArrayList<>();
        String[] configured = DebugPlugin.getDefault().getLaunchManager().getEnvironment(configuration);
        if (configured == null) {
            System.getenv().forEach((k, v) -> environment.add(k + "=" + v));
        } else {
            environment.addAll(Arrays.asList(configured));
        }
        List<MountSpec> mounts = new ArrayList<>();
        for (String mount : configuration.getAttribute(LaunchAttributes.MOUNTS, List.of())) {
            try {
                mounts.add(MountSpec.parse(variables.performStringSubstitution(mount)));
            } catch (IllegalArgumentException e) {
                throw abort("bad mount '" + mount + "': " + e.getMessage());
            }
        }
        DispatchMode dispatch;
        CpuModel cpu;
        try {
            dispatch = DispatchMode.parse(configuration.getAttribute(LaunchAttributes.DISPATCH, "auto"));
            String cpuName = configuration.getAttribute(LaunchAttributes.CPU, "").trim();
            cpu = cpuName.isEmpty() ? null : CpuModel.forName(cpuName);
        } catch (IllegalArgumentException e) {
            throw abort(e.getMessage());
        }
        DebugSession.StopAt stopAt = switch (configuration.getAttribute(LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN)) {
            case LaunchAttributes.STOP_AT_NONE -> DebugSession.StopAt.NONE;
            case LaunchAttributes.STOP_AT_ENTRY -> DebugSession.StopAt.ENTRY;
            default -> DebugSession.StopAt.MAIN;
        };
        String trace = variables.performStringSubstitution(configuration.getAttribute(LaunchAttributes.TRACE_FILE, "")).trim();
        return new Settings(program, argv, workingDirectory, cwdMount, limits, environment,
                directory(variables, configuration, LaunchAttributes.ROOT, "guest root"),
                directory(variables, configuration, LaunchAttributes.SYSROOT, "sysroot"), mounts, dispatch, cpu, stopAt,
                trace.isEmpty() ? null : Path.of(trace).toAbsolutePath());
    }

    /** An optional directory attribute: null when empty, an error when it names no directory. */
    private static Path directory(IStringVariableManager variables, ILaunchConfiguration configuration, String attribute, String what)
            throws CoreException {
        String text = variables.performStringSubstitution(configuration.getAttribute(attribute, "")).trim();
        if (text.isEmpty()) {
            return null;
        }
        Path path = Path.of(text).toAbsolutePath();
        if (!Files.isDirectory(path)) {
            throw abort("the " + what + " " + path + " is not a directory");
        }
        return path;
    }

    private static void closeQuietly(TraceFile.Recorder recorder) {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                // the trace file's disk went away; the run itself is unaffected
            }
        }
    }

    private static CoreException abort(String message) {
        return new CoreException(Status.error(message));
    }
}
