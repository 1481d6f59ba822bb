package dev.k42lens.debug;

/**
 * Identifiers the Eclipse debug model of K42 Lens registers under. The debug targets, threads and
 * breakpoints that the debugging issue adds all report {@link #MODEL_IDENTIFIER}, so that the UI
 * bundle can attach its presentation and the Breakpoints view can group ours.
 */
public final class K42LensDebugModel {
    /** The debug model identifier of every K42 Lens debug element and breakpoint. */
    public static final String MODEL_IDENTIFIER = "dev.k42lens.debug";

    private K42LensDebugModel() {
    }
}
