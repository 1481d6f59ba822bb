package dev.k42lens.core.trace;

/** How a system call reached its handler. */
public enum DispatchPath {
    /** A retargeted glibc site jumped through the transfer table, no trap. */
    TABLE,
    /** An {@code sc} trapped and the kernel reflected it into the handler through the same slot. */
    TRAP;

    /** The name traces and exports use: "table" or "trap". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
