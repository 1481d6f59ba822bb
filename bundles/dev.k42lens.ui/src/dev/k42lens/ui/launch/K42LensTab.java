package dev.k42lens.ui.launch;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;

/**
 * What the two K42 Lens tabs share: validation through one {@link #problem()}, reading attributes
 * that may be absent, and the page of labelled groups both are laid out in.
 */
abstract class K42LensTab extends AbstractLaunchConfigurationTab {
    /** The first thing on this tab that keeps the configuration from launching, or null. */
    protected abstract String problem();

    /** The first problem the checks find, in order, or null when none finds one. */
    protected static String firstProblem(List<Supplier<String>> checks) {
        return checks.stream().map(Supplier::get).filter(Objects::nonNull).findFirst().orElse(null);
    }

    @Override
    public final boolean isValid(ILaunchConfiguration configuration) {
        String problem = problem();
        setErrorMessage(problem);
        return problem == null;
    }

    /** The attribute, or {@code defaultValue} when it is absent or unreadable (then the tab says why). */
    protected final String attribute(ILaunchConfiguration configuration, String key, String defaultValue) {
        try {
            return configuration.getAttribute(key, defaultValue);
        } catch (CoreException e) {
            setErrorMessage("Cannot read " + key + ": " + e.getMessage());
            return defaultValue;
        }
    }

    /** Stores {@code value}, or removes the attribute when it is empty, since empty means "the default". */
    protected static void setOrRemove(ILaunchConfigurationWorkingCopy configuration, String key, String value) {
        if (value.isEmpty()) {
            configuration.removeAttribute(key);
        } else {
            configuration.setAttribute(key, value);
        }
    }

    /** The tab's page, which the groups fill from top to bottom. */
    protected final Composite createPage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        setControl(page);
        return page;
    }

    /** A titled group with two columns, labels then fields, spanning the page's width. */
    protected static Group createGroup(Composite page, String title) {
        Group group = new Group(page, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(2, false));
        group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return group;
    }

    /** A label for a field taller than one line, aligned with the field's first line. */
    protected static void createTopLabel(Composite grid, String text) {
        Label label = new Label(grid, SWT.NONE);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
    }

    /** A note under a field, in the second column. */
    protected static Label createNote(Composite grid, String text) {
        new Label(grid, SWT.NONE);
        Label note = new Label(grid, SWT.WRAP);
        note.setText(text);
        GridData data = new GridData(SWT.FILL, SWT.TOP, true, false);
        data.widthHint = 300; // wrap within the dialog instead of widening it
        note.setLayoutData(data);
        return note;
    }
}
