package dev.k42lens.core.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.kernel.RunOptions;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;
import dev.k42lens.core.trace.TraceStore;

/**
 * Debugging real glibc programs headlessly: stops at main, syscall and signal catchpoints at the
 * site and inside the layer, stepping into the table dispatch and over it, breakpoints, suspend
 * while running at full speed, and the layer's frames while suspended inside it.
 */
class DebugSessionTest {
    private static final String HELLO = "Hello from K42 Lens guest!\n";
    private final BlockingQueue<Object> news = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final TraceStore trace = new TraceStore("debug session test");
    private DebugSession session;

    private DebugSession start(String flavour, String program, DispatchMode mode, DebugSession.StopAt stopAt) throws Exception {
        Path binary = Path.of("guest", "bin", flavour, program);
        assertTrue(Files.isRegularFile(binary), "guest binaries not built");
        return startProgram(binary, mode, stopAt);
    }

    private DebugSession startProgram(Path binary, DispatchMode mode, DebugSession.StopAt stopAt, String... arguments) throws Exception {
        assertTrue(Files.isDirectory(Path.of("/usr/powerpc64-linux-gnu")) && Files.isDirectory(Path.of("/usr/powerpc64le-linux-gnu")),
                "cross sysroots not installed");
        List<String> argv = new java.util.ArrayList<>(List.of(binary.toString()));
        argv.addAll(List.of(arguments));
        RunOptions options = new RunOptions(binary, null, CwdMount.READ_ONLY, GuestLimits.defaults(), argv, List.of(), null, List.of(), null, mode, null,
                false, 42, new ByteArrayInputStream(new byte[0]), stdout, new ByteArrayOutputStream(), false, trace);
        session = DebugSession.create(options, stopAt, new DebugListener() {
            @Override
            public void suspended(Suspension suspension) {
                news.add(suspension);
            }

            @Override
            public void resumed(Resumption how) {
            }

            @Override
            public void terminated(int exitStatus, String problem) {
                news.add(problem == null ? (Object) exitStatus : exitStatus + " (" + problem + ")");
            }
        });
        session.start();
        return session;
    }

    @AfterEach
    void end() throws InterruptedException {
        if (session != null) {
            session.terminate();
            assertTrue(session.awaitTermination(10_000), "the engine thread ends after terminate");
        }
    }

    private Suspension nextStop() throws InterruptedException {
        Object next = news.poll(30, TimeUnit.SECONDS);
        assertNotNull(next, "a stop within 30 s");
        assertTrue(next instanceof Suspension, "expected a stop, got the end: " + next);
        return (Suspension) next;
    }

