package dev.k42lens.ui.views;

/** The Transfer Table view. */
public final class TransferTableView extends K42LensView {
    @Override
    protected String purpose() {
        return "Every slot of the system-call transfer table: handler, table-path and trap-path hits, last calling site.";
    }
}
