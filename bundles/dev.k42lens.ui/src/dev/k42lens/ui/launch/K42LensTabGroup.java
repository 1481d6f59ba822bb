package dev.k42lens.ui.launch;

import org.eclipse.debug.ui.AbstractLaunchConfigurationTabGroup;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.EnvironmentTab;
import org.eclipse.debug.ui.ILaunchConfigurationDialog;

/**
 * The tabs of a "PPC64 Linux Program (K42 Lens)" configuration. The platform's Environment tab edits
 * the guest's environment, which the launch type keeps in the platform's standard attributes.
 */
public final class K42LensTabGroup extends AbstractLaunchConfigurationTabGroup {
    @Override
    public void createTabs(ILaunchConfigurationDialog dialog, String mode) {
        setTabs(new ProgramTab(), new EngineTab(), new EnvironmentTab(), new CommonTab());
    }
}
