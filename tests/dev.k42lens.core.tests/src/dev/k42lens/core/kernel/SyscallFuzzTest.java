package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.trace.StracePrinter;

/**
 * guest/src/fuzzsys.c makes system calls numbered 0 to 450 with random arguments (pointers to
 * nowhere, huge and negative sizes, random flags and descriptors): every one must come back to the
 * program as Linux's would, with a result or an errno, never as an exception of the engine or a
 * hang. The strace printer listens, so that decoding the arguments for the trace is fuzzed too.
 * A longer run: {@code ./k42lens run guest/bin/le-static/fuzzsys 1000000 SEED}.
 */
class SyscallFuzzTest {
    private static final Path GUEST = Path.of("guest");
    private static final int CALLS = 20_000;

    @ParameterizedTest
    @CsvSource({ "le-static, 1", "le-static, 2", "be-static, 3", "le-dynamic, 4", "be-dynamic, 5", "be-dynamic, 6" })
    @Timeout(120)
    void randomArgumentsNeverEndTheRun(String flavour, int seed, @TempDir Path cwd) throws Exception {
        Path program = GUEST.resolve("bin").resolve(flavour).resolve("fuzzsys").toAbsolutePath();
        assertTrue(Files.isRegularFile(program), "guest binaries not built: " + program);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream strace = new ByteArrayOutputStream();
        StracePrinter printer = new StracePrinter(new PrintStream(strace, false, StandardCharsets.UTF_8));
        List<String> argv = List.of("fuzzsys", Integer.toString(CALLS), Integer.toString(seed));
        try (Engine engine = new Engine(new RunOptions(program, cwd, CwdMount.READ_ONLY, GuestLimits.defaults(), argv, List.of(), null, List.of(), null,
                DispatchMode.AUTO, null, false, seed, new ByteArrayInputStream(new byte[0]), stdout, stderr, false, printer))) {
            int status = engine.run();
            String out = stdout.toString(StandardCharsets.ISO_8859_1);
            assertEquals(0, status, "exit status; the end of stderr: " + tail(stderr.toString(StandardCharsets.ISO_8859_1)));
            assertTrue(out.contains("fuzzsys: " + CALLS + " calls, result sum "), "the program's report; the end of stdout: " + tail(out));
        }
        assertTrue(strace.size() > CALLS * 20L, "every call was traced: " + strace.size() + " bytes");
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 600));
    }
}
