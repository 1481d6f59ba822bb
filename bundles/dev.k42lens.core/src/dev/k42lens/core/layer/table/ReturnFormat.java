package dev.k42lens.core.layer.table;

/**
 * How a syscall's result prints. Every format but {@link #RAW} and {@link #NONE} reads a result in
 * [-4095, -1] as a failure: {@code -1 ENOENT (No such file or directory)}.
 */
public enum ReturnFormat {
    /** A signed decimal number (also pids, counts, times). */
    INT("int"),
    /** A new file descriptor. */
    FD("fd"),
    /** A byte count. */
    SIZE("size"),
    /** An address (mmap, brk, shmat). */
    HEX("hex"),
    /** A file mode in octal (umask). */
    MODE("mode"),
    /** Not a result but restored register state (sigreturn): printed as is, never an error. */
    RAW("raw"),
    /** The call does not return (exit, exit_group): printed as "?". */
    NONE("none");

    private final String word;

    ReturnFormat(String word) {
        this.word = word;
    }

    /** The word syscalls.tsv uses. */
    public String word() {
        return word;
    }

    public static ReturnFormat ofWord(String word) {
        for (ReturnFormat format : values()) {
            if (format.word.equals(word)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown return format " + word);
    }

    /** The text after "= ": {@code 3}, {@code 0x10030000}, {@code -1 EBADF (Bad file descriptor)}, {@code ?}. */
    public String format(long result) {
        if (this == NONE) {
            return "?";
        }
        if (this != RAW && Errno.isError(result)) {
            int number = (int) -result;
            return Errno.of(number).map(e -> "-1 " + e.name() + " (" + e.message() + ")").orElse("-1 errno " + number);
        }
        return switch (this) {
            case HEX -> "0x" + Long.toHexString(result);
            case MODE -> result == 0 ? "0" : "0" + Long.toOctalString(result);
            default -> Long.toString(result);
        };
    }
}
