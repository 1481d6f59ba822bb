package dev.k42lens.core.trace;

/** Receives trace events in order, on the engine thread; must not block it. */
@FunctionalInterface
public interface TraceListener {
    void event(TraceEvent event);
}
