package dev.k42lens.core.debug;

/**
 * What a debugger hears from a {@link DebugSession}, on the engine thread: it must return quickly
 * (post the news to its own threads) and must not wait for the session.
 */
public interface DebugListener {
    enum Resumption {
        RESUME, STEP
    }

    /** The system stopped; inspection is allowed until the next command. */
    void suspended(Suspension suspension);

    /** A command let the system run again. */
    void resumed(Resumption how);

    /**
     * The run ended with {@code exitStatus} (as a shell reports it); {@code problem} is null, or a
     * line saying what went wrong inside the emulator.
     */
    void terminated(int exitStatus, String problem);
}
