package dev.k42lens.samples;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** The wizard's only page: the project name, checked as it is typed. */
final class SampleProjectPage extends WizardPage {
    private Text name;

    SampleProjectPage() {
        super("samples");
        setTitle("K42 Lens Sample Programs");
        setDescription("Create a project with five ppc64 programs to run and step through.");
    }

    @Override
    public void createControl(Composite parent) {
        Composite composite = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(composite);

        new Label(composite, SWT.NONE).setText("&Project name:");
        name = new Text(composite, SWT.BORDER | SWT.SINGLE);
        name.setText(SampleProjects.DEFAULT_NAME);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(name);
        name.addModifyListener(e -> validate());

        Label about = new Label(composite, SWT.WRAP);
        about.setText("""
                The project holds the C sources of hello, files, threads, signals and pipe (src/), \
                the programs prebuilt for big- and little-endian PowerPC64 (bin/be, bin/le; hello also \
                statically linked), the Makefile that rebuilds them with the cross compilers, and one \
                launch configuration per program and byte order.""");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(400, SWT.DEFAULT).indent(0, 10).applyTo(about);

        setControl(composite);
        validate();
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            name.setFocus();
        }
    }

    String projectName() {
        return name.getText().strip();
    }

    private void validate() {
        String problem = SampleProjects.problemWithName(ResourcesPlugin.getWorkspace(), projectName());
        setErrorMessage(problem);
        setPageComplete(problem == null);
    }
}
