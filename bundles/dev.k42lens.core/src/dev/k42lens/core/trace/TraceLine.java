package dev.k42lens.core.trace;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the event on one line of a trace file: a flat JSON object of strings, integers, booleans
 * and nulls, the inverse of {@link TraceFile#json(TraceEvent)} (an absent or null field: the
 * event is not about that). A scanner of its own because traces have millions of lines: setting
 * up Gson's reader for a line costs more than this whole scan, which reads a million lines in
 * about a third of the time. Other JSON (whitespace, any field order, fields of later versions,
 * any escapes) is read as well; anything else is refused with the reason.
 */
final class TraceLine {
    /** The highest signal number Linux has (SIGRTMAX). */
    private static final int MAX_SIGNAL = 64;
    private static final Map<String, TraceKind> KINDS = Arrays.stream(TraceKind.values())
            .collect(Collectors.toUnmodifiableMap(TraceKind::label, kind -> kind));
    private static final Map<String, DispatchPath> PATHS = Arrays.stream(DispatchPath.values())
            .collect(Collectors.toUnmodifiableMap(DispatchPath::label, path -> path));
    private final String line;
    private int at;
    /** The field being read, for messages. */
    private String key;

    private TraceLine(String line) {
        this.line = line;
    }

    /**
     * The event {@code line} holds.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    static TraceEvent parse(String line) {
        return new TraceLine(line).event();
    }

    private TraceEvent event() {
        Long seq = null, timeNs = null, site = null;
        Integer pid = null, tid = null, depth = null;
        TraceKind kind = null;
        long ret = 0;
        int nr = -1, errno = 0, signal = 0, targetTid = 0;
        String name = null, args = null, symbol = null, server = null, op = null;
        DispatchPath path = null;
        boolean implemented = true;
        expect('{');
        if (!skip('}')) {
            do {
                skipWhitespace();
                key = string();
                expect(':');
                skipWhitespace();
                if (line.startsWith("null", at)) {
                    at += 4;
                    continue;
                }
                switch (key) {
                    case "seq" -> seq = number();
                    case "time_ns" -> timeNs = number();
                    case "pid" -> pid = integer();
                    case "tid" -> tid = integer();
                    case "kind" -> kind = kind(stringValue());
                    case "nr" -> nr = integer();
                    case "name" -> name = stringValue();
                    case "args" -> args = stringValue();
                    case "ret" -> ret = number();
                    case "errno" -> errno = integer();
                    case "path" -> path = dispatchPath(stringValue());
                    case "depth" -> depth = integer();
                    case "site" -> site = address(stringValue());
                    case "symbol" -> symbol = stringValue();
                    case "signal" -> signal = integer();
                    case "target_tid" -> targetTid = integer();
                    case "server" -> server = stringValue();
                    case "op" -> op = stringValue();
                    case "implemented" -> implemented = bool();
                    default -> skipValue(); // a field of a later version
                }
            } while (skip(','));
            expect('}');
        }
        skipWhitespace();
        if (at < line.length()) {
            throw new IllegalArgumentException("text after the event's object");
        }
        String missing = seq == null ? "seq" : timeNs == null ? "time_ns" : pid == null ? "pid" : tid == null ? "tid"
                : kind == null ? "kind" : depth == null ? "depth" : site == null ? "site" : null;
        if (signal < 0 || signal > MAX_SIGNAL || depth != null && depth < 0) {
            throw new IllegalArgumentException(signal < 0 || signal > MAX_SIGNAL ? "signal " + signal + " out of range" : "negative depth");
        }
        if (missing == null && name == null && (kind == TraceKind.SYSCALL_ENTRY || kind == TraceKind.SYSCALL_EXIT)) {
            missing = "name"; // a call is known by its name in every view
        }
        if (missing != null) {
            throw new IllegalArgumentException("no \"" + missing + "\"");
        }
        // server events keep their server and operation where calls keep arguments and name
        return new TraceEvent(seq, timeNs, pid, tid, kind, nr, name != null ? name : op, args != null ? args : server, ret, errno, path,
                depth, site, symbol, signal, targetTid, implemented);
    }

    private IllegalArgumentException notJson() {
        return new IllegalArgumentException("not a JSON object" + (key == null ? "" : " (after \"" + key + "\")"));
    }

    private void skipWhitespace() {
        while (at < line.length() && " \t\r\n".indexOf(line.charAt(at)) >= 0) {
            at++;
        }
    }

    /** Consumes {@code c} after any whitespace if it is there. */
    private boolean skip(char c) {
        skipWhitespace();
        if (at < line.length() && line.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!skip(c)) {
            throw notJson();
        }
    }

