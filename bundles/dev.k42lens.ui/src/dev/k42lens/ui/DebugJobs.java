package dev.k42lens.ui;

import java.util.function.Consumer;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * Runs calls into the debug model and the breakpoint markers on a job: they may wait for the engine
 * or for the workspace lock, and the UI thread must not. A failure reaches the user as a dialog
 * that says what failed and why, in the model's own words.
 */
public final class DebugJobs {
    /** A call into the debug model or the workspace that yields a result. */
    @FunctionalInterface
    public interface ModelCall<T> {
        T call() throws CoreException;
    }

    /** A call into the debug model or the workspace. */
    @FunctionalInterface
    public interface ModelAction {
        void run() throws CoreException;
    }

    private DebugJobs() {
    }

    /**
     * Runs {@code call} on a job and hands its result to {@code onResult} on the UI thread.
     *
     * @param failure what failed, for the error dialog: "Cannot run to the address"
     */
    public static <T> void run(String jobName, String failure, ModelCall<T> call, Consumer<T> onResult) {
        Job.create(jobName, monitor -> {
            T result;
            try {
                result = call.call();
            } catch (CoreException e) {
                report(failure, e);
                return Status.OK_STATUS; // reported above, with the failure's context
            }
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> onResult.accept(result));
            return Status.OK_STATUS;
        }).schedule();
    }

    /** Runs {@code action} on a job. */
    public static void run(String jobName, String failure, ModelAction action) {
        run(jobName, failure, () -> {
            action.run();
            return null;
        }, ignored -> {
        });
    }

    private static void report(String failure, CoreException e) {
        // the dialog shows the exception's message, the model's reason, under the status's own
        IStatus status = new Status(IStatus.ERROR, K42LensUi.BUNDLE_ID, failure + ".", e);
        StatusManager.getManager().handle(status, StatusManager.SHOW);
    }
}
