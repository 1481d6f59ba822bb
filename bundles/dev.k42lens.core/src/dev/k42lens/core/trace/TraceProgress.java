package dev.k42lens.core.trace;

/**
 * How far a long trace operation (loading, exporting) has got, and whether its caller wants it to
 * stop: the operation then throws {@link java.util.concurrent.CancellationException}.
 */
public interface TraceProgress {
    /** Ignores progress and never cancels. */
    TraceProgress NONE = new TraceProgress() {
        @Override
        public void worked(long done, long total) {
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    };

    /** {@code done} of {@code total} units (bytes or rows, as the operation says). */
    void worked(long done, long total);

    boolean isCanceled();

    /**
     * The file ends inside the event on line {@code line}, as one does when the run writing it was
     * killed: every event before it was read. By default nothing more is said.
     */
    default void cutShort(int line) {
    }
}
