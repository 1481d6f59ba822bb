package dev.k42lens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;

import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.launch.ProgramTab;

/** The Program tab's choice of how the working directory appears in the guest. */
class ProgramTabTest {
    @Test
    void theWorkingDirectoryIsReadOnlyUntilTheUserChoosesOtherwise() throws Exception {
        Shell shell = new Shell(Display.getCurrent());
        ProgramTab tab = new ProgramTab();
        try {
            tab.createControl(shell);
            ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, "working directory (tab test)");
            tab.initializeFrom(configuration);
            Button readOnly = radio(shell, "Rea&d-only");
            Button readWrite = radio(shell, "Read-w&rite");
            Button notMounted = radio(shell, "Not &mounted");
            assertTrue(readOnly.getSelection(), "a new configuration mounts it read-only");
            assertFalse(readWrite.getSelection() || notMounted.getSelection());

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
