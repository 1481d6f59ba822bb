package dev.k42lens.core.trace;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.trace.TraceFile.TraceFileException;

/**
 * The events of one run, held compactly enough for millions: one primitive array per field in
 * chunks of {@value #CHUNK_ROWS} rows, strings (names, arguments, symbols) as codes into a
 * dictionary of distinct strings. It is the run's {@link TraceListener}, or is loaded from a trace
 * file.
 * <p>
 * One thread appends (the engine's, or the one loading a file); any thread may read while it
 * does. A row is written completely before the size that includes it is published through a
 * volatile field, so a reader sees a consistent prefix of {@link #size()} rows, and the arrays it
 * reaches through volatile fields hold every row and string of that prefix.
 */
public final class TraceStore implements TraceListener {
    static final int CHUNK_BITS = 14;
    static final int CHUNK_ROWS = 1 << CHUNK_BITS;
    static final int CHUNK_MASK = CHUNK_ROWS - 1;
    /** The dictionary code of null. */
    static final int NULL_STRING = 0;
    private static final TraceKind[] KINDS = TraceKind.values();
    private static final DispatchPath[] PATHS = DispatchPath.values();

    /** {@value #CHUNK_ROWS} rows, field by field; strings as dictionary codes, path as ordinal or -1. */
    static final class Chunk {
        final long[] seq = new long[CHUNK_ROWS];
        final long[] timeNs = new long[CHUNK_ROWS];
        final long[] ret = new long[CHUNK_ROWS];
        final long[] site = new long[CHUNK_ROWS];
        final int[] pid = new int[CHUNK_ROWS];
        final int[] tid = new int[CHUNK_ROWS];
        final int[] nr = new int[CHUNK_ROWS];
        final int[] errno = new int[CHUNK_ROWS];
        final int[] depth = new int[CHUNK_ROWS];
        final int[] signal = new int[CHUNK_ROWS];
        final int[] targetTid = new int[CHUNK_ROWS];
        final int[] name = new int[CHUNK_ROWS];
        final int[] args = new int[CHUNK_ROWS];
        final int[] symbol = new int[CHUNK_ROWS];
        final byte[] kind = new byte[CHUNK_ROWS];
        final byte[] path = new byte[CHUNK_ROWS];
        final boolean[] implemented = new boolean[CHUNK_ROWS];
    }

    private final String program;
    private volatile Chunk[] chunks = new Chunk[8];
    private volatile String[] strings = new String[1024];
    private volatile int size;
    /** Whether every row's seq is greater than the row's before (engines and exports write them so): {@link #rowOf} then bisects. */
    private volatile boolean ascending = true;
    /** The appending thread's index of {@link #strings}. */
    private final Map<String, Integer> codes = new HashMap<>();
    private int stringCount = 1; // code 0 is null

    /** An empty store for a run of {@code program} (null when unknown). */
    public TraceStore(String program) {
        this.program = program;
    }

    /**
     * The events of a trace file, read as a stream; progress is in bytes. Throws
     * {@link java.util.concurrent.CancellationException} if {@code progress} cancels.
     */
    public static TraceStore load(Path file, TraceProgress progress) throws TraceFileException {
        return TraceFile.stream(file, TraceStore::new, progress);
    }

    /** The program that ran, as the trace file's header or the session named it; null if unknown. */
    public String program() {
        return program;
    }

    /** The number of events a reader can see now; it only grows. */
    public int size() {
        return size;
    }

    /** Appends {@code e}; only one thread may append. */
    @Override
    public void event(TraceEvent e) {
        int row = size;
        Chunk[] all = chunks;
        int index = row >>> CHUNK_BITS;
        if (index == all.length) {
            all = Arrays.copyOf(all, all.length * 2);
        }
        if (all[index] == null) {
            all[index] = new Chunk();
            chunks = all;
        }
        Chunk c = all[index];
        int i = row & CHUNK_MASK;
        if (row > 0 && e.seq() <= seqAt(all, row - 1)) {
            ascending = false; // before the row is published: a reader that sees it knows
        }
        c.seq[i] = e.seq();
        c.timeNs[i] = e.timeNs();
        c.ret[i] = e.ret();
        c.site[i] = e.site();
        c.pid[i] = e.pid();
        c.tid[i] = e.tid();
        c.nr[i] = e.nr();
        c.errno[i] = e.errno();
        c.depth[i] = e.depth();
        c.signal[i] = e.signal();
        c.targetTid[i] = e.targetTid();
        c.name[i] = code(e.name());
        c.args[i] = code(e.args());
        c.symbol[i] = code(e.symbol());
        c.kind[i] = (byte) e.kind().ordinal();
        c.path[i] = (byte) (e.path() == null ? -1 : e.path().ordinal());
        c.implemented[i] = e.implemented();
        size = row + 1; // publishes the row
    }

    /** The event in row {@code row} (0 ≤ row < {@link #size()}). */
    public TraceEvent get(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        Chunk c = chunks[row >>> CHUNK_BITS];
        String[] text = strings;
        int i = row & CHUNK_MASK;
        return new TraceEvent(c.seq[i], c.timeNs[i], c.pid[i], c.tid[i], KINDS[c.kind[i]], c.nr[i], text[c.name[i]], text[c.args[i]],
                c.ret[i], c.errno[i], c.path[i] < 0 ? null : PATHS[c.path[i]], c.depth[i], c.site[i], text[c.symbol[i]], c.signal[i],
                c.targetTid[i], c.implemented[i]);
    }

    /** The first row whose event has sequence number {@code seq}, or -1. */
    public int rowOf(long seq) {
        int n = size;
        Chunk[] all = chunks;
        if (ascending) {
            int low = 0;
            int high = n - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                long found = seqAt(all, middle);
                if (found < seq) {
                    low = middle + 1;
                } else if (found > seq) {
                    high = middle - 1;
                } else {
                    return middle;
                }
            }
            return -1;
        }
        for (int row = 0; row < n; row += CHUNK_ROWS) {
            long[] column = all[row >>> CHUNK_BITS].seq;
            for (int i = 0, end = Math.min(CHUNK_ROWS, n - row); i < end; i++) {
                if (column[i] == seq) {
                    return row + i;
                }
            }
        }
        return -1;
    }

    private static long seqAt(Chunk[] all, int row) {
        return all[row >>> CHUNK_BITS].seq[row & CHUNK_MASK];
    }

    /** The chunks holding at least the first {@code size()} rows, as read after {@link #size()}. */
    Chunk[] chunks() {
        return chunks;
    }

    /** The string of dictionary code {@code code}, for a code read from a row below {@link #size()}. */
    String string(int code) {
        return strings[code];
    }

    private int code(String s) {
        if (s == null) {
            return NULL_STRING;
        }
        Integer known = codes.get(s);
        if (known != null) {
            return known;
        }
        int code = stringCount++;
        String[] all = strings;
        if (code == all.length) {
            all = Arrays.copyOf(all, all.length * 2);
        }
        all[code] = s;
        strings = all;
        codes.put(s, code);
        return code;
    }
}
