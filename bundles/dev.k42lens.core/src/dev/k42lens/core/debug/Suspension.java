package dev.k42lens.core.debug;

import dev.k42lens.core.trace.TraceEvent;

/**
 * Why and where the emulated system stopped: the thread that stopped it, the reason, a sentence for
 * the user, and the trace event it stopped at (null when it stopped between instructions).
 */
public record Suspension(int tid, Reason reason, String description, TraceEvent event) {
    public enum Reason {
        /** Before the first instruction, or at main, as the launch asked. */
        START,
        /** An address breakpoint. */
        BREAKPOINT,
        /** A syscall or signal catchpoint. */
        CATCHPOINT,
        /** A step, a run-to or a step to the next syscall event ended. */
        STEP_END,
        /** The user asked the running system to suspend. */
        SUSPEND_REQUEST
    }

    /** True when the thread stopped inside the layer, at a trace event, not between instructions. */
    public boolean insideLayer() {
        return event != null;
    }
}
