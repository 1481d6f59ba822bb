package dev.k42lens.core.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.IntUnaryOperator;

/**
 * Writes rows of a {@link TraceStore} as a trace file (JSONL, {@link TraceFile}'s format with its
 * header line) or as CSV (RFC 4180: a header of {@link TraceFile#FIELD_NAMES}, CRLF line ends,
 * fields with a comma, quote or line break in double quotes, quotes doubled; absent fields empty).
 */
public final class TraceExport {
    /** Rows written between two progress reports and cancel checks. */
    private static final int ROWS_PER_REPORT = 1 << 14;

    public enum Format {
        CSV, JSONL;

        /** The format a file name asks for (.csv; .jsonl or .json), or null. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? CSV : name.endsWith(".jsonl") || name.endsWith(".json") ? JSONL : null;
        }

        /** The usual file name extension, with its dot. */
        public String extension() {
            return "." + name().toLowerCase(Locale.ROOT);
        }
    }

    private TraceExport() {
    }

    /** Writes every row the store has now; progress in rows. */
    public static void write(TraceStore store, Format format, Writer out, TraceProgress progress) throws IOException {
        write(store, store.size(), row -> row, format, out, progress);
    }

    /** Writes the store's {@code rows}, in that order; progress in rows. */
    public static void write(TraceStore store, int[] rows, Format format, Writer out, TraceProgress progress) throws IOException {
        write(store, rows.length, i -> rows[i], format, out, progress);
    }

    private static void write(TraceStore store, int count, IntUnaryOperator rowAt, Format format, Writer out, TraceProgress progress)
            throws IOException {
        out.write(format == Format.CSV ? String.join(",", TraceFile.FIELD_NAMES) + "\r\n" : TraceFile.header(store.program()) + "\n");
        for (int i = 0; i < count; i++) {
            if (i % ROWS_PER_REPORT == 0) {
                if (progress.isCanceled()) {
                    throw new CancellationException("export canceled after " + i + " of " + count + " rows");
                }
                progress.worked(i, count);
            }
            TraceEvent event = store.get(rowAt.applyAsInt(i));
            if (format == Format.CSV) {
                writeCsvRecord(event, out);
            } else {
                out.write(TraceFile.json(event));
                out.write('\n');
            }
        }
        progress.worked(count, count);
    }

    private static void writeCsvRecord(TraceEvent event, Writer out) throws IOException {
        boolean first = true;
        for (Object value : TraceFile.fields(event).values()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            if (value != null) {
                out.write(csvField(value.toString()));
            }
        }
        out.write("\r\n");
    }

    /** {@code text} as one CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
