package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceKind;

/**
 * With the virtual clock and the fixed-quantum scheduler, a multi-threaded program gives the same
 * trace, event for event, every time: the JSONL exports of two runs are identical.
 */
class DeterminismTest {
    private static List<String> export(Path binary) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Engine engine = new Engine(new RunOptions(binary, null, CwdMount.READ_ONLY, GuestLimits.defaults(), List.of(binary.toString()), List.of(), null, List.of(), null,
                DispatchMode.AUTO, null, false, 42, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, e -> lines.add(TraceFile.json(e))))) {
            assertEquals(0, engine.run());
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-dynamic", "le-static" })
    void twoRunsOfAMultiThreadedProgramGiveIdenticalExports(String flavour) throws Exception {
        Path binary = Path.of("guest", "bin", flavour, "threads");
        assertTrue(Files.isRegularFile(binary), "guest binaries not built");
        assertTrue(!flavour.endsWith("dynamic") || Files.isDirectory(Path.of("/usr/powerpc64-linux-gnu")), "no sysroot");
        List<String> first = export(binary);
        List<String> second = export(binary);
        assertTrue(first.stream().filter(l -> l.contains("\"kind\":\"" + TraceKind.THREAD_START.label() + "\"")).count() >= 4,
                "four threads started");
        assertTrue(first.stream().anyMatch(l -> l.contains("\"name\":\"futex\"")), "the threads met on futexes");
        assertEquals(first.size(), second.size());
        assertEquals(first, second);
    }
}
