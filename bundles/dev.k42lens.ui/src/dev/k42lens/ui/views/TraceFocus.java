package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceFile.TraceFileException;
import dev.k42lens.core.trace.TraceStore;
import dev.k42lens.debug.launch.GuestProgramProcess;

/**
 * The trace the K42 Lens views show and the event selected in it, one per workbench so that the
 * views stay linked: a run that starts, or a trace file opened from any view or the workspace,
 * shows in all of them; an event selected in one is selected in the others. A view registers a
 * {@link Listener} when it opens (and is handed the current trace at once) and removes it when it
 * closes. UI thread only, except where a method says otherwise.
 */
public final class TraceFocus {
    /**
     * A trace shown: its store, where it comes from ({@code source}: a file's path or "live
     * session"), whether it is a run's ({@code live}: views keep its newest events in view),
     * whether the store may still grow (a run going on, a file being read; any thread may ask),
     * and the launch's program process it belongs to (null for a file or a run outside a launch).
     */
    public record ShownTrace(TraceStore store, String source, boolean live, BooleanSupplier growing, GuestProgramProcess run) {
        /** The title views give it: the program and the source. */
        public String title() {
            return (store.program() == null ? "Trace" : store.program()) + " (" + source + ")";
        }
    }

    /** What a view hears; called on the UI thread. */
    public interface Listener {
        /** {@code shown} replaces the trace shown before; its store may be empty and grow. */
        void traceShown(ShownTrace shown);

        /** The event with sequence number {@code seq} of {@code shown} was selected by {@code origin} (a view, or null). */
        default void eventSelected(ShownTrace shown, long seq, Object origin) {
        }

        /** Reading {@code shown}'s file (null: nothing could be read) ended; {@code outcome} is empty when it was read to its end, else why not. */
        default void readingEnded(ShownTrace shown, String outcome) {
        }
    }

    private static final String LIVE_SESSION = "live session";
    private static TraceFocus instance;

    private final Display display;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private ShownTrace shown;
    private long selectedSeq = -1;

    private TraceFocus(Display display) {
        this.display = display;
        LiveRunFollower.start(display, run -> show(new ShownTrace(run.traceStore(), LIVE_SESSION, true, () -> !run.isTerminated(), run)));
    }

    /** The workbench's focus; the first call starts following K42 Lens runs. */
    public static synchronized TraceFocus get() {
        if (instance == null) {
            instance = new TraceFocus(PlatformUI.getWorkbench().getDisplay());
        }
        return instance;
    }

    /** The trace shown, or null before any. */
    public ShownTrace shown() {
        return shown;
    }

    /** The sequence number of the event selected in the trace shown, or -1. */
    public long selectedSeq() {
        return selectedSeq;
    }

    /** Adds {@code listener} and hands it the trace shown (and the event selected) if there is one. */
    public void addListener(Listener listener) {
        listeners.add(listener);
        if (shown != null) {
            listener.traceShown(shown);
            if (selectedSeq >= 0) {
                listener.eventSelected(shown, selectedSeq, null);
            }
        }
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Shows {@code trace} in every view instead of the trace shown until now. */
    public void show(ShownTrace trace) {
        shown = trace;
        selectedSeq = -1;
        for (Listener listener : listeners) {
            listener.traceShown(trace);
        }
    }

    /** Shows a store that a run fills while {@code running} says it goes (for runs outside a launch, and tests). */
    public void showLive(TraceStore store, BooleanSupplier running) {
        show(new ShownTrace(store, LIVE_SESSION, true, running, null));
    }

    /** Selects the event {@code seq} of the trace shown in every view but {@code origin}, which selected it. */
    public void select(long seq, Object origin) {
        if (shown == null || seq == selectedSeq) {
            return;
        }
        selectedSeq = seq;
        for (Listener listener : listeners) {
            if (listener != origin) {
                listener.eventSelected(shown, seq, origin);
            }
        }
    }

    /**
     * Reads a trace file on a job (progress in the Progress view, cancelable), showing its events
     * in every view as they are read. A file that is not a trace, or a line that is not an event,
     * is reported with the reason in a dialog and to the listeners. The job is done when the file
     * is read.
     */
    public Job open(Path file) {
        Job job = Job.create("Reading trace file " + file.getFileName(), monitor -> {
            AtomicBoolean reading = new AtomicBoolean(true);
            ShownTrace[] read = new ShownTrace[1];
            try {
                MonitorProgress progress = new MonitorProgress(monitor, "Reading " + file);
                TraceFile.stream(file, program -> {
                    TraceStore growing = new TraceStore(program);
                    read[0] = new ShownTrace(growing, file.toString(), false, reading::get, null);
                    onUiThread(() -> show(read[0]));
                    return growing;
                }, progress);
                reading.set(false);
                onUiThread(() -> readingEnded(read[0], progress.cutShortNotice(file)));
                return Status.OK_STATUS;
            } catch (TraceFileException e) {
                reading.set(false);
                onUiThread(() -> {
                    readingEnded(read[0], e.getMessage());
                    ErrorDialog.openError(display.getActiveShell(), "K42 Lens", "Cannot open the trace file.",
                            Status.error(file + ": " + e.getMessage()));
                });
                return Status.OK_STATUS; // reported above
            } catch (CancellationException e) {
                reading.set(false);
                onUiThread(() -> readingEnded(read[0], "Reading " + file + " canceled; the events read until then are shown."));
                return Status.CANCEL_STATUS;
            } finally {
                monitor.done();
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** Tells the listeners that reading {@code read} (null: nothing was read) ended with {@code outcome}. */
    private void readingEnded(ShownTrace read, String outcome) {
        for (Listener listener : listeners) {
            listener.readingEnded(read, outcome);
        }
    }

    private void onUiThread(Runnable runnable) {
        if (!display.isDisposed()) {
            display.asyncExec(runnable);
        }
    }
}
