package dev.k42lens.debug.breakpoints;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;

import dev.k42lens.debug.K42LensDebugModel;

/** Stops any guest thread before it executes the instruction at an address. */
public class AddressBreakpoint extends K42LensBreakpoint {
    public static final String MARKER_TYPE = "dev.k42lens.debug.addressBreakpointMarker";
    /** String attribute: the address in hex, "0x..." (markers have no 64-bit integer attribute). */
    public static final String ADDRESS = "dev.k42lens.debug.address";

    /** For the breakpoint manager, which restores breakpoints from their markers. */
    public AddressBreakpoint() {
    }

    /** Creates, persists and registers a breakpoint at {@code address}; {@code label} e.g. "main+0x10". */
    public static AddressBreakpoint create(long address, String label) throws CoreException {
        String text = String.format("0x%x", address);
        return register(new AddressBreakpoint(), MARKER_TYPE, Map.of(ADDRESS, text),
                "Address breakpoint: " + text + (label == null || label.isEmpty() ? "" : " <" + label + ">"));
    }

    /** The registered address breakpoint at {@code address}, if there is one. */
    public static Optional<AddressBreakpoint> find(long address) {
        return Arrays.stream(DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(K42LensDebugModel.MODEL_IDENTIFIER))
                .filter(b -> b instanceof AddressBreakpoint).map(b -> (AddressBreakpoint) b).filter(b -> {
                    try {
                        return b.address() == address;
                    } catch (CoreException e) {
                        return false;
                    }
                }).findFirst();
    }

    public long address() throws CoreException {
        String text = ensureMarker().getAttribute(ADDRESS, "");
        try {
            return Long.parseUnsignedLong(text.startsWith("0x") ? text.substring(2) : text, 16);
        } catch (NumberFormatException e) {
            throw new CoreException(org.eclipse.core.runtime.Status.error("breakpoint marker with a bad address '" + text + "'"));
        }
    }
}
