package dev.k42lens.debug.launch;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamsProxy;

/**
 * A guest process the program created (fork, vfork, posix_spawn), shown in the launch beside the
 * program's own: its pid, what it runs, and its exit status. Its output shares the program's
 * Console, as a forked child shares its parent's standard streams.
 */
final class GuestChildProcess implements IProcess {
    private final ILaunch launch;
    private final int pid;
    private volatile String program;
    private volatile Integer exitValue;
    private final Map<String, String> attributes = new HashMap<>();

    GuestChildProcess(ILaunch launch, int pid, String program) {
        this.launch = launch;
        this.pid = pid;
        this.program = program;
        attributes.put(IProcess.ATTR_PROCESS_TYPE, "k42lens.guest");
        attributes.put(IProcess.ATTR_PROCESS_ID, Integer.toString(pid));
    }

    void executed(String newProgram) {
        program = newProgram;
        fire(DebugEvent.CHANGE);
    }

    void ended(int status) {
        exitValue = status;
        fire(DebugEvent.TERMINATE);
    }

    @Override
    public String getLabel() {
        return "guest process " + pid + ": " + program + (exitValue == null ? "" : " (exit status " + exitValue + ")");
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    /** None: the child writes into the program's Console. */
    @Override
    public IStreamsProxy getStreamsProxy() {
        return null;
    }

    @Override
    public void setAttribute(String key, String value) {
        synchronized (attributes) {
            attributes.put(key, value);
        }
    }

    @Override
    public String getAttribute(String key) {
        synchronized (attributes) {
            return attributes.get(key);
        }
    }

    @Override
    public int getExitValue() throws DebugException {
        Integer value = exitValue;
        if (value == null) {
            throw new DebugException(org.eclipse.core.runtime.Status.error("guest process " + pid + " is still running"));
        }
        return value;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    /** Ending one guest process alone is the guest's business (kill); the launch terminates them all. */
    @Override
    public boolean canTerminate() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return exitValue != null;
    }

    @Override
    public void terminate() throws DebugException {
        throw new DebugException(org.eclipse.core.runtime.Status.error("terminate the launch to end its guest processes"));
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }
}
