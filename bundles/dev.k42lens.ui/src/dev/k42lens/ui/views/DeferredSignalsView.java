package dev.k42lens.ui.views;

/** The Deferred Signals view. */
public final class DeferredSignalsView extends K42LensView {
    @Override
    protected String purpose() {
        return "Per thread, the signal mask, pending signals, signals deferred in the layer and their deliveries.";
    }
}
