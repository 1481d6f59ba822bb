package dev.k42lens.ui.views;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import dev.k42lens.core.trace.TraceDigest;

/**
 * Common frame of the five K42 Lens views: until a session or a saved trace feeds the view, it
 * says what it will show and how to get there; then the view's content takes its place.
 */
public abstract class K42LensView extends ViewPart {
    private Composite frame;
    private StackLayout stack;
    private Composite emptyState;
    private Label emptyStateMessage;
    private Control content;
    /** The workbench's display, kept so that jobs can reach it after the view is closed. */
    private Display display;
    private TraceFocus.Listener focusListener;

    /** One sentence: what this view shows. */
    protected abstract String purpose();

    /** The view's content, made in {@code parent} and shown by {@link #showContent()}; none by default. */
    protected Control createContent(Composite parent) {
        return null;
    }

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        frame = new Composite(parent, SWT.NONE);
        stack = new StackLayout();
        frame.setLayout(stack);
        emptyState = new Composite(frame, SWT.NONE);
        emptyState.setLayout(new GridLayout(1, false));
        emptyStateMessage = new Label(emptyState, SWT.WRAP);
        emptyStateMessage.setText(purpose() + "\n\nNothing to show yet: no K42 Lens session is running.");
        emptyStateMessage.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        stack.topControl = emptyState;
        content = createContent(frame);
        createActions();
        focusListener = traceFocusListener();
        if (focusListener != null) {
            TraceFocus.get().addListener(focusListener); // may call back at once: the view is complete by now
        }
    }

    /** Adds the view's actions to its toolbar and menus, once its content exists; none by default. */
    protected void createActions() {
    }

    /** How the view follows the workbench's shown trace and selected event; null for none. */
    protected TraceFocus.Listener traceFocusListener() {
        return null;
    }

    /**
     * One step of following a growing trace: while {@code digest} has not taken in all of its
     * store, schedules {@code update} (the job that brings it up to date and shows it); comes back
     * ({@code again}) after {@code periodMs} for as long as it is behind or the trace still grows.
     * Nothing once the view is closed or has no digest.
     */
    protected void followGrowth(TraceDigest<?> digest, Job update, BooleanSupplier growing, int periodMs, Runnable again) {
        if (frame.isDisposed() || digest == null) {
            return;
        }
        boolean behind = digest.isBehind();
        if (behind) {
            update.schedule();
        }
        if (behind || growing.getAsBoolean()) {
            display.timerExec(periodMs, again);
        }
    }

    /** The workbench's display, which jobs and timers use; still there after the view is closed. */
    protected Display display() {
        return display;
    }

    @Override
    public void dispose() {
        if (focusListener != null) {
            TraceFocus.get().removeListener(focusListener);
        }
        super.dispose();
    }

    /** Runs {@code runnable} on the UI thread soon, unless the view is closed by then; from any thread (jobs hand their results over so). */
    protected void onUiThread(Runnable runnable) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!frame.isDisposed()) {
                    runnable.run();
                }
            });
        }
    }

    /** Replaces the empty state by the content, once there is data to show. */
    protected void showContent() {
        if (content != null && stack.topControl != content) {
            stack.topControl = content;
            frame.layout(true, true);
        }
    }

    @Override
    public void setFocus() {
        stack.topControl.setFocus();
    }

    /** The message the view shows while it has no data. */
    public String emptyStateMessage() {
        return emptyStateMessage.getText();
    }

    /** The toolbar action that asks for a saved trace file and hands it to {@code open}. */
    protected IAction openTraceFileAction(String toolTip, Consumer<Path> open) {
        IAction action = new Action("Open Trace File...",
                PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_OBJ_FOLDER)) {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
                dialog.setText("Open Trace File");
                dialog.setFilterExtensions(new String[] { "*.k42trace.jsonl;*.jsonl;*.k42trace", "*" });
                dialog.setFilterNames(new String[] { "K42 Lens traces (*.k42trace.jsonl, *.jsonl, *.k42trace)", "All files" });
                String file = dialog.open();
                if (file != null) {
                    open.accept(Path.of(file));
                }
            }
        };
        action.setToolTipText(toolTip);
        return action;
    }

    /** How wide {@code text} is in {@code control}'s font, to size fields and columns to their content. */
    protected static int textWidth(Control control, String text) {
        GC gc = new GC(control);
        try {
            return gc.textExtent(text).x;
        } finally {
            gc.dispose();
        }
    }

    /** The one-column composite with a small margin that holds a view's data: filter rows above, the table below. */
    protected static Composite dataColumn(Composite parent) {
        Composite column = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 4;
        layout.marginHeight = 4;
        column.setLayout(layout);
        return column;
    }
}
