package dev.k42lens.ui.views;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.ui.K42LensUi;
import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.TraceFilter;
import dev.k42lens.core.trace.TraceKind;

/**
 * The Dispatch Trace view's filter controls: call names, thread, process, dispatch path, kind,
 * failed calls only, and text (or a regular expression) in arguments and symbols. A change is
 * reported at once for the buttons and lists, and for typed text when typing pauses or on Enter.
 */
final class TraceFilterBar {
    /** Typing pauses this long before the filter applies. */
    private static final int TYPING_PAUSE_MS = 400;
    private static final String ANY_PATH = "any path";
    private static final String ANY_KIND = "any kind";

    private final Composite bar;
    private final Runnable changed;
    private final Runnable applyTypedText = this::reportChange;
    private final Text syscalls;
    private final Text thread;
    private final Text process;
    private final Combo path;
    private final Combo kind;
    private final Button failedOnly;
    private final Text text;
    private final Button regex;
    /** Set while {@link #show(TraceFilter)} writes the controls, whose events are then not the user's. */
    private boolean showing;

    /** The controls, in {@code parent}; {@code changed} runs on the UI thread when the user changes the filter. */
    TraceFilterBar(Composite parent, Runnable changed) {
        this.changed = changed;
        bar = K42LensUi.flushComposite(parent, 15);
        syscalls = text("Syscall:", 18, "Call names, separated by commas or spaces, e.g. read, write");
        thread = text("Thread:", 7, "A thread id (TID)");
        process = text("Process:", 7, "A process id (PID)");
        path = combo("Path:", ANY_PATH, Arrays.stream(DispatchPath.values()).map(DispatchPath::label).toArray(String[]::new));
        kind = combo("Kind:", ANY_KIND, Arrays.stream(TraceKind.values()).map(TraceKind::label).toArray(String[]::new));
        failedOnly = toggle("Failed only", "Only exits of calls that failed (errno set)");
        text = text("Text:", 22, "Text in the arguments or the symbol (case-insensitive), or a regular expression");
        regex = toggle("Regex", "Treat the text as a Java regular expression");
        Button clear = new Button(bar, SWT.PUSH);
        clear.setText("Clear");
        clear.setToolTipText("Show every event");
        clear.addListener(SWT.Selection, event -> {
            show(TraceFilter.ALL);
            reportChange();
        });
    }

    Control control() {
        return bar;
    }

    /**
     * The filter the controls describe.
     *
     * @throws IllegalArgumentException naming the control whose input is not valid
     */
    TraceFilter filter() {
        Set<String> names = Arrays.stream(syscalls.getText().split("[,\\s]+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new TraceFilter(names.isEmpty() ? null : names, id(thread, "Thread"), id(process, "Process"),
                path.getSelectionIndex() <= 0 ? null : DispatchPath.values()[path.getSelectionIndex() - 1],
                kind.getSelectionIndex() <= 0 ? null : EnumSet.of(TraceKind.values()[kind.getSelectionIndex() - 1]),
                failedOnly.getSelection(), text.getText(), regex.getSelection());
    }

    /** Writes {@code filter} into the controls (of several kinds, the list shows the first). */
    void show(TraceFilter filter) {
        showing = true;
        try {
            syscalls.setText(filter.syscalls() == null ? "" : String.join(", ", new TreeSet<>(filter.syscalls())));
            thread.setText(filter.tid() == null ? "" : filter.tid().toString());
            process.setText(filter.pid() == null ? "" : filter.pid().toString());
            path.select(filter.path() == null ? 0 : filter.path().ordinal() + 1);
            kind.select(filter.kinds() == null || filter.kinds().isEmpty() ? 0 : EnumSet.copyOf(filter.kinds()).iterator().next().ordinal() + 1);
            failedOnly.setSelection(filter.failedOnly());
            text.setText(filter.text() == null ? "" : filter.text());
            regex.setSelection(filter.regex());
        } finally {
            showing = false;
        }
    }

    private void reportChange() {
        if (!bar.isDisposed()) {
            bar.getDisplay().timerExec(-1, applyTypedText);
            changed.run();
        }
    }

    private static Integer id(Text field, String name) {
        String value = field.getText().strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" is not a number");
        }
    }

    private Text text(String label, int columns, String tip) {
        new Label(bar, SWT.NONE).setText(label);
        Text field = new Text(bar, SWT.BORDER | SWT.SINGLE);
        field.setToolTipText(tip);
        GridData data = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        GC gc = new GC(field);
        try {
            data.widthHint = (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth() * columns);
        } finally {
            gc.dispose();
        }
        field.setLayoutData(data);
        field.addListener(SWT.Modify, event -> {
            if (!showing) {
                bar.getDisplay().timerExec(TYPING_PAUSE_MS, applyTypedText);
            }
        });
        field.addListener(SWT.DefaultSelection, event -> reportChange());
        return field;
    }

    private Combo combo(String label, String any, String[] items) {
        new Label(bar, SWT.NONE).setText(label);
        Combo combo = new Combo(bar, SWT.READ_ONLY | SWT.DROP_DOWN);
        combo.add(any);
        Arrays.stream(items).forEach(combo::add);
        combo.setVisibleItemCount(items.length + 1);
        combo.select(0);
        combo.addListener(SWT.Selection, event -> reportChange());
        return combo;
    }

    /**
     * An on/off button. Not a check box: the workbench theme gives check boxes in views a
     * background, and GTK then draws a checked box as an empty one.
     */
    private Button toggle(String label, String tip) {
        Button toggle = new Button(bar, SWT.TOGGLE);
        toggle.setText(label);
        toggle.setToolTipText(tip);
        toggle.addListener(SWT.Selection, event -> {
            if (!showing) {
                reportChange();
            }
        });
        return toggle;
    }
}
