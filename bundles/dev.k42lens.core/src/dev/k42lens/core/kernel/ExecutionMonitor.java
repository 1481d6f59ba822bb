package dev.k42lens.core.kernel;

import java.util.function.LongPredicate;

/**
 * A debugger's hold on the engine thread. The engine asks it before every stretch of guest code
 * and tells it about address stops; any of these calls may block the engine thread, which is how
 * the whole emulated system is suspended (every guest thread runs on the engine thread).
 */
public interface ExecutionMonitor {
    /**
     * Thread {@code thread} is about to run guest code at its PC (outside the layer). May block
     * while the debugger keeps the system suspended. Returns how many instructions the thread may
     * run before the monitor is asked again: {@code budget}, or fewer when stepping.
     */
    long beforeRun(GuestThread thread, long budget);

    /** Addresses where {@code thread} stops before executing them, or null for none: consulted once per instruction. */
    LongPredicate stopAddresses(GuestThread thread);

    /** {@code thread} reached an address of {@link #stopAddresses()}, not yet executed. May block. */
    void atStopAddress(GuestThread thread);

    /** {@code thread} is at an {@code sc}, about to enter the layer by a trap. May block. */
    void atSystemCall(GuestThread thread);
}
