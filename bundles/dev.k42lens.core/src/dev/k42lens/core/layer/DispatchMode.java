package dev.k42lens.core.layer;

/** How the guest's system calls reach the layer (the --dispatch option). */
public enum DispatchMode {
    /** As K42: dynamically linked glibc goes through the transfer table, everything else traps. */
    AUTO,
    /** Every sc site is retargeted to the transfer table on its first execution. */
    TABLE,
    /** No site is retargeted: every call traps and is reflected. */
    TRAP;

    public static DispatchMode parse(String text) {
        for (DispatchMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown dispatch mode '" + text + "' (expected auto, table or trap)");
    }
}
