package dev.k42lens.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.kernel.Engine;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.StracePrinter;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceKind;

/**
 * The two ways into the K42 layer on real glibc: a dynamically linked program's calls go through
 * the transfer table from retargeted sites in libc.so.6; forced to trap, the same program gives
 * the same output with every call from guest code trap-reflected; nested calls always use the table.
 */
class DispatchPathTest {
    private record Run(String stdout, List<TraceEvent> events) {
    }

    private static Run run(String flavour, String program, DispatchMode mode) throws Exception {
        Path binary = Path.of("guest", "bin", flavour, program);
        assertTrue(Files.isRegularFile(binary), "guest binaries not built");
        assertTrue(Files.isDirectory(Path.of(flavour.startsWith("be") ? "/usr/powerpc64-linux-gnu" : "/usr/powerpc64le-linux-gnu")),
                "cross sysroot not installed");
        List<TraceEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Engine engine = new Engine(new RunOptions(binary, null, CwdMount.READ_ONLY, GuestLimits.defaults(), List.of(binary.toString()), List.of(), null, List.of(), null,
                mode, null, false, 42, new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream(), false, events::add))) {
            assertEquals(0, engine.run());
        }
        return new Run(out.toString(StandardCharsets.UTF_8), events);
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-dynamic", "le-dynamic" })
    void aDynamicProgramCallsThroughTheTableFromLibcAndTheSameRunTrapsWhenForced(String flavour) throws Exception {
        Run table = run(flavour, "iov", DispatchMode.AUTO);
        Run trap = run(flavour, "iov", DispatchMode.TRAP);
        assertEquals(table.stdout(), trap.stdout());

        List<TraceEvent> outer = table.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1).toList();
        assertFalse(outer.isEmpty());
        assertTrue(outer.stream().allMatch(e -> e.path() == DispatchPath.TABLE), "every outer call through the table");
        assertTrue(outer.stream().anyMatch(e -> e.name().equals("write") && e.symbol().matches("(__)?write\\+0x[0-9a-f]+")),
                "a write from libc's wrapper: " + outer.stream().map(TraceEvent::symbol).distinct().toList());

        List<TraceEvent> trapped = trap.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1).toList();
        assertEquals(outer.size(), trapped.size(), "the same calls");
        assertTrue(trapped.stream().allMatch(e -> e.path() == DispatchPath.TRAP), "every outer call by trap");

        // writev and readv re-enter the layer once per iovec: depth 2, through the table, in both runs
        for (Run r : List.of(table, trap)) {
            List<TraceEvent> nested = r.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 2).toList();
            assertTrue(nested.stream().anyMatch(e -> e.name().equals("write")), "writev's writes at depth 2");
            assertTrue(nested.stream().anyMatch(e -> e.name().equals("read")), "readv's reads at depth 2");
            assertTrue(nested.stream().allMatch(e -> e.path() == DispatchPath.TABLE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-static" })
    void aStaticProgramTrapsUnlessTheTableIsForced(String flavour) throws Exception {
        Run auto = run(flavour, "hello", DispatchMode.AUTO);
        Run table = run(flavour, "hello", DispatchMode.TABLE);
        assertEquals(auto.stdout(), table.stdout());
        assertTrue(auto.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1)
                .allMatch(e -> e.path() == DispatchPath.TRAP));
        assertTrue(table.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1)
                .allMatch(e -> e.path() == DispatchPath.TABLE));
    }

    /** glibc 2.36 registers rseq at start-up; the layer has no handler for it, and the trace says so. */
    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-dynamic" })
    void aCallWithoutHandlerReturnsEnosysAndIsMarkedNotImplemented(String flavour) throws Exception {
        Run run = run(flavour, "hello", DispatchMode.AUTO);
        TraceEvent rseq = run.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("rseq"))
                .findFirst().orElseThrow();
        assertEquals(38, rseq.errno());
        assertFalse(rseq.implemented());
        assertEquals(false, TraceFile.fields(rseq).get("implemented"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new StracePrinter(new PrintStream(printed, true, StandardCharsets.UTF_8)).event(rseq);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(" not implemented>"), printed.toString(StandardCharsets.UTF_8));

        TraceEvent write = run.events().stream().filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("write"))
                .findFirst().orElseThrow();
        assertTrue(write.implemented());
        assertEquals(true, TraceFile.fields(write).get("implemented"));
        assertTrue(run.events().stream().filter(e -> !e.kind().name().startsWith("SYSCALL"))
                .allMatch(e -> TraceFile.fields(e).get("implemented") == null), "only call events carry the marker");
    }
}
