package dev.k42lens.core.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.k42lens.core.trace.TraceStore.Chunk;

/**
 * Which events to show: each criterion that is set (not null, not false) must hold. {@code syscalls}
 * are call names (of events about a call: entries, exits, waits, deferrals); {@code failedOnly}
 * keeps exits with an errno; {@code text} is looked for in the arguments (a server event's server)
 * and the symbol, case-insensitively, or as a regular expression when {@code regex} is set.
 *
 * @throws IllegalArgumentException if {@code regex} is set and {@code text} is not a valid regular expression
 */
public record TraceFilter(Set<String> syscalls, Integer tid, Integer pid, DispatchPath path, Set<TraceKind> kinds, boolean failedOnly,
        String text, boolean regex) {
    /** Accepts every event. */
    public static final TraceFilter ALL = new TraceFilter(null, null, null, null, null, false, null, false);

    public TraceFilter {
        syscalls = syscalls == null ? null : Set.copyOf(syscalls);
        kinds = kinds == null ? null : Set.copyOf(kinds);
        text = text == null || text.isEmpty() ? null : text;
        if (regex && text != null) {
            try {
                Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + text + "\": " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
            }
        }
    }

    /** True when no criterion is set. */
    public boolean acceptsAll() {
        return syscalls == null && tid == null && pid == null && path == null && kinds == null && !failedOnly && text == null;
    }

    /** The rows of {@code store} (as far as it is now) that this filter accepts, ascending. */
    public int[] matchingRows(TraceStore store) {
        return matcher(store).rows(0, store.size());
    }

    /** The nearest row after (or before) {@code fromRow} that this filter accepts, or -1. */
    public int next(TraceStore store, int fromRow, boolean forward) {
        Matcher matcher = matcher(store);
        int size = store.size();
        for (int row = forward ? fromRow + 1 : Math.min(fromRow, size) - 1; row >= 0 && row < size; row += forward ? 1 : -1) {
            if (matcher.accepts(row)) {
                return row;
            }
        }
        return -1;
    }

    /** This filter applied to {@code store}: keep it to test many rows, it remembers which strings match. */
    public Matcher matcher(TraceStore store) {
        return new Matcher(store);
    }

    /**
     * Tests rows column by column with no object per row: string criteria are decided once per
     * distinct string (dictionary code) and remembered. Not thread-safe.
     */
    public final class Matcher {
        private static final byte UNKNOWN = 0, YES = 1, NO = 2;
        private static final int EXIT = TraceKind.SYSCALL_EXIT.ordinal();
        private final TraceStore store;
        private final boolean[] kindAccepted;
        private final int pathOrdinal;
        private final Pattern pattern;
        private final String lowerText;
        private byte[] nameVerdicts = new byte[0];
        private byte[] textVerdicts = new byte[0];

        private Matcher(TraceStore store) {
            this.store = store;
            kindAccepted = new boolean[TraceKind.values().length];
            for (TraceKind kind : TraceKind.values()) {
                kindAccepted[kind.ordinal()] = kinds == null || kinds.contains(kind);
            }
            pathOrdinal = path == null ? -1 : path.ordinal();
            pattern = regex && text != null ? Pattern.compile(text) : null;
            lowerText = !regex && text != null ? text.toLowerCase(Locale.ROOT) : null;
        }

        public boolean accepts(int row) {
            if (row < 0 || row >= store.size()) {
                throw new IndexOutOfBoundsException("row " + row + " of " + store.size());
            }
            return accepts(store.chunks()[row >>> TraceStore.CHUNK_BITS], row & TraceStore.CHUNK_MASK);
        }

        /** The accepted rows among {@code from} (inclusive) to {@code to} (exclusive, at most the store's size), ascending. */
        public int[] rows(int from, int to) {
            if (from < 0 || from > to || to > store.size()) {
                throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + store.size());
            }
            Chunk[] chunks = store.chunks();
            int[] found = new int[Math.min(to - from, 4096)];
            int count = 0;
            for (int row = from; row < to;) {
                Chunk chunk = chunks[row >>> TraceStore.CHUNK_BITS];
                int first = row & TraceStore.CHUNK_MASK;
                int end = first + Math.min(TraceStore.CHUNK_ROWS - first, to - row);
                for (int i = first; i < end; i++) {
                    if (accepts(chunk, i)) {
                        if (count == found.length) {
                            found = Arrays.copyOf(found, count * 2);
                        }
                        found[count++] = row + i - first;
                    }
                }
                row += end - first;
            }
            return Arrays.copyOf(found, count);
        }

        private boolean accepts(Chunk c, int i) {
            return kindAccepted[c.kind[i]]
                    && (!failedOnly || c.kind[i] == EXIT && c.errno[i] != 0)
                    && (tid == null || c.tid[i] == tid)
                    && (pid == null || c.pid[i] == pid)
                    && (pathOrdinal < 0 || c.path[i] == pathOrdinal)
                    && (syscalls == null || c.nr[i] >= 0 && nameAccepted(c.name[i]))
                    && (text == null || textAccepted(c.args[i]) || textAccepted(c.symbol[i]));
        }

        private boolean nameAccepted(int code) {
            if (code >= nameVerdicts.length) {
                nameVerdicts = Arrays.copyOf(nameVerdicts, Math.max(code + 1, nameVerdicts.length * 2));
            }
            if (nameVerdicts[code] == UNKNOWN) {
                String name = store.string(code);
                nameVerdicts[code] = name != null && syscalls.contains(name) ? YES : NO;
            }
            return nameVerdicts[code] == YES;
        }

        private boolean textAccepted(int code) {
            if (code >= textVerdicts.length) {
                textVerdicts = Arrays.copyOf(textVerdicts, Math.max(code + 1, textVerdicts.length * 2));
            }
            if (textVerdicts[code] == UNKNOWN) {
                String s = store.string(code);
                boolean found = s != null && (pattern != null ? pattern.matcher(s).find() : s.toLowerCase(Locale.ROOT).contains(lowerText));
                textVerdicts[code] = found ? YES : NO;
            }
            return textVerdicts[code] == YES;
        }
    }
}
