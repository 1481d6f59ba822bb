package dev.k42lens.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * Common frame of the five K42 Lens views: until a session or a saved trace feeds the view, it
 * says what it will show and how to get there.
 */
public abstract class K42LensView extends ViewPart {
    private Composite emptyState;
    private Label emptyStateMessage;

    /** One sentence: what this view shows. */
    protected abstract String purpose();

    @Override
    public void createPartControl(Composite parent) {
        emptyState = new Composite(parent, SWT.NONE);
        emptyState.setLayout(new GridLayout(1, false));
        emptyStateMessage = new Label(emptyState, SWT.WRAP);
        emptyStateMessage.setText(purpose() + "\n\nNothing to show yet: no K42 Lens session is running.");
        emptyStateMessage.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
    }

    @Override
    public void setFocus() {
        emptyState.setFocus();
    }

    /** The message the view shows while it has no data. */
    public String emptyStateMessage() {
        return emptyStateMessage.getText();
    }
}
