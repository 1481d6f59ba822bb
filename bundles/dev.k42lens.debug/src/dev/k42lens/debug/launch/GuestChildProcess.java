package dev.k42lens.debug.launch;


import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * A guest process the program created (fork, vfork, posix_spawn), shown in the launch beside the
 * program's own: its pid, what it runs, and its exit status. Its output shares the program's
 * Console, as a forked child shares its parent's standard streams.
 */
final class GuestChildProcess extends GuestProcessBase {
    private final int pid;
    private volatile String program;

    GuestChildProcess(ILaunch launch, int pid, String program) {
        super(launch, "k42lens.guest");
        this.pid = pid;
        this.program = program;
        setAttribute(IProcess.ATTR_PROCESS_ID, Integer.toString(pid));
    }

    void executed(String newProgram) {
        program = newProgram;
        fire(DebugEvent.CHANGE);
    }

    @Override
    public String getLabel() {
        return "guest process " + pid + ": " + program + (exitStatus() == null ? "" : " (exit status " + exitStatus() + ")");
    }


    /** None: the child writes into the program's Console. */
    @Override
    public IStreamsProxy getStreamsProxy() {
        return null;
    }






    /** Ending one guest process alone is the guest's business (kill); the launch terminates them all. */
    @Override
    public boolean canTerminate() {
        return false;
    }


    @Override
    public void terminate() throws DebugException {
        throw new DebugException(org.eclipse.core.runtime.Status.error("terminate the launch to end its guest processes"));
    }

}
