package dev.k42lens.core.trace;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The on-disk dispatch trace: a header line naming the format and version, then one JSON object
 * per event with the export's field names. Readable by people and by {@code jq}; the reader
 * checks the header, so any other file is refused with a clear message.
 */
public final class TraceFile {
    public static final String FORMAT = "k42lens-trace";
    public static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private TraceFile() {
    }

    /** The export's field names, in order, with their values for {@code e}. */
    public static Map<String, Object> fields(TraceEvent e) {
        boolean syscall = e.kind() == TraceKind.SYSCALL_ENTRY || e.kind() == TraceKind.SYSCALL_EXIT;
        boolean exit = e.kind() == TraceKind.SYSCALL_EXIT;
        boolean aboutACall = e.nr() >= 0; // calls, waits of calls, and the call a signal was deferred in
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("time_ns", e.timeNs());
        m.put("pid", e.pid());
        m.put("tid", e.tid());
        m.put("kind", e.kind().label());
        m.put("nr", aboutACall ? e.nr() : null);
        m.put("name", aboutACall ? e.name() : null);
        m.put("args", syscall ? e.args() : null);
        m.put("ret", exit ? e.ret() : null);
        m.put("errno", exit ? e.errno() : null);
        m.put("path", e.path() == null ? null : e.path().label());
        m.put("depth", e.depth());
        m.put("site", "0x" + Long.toHexString(e.site()));
        m.put("symbol", e.symbol());
        m.put("signal", e.kind().isSignal() ? e.signal() : null);
        m.put("target_tid", e.kind() == TraceKind.THREAD_START || e.kind() == TraceKind.THREAD_EXIT || e.kind() == TraceKind.FORK
                ? e.targetTid() : null);
        boolean server = e.kind() == TraceKind.SERVER_CALL || e.kind() == TraceKind.SERVER_RETURN;
        m.put("server", server ? e.args() : null);
        m.put("op", server ? e.name() : null);
        m.put("implemented", syscall ? e.implemented() : null);
        return m;
    }

    /** One event as a JSON object on one line. */
    public static String json(TraceEvent e) {
        return GSON.toJson(fields(e));
    }

    /** A listener that appends every event to {@code path}; close it when the run ends. */
    public static Recorder record(Path path, String program) throws IOException {
        return new Recorder(path, program);
    }

    /** Writes events as they come. */
    public static final class Recorder implements TraceListener, AutoCloseable {
        private final Writer out;

        Recorder(Path path, String program) throws IOException {
            out = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
            JsonObject header = new JsonObject();
            header.addProperty("format", FORMAT);
            header.addProperty("version", VERSION);
            header.addProperty("program", program);
            out.write(GSON.toJson(header));
            out.write('\n');
        }

        @Override
        public void event(TraceEvent event) {
            try {
                out.write(json(event));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads a trace file; the message of the exception says what is wrong, in one line. */
    public static List<JsonObject> read(Path path) throws TraceFileException {
        List<JsonObject> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new TraceFileException(path + ": empty file, not a K42 Lens trace");
            }
            JsonObject header = parse(path, first, 1);
            if (!header.has("format") || !FORMAT.equals(header.get("format").getAsString())) {
                throw new TraceFileException(path + ": not a K42 Lens trace (no \"" + FORMAT + "\" header)");
            }
            if (header.get("version").getAsInt() != VERSION) {
                throw new TraceFileException(path + ": trace version " + header.get("version") + " is not supported (this is version "
                        + VERSION + ")");
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    events.add(parse(path, line, number));
                }
            }
        } catch (NoSuchFileException e) {
            throw new TraceFileException(path + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new TraceFileException(path + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new TraceFileException(path + ": not a K42 Lens trace (" + e.getMessage() + ")");
        }
        return events;
    }

    private static JsonObject parse(Path path, String line, int number) throws TraceFileException {
        try {
            return JsonParser.parseString(line).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new TraceFileException(path + ": line " + number + " is not a JSON object");
        }
    }

    /** A trace file that cannot be used. */
    public static final class TraceFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public TraceFileException(String message) {
            super(message);
        }
    }
}
