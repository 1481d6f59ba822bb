package dev.k42lens.debug.launch;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;

/** What the program's process and the guest processes it creates share as platform processes: attributes, end, events. */
abstract class GuestProcessBase implements IProcess {
    private final ILaunch launch;
    private final Map<String, String> attributes = new HashMap<>();
    private volatile Integer exitValue;

    GuestProcessBase(ILaunch launch, String type) {
        this.launch = launch;
        attributes.put(IProcess.ATTR_PROCESS_TYPE, type);
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public void setAttribute(String key, String value) {
        synchronized (attributes) {
            attributes.put(key, value);
        }
        fire(DebugEvent.CHANGE);
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
            throw new DebugException(org.eclipse.core.runtime.Status.error(getLabel() + " is still running"));
        }
        return value;
    }

    /** The exit status once ended, else null. */
    Integer exitStatus() {
        return exitValue;
    }

    @Override
    public boolean isTerminated() {
        return exitValue != null;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    /** The process ended with {@code status} (as a shell reports it). */
    void ended(int status) {
        exitValue = status;
        fire(DebugEvent.TERMINATE);
    }

    void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }
}