    /**
     * Terminate ends a guest that runs flat out (translated code, no system calls) and one that
     * forks until it cannot, at once: what the IDE's Terminate button does. The time is printed;
     * the bound leaves room for a loaded CI machine.
     */
    @ParameterizedTest
    @ValueSource(strings = { "cpu 1000000", "runaway forkbomb" })
    void terminateEndsARunawayGuestAtOnce(String command) throws Exception {
        String[] words = command.split(" ");
        startProgram(Path.of("guest", "bin", "le-static", words[0]), DispatchMode.AUTO, DebugSession.StopAt.NONE, words[1]);
        Thread.sleep(1500); // running at full speed, translated
        long start = System.nanoTime();
        session.terminate();
        assertTrue(session.awaitTermination(10_000), "ended");
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("terminate of " + command + ": " + millis + " ms");
        assertTrue(millis < 500, command + ": terminate took " + millis + " ms");
        session = null;
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-dynamic", "le-dynamic" })
    void catchWriteAtItsSiteStepIntoTheTableDispatchAndOverIt(String flavour) throws Exception {
        start(flavour, "hello", DispatchMode.AUTO, DebugSession.StopAt.MAIN);
        Suspension atMain = nextStop();
        assertEquals(Suspension.Reason.START, atMain.reason());
        int tid = atMain.tid();
        assertTrue(session.describeCode(tid, session.registers(tid).pc).startsWith("main"), "stopped in main");

        session.setSyscallCatchpoints(List.of(new SyscallCatchpoint(SyscallCatchpoint.numberOf("write"), true, false, null, 1)));
        session.resume();
        Suspension caught = nextStop();
        assertEquals(Suspension.Reason.CATCHPOINT, caught.reason());
        assertTrue(caught.description().contains("write") && caught.description().contains("via table"), caught.description());
        Cpu registers = session.registers(tid);
        assertEquals(4, registers.gpr[0], "r0: write");
        assertEquals(1, registers.gpr[3], "r3: stdout");
        assertEquals(HELLO.length(), registers.gpr[5], "r5: the line's length");
        assertEquals(HELLO, new String(session.readMemory(tid, registers.gpr[4], HELLO.length()), StandardCharsets.US_ASCII), "r4 points at the text");
        long site = registers.pc;
        assertTrue(session.describeCode(tid, site).matches("(__)?(libc_)?write\\+0x[0-9a-f]+"), session.describeCode(tid, site));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "nothing written before the call");

        session.stepInstruction(tid);
        assertEquals(Suspension.Reason.STEP_END, nextStop().reason());
        long inLayer = session.registers(tid).pc;
        assertTrue(TransferTable.inLayerRegion(inLayer), String.format("the PC 0x%x is in the layer's region", inLayer));
        List<Frame> frames = session.frames(tid);
        assertEquals("[k42 trampoline]", frames.get(0).function());
        assertEquals(site, frames.get(1).address(), "the site is the trampoline's caller");

        session.stepOver(tid);
        Suspension back = nextStop();
        assertEquals("Returned from the outermost call", back.description());
        Cpu after = session.registers(tid);
        assertEquals(site + 4, after.pc, "back after the site");
        assertEquals(HELLO.length(), after.gpr[3], "r3: bytes written");
        assertEquals(HELLO, stdout.toString(StandardCharsets.UTF_8));

        // stdout is not a terminal, so puts' line was flushed by exit: the program ends through _exit next
        long[] exit = session.functionEntries(tid, "_exit");
        session.setSyscallCatchpoints(List.of());
        session.setAddressBreakpoints(java.util.Arrays.stream(exit).boxed().toList());
        session.resume();
        Suspension breakpoint = nextStop();
        assertEquals(Suspension.Reason.BREAKPOINT, breakpoint.reason());
        long pc = session.registers(tid).pc;
        assertTrue(java.util.Arrays.stream(exit).anyMatch(a -> a == pc), "stopped at an entry of _exit");
        assertTrue(breakpoint.description().contains("<_exit"), breakpoint.description());

        session.resume();
        assertEquals(0, news.poll(30, TimeUnit.SECONDS), "runs to its end after the last stop");
    }

    /**
     * The sieve's inner loop (stbx; add; cmpd; ble at 0x10000780 in bench/bin/be/sieve) runs
     * translated for a whole round (the only breakpoint is on memset, in another page, so main's
     * region may run); a breakpoint then set on its second instruction stops exactly there, with
     * the registers of an interpreter-only run.
     */
    @Test
    void aBreakpointInsideAHotTranslatedLoopStopsOnItsInstruction() throws Exception {
        Cpu translated = registersAtSecondInstructionOfHotLoop(true);
        Cpu interpreted = registersAtSecondInstructionOfHotLoop(false);
        assertEquals(0x10000784L, translated.pc, "stopped on the add inside the loop");
        assertArrayEquals(interpreted.gpr, translated.gpr, "GPRs as the interpreter leaves them");
        assertEquals(interpreted.cr, translated.cr, "CR");
        assertEquals(interpreted.ctr, translated.ctr, "CTR");
        assertEquals(interpreted.lr, translated.lr, "LR");
        assertEquals(interpreted.xer(), translated.xer(), "XER");
    }

