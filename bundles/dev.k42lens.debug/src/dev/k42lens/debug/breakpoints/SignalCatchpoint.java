package dev.k42lens.debug.breakpoints;

import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

/** Stops when a signal is posted to a thread, deferred inside the layer, or delivered. */
public class SignalCatchpoint extends K42LensBreakpoint {
    public static final String MARKER_TYPE = "dev.k42lens.debug.signalCatchpointMarker";
    public static final String SIGNAL = "dev.k42lens.debug.signal";
    public static final String POSTED = "dev.k42lens.debug.posted";
    public static final String DEFERRED = "dev.k42lens.debug.deferred";
    public static final String DELIVERED = "dev.k42lens.debug.delivered";

    public SignalCatchpoint() {
    }

    /** Creates, persists and registers a catchpoint; {@code signal} is "SIGALRM", "14" or "any". */
    public static SignalCatchpoint create(String signal, boolean posted, boolean deferred, boolean delivered) throws CoreException {
        dev.k42lens.core.debug.SignalCatchpoint checked = toCore(signal, posted, deferred, delivered);
        return register(new SignalCatchpoint(), MARKER_TYPE,
                Map.of(SIGNAL, signal.trim(), POSTED, posted, DEFERRED, deferred, DELIVERED, delivered),
                "Signal catchpoint: " + checked.describe());
    }

    public dev.k42lens.core.debug.SignalCatchpoint toCore() throws CoreException {
        var marker = ensureMarker();
        return toCore(marker.getAttribute(SIGNAL, "any"), marker.getAttribute(POSTED, false), marker.getAttribute(DEFERRED, true),
                marker.getAttribute(DELIVERED, false));
    }

    private static dev.k42lens.core.debug.SignalCatchpoint toCore(String signal, boolean posted, boolean deferred, boolean delivered)
            throws CoreException {
        try {
            return new dev.k42lens.core.debug.SignalCatchpoint(dev.k42lens.core.debug.SignalCatchpoint.numberOf(signal), posted, deferred,
                    delivered);
        } catch (IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage()));
        }
    }
}
