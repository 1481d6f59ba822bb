package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.launch.EngineTab;
import dev.k42lens.ui.launch.ProgramTab;

/** The launch configuration's tabs: how the working directory appears in the guest, and the run's limits. */
class LaunchTabsTest {
    @Test
    void theWorkingDirectoryIsReadOnlyUntilTheUserChoosesOtherwise() throws Exception {
        Shell shell = dialogSizedShell();
        ProgramTab tab = new ProgramTab();
        try {
            tab.createControl(shell);
            shell.layout(true, true);
            ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "working directory (tab test)");
            tab.initializeFrom(configuration);
            Button readOnly = radio(shell, "Rea&d-only");
            Button readWrite = radio(shell, "Read-w&rite");
            Button notMounted = radio(shell, "Not &mounted");
            assertTrue(readOnly.getSelection(), "a new configuration mounts it read-only");
            assertFalse(readWrite.getSelection() || notMounted.getSelection());
            show(shell, "launch-program-tab");

            choose(readOnly, readWrite);
            tab.performApply(configuration);
            assertEquals("rw", configuration.getAttribute(LaunchAttributes.CWD_MOUNT, ""));

            choose(readWrite, readOnly);
            tab.performApply(configuration);
            assertFalse(configuration.hasAttribute(LaunchAttributes.CWD_MOUNT), "the default is stored as no attribute");

            configuration.setAttribute(LaunchAttributes.CWD_MOUNT, "none");
            tab.initializeFrom(configuration);
            assertTrue(notMounted.getSelection());
            assertFalse(readOnly.getSelection());
        } finally {
            tab.dispose();
            shell.dispose();
        }
    }

    @Test
    void theEngineTabKeepsTheLimitsAndRefusesBadOnes() throws Exception {
        Shell shell = dialogSizedShell();
        EngineTab tab = new EngineTab();
        try {
            tab.createControl(shell);
            shell.layout(true, true);
            ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "limits (tab test)");
            tab.setDefaults(configuration);
            tab.initializeFrom(configuration);
            Text memory = UiTestSupport.find(shell, Text.class, t -> t.getMessage().contains("half the engine's heap"));
            Text tasks = UiTestSupport.find(shell, Text.class, t -> t.getMessage().startsWith("Empty: " + GuestLimits.DEFAULT_TASKS));
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
            memory.setText("512M");
            tasks.setText("64");
            tab.performApply(configuration);
            assertEquals("512M", configuration.getAttribute(LaunchAttributes.MAX_MEMORY, ""));
            assertEquals("64", configuration.getAttribute(LaunchAttributes.MAX_TASKS, ""));
            tasks.setText("many");
            assertFalse(tab.isValid(configuration));
            assertTrue(tab.getErrorMessage().contains("task limit"), tab.getErrorMessage());
            tasks.setText("64");
            memory.setText("lots");
            assertFalse(tab.isValid(configuration));
            assertTrue(tab.getErrorMessage().contains("not a size"), tab.getErrorMessage());
            memory.setText("2G");
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
            show(shell, "launch-engine-tab");
        } finally {
            tab.dispose();
            shell.dispose();
        }
    }

    /** A window of the launch dialog's size, open as the dialog is when it fills in its tabs. */
    private static Shell dialogSizedShell() {
        Shell shell = new Shell(Display.getCurrent());
        shell.setLayout(new FillLayout());
        shell.setSize(820, 760);
        shell.open();
        return shell;
    }

    /** For the README: the tab alone. */
    private static void show(Shell shell, String name) throws Exception {
        shell.layout(true, true);
        Screenshots.take(name, shell.getDisplay().map(shell, null, shell.getClientArea()));
    }

    private static Button radio(Shell shell, String labelStart) {
        return UiTestSupport.find(shell, Button.class, b -> (b.getStyle() & SWT.RADIO) != 0 && b.getText().startsWith(labelStart));
    }

    /** What a click does: the old choice goes off, the new one on, and the tab hears of it. */
    private static void choose(Button from, Button to) {
        from.setSelection(false);
        to.setSelection(true);
        to.notifyListeners(SWT.Selection, new Event());
    }
}
