package dev.k42lens.ui.views;

import java.util.List;

/** The ids of the five K42 Lens views, as declared in plugin.xml. */
public final class K42LensViews {
    public static final String TRANSFER_TABLE = "dev.k42lens.ui.views.transferTable";
    public static final String DISPATCH_GRAPH = "dev.k42lens.ui.views.dispatchGraph";
    public static final String SYSCALL_NESTING = "dev.k42lens.ui.views.syscallNesting";
    public static final String DEFERRED_SIGNALS = "dev.k42lens.ui.views.deferredSignals";
    public static final String DISPATCH_TRACE = "dev.k42lens.ui.views.dispatchTrace";

    public static final List<String> ALL = List.of(TRANSFER_TABLE, DISPATCH_GRAPH, SYSCALL_NESTING,
            DEFERRED_SIGNALS, DISPATCH_TRACE);

    private K42LensViews() {
    }
}
