package dev.k42lens.core.trace;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

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

    /** The export's field names in order (every event has all of them; absent ones are null). */
    public static final List<String> FIELD_NAMES = List.copyOf(
            fields(new TraceEvent(0, 0, 0, 0, TraceKind.SYSCALL_ENTRY, 0, "", "", 0, 0, null, 0, 0, "", 0, 0, true)).keySet());

    /** Lines read between two progress reports and cancel checks while streaming a file. */
    private static final int LINES_PER_REPORT = 1 << 14;

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
        // signal events: the pending set after them; signal_mask: the new mask; slot_swap: the new handler
        m.put("args", syscall || e.kind().isSignal() || e.kind() == TraceKind.SIGNAL_MASK || e.kind() == TraceKind.SLOT_SWAP ? e.args()
                : null);
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

    /**
     * One event as a JSON object on one line, without its null fields. Written by hand: going
     * through Gson's map adapter cost about 12 µs an event, most of a traced syscall's time.
     */
    public static String json(TraceEvent e) {
        StringBuilder line = new StringBuilder(192).append('{');
        for (Map.Entry<String, Object> field : fields(e).entrySet()) {
            Object value = field.getValue();
            if (value == null) {
                continue;
            }
            if (line.length() > 1) {
                line.append(',');
            }
            line.append('"').append(field.getKey()).append("\":");
            if (value instanceof String text) {
                appendString(line, text);
            } else {
                line.append(value); // numbers and booleans print as JSON does
            }
        }
        return line.append('}').toString();
    }

    /** A JSON string literal, escaped as Gson escapes it without HTML escaping. */
    private static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The first line of a trace file: format, version and the program that ran (omitted when null). */
    public static String header(String program) {
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("version", VERSION);
        header.addProperty("program", program);
        return GSON.toJson(header);
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
            out.write(header(program));
            out.write('\n');
        }

        @Override
        public void event(TraceEvent event) {
            try {
                out.write(json(event) + "\n"); // one write: a close from another thread cuts the file between events
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Reads a trace file one line at a time into the listener {@code open} gives for the program
     * its header names (null if none), and returns that listener: only the listener holds the
     * file's content. Progress is in bytes of the file; a canceled read throws
     * {@link CancellationException}.
     */
    public static <T extends TraceListener> T stream(Path path, Function<String, T> open, TraceProgress progress)
            throws TraceFileException {
        checkRegularFile(path);
        try (CountingInputStream bytes = new CountingInputStream(Files.newInputStream(path));
                BufferedReader in = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8), 1 << 16)) {
            long total = Files.size(path);
            T sink = open.apply(checkHeader(path, in.readLine()));
            String line = in.readLine();
            int number = 1;
            while (line != null) {
                number++;
                if (number % LINES_PER_REPORT == 0) {
                    if (progress.isCanceled()) {
                        throw new CancellationException(path + ": reading canceled at line " + number);
                    }
                    progress.worked(bytes.count, total);
                }
                String next = in.readLine();
                if (!line.isBlank()) {
                    TraceEvent event;
                    try {
                        event = event(path, line, number);
                    } catch (TraceFileException e) {
                        if (next == null && !endsWithNewline(path)) {
                            progress.cutShort(number); // the writer was killed in the middle of this event
                            break;
                        }
                        throw e;
                    }
                    sink.event(event);
                }
                line = next;
            }
            progress.worked(total, total);
            return sink;
        } catch (NoSuchFileException e) {
            throw new TraceFileException(path + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new TraceFileException(path + ": cannot read: " + e.getMessage());
        }
    }

    /** A FIFO, a device or a directory would block or mean nothing: only a regular file is a trace. */
    private static void checkRegularFile(Path path) throws TraceFileException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new TraceFileException(path + ": not a regular file");
        }
    }

    private static boolean endsWithNewline(Path path) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            if (channel.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /** Checks the first line of a trace file; returns the program it names, or null. */
    private static String checkHeader(Path path, String first) throws TraceFileException {
        if (first == null) {
            throw new TraceFileException(path + ": empty file, not a K42 Lens trace");
        }
        JsonObject header = parse(path, first, 1);
        try {
            if (!header.has("format") || !FORMAT.equals(header.get("format").getAsString())) {
                throw new TraceFileException(path + ": not a K42 Lens trace (no \"" + FORMAT + "\" header)");
            }
            if (!header.has("version") || header.get("version").getAsInt() != VERSION) {
                throw new TraceFileException(path + ": trace version " + header.get("version") + " is not supported (this is version "
                        + VERSION + ")");
            }
            return header.has("program") ? header.get("program").getAsString() : null;
        } catch (RuntimeException e) {
            throw new TraceFileException(path + ": line 1 is not a K42 Lens trace header (" + e.getMessage() + ")");
        }
    }

    private static TraceEvent event(Path path, String line, int number) throws TraceFileException {
        try {
            return TraceLine.parse(line);
        } catch (IllegalArgumentException e) {
            throw new TraceFileException(path + ": line " + number + ": " + e.getMessage());
        }
    }

    private static JsonObject parse(Path path, String line, int number) throws TraceFileException {
        try {
            return JsonParser.parseString(line).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new TraceFileException(path + ": line " + number + " is not a JSON object");
        }
    }

    /** Counts the bytes read through it, for progress in a file whose lines are decoded further on. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }

    /**
     * A trace file that cannot be used. The message is one line even where it quotes the file:
     * control characters in it are shown escaped (a backslash, u and four hex digits).
     */
    public static final class TraceFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public TraceFileException(String message) {
            super(oneLine(message));
        }

        private static String oneLine(String message) {
            StringBuilder line = new StringBuilder(message.length());
            message.chars().forEach(c -> line.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
            return line.toString();
        }
    }
}
