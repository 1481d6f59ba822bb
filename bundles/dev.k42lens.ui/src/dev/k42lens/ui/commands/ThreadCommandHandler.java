package dev.k42lens.ui.commands;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.DebugJobs;

/**
 * A command on the K42 Lens thread selected in the Debug view, or the thread of the selected frame.
 * It is enabled while that thread can perform it, so it follows both the selection and the
 * thread's state (a resumed thread can no longer step); the command itself runs on a job.
 */
abstract class ThreadCommandHandler extends AbstractHandler implements IDebugContextListener, IDebugEventSetListener {
    private final String action;
    private final Display display = PlatformUI.getWorkbench().getDisplay();
    private final AtomicBoolean updateScheduled = new AtomicBoolean();

    /** @param action what the command does, for job names and error messages: "step to the next syscall event" */
    ThreadCommandHandler(String action) {
        this.action = action;
        DebugUITools.getDebugContextManager().addDebugContextListener(this);
        DebugPlugin.getDefault().addDebugEventListener(this);
        scheduleEnablementUpdate();
    }

    /** Whether {@code thread} can perform the command now (the model's can* method). */
    protected abstract boolean canRun(K42LensThread thread);

    /**
     * Asks the user what the command needs, on the UI thread; then the work for the job, or empty
     * when the user cancelled.
     */
    protected abstract Optional<DebugJobs.ModelAction> prepare(K42LensThread thread, Shell shell);

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        K42LensThread thread = threadIn(DebugUITools.getDebugContextForEventChecked(event));
        if (thread != null && canRun(thread)) {
            prepare(thread, HandlerUtil.getActiveShellChecked(event))
                    .ifPresent(work -> DebugJobs.run("K42 Lens: " + action, "Cannot " + action, work));
        }
        return null;
    }

    /** The K42 Lens thread a debug context designates: the thread itself, or a frame's thread. */
    static K42LensThread threadIn(ISelection context) {
        if (!(context instanceof IStructuredSelection selection) || selection.isEmpty()) {
            return null;
        }
        Object element = selection.getFirstElement();
        if (element instanceof IStackFrame frame) {
            element = frame.getThread();
        }
        return Adapters.adapt(element, K42LensThread.class);
    }

    @Override
    public void debugContextChanged(DebugContextEvent event) {
        scheduleEnablementUpdate();
    }

    /** Suspends, resumes and terminations change what the selected thread can do. */
    @Override
    public void handleDebugEvents(DebugEvent[] events) {
        scheduleEnablementUpdate();
    }

    /** From any thread; bursts of events (stepping) cost one update. */
    private void scheduleEnablementUpdate() {
        if (updateScheduled.compareAndSet(false, true) && !display.isDisposed()) {
            display.asyncExec(() -> {
                updateScheduled.set(false);
                updateEnablement();
            });
        }
    }

    private void updateEnablement() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        K42LensThread thread = window == null ? null
                : threadIn(DebugUITools.getDebugContextManager().getContextService(window).getActiveContext());
        setBaseEnabled(thread != null && canRun(thread));
    }

    @Override
    public void dispose() {
        DebugUITools.getDebugContextManager().removeDebugContextListener(this);
        DebugPlugin.getDefault().removeDebugEventListener(this);
        super.dispose();
    }
}
