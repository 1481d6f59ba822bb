package dev.k42lens.debug.breakpoints;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.Breakpoint;
import org.eclipse.debug.core.model.IBreakpoint;

import dev.k42lens.debug.K42LensDebugModel;

/**
 * The common part of K42 Lens breakpoints: a persistent marker on the workspace root (they belong
 * to no source file), its message as the Breakpoints view's label, and registration.
 */
public abstract class K42LensBreakpoint extends Breakpoint {
    @Override
    public String getModelIdentifier() {
        return K42LensDebugModel.MODEL_IDENTIFIER;
    }

    /** What the Breakpoints view shows, e.g. "Syscall catchpoint: write entry via table". */
    public String label() {
        return getMarker() == null ? "" : getMarker().getAttribute(IMarker.MESSAGE, "");
    }

    /**
     * Creates the marker of {@code markerType} with {@code attributes} and {@code label}, attaches it
     * to {@code breakpoint} and registers the breakpoint, all in one workspace operation.
     */
    static <B extends K42LensBreakpoint> B register(B breakpoint, String markerType, Map<String, Object> attributes, String label)
            throws CoreException {
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        ResourcesPlugin.getWorkspace().run(monitor -> {
            IMarker marker = root.createMarker(markerType);
            Map<String, Object> all = new HashMap<>(attributes);
            all.put(IBreakpoint.ID, K42LensDebugModel.MODEL_IDENTIFIER);
            all.put(IBreakpoint.ENABLED, Boolean.TRUE);
            all.put(IBreakpoint.PERSISTED, Boolean.TRUE);
            all.put(IMarker.MESSAGE, label);
            marker.setAttributes(all);
            breakpoint.setMarker(marker);
        }, null);
        DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(breakpoint);
        return breakpoint;
    }
}
