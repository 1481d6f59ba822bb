package dev.k42lens.core.layer;

import java.util.List;

import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;

/**
 * The privileged process-tree server of the K42 model: what the layer cannot do inside one
 * process (create one, replace its image, find another) it asks of this server, and the trace
 * shows the request as server_call/server_return.
 */
public interface ProcessServer {
    /**
     * fork: a new process copying the caller's (sharing its address space when {@code shareMemory}),
     * its thread resuming at {@code back} with r3 = 0.
     */
    GuestProcess fork(GuestThread caller, long back, boolean shareMemory);

    /**
     * execve: replaces the caller's process image. Returns 0 when the new image runs (the calling
     * thread is gone), or a negated errno when the old image goes on.
     */
    long exec(GuestThread caller, String path, List<String> argv, List<String> envp);

    /** The process with id {@code pid} (alive or a zombie not yet reaped), or null. */
    GuestProcess process(int pid);

    /** Every process not yet reaped, in the order they were created. */
    List<GuestProcess> processes();

    /** The children of {@code parentPid} not yet reaped. */
    List<GuestProcess> children(int parentPid);

    /**
     * True when the run has as many tasks (threads, and ended processes not yet reaped) as its limit
     * or {@code caller}'s RLIMIT_NPROC allows: fork and clone get EAGAIN.
     */
    boolean atTaskLimit(GuestProcess caller);
}
