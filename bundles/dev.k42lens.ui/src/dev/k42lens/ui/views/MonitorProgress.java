package dev.k42lens.ui.views;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.k42lens.core.trace.TraceProgress;

/** A job's progress monitor as the engine's {@link TraceProgress}: work in thousandths of the total. */
final class MonitorProgress implements TraceProgress {
    private static final int TICKS = 1000;
    private final IProgressMonitor monitor;
    private int reported;
    /** The line the file ended inside, or 0 when it ended after a complete event. */
    private int cutAtLine;

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

    @Override
    public void cutShort(int line) {
        cutAtLine = line;
    }

    /** What to tell the user when the file was cut short, else "". */
    String cutShortNotice(Object file) {
        return cutAtLine == 0 ? ""
                : file + " is cut short: it ends inside the event on line " + cutAtLine
                        + " (the run writing it was killed); the events before it are shown.";
    }
}
