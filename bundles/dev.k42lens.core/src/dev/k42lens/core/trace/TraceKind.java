package dev.k42lens.core.trace;

/** The kinds of trace events; {@link #label()} is the name exports use. */
public enum TraceKind {
    SYSCALL_ENTRY, SYSCALL_EXIT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
