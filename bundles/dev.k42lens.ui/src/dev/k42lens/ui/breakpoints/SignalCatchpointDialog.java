package dev.k42lens.ui.breakpoints;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.debug.breakpoints.SignalCatchpoint;
import dev.k42lens.ui.DebugJobs;

/** Add Signal Catchpoint: stops a thread at a step of a signal's way to it. */
final class SignalCatchpointDialog extends CatchpointDialog {
    private Text signal;
    private Button posted;
    private Button deferred;
    private Button delivered;

    SignalCatchpointDialog(Shell shell) {
        super(shell, "Add Signal Catchpoint",
                "Suspend a thread when a signal is posted to it, deferred because it arrived inside the layer, "
                        + "or delivered.");
    }

    @Override
    protected void createFields(Composite grid) {
        signal = createTextField(grid, "&Signal:", "A name such as SIGALRM, a number such as 14, or any");
        Composite stopWhen = createRow(grid, "Stop when:");
        posted = createCheckbox(stopWhen, "&Posted", false);
        deferred = createCheckbox(stopWhen, "&Deferred", false);
        delivered = createCheckbox(stopWhen, "De&livered", true);
        createNote(grid, "Posted: generated for the thread. Deferred: it arrived while the thread was in the "
                + "layer and waits for the outermost return. Delivered: a handler frame was built or the default "
                + "action taken.");
    }

    @Override
    protected String problem() {
        String problem = CatchpointSubjects.signal(signal.getText()).problem();
        if (problem == null && !posted.getSelection() && !deferred.getSelection() && !delivered.getSelection()) {
            problem = "Choose when to stop: posted, deferred, delivered, or several.";
        }
        return problem;
    }

    @Override
    protected DebugJobs.ModelAction creation() {
        String caught = CatchpointSubjects.signal(signal.getText()).value();
        boolean onPosted = posted.getSelection();
        boolean onDeferred = deferred.getSelection();
        boolean onDelivered = delivered.getSelection();
        return () -> SignalCatchpoint.create(caught, onPosted, onDeferred, onDelivered);
    }

    @Override
    protected String what() {
        return "signal catchpoint";
    }
}
