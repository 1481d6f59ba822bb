package dev.k42lens.ui.launch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.variables.VariablesPlugin;

import dev.k42lens.core.kernel.fs.MountSpec;

/**
 * The paths of a K42 Lens launch configuration: how the tabs write workspace paths, and the checks
 * the tabs and their dialogs share. Paths may hold string variables such as ${workspace_loc:/p/d};
 * the checks look at what they stand for.
 */
final class LaunchPaths {
    private static final String WORKSPACE_LOCATION = "workspace_loc";

    private LaunchPaths() {
    }

    /** {@code ${workspace_loc:/project/path}}: the resource's location wherever the workspace lives. */
    static String workspaceLocation(IResource resource) {
        return VariablesPlugin.getDefault().getStringVariableManager()
                .generateVariableExpression(WORKSPACE_LOCATION, resource.getFullPath().toString());
    }

    /**
     * The file-system path {@code text} stands for once its variables are substituted.
     *
     * @throws CoreException naming an undefined variable or a resource that does not exist
     * @throws InvalidPathException when the result is no path on this system
     */
    static Path resolve(String text) throws CoreException {
        return Path.of(substitute(text));
    }

    private static String substitute(String text) throws CoreException {
        return VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(text);
    }

    /**
     * Why {@code text} cannot serve as the directory {@code what}, or null when it can; empty text is
     * fine (it selects the default).
     */
    static String problemWithDirectory(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path directory = resolve(text);
            if (!Files.exists(directory)) {
                return what + ": " + directory + " does not exist.";
            }
            if (!Files.isDirectory(directory)) {
                return what + ": " + directory + " is not a directory.";
            }
            return null;
        } catch (CoreException | InvalidPathException e) {
            return what + ": " + e.getMessage();
        }
    }

    /**
     * Why {@code text} cannot name a file the engine creates, or null when it can (or is empty): its
     * directory must exist.
     */
    static String problemWithNewFile(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path file = resolve(text).toAbsolutePath();
            if (Files.isDirectory(file)) {
                return what + ": " + file + " is a directory.";
            }
            Path directory = file.getParent();
            if (directory == null || !Files.isDirectory(directory)) {
                return what + ": the directory " + directory + " does not exist.";
            }
            return null;
        } catch (CoreException | InvalidPathException e) {
            return what + ": " + e.getMessage();
        }
    }

    /**
     * Why {@code spec} is not a mount the engine accepts, or null when it is: after variable
     * substitution (as the launch does it), {@code HOST:GUEST[:rw]} with an existing, absolute host
     * directory and an absolute guest path.
     */
    static String problemWithMount(String spec) {
        String mount = spec.trim();
        MountSpec parsed;
        try {
            parsed = MountSpec.parse(substitute(mount));
        } catch (CoreException | IllegalArgumentException e) {
            return "Mount " + mount + ": " + e.getMessage();
        }
        if (!parsed.host().isAbsolute()) {
            return "Mount " + mount + ": the host directory must be an absolute path.";
        }
        if (!Files.isDirectory(parsed.host())) {
            return "Mount " + mount + ": the host directory " + parsed.host() + " does not exist.";
        }
        return null;
    }
}
