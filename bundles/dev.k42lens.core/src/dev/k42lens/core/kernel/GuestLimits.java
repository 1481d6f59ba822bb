package dev.k42lens.core.kernel;

/**
 * What all the processes of one run may take together, as a kernel's limits would: their private
 * memory ({@code mmap}, {@code brk}, {@code mremap}, {@code fork} past it get ENOMEM), their
 * tasks (threads and processes, ended ones not yet reaped included: {@code fork} and
 * {@code clone} past it get EAGAIN) and the size of their private /tmp and /dev/shm (writes past
 * it get ENOSPC, as on a full tmpfs). The defaults keep a desktop and the IDE alive.
 */
public record GuestLimits(long memoryBytes, int tasks, long tmpBytes) {
    /** Tasks by default: more than any ordinary program makes, few enough that a fork bomb stops early. */
    public static final int DEFAULT_TASKS = 512;
    /** The private /tmp's size by default: room for ordinary temporary files, not for a runaway write loop. */
    public static final long DEFAULT_TMP_BYTES = 2L << 30;

    public GuestLimits {
        if (memoryBytes < (1 << 20) || tasks < 1 || tmpBytes < 0) {
            throw new IllegalArgumentException("limits too small: " + memoryBytes + " bytes of memory, " + tasks + " tasks, "
                    + tmpBytes + " bytes of /tmp");
        }
    }

    /** Half of what the engine's heap may grow to (the rest is the engine's and the trace's), {@link #DEFAULT_TASKS} and {@link #DEFAULT_TMP_BYTES}. */
    public static GuestLimits defaults() {
        return new GuestLimits(defaultMemoryBytes(), DEFAULT_TASKS, DEFAULT_TMP_BYTES);
    }

    /**
     * The limits as a person writes them (the launch configuration's fields): sizes with K, M, G
     * or T and a number of tasks, each empty for its default. IllegalArgumentException says what is wrong.
     */
    public static GuestLimits parse(String memory, String tasks, String tmp) {
        long bytes = memory.isBlank() ? defaultMemoryBytes() : parseSize(memory);
        int count;
        try {
            count = tasks.isBlank() ? DEFAULT_TASKS : Integer.parseInt(tasks.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the task limit must be a positive number: '" + tasks + "'");
        }
        return new GuestLimits(bytes, count, tmp.isBlank() ? DEFAULT_TMP_BYTES : parseSize(tmp));
    }

    public static long defaultMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** A size as the command line gives it: bytes, or a number with K, M, G or T (powers of 1024). */
    public static long parseSize(String text) {
        String t = text.trim();
        int shift = switch (t.isEmpty() ? ' ' : Character.toUpperCase(t.charAt(t.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long value = Long.parseLong(digits);
            if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected bytes or a number with K, M, G or T)");
        }
    }
}
