package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.trace.TraceFile.TraceFileException;

/**
 * The store keeps what it is given exactly: real trace files load into it and export as the same
 * lines, the engine's events read back equal, readers see a consistent prefix while it grows, and a
 * file that is not a trace is refused at the line that is wrong.
 */
class TraceStoreTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource({ "be-dynamic, signals", "le-dynamic, procs", "be-static, threads" })
    void aRecordedTraceLoadsAndExportsAsTheSameLines(String flavour, String program) throws Exception {
        Path file = GuestTraces.record(flavour, program, directory);
        List<String> lines = Files.readAllLines(file);
        long bytes = Files.size(file);
        List<Long> progress = new ArrayList<>();
        TraceStore store = TraceStore.load(file, new TraceProgress() {
            @Override
            public void worked(long done, long total) {
                progress.add(done);
                assertEquals(bytes, total);
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        });
        assertEquals(lines.size() - 1, store.size());
        assertEquals(program, store.program());
        assertEquals(bytes, progress.get(progress.size() - 1), "the last report is the whole file");

        StringWriter exported = new StringWriter();
        TraceExport.write(store, TraceExport.Format.JSONL, exported, TraceProgress.NONE);
        List<String> out = exported.toString().lines().toList();
        assertEquals(lines.subList(1, lines.size()), out.subList(1, out.size()));
        assertTrue(out.get(0).startsWith("{\"format\":\"k42lens-trace\",\"version\":1"), out.get(0));
    }

    @Test
    void theEnginesEventsReadBackEqualAndBySequenceNumber() throws Exception {
        List<TraceEvent> events = new ArrayList<>();
        TraceStore store = new TraceStore("procs");
        GuestTraces.run("le-dynamic", "procs", e -> {
            events.add(e);
            store.event(e);
        });
        assertEquals(events.size(), store.size());
        for (int row = 0; row < events.size(); row++) {
            assertEquals(events.get(row), store.get(row), "row " + row);
        }
        TraceEvent last = events.get(events.size() - 1);
        assertEquals(events.indexOf(last), store.rowOf(last.seq()));
        assertEquals(-1, store.rowOf(-5));
        assertThrows(IndexOutOfBoundsException.class, () -> store.get(events.size()));
    }

    /** A reader polling while the writer appends always finds the last published row complete. */
    @Test
    void aReaderSeesAConsistentPrefixWhileTheStoreGrows() throws Exception {
        int rows = 1_500_000;
        TraceStore store = new TraceStore(null);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong checks = new AtomicLong();
        Thread reader = new Thread(() -> {
            int seen = 0;
            while (seen < rows && failure.get() == null) {
                int size = store.size();
                if (size < seen) {
                    failure.set("the size went back from " + seen + " to " + size);
                }
                seen = size;
                if (size > 0) {
                    TraceEvent e = store.get(size - 1);
                    if (e.seq() != size - 1 || !e.args().equals("fd " + (size - 1) % 5000) || e.tid() != (size - 1) % 7) {
                        failure.set("row " + (size - 1) + " read as " + e);
                    }
                    checks.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int row = 0; row < rows; row++) {
            store.event(new TraceEvent(row, row, 1, row % 7, TraceKind.SYSCALL_ENTRY, 3, "read", "fd " + row % 5000, 0, 0,
                    DispatchPath.TABLE, 1, 0x1000, "read+0x10", 0, 0, true));
        }
        reader.join(60_000);
        assertNull(failure.get());
        assertTrue(checks.get() > 0);
        System.out.println("trace store: a reader checked " + checks.get() + " prefixes while " + rows + " rows were appended");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"seq\":2,\"time_ns\":5,|line 4: not a JSON object (after \"time_ns\")",
            "not json|line 4: not a JSON object",
            "{\"seq\":2,\"args\":\"unterminated|line 4: not a JSON object (after \"args\")",
            "{\"seq\":1.5}|line 4: \"seq\" is not an integer",
            "{\"pid\":99999999999}|line 4: \"pid\" is out of range: 99999999999",
            "{\"seq\":2,\"time_ns\":5,\"pid\":1,\"tid\":1,\"kind\":\"teleport\",\"depth\":0,\"site\":\"0x0\"}|line 4: unknown kind \"teleport\"",
            "{\"seq\":2,\"time_ns\":5,\"pid\":1,\"tid\":1,\"kind\":\"exec\",\"depth\":0}|line 4: no \"site\"",
            "{\"seq\":\"two\",\"time_ns\":5,\"pid\":1,\"tid\":1,\"kind\":\"exec\",\"depth\":0,\"site\":\"0x0\"}|line 4: \"seq\" is not a number",
            "{\"seq\":2,\"time_ns\":5,\"pid\":1,\"tid\":1,\"kind\":\"exec\",\"depth\":0,\"site\":\"12\"}|line 4: \"site\" is not a hexadecimal address: 12",
            "{\"seq\":2,\"time_ns\":5,\"pid\":1,\"tid\":1,\"kind\":\"exec\",\"depth\":0,\"site\":\"0x0\"} 7|line 4: text after the event's object" })
    void aMalformedLineIsReportedWithItsNumber(String line, String message) throws Exception {
        Path file = directory.resolve("bad.jsonl");
        TraceEvent good = new TraceEvent(0, 1, 1000, 1000, TraceKind.EXEC, -1, null, null, 0, 0, null, 1, 0x8000, "k42:execve", 0, 0, true);
        Files.write(file, List.of(TraceFile.header("bad"), TraceFile.json(good), "", line, TraceFile.json(good)));
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceStore.load(file, TraceProgress.NONE));
        assertEquals(file + ": " + message, e.getMessage());
    }

    /** Any string survives the trip through a file; other writers' JSON (spacing, order, nulls, new fields) reads the same. */
    @Test
    void eventLinesReadBackExactly() throws Exception {
        TraceEvent odd = new TraceEvent(Long.MAX_VALUE, 0, 1, 2, TraceKind.SYSCALL_EXIT, 4, "write",
                "1, \"quote \\\" backslash \\\\ tab\t nl\n cr\r bell\u0007 e\u0301 \u2028 \uD83D\uDE00 /\", 5", Long.MIN_VALUE, 4095,
                DispatchPath.TRAP, 3, -1L, "sym+0x1", 0, 0, false);
        Path file = directory.resolve("odd.jsonl");
        String spaced = "{ \"kind\" : \"exec\", \"seq\":9 ,\"time_ns\": 1,\"pid\":7,\"tid\":7,\"depth\":0,\"site\":\"0xff\","
                + "\"name\":null,\"later\":{\"nested\":[1,2.5e3,\"x\",true,null,{}]},\"symbol\":\"k42:execve\" }";
        Files.write(file, List.of(TraceFile.header("odd"), TraceFile.json(odd), spaced));
        TraceStore store = TraceStore.load(file, TraceProgress.NONE);
        assertEquals(odd, store.get(0));
        assertEquals(new TraceEvent(9, 1, 7, 7, TraceKind.EXEC, -1, null, null, 0, 0, null, 0, 0xff, "k42:execve", 0, 0, true), store.get(1));
    }

    @Test
    void aFileThatIsNotATraceIsRefusedAtItsFirstLine() throws Exception {
        Path file = Files.writeString(directory.resolve("other.jsonl"), "{\"format\":\"something-else\"}\n");
        TraceFileException e = assertThrows(TraceFileException.class, () -> TraceStore.load(file, TraceProgress.NONE));
        assertEquals(file + ": not a K42 Lens trace (no \"k42lens-trace\" header)", e.getMessage());
        Path missing = directory.resolve("missing.jsonl");
        assertEquals(missing + ": no such file",
                assertThrows(TraceFileException.class, () -> TraceStore.load(missing, TraceProgress.NONE)).getMessage());
    }

    @Test
    void loadingStopsWhenCanceled() throws Exception {
        Path file = directory.resolve("long.jsonl");
        List<String> lines = new ArrayList<>(List.of(TraceFile.header("long")));
        for (int i = 0; i < 100_000; i++) {
            lines.add(TraceFile.json(new TraceEvent(i, i, 1, 1, TraceKind.SYSCALL_ENTRY, 20, "getpid", "", 0, 0, DispatchPath.TRAP, 1,
                    0x1000, "getpid+0x8", 0, 0, true)));
        }
        Files.write(file, lines);
        assertThrows(CancellationException.class, () -> TraceStore.load(file, new TraceProgress() {
            @Override
            public void worked(long done, long total) {
            }

            @Override
            public boolean isCanceled() {
                return true;
            }
        }));
    }

    @Test
    void anEventIsFoundBySeqInAscendingStoresWithGapsAndInStoresOutOfOrder() {
        TraceStore ascending = new TraceStore(null);
        int rows = 3 * TraceStore.CHUNK_ROWS + 7; // several chunks
        for (int row = 0; row < rows; row++) {
            ascending.event(getpid(3L * row)); // an export of a filtered view keeps the seqs: gaps
        }
        for (int row : new int[] { 0, 1, TraceStore.CHUNK_ROWS - 1, TraceStore.CHUNK_ROWS, rows - 1 }) {
            assertEquals(row, ascending.rowOf(3L * row));
        }
        assertEquals(-1, ascending.rowOf(4), "a seq in a gap");
        assertEquals(-1, ascending.rowOf(3L * rows), "a seq after the last");

        TraceStore unordered = new TraceStore(null);
        for (long seq : new long[] { 5, 3, 9, 9, 1 }) {
            unordered.event(getpid(seq));
        }
        assertEquals(1, unordered.rowOf(3));
        assertEquals(2, unordered.rowOf(9), "the first row with the seq");
        assertEquals(4, unordered.rowOf(1));
        assertEquals(-1, unordered.rowOf(4));
    }

    private static TraceEvent getpid(long seq) {
        return new TraceEvent(seq, seq, 1000, 1000, TraceKind.SYSCALL_ENTRY, 20, "getpid", "", 0, 0, DispatchPath.TABLE, 1, 0x1000, "", 0, 0,
                true);
    }
}