    private Cpu registersAtSecondInstructionOfHotLoop(boolean translating) throws Exception {
        long memset = 0x1002ac40L; // called at the start of each round
        long loopAdd = 0x10000784L;
        String previous = System.setProperty(dev.k42lens.core.cpu.Interpreter.TRANSLATE_PROPERTY, Boolean.toString(translating));
        try {
            startProgram(Path.of("..", "..", "bench", "bin", "be", "sieve"), DispatchMode.AUTO, DebugSession.StopAt.MAIN, "0.02");
            int tid = nextStop().tid();
            session.setAddressBreakpoints(List.of(memset));
            for (int round = 1; round <= 2; round++) {
                session.resume();
                assertEquals(Suspension.Reason.BREAKPOINT, nextStop().reason());
                assertEquals(memset, session.registers(tid).pc, "round " + round + " starts");
            }
            session.setAddressBreakpoints(List.of(loopAdd));
            session.resume();
            Suspension inLoop = nextStop();
            assertEquals(Suspension.Reason.BREAKPOINT, inLoop.reason());
            return session.registers(tid);
        } finally {
            if (previous == null) {
                System.clearProperty(dev.k42lens.core.cpu.Interpreter.TRANSLATE_PROPERTY);
            } else {
                System.setProperty(dev.k42lens.core.cpu.Interpreter.TRANSLATE_PROPERTY, previous);
            }
            end();
            session = null;
            news.clear(); // the ended session's news: awaitTermination returned after its listener heard of the end
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-dynamic", "le-dynamic", "be-static" })
    void aSlotSwappedToEnosysFailsTheNextCallOnEitherPath(String flavour) throws Exception {
        start(flavour, "hello", DispatchMode.AUTO, DebugSession.StopAt.MAIN);
        int tid = nextStop().tid();
        int write = SyscallCatchpoint.numberOf("write");
        session.swapSlot(write, TransferTable.ENOSYS_HANDLER);
        session.setSyscallCatchpoints(List.of(new SyscallCatchpoint(write, false, true, null, 1)));
        session.resume();
        assertEquals(Suspension.Reason.CATCHPOINT, nextStop().reason());
        Cpu registers = session.registers(tid);
        assertEquals(Errno.ENOSYS.number(), registers.gpr[3], "r3: the errno");
        assertEquals(1, registers.crField(0) & 1, "CR0.SO: failed");
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "nothing written");

        List<TraceEvent> events = IntStream.range(0, trace.size()).mapToObj(trace::get).toList();
        TraceEvent swap = events.stream().filter(e -> e.kind() == TraceKind.SLOT_SWAP).findFirst().orElseThrow();
        assertEquals(write, swap.nr());
        assertEquals("write", swap.name());
        assertEquals("k42:enosys", swap.args());
        TraceEvent entry = events.stream().filter(e -> e.kind() == TraceKind.SYSCALL_ENTRY && e.nr() == write).findFirst().orElseThrow();
        assertTrue(entry.seq() > swap.seq(), "the call came after the swap");
        assertFalse(entry.implemented(), "the slot's handler is ENOSYS's");
        assertEquals(flavour.endsWith("static") ? DispatchPath.TRAP : DispatchPath.TABLE, entry.path(), "static glibc traps, dynamic goes by the table");
        TraceEvent exit = events.stream().filter(e -> e.kind() == TraceKind.SYSCALL_EXIT && e.nr() == write).findFirst().orElseThrow();
        assertEquals(Errno.ENOSYS.number(), exit.errno());
    }

    @Test
    void aSlotSwappedToAnotherHandlerIsServedByItAndRestoredToItsOwn() throws Exception {
        start("be-dynamic", "hello", DispatchMode.AUTO, DebugSession.StopAt.MAIN);
        int tid = nextStop().tid();
        int write = SyscallCatchpoint.numberOf("write");
        int getpid = SyscallCatchpoint.numberOf("getpid");
        session.swapSlot(write, getpid);
        session.setSyscallCatchpoints(List.of(new SyscallCatchpoint(write, false, true, null, 1)));
        session.resume();
        nextStop();
        assertEquals(session.threads().get(0).pid(), session.registers(tid).gpr[3], "write answered as getpid does: the pid");
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));

