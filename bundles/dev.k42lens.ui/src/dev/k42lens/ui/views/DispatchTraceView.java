package dev.k42lens.ui.views;

/** The Dispatch Trace view. */
public final class DispatchTraceView extends K42LensView {
    @Override
    protected String purpose() {
        return "Every event of the dispatch trace, filterable, searchable and exportable to CSV and JSONL.";
    }
}
