package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The hand-written event line is byte for byte what Gson writes for the same fields. */
class TraceFileJsonTest {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    @ParameterizedTest
    @CsvSource({ "be-dynamic, signals", "le-dynamic, procs", "be-static, fileio" })
    void everyEventOfARealRunAsGsonWritesIt(String flavour, String program) throws Exception {
        List<TraceEvent> events = new ArrayList<>();
        GuestTraces.run(flavour, program, events::add);
        assertTrue(events.size() > 100, "a real run: " + events.size() + " events");
        for (TraceEvent e : events) {
            assertEquals(GSON.toJson(TraceFile.fields(e)), TraceFile.json(e), "event " + e.seq());
        }
    }

    @Test
    void argumentsWithQuotesBackslashesControlsAndLineSeparators() {
        String args = "1, \"a\\\"b\\\\c\\n\u0001\t\b\f\r\u2028\u2029é€😀</script>=&'\", 12";
        TraceEvent e = new TraceEvent(7, 99, 1000, 1001, TraceKind.SYSCALL_EXIT, 4, "write", args, -14, 14, DispatchPath.TRAP, 2,
                0x10000abcL, "write+0x1c", 0, 0, false);
        assertEquals(GSON.toJson(TraceFile.fields(e)), TraceFile.json(e));
    }
}
