package dev.k42lens.core.mem;

/**
 * An allocation of guest memory that would pass the run's {@link PageBudget}: the guest gets ENOMEM
 * from the call that asked, or, for a page it touched, is killed as the OOM killer would kill it.
 */
public final class MemoryLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemoryLimitException(long limitBytes, long usedBytes, long wantedBytes) {
        super("the guest memory limit of " + size(limitBytes) + " is reached (" + size(usedBytes) + " in use, "
                + size(wantedBytes) + " more asked for)");
    }

    /** Bytes in the largest binary unit that keeps a whole number ("4 KiB", "100 GiB"), else in whole MiB. */
    private static String size(long bytes) {
        String[] units = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        int unit = 0;
        long value = bytes;
        while (unit < units.length - 1 && value >= 1024 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return unit < 2 && bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : value + " " + units[unit];
    }
}
