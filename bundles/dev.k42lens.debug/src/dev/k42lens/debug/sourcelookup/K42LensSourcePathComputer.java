package dev.k42lens.debug.sourcelookup;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.sourcelookup.ISourceContainer;
import org.eclipse.debug.core.sourcelookup.ISourcePathComputerDelegate;
import org.eclipse.debug.core.sourcelookup.containers.DirectorySourceContainer;
import org.eclipse.debug.core.sourcelookup.containers.ProjectSourceContainer;

import dev.k42lens.debug.launch.LaunchAttributes;

/**
 * Where a launch looks for sources by default: the workspace projects that hold the program, then
 * the program's directory and its two parents (a build puts bin/be/hello two levels below the
 * src/ that DWARF names relative to the compilation directory).
 */
public class K42LensSourcePathComputer implements ISourcePathComputerDelegate {
    private static final int PARENTS = 2;

    @Override
    public ISourceContainer[] computeSourceContainers(ILaunchConfiguration configuration, IProgressMonitor monitor) throws CoreException {
        String text = VariablesPlugin.getDefault().getStringVariableManager()
                .performStringSubstitution(configuration.getAttribute(LaunchAttributes.PROGRAM, ""), false).trim();
        if (text.isEmpty()) {
            return new ISourceContainer[0];
        }
        Path program = Path.of(text).toAbsolutePath();
        List<ISourceContainer> containers = new ArrayList<>();
        Set<IProject> projects = new LinkedHashSet<>();
        URI location = program.toUri();
        for (IFile file : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(location)) {
            projects.add(file.getProject());
        }
        projects.forEach(project -> containers.add(new ProjectSourceContainer(project, false)));
        Path directory = program.getParent();
        for (int i = 0; i <= PARENTS && directory != null; i++, directory = directory.getParent()) {
            containers.add(new DirectorySourceContainer(directory.toFile(), false));
        }
        return containers.toArray(new ISourceContainer[0]);
    }
}
