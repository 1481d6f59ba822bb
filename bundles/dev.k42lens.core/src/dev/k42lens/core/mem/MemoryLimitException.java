package dev.k42lens.core.mem;

/** An allocation of guest memory that would pass the run's {@link PageBudget}: the guest gets ENOMEM. */
public final class MemoryLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemoryLimitException(long limitBytes, long usedBytes, long wantedBytes) {
        super("the guest memory limit of " + (limitBytes >> 20) + " MiB is reached (" + (usedBytes >> 20) + " MiB in use, "
                + (wantedBytes >> 20) + " MiB more asked for)");
    }
}
