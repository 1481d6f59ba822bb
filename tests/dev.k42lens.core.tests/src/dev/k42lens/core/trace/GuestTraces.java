package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.k42lens.core.kernel.Engine;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;

/** Real traces for the trace tests: a guest program of the test bundle, or a bundled sample, run in the engine. */
final class GuestTraces {
    private GuestTraces() {
    }

    /** Runs {@code guest/bin/FLAVOUR/PROGRAM} to its end with {@code listener} receiving the trace. */
    static void run(String flavour, String program, TraceListener listener) throws Exception {
        run(flavour, program, DispatchMode.AUTO, listener);
    }

    /** Runs {@code guest/bin/FLAVOUR/PROGRAM} to its end, its calls dispatched as {@code mode} says. */
    static void run(String flavour, String program, DispatchMode mode, TraceListener listener) throws Exception {
        run(Path.of("guest", "bin", flavour, program), flavour.startsWith("be"), mode, listener);
    }

    /** Runs the samples bundle's {@code samples/bin/FLAVOUR/PROGRAM} (FLAVOUR be or le) to its end. */
    static void runSample(String flavour, String program, TraceListener listener) throws Exception {
        run(Path.of("..", "..", "bundles", "dev.k42lens.samples", "samples", "bin", flavour, program), flavour.equals("be"),
                DispatchMode.AUTO, listener);
    }

    private static void run(Path binary, boolean bigEndian, DispatchMode mode, TraceListener listener) throws Exception {
        String program = binary.getFileName().toString();
        assertTrue(Files.isRegularFile(binary), "guest binaries not built");
        assertTrue(Files.isDirectory(Path.of(bigEndian ? "/usr/powerpc64-linux-gnu" : "/usr/powerpc64le-linux-gnu")),
                "cross sysroot not installed");
        try (Engine engine = new Engine(new RunOptions(binary, null, CwdMount.READ_ONLY, GuestLimits.defaults(), List.of(binary.toString()), List.of(), null, List.of(), null,
                mode, null, false, 42, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, listener))) {
            assertEquals(0, engine.run(), program + " exit status");
        }
    }

    /** Records a run of {@code guest/bin/FLAVOUR/PROGRAM} into a trace file in {@code directory}. */
    static Path record(String flavour, String program, Path directory) throws Exception {
        Path file = directory.resolve(program + ".k42trace.jsonl");
        try (TraceFile.Recorder recorder = TraceFile.record(file, program)) {
            run(flavour, program, recorder);
        }
        return file;
    }
}