        assertThrows(IllegalArgumentException.class, () -> session.swapSlot(write, 9999), "no such handler");
        assertThrows(IllegalArgumentException.class, () -> session.swapSlot(512, null), "no such slot");
        session.swapSlot(write, null);
        List<String> swaps = IntStream.range(0, trace.size()).mapToObj(trace::get).filter(e -> e.kind() == TraceKind.SLOT_SWAP)
                .map(TraceEvent::args).toList();
        assertEquals(List.of("k42:getpid", "k42:write"), swaps, "both swaps are in the trace, the second made while suspended");
    }

    @ParameterizedTest
    @ValueSource(strings = { "be", "le", "be-static" })
    void sourceLineStepsOverPrintfAndIntoNothingWithoutLines(String flavour) throws Exception {
        Path hello = Path.of("..", "..", "bundles", "dev.k42lens.samples", "samples", "bin", flavour, "hello");
        assertTrue(Files.isRegularFile(hello), "samples not present");
        startProgram(hello, DispatchMode.AUTO, DebugSession.StopAt.MAIN);
        int tid = nextStop().tid();
        assertEquals("hello.c:6", where(tid), "main's opening brace");
        session.stepLine(tid, false);
        assertEquals("Step ended at hello.c:7", nextStop().description());
        session.stepLine(tid, true); // printf has no line information: stepping into it runs through it
        // at -O1 "return 0;" (8) and "}" (9) start at the same address; like addr2line, the last row names it
        assertEquals("Step ended at hello.c:9", nextStop().description());
        Frame main = session.frames(tid).get(0);
        assertTrue(main.label().startsWith("main+0x") && main.label().endsWith(" at src/hello.c:9"), main.label());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "printf only buffered its line: stdout is not a terminal");
        session.resume();
        assertEquals(0, news.poll(30, TimeUnit.SECONDS));
        assertEquals("Hello from ppc64 via the K42 transfer table\n", stdout.toString(StandardCharsets.UTF_8));
    }

    private String where(int tid) {
        var line = session.frames(tid).get(0).source();
        return Path.of(line.file()).getFileName() + ":" + line.line();
    }

    @ParameterizedTest
    @ValueSource(strings = { "be-static", "le-static" })
    void onTheTrapPathStepIntoStopsInsideTheLayerWithItsFrame(String flavour) throws Exception {
        start(flavour, "hello", DispatchMode.AUTO, DebugSession.StopAt.ENTRY);
        Suspension entry = nextStop();
        int tid = entry.tid();
        assertEquals("Stopped at the program entry", entry.description());
        session.setSyscallCatchpoints(List.of(new SyscallCatchpoint(4, true, false, DispatchPath.TRAP, 1)));
        session.resume();
        Suspension caught = nextStop();
        assertTrue(caught.description().contains("via trap"), caught.description());
        assertEquals(0x44000002, wordAt(tid, session.registers(tid).pc), "stopped at the sc");

        session.stepInstruction(tid);
        Suspension inside = nextStop();
        assertTrue(inside.insideLayer());
        assertEquals(TraceKind.SYSCALL_ENTRY, inside.event().kind());
        List<Frame> frames = session.frames(tid);
        assertTrue(frames.get(0).isLayerFrame());
        assertEquals("write [depth 1 via trap]", frames.get(0).label());
        assertTrue(session.threads().get(0).state().startsWith("suspended in write (syscall depth 1 via trap)"),
                session.threads().get(0).state());

        session.runToOutermostReturn(tid);
        nextStop();
        assertEquals(HELLO, stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNestedCallIsCaughtInsideTheLayerWithBothFrames() throws Exception {
        start("be-dynamic", "iov", DispatchMode.AUTO, DebugSession.StopAt.ENTRY);
        nextStop(); // the catchpoint is set before the program runs: it could end before otherwise
        session.setSyscallCatchpoints(List.of(new SyscallCatchpoint(4, true, false, null, 2)));
        session.resume();
        Suspension nested = nextStop();
        assertEquals(2, nested.event().depth());
        List<Frame> frames = session.frames(nested.tid());
        assertEquals("write [depth 2 via table]", frames.get(0).label());
        assertTrue(frames.get(1).label().startsWith("writev [depth 1"), frames.get(1).label());
        assertFalse(frames.get(2).isLayerFrame());
    }

    @Test
    void aSignalThatArrivesInsideACallIsCaughtWhenDeferred() throws Exception {
        start("be-static", "signals", DispatchMode.AUTO, DebugSession.StopAt.ENTRY);
        nextStop(); // the catchpoint is set before the program runs: it ended before it once
        session.setSignalCatchpoints(List.of(new SignalCatchpoint(0, false, true, false)));
        session.resume();
        Suspension deferred = nextStop();
        assertEquals(TraceKind.SIGNAL_DEFERRED, deferred.event().kind());
        assertTrue(deferred.event().depth() >= 1);
        assertTrue(deferred.description().startsWith("Signal catchpoint: SIG"), deferred.description());
    }

    @Test
    void suspendTakesEffectWithin100msWhileTheGuestRunsAtFullSpeed() throws Exception {
        start("be-static", "cpu", DispatchMode.AUTO, DebugSession.StopAt.NONE);
        Thread.sleep(300);
        long asked = System.nanoTime();
        session.suspend();
        Suspension stop = nextStop();
        long millis = (System.nanoTime() - asked) / 1_000_000;
        assertEquals(Suspension.Reason.SUSPEND_REQUEST, stop.reason());
        assertTrue(millis < 100, "suspended after " + millis + " ms");
        session.resume();
        session.terminate();
        assertTrue(session.awaitTermination(1000), "terminated within a second");
    }

    @Test
    void inspectionWhileRunningAndUnknownSymbolsAreClearErrors() throws Exception {
        start("be-static", "cpu", DispatchMode.AUTO, DebugSession.StopAt.ENTRY);
        int tid = nextStop().tid();
        assertThrows(IllegalArgumentException.class, () -> session.resolve(tid, "no_such_function"));
        assertThrows(IllegalArgumentException.class, () -> session.readMemory(tid, 0, 8), "page zero is unmapped");
        assertEquals(session.resolve(tid, "main") + 0x10, session.resolve(tid, "main+0x10"));
        session.resume();
        assertThrows(IllegalStateException.class, () -> session.registers(tid));
        assertNull(session.suspension());
    }

    private int wordAt(int tid, long address) {
        byte[] b = session.readMemory(tid, address, 4);
        int big = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        return session.isBigEndian() ? big : Integer.reverseBytes(big);
    }
}