    private long number() {
        int start = at;
        if (at < line.length() && line.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < line.length() && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
            at++;
        }
        if (at == digits) {
            throw new IllegalArgumentException("\"" + key + "\" is not a number");
        }
        if (at < line.length() && ".eE".indexOf(line.charAt(at)) >= 0) {
            throw new IllegalArgumentException("\"" + key + "\" is not an integer");
        }
        try {
            return Long.parseLong(line, start, at, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + key + "\" is out of range: " + line.substring(start, at));
        }
    }

    private int integer() {
        long value = number();
        if (value != (int) value) {
            throw new IllegalArgumentException("\"" + key + "\" is out of range: " + value);
        }
        return (int) value;
    }

    private boolean bool() {
        if (line.startsWith("true", at)) {
            at += 4;
            return true;
        }
        if (line.startsWith("false", at)) {
            at += 5;
            return false;
        }
        throw new IllegalArgumentException("\"" + key + "\" is not true or false");
    }

    /** A string value of the current field. */
    private String stringValue() {
        if (at >= line.length() || line.charAt(at) != '"') {
            throw new IllegalArgumentException("\"" + key + "\" is not a string");
        }
        return string();
    }

    /** A JSON string at the current position, its escapes decoded. */
    private String string() {
        if (at >= line.length() || line.charAt(at) != '"') {
            throw notJson();
        }
        StringBuilder decoded = null; // only for a string with escapes: most are one substring
        int run = ++at;
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == '"') {
                String text = decoded == null ? line.substring(run, at) : decoded.append(line, run, at).toString();
                at++;
                return text;
            }
            if (c != '\\') {
                at++;
                continue;
            }
            decoded = (decoded == null ? new StringBuilder() : decoded).append(line, run, at);
            char escaped = ++at < line.length() ? line.charAt(at++) : 0;
            switch (escaped) {
                case '"', '\\', '/' -> decoded.append(escaped);
                case 'b' -> decoded.append('\b');
                case 'f' -> decoded.append('\f');
                case 'n' -> decoded.append('\n');
                case 'r' -> decoded.append('\r');
                case 't' -> decoded.append('\t');
                case 'u' -> {
                    try {
                        decoded.append((char) Integer.parseInt(line, at, at + 4, 16));
                    } catch (NumberFormatException | IndexOutOfBoundsException e) {
                        throw notJson();
                    }
                    at += 4;
                }
                default -> throw notJson();
            }
            run = at;
        }
        throw notJson(); // the string does not end
    }

    /** Any JSON value, not kept. */
    private void skipValue() {
        skipWhitespace();
        char c = at < line.length() ? line.charAt(at) : 0;
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            at++;
            char close = c == '{' ? '}' : ']';
            if (!skip(close)) {
                do {
                    if (c == '{') {
                        skipWhitespace();
                        string();
                        expect(':');
                    }
                    skipValue();
                } while (skip(','));
                expect(close);
            }
        } else {
            int start = at;
            while (at < line.length() && "+-.eE0123456789truefalsn".indexOf(line.charAt(at)) >= 0) {
                at++;
            }
            if (at == start) {
                throw notJson();
            }
        }
    }

    private static TraceKind kind(String label) {
        TraceKind kind = KINDS.get(label);
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind \"" + label + "\"");
        }
        return kind;
    }

    private static DispatchPath dispatchPath(String label) {
        DispatchPath path = PATHS.get(label);
        if (path == null) {
            throw new IllegalArgumentException("unknown path \"" + label + "\" (table or trap)");
        }
        return path;
    }

    private static long address(String text) {
        try {
            if (text.startsWith("0x")) {
                return Long.parseUnsignedLong(text, 2, text.length(), 16);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"site\" is not a hexadecimal address: " + text);
    }
}
