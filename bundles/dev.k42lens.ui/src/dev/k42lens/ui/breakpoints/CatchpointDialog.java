package dev.k42lens.ui.breakpoints;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.ui.DebugJobs;

/**
 * The frame of the two catchpoint dialogs: a title area that explains, then says what is wrong with
 * the input; rows of labelled fields; an Add button enabled only for valid input. On Add, the
 * subclass captures the fields as the work that creates the catchpoint, which then runs on a job.
 */
abstract class CatchpointDialog extends TitleAreaDialog {
    private final String title;
    private final String explanation;
    /** Until the user edits a field, missing input is not yet an error: the title area keeps explaining. */
    private boolean edited;

    protected CatchpointDialog(Shell shell, String title, String explanation) {
        super(shell);
        setHelpAvailable(false); // no help pages: the title area and the notes explain
        this.title = title;
        this.explanation = explanation;
    }

    /** Adds the fields to a two-column grid (label, control); each calls {@link #validate()} on change. */
    protected abstract void createFields(Composite grid);

    /** The first problem with the input, or null when the catchpoint can be created. */
    protected abstract String problem();

    /** Captures the fields (before they are disposed) as the work that creates the catchpoint. */
    protected abstract DebugJobs.ModelAction creation();

    /** What the dialog adds, for the job name and error message: "syscall catchpoint". */
    protected abstract String what();

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(title);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(title);
        setMessage(explanation);
        Composite grid = new Composite(area, SWT.NONE);
        grid.setLayout(new GridLayout(2, false));
        grid.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        createFields(grid);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "&Add", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        validate();
    }

    /** Shows the first problem and enables Add only without one. */
    protected final void validate() {
        String problem = problem();
        setErrorMessage(edited ? problem : null);
        Button add = getButton(IDialogConstants.OK_ID);
        if (add != null) {
            add.setEnabled(problem == null);
        }
    }

    /** A text row; {@code hint} shows while it is empty. */
    protected final Text createTextField(Composite grid, String label, String hint) {
        new Label(grid, SWT.NONE).setText(label);
        Text text = new Text(grid, SWT.SINGLE | SWT.BORDER);
        text.setMessage(hint);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
        data.widthHint = convertWidthInCharsToPixels(40);
        text.setLayoutData(data);
        text.addModifyListener(e -> edited());
        return text;
    }

    /** A labelled row that lays out its controls side by side (checkboxes). */
    protected final Composite createRow(Composite grid, String label) {
        new Label(grid, SWT.NONE).setText(label);
        Composite row = new Composite(grid, SWT.NONE);
        RowLayout layout = new RowLayout(SWT.HORIZONTAL);
        layout.marginLeft = 0;
        layout.marginRight = 0;
        row.setLayout(layout);
        return row;
    }

    protected final Button createCheckbox(Composite row, String text, boolean checked) {
        Button box = new Button(row, SWT.CHECK);
        box.setText(text);
        box.setSelection(checked);
        box.addListener(SWT.Selection, e -> edited());
        return box;
    }

    /** A wrapped note under a row, in the second column. */
    protected final void createNote(Composite grid, String text) {
        new Label(grid, SWT.NONE);
        Label note = new Label(grid, SWT.WRAP);
        note.setText(text);
        GridData data = new GridData(SWT.FILL, SWT.TOP, true, false);
        data.widthHint = convertWidthInCharsToPixels(60);
        note.setLayoutData(data);
    }

    /** For the fields' listeners: the user changed something. */
    protected final void edited() {
        edited = true;
        validate();
    }

    @Override
    protected void okPressed() {
        DebugJobs.run("Adding a " + what(), "Cannot add the " + what(), creation());
        super.okPressed();
    }
}
