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

    /** Guest process {@code pid} was created by {@code parentPid} (fork, vfork, clone of a process), running {@code program}. */
    default void processStarted(int pid, int parentPid, String program) {
    }

    /** Guest process {@code pid} replaced its image with {@code program} (execve). */
    default void processExecuted(int pid, String program) {
    }

    /** Guest process {@code pid} ended with {@code exitStatus} (as a shell reports it). */
    default void processEnded(int pid, int exitStatus) {
    }
}
