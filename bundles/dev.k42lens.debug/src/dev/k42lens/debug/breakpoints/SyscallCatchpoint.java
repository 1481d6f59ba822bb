package dev.k42lens.debug.breakpoints;

import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import dev.k42lens.core.trace.DispatchPath;

/**
 * Stops when a system call enters or leaves the layer: at its call site for calls from guest code
 * (before they leave it), inside the layer for nested ones, after the return for exits from guest code.
 */
public class SyscallCatchpoint extends K42LensBreakpoint {
    public static final String MARKER_TYPE = "dev.k42lens.debug.syscallCatchpointMarker";
    public static final String SYSCALL = "dev.k42lens.debug.syscall";
    public static final String ON_ENTRY = "dev.k42lens.debug.onEntry";
    public static final String ON_EXIT = "dev.k42lens.debug.onExit";
    public static final String PATH = "dev.k42lens.debug.path";
    public static final String MINIMUM_DEPTH = "dev.k42lens.debug.minimumDepth";

    public SyscallCatchpoint() {
    }

    /**
     * Creates, persists and registers a catchpoint. {@code syscall} is a ppc64 call name, a number or
     * "any"; {@code path} is "any", "table" or "trap". Bad input is a CoreException saying what is wrong.
     */
    public static SyscallCatchpoint create(String syscall, boolean onEntry, boolean onExit, String path, int minimumDepth)
            throws CoreException {
        dev.k42lens.core.debug.SyscallCatchpoint checked = toCore(syscall, onEntry, onExit, path, minimumDepth);
        return register(new SyscallCatchpoint(), MARKER_TYPE, Map.of(SYSCALL, syscall.trim(), ON_ENTRY, onEntry, ON_EXIT, onExit,
                PATH, path, MINIMUM_DEPTH, minimumDepth), "Syscall catchpoint: " + checked.describe());
    }

    /** The engine's form of this catchpoint. */
    public dev.k42lens.core.debug.SyscallCatchpoint toCore() throws CoreException {
        var marker = ensureMarker();
        return toCore(marker.getAttribute(SYSCALL, "any"), marker.getAttribute(ON_ENTRY, true), marker.getAttribute(ON_EXIT, false),
                marker.getAttribute(PATH, "any"), marker.getAttribute(MINIMUM_DEPTH, 1));
    }

    private static dev.k42lens.core.debug.SyscallCatchpoint toCore(String syscall, boolean onEntry, boolean onExit, String path,
            int minimumDepth) throws CoreException {
        try {
            DispatchPath dispatchPath = switch (path) {
                case "any" -> null;
                case "table" -> DispatchPath.TABLE;
                case "trap" -> DispatchPath.TRAP;
                default -> throw new IllegalArgumentException("the path is any, table or trap, not '" + path + "'");
            };
            return new dev.k42lens.core.debug.SyscallCatchpoint(dev.k42lens.core.debug.SyscallCatchpoint.numberOf(syscall), onEntry,
                    onExit, dispatchPath, minimumDepth);
        } catch (IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage()));
        }
    }
}
