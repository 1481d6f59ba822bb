package dev.k42lens.core.layer;

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

import dev.k42lens.core.kernel.Engine;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;

/**
 * Golden properties of real runs of guest/src/signals.c, read from the trace: the K42 rules for
 * signals that arrive in the layer and for calls that must wait.
 */
class SignalTraceTest {
    private static final int SIGUSR1 = 10;
    private static final int SIGALRM = 14;

    private static List<TraceEvent> trace(String flavour) throws Exception {
        Path binary = Path.of("guest", "bin", flavour, "signals");
        assertTrue(Files.isRegularFile(binary), "guest binaries not built");
        assertTrue(!flavour.endsWith("dynamic") || Files.isDirectory(Path.of(flavour.startsWith("be")
                ? "/usr/powerpc64-linux-gnu" : "/usr/powerpc64le-linux-gnu")), "cross sysroot not installed");
        List<TraceEvent> events = new ArrayList<>();
        try (Engine engine = new Engine(new RunOptions(binary, null, CwdMount.READ_ONLY, GuestLimits.defaults(), List.of(binary.toString()), List.of(), null, List.of(), null,
                DispatchMode.AUTO, null, false, 42, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, events::add))) {
            assertEquals(0, engine.run());
        }
        return events;
    }

    private static int indexOf(List<TraceEvent> events, int from, TraceKind kind, int signal) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i).kind() == kind && (signal == 0 || events.get(i).signal() == signal)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-static", "be-dynamic", "le-dynamic" })
    void aSignalSentToItselfIsDeferredUntilTheOutermostReturn(String flavour) throws Exception {
        List<TraceEvent> events = trace(flavour);
        int deferred = indexOf(events, 0, TraceKind.SIGNAL_DEFERRED, SIGUSR1);
        assertTrue(deferred >= 0, "no deferred SIGUSR1");
        TraceEvent d = events.get(deferred);
        assertTrue(d.depth() >= 1, "deferred at depth " + d.depth());
        assertEquals("tgkill", d.name());
        int delivered = indexOf(events, deferred, TraceKind.SIGNAL_DELIVERED, SIGUSR1);
        assertTrue(delivered > deferred);
        assertEquals(0, events.get(delivered).depth(), "delivered outside the layer");
        // between the two: the call returns from depth 1 (the outermost level), and nothing re-enters the layer
        List<TraceEvent> between = events.subList(deferred + 1, delivered);
        assertTrue(between.stream().anyMatch(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("tgkill") && e.depth() == 1));
        assertTrue(between.stream().noneMatch(e -> e.kind() == TraceKind.SYSCALL_ENTRY), "re-entered the layer before delivery");
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-dynamic" })
    void aReadOnAnEmptyPipeLeavesTheLayerBlocksAndIsInterruptedThenRestarted(String flavour) throws Exception {
        List<TraceEvent> events = trace(flavour);
        // first wait: the handler has no SA_RESTART, the read fails with EINTR
        int leave = indexOf(events, 0, TraceKind.LEAVE_TO_BLOCK, 0);
        assertTrue(leave >= 0, "the read never left the layer to block");
        assertEquals("read", events.get(leave).name());
        assertEquals(0, events.get(leave).depth());
        assertEquals(TraceKind.BLOCKED, events.get(leave + 1).kind());
        int woken = indexOf(events, leave, TraceKind.WOKEN, 0);
        int delivered = indexOf(events, leave, TraceKind.SIGNAL_DELIVERED, SIGALRM);
        assertTrue(woken > leave && delivered > woken);
        assertEquals(0, events.get(delivered).depth(), "the SIGALRM handler runs at depth 0");
        TraceEvent failed = events.subList(woken, delivered).stream().filter(e -> e.kind() == TraceKind.SYSCALL_EXIT).findFirst()
                .orElseThrow();
        assertEquals("read", failed.name());
        assertEquals(4, failed.errno(), "EINTR");
        assertTrue(failed.args().matches("3, 0x[0-9a-f]+, 8"), "the waited call's arguments at its exit: " + failed.args());
        // second wait: SA_RESTART, the read starts again and gets the byte the handler wrote
        int secondLeave = indexOf(events, delivered, TraceKind.LEAVE_TO_BLOCK, 0);
        int restart = indexOf(events, secondLeave, TraceKind.RESTART, 0);
        int secondDelivered = indexOf(events, secondLeave, TraceKind.SIGNAL_DELIVERED, SIGALRM);
        assertTrue(secondLeave > delivered && restart > secondLeave && secondDelivered > restart);
        TraceEvent reread = events.subList(secondDelivered, events.size()).stream()
                .filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.name().equals("read")).findFirst().orElseThrow();
        assertEquals(1, reread.ret());
        assertEquals(1, reread.depth());
        assertEquals(flavour.endsWith("dynamic") ? DispatchPath.TABLE : DispatchPath.TRAP, reread.path());
    }

    /**
     * The server requests inside calls: creating the pipe and each read of it are requests to the
     * pipe server, nested between the call's entry and exit at the call's depth; a write to the
     * host's stdout needs no server.
     */
    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-dynamic" })
    void pipeCallsAreRequestsToThePipeServer(String flavour) throws Exception {
        List<TraceEvent> events = trace(flavour);
        int pipeEntry = -1;
        for (int i = 0; i < events.size() && pipeEntry < 0; i++) {
            if (events.get(i).kind() == TraceKind.SYSCALL_ENTRY && events.get(i).name().equals("pipe2")) {
                pipeEntry = i;
            }
        }
        assertTrue(pipeEntry >= 0, "no pipe2 call");
        TraceEvent call = events.get(pipeEntry + 1);
        TraceEvent back = events.get(pipeEntry + 2);
        assertEquals(TraceKind.SERVER_CALL, call.kind());
        assertEquals(List.of("pipe", "pipe2"), List.of(call.args(), call.name()));
        assertEquals(TraceKind.SERVER_RETURN, back.kind());
        assertEquals(events.get(pipeEntry).depth(), call.depth());
        assertEquals(TraceKind.SYSCALL_EXIT, events.get(pipeEntry + 3).kind());

        // every read of the pipe asks the server; the interrupted and the restarted read too
        long pipeReads = events.stream()
                .filter(e -> e.kind() == TraceKind.SERVER_CALL && e.name().equals("read") && e.args().equals("pipe")).count();
        assertTrue(pipeReads >= 3, "pipe server reads: " + pipeReads);
        int firstStdoutWrite = -1;
        for (int i = 0; i < events.size() && firstStdoutWrite < 0; i++) {
            TraceEvent e = events.get(i);
            if (e.kind() == TraceKind.SYSCALL_ENTRY && e.name().equals("write") && e.args().startsWith("1,")) {
                firstStdoutWrite = i;
            }
        }
        assertEquals(TraceKind.SYSCALL_EXIT, events.get(firstStdoutWrite + 1).kind(), "stdout is passed through, no server");
    }
}
