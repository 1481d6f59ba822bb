package dev.k42lens.ui.views;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.k42lens.core.trace.TraceProgress;

/** A job's progress monitor as the engine's {@link TraceProgress}: work in thousandths of the total. */
final class MonitorProgress implements TraceProgress {
    private static final int TICKS = 1000;
    private final IProgressMonitor monitor;
    private int reported;

    MonitorProgress(IProgressMonitor monitor, String task) {
        this.monitor = monitor;
        monitor.beginTask(task, TICKS);
    }

    @Override
    public void worked(long done, long total) {
        int now = total <= 0 ? TICKS : (int) Math.min(TICKS, done * TICKS / total);
        if (now > reported) {
            monitor.worked(now - reported);
            reported = now;
        }
    }

    @Override
    public boolean isCanceled() {
        return monitor.isCanceled();
    }
}
