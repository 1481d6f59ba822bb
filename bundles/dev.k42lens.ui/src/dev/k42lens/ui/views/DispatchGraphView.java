package dev.k42lens.ui.views;

/** The Dispatch Graph view. */
public final class DispatchGraphView extends K42LensView {
    @Override
    protected String purpose() {
        return "The path of a system call from its call site through the transfer table or trap reflection to its handlers and servers.";
    }
}
