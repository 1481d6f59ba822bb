package dev.k42lens.core.layer.table;

/**
 * One argument's format as syscalls.tsv spells it: a {@link ArgumentKind} word, then {@code _out}
 * when the pointed-to memory is an output to decode at exit (only if the call succeeded), then
 * {@code :N} naming the argument (0-based) that holds its length, count or command.
 *
 * @param index the referenced argument, or -1 when the kind takes none
 */
public record ArgumentFormat(ArgumentKind kind, boolean atExit, int index) {
    private static final String OUT = "_out";

    public ArgumentFormat {
        if (atExit && !kind.readsMemory()) {
            throw new IllegalArgumentException(kind.word() + " is not memory; it cannot be read at exit");
        }
        if (kind.needsIndex() != (index >= 0)) {
            throw new IllegalArgumentException(kind.word() + (kind.needsIndex() ? " needs :N" : " takes no :N"));
        }
    }

    /** Parses {@code open_flags}, {@code buf:2}, {@code buf_out:2}, {@code timespec_out}. */
    public static ArgumentFormat parse(String text) {
        int colon = text.indexOf(':');
        String word = colon < 0 ? text : text.substring(0, colon);
        int index = -1;
        if (colon >= 0) {
            try {
                index = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad argument index in " + text);
            }
            if (index < 0) {
                throw new IllegalArgumentException("bad argument index in " + text);
            }
        }
        boolean atExit = word.endsWith(OUT) && ArgumentKind.ofWord(word).isEmpty();
        String kindWord = atExit ? word.substring(0, word.length() - OUT.length()) : word;
        ArgumentKind kind = ArgumentKind.ofWord(kindWord)
                .orElseThrow(() -> new IllegalArgumentException("unknown argument format " + text));
        return new ArgumentFormat(kind, atExit, index);
    }

    @Override
    public String toString() {
        return kind.word() + (atExit ? OUT : "") + (index >= 0 ? ":" + index : "");
    }
}
