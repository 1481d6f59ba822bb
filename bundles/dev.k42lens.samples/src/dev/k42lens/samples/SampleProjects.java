package dev.k42lens.samples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourceAttributes;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Creates the samples project from the files this bundle carries under {@code samples/}: the C
 * sources, the prebuilt binaries, the Makefile and README, and the launch configurations, which go
 * into the project root so that Eclipse lists them as shared configurations.
 */
public final class SampleProjects {
    /** The project name the shipped launch configurations refer to. */
    public static final String DEFAULT_NAME = "k42lens-samples";

    private static final String SAMPLES = "/samples/";
    /** The launch configurations name the project in workspace_loc variables: rewritten for another name. */
    private static final Pattern PROJECT_REFERENCE =
            Pattern.compile(Pattern.quote("${workspace_loc:/" + DEFAULT_NAME) + "(?=[/}])");

    private SampleProjects() {
    }

    /**
     * Why {@code name} cannot be used for a new samples project, in one line for the user, or null
     * when it can.
     */
    public static String problemWithName(IWorkspace workspace, String name) {
        if (name.isBlank()) {
            return "Enter a project name.";
        }
        IStatus valid = workspace.validateName(name, IResource.PROJECT);
        if (!valid.isOK()) {
            return valid.getMessage();
        }
        // The name goes into ${workspace_loc:/NAME/...} in the launch configurations.
        if (name.contains("$") || name.contains("{") || name.contains("}")) {
            return "The name may not contain '$', '{' or '}': the launch configurations refer to the project by name.";
        }
        if (workspace.getRoot().getProject(name).exists()) {
            return "A project named '" + name + "' already exists in the workspace.";
        }
        IPath location = workspace.getRoot().getLocation();
        if (location != null && location.append(name).toFile().exists()) {
            return "The workspace folder already has a file or folder named '" + name + "'.";
        }
        return null;
    }

    /**
     * Creates and opens project {@code projectName} holding the samples, as one workspace operation.
     * When anything fails (or the monitor is cancelled) the half-made project is deleted again, so
     * that the same name can be used on the next attempt.
     *
     * @throws CoreException when the name is not usable (see {@link #problemWithName}), a bundle
     *     entry cannot be read or a resource cannot be created
     */
    public static IProject importInto(IWorkspace workspace, String projectName, IProgressMonitor monitor)
            throws CoreException {
        String problem = problemWithName(workspace, projectName);
        if (problem != null) {
            throw new CoreException(Status.error(problem));
        }
        IProject project = workspace.getRoot().getProject(projectName);
        workspace.run(m -> {
            List<URL> entries = entries();
            SubMonitor progress = SubMonitor.convert(m, "Creating project " + projectName, entries.size() + 2);
            try {
                project.create(progress.split(1));
                project.open(progress.split(1));
                for (URL entry : entries) {
                    copy(entry, project, projectName, progress.split(1));
                }
            } catch (CoreException | RuntimeException e) {
                if (project.exists()) {
                    project.delete(true, true, new NullProgressMonitor());
                }
                throw e;
            }
        }, workspace.getRuleFactory().createRule(project), IWorkspace.AVOID_UPDATE, monitor);
        return project;
    }

    /** The files under samples/ that belong in the project, in a stable order (folders are made on the way). */
    private static List<URL> entries() throws CoreException {
        Bundle bundle = FrameworkUtil.getBundle(SampleProjects.class);
        List<URL> files = new ArrayList<>();
        var found = bundle.findEntries(SAMPLES, "*", true);
        if (found != null) {
            for (URL url : Collections.list(found)) {
                if (!url.getPath().endsWith("/") && projectPath(url) != null) {
                    files.add(url);
                }
            }
        }
        if (files.isEmpty()) {
            throw new CoreException(Status.error("Bundle " + bundle.getSymbolicName() + " has no samples under " + SAMPLES));
        }
        files.sort(Comparator.comparing(URL::getPath));
        return files;
    }

    /** Where a bundle entry goes in the project, or null for bundle-only files such as .gitignore. */
    private static IPath projectPath(URL entry) {
        String path = entry.getPath().substring(SAMPLES.length());
        if (path.startsWith("src/") || path.startsWith("bin/") || path.equals("Makefile") || path.equals("README.md")) {
            return IPath.fromPortableString(path);
        }
        if (path.startsWith("launches/") && path.endsWith(".launch")) {
            return IPath.fromPortableString(path.substring("launches/".length()));
        }
        return null;
    }

    private static void copy(URL entry, IProject project, String projectName, IProgressMonitor monitor)
            throws CoreException {
        IPath path = projectPath(entry);
        byte[] content;
        try (InputStream in = entry.openStream()) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new CoreException(Status.error("Could not read " + entry.getPath() + " from the samples bundle", e));
        }
        if (path.lastSegment().endsWith(".launch") && !projectName.equals(DEFAULT_NAME)) {
            content = renameProject(new String(content, StandardCharsets.UTF_8), projectName)
                    .getBytes(StandardCharsets.UTF_8);
        }
        IFile file = project.getFile(path);
        createFolders(file.getParent());
        file.create(new ByteArrayInputStream(content), IResource.NONE, monitor);
        if (path.segment(0).equals("bin")) {
            // The bundle jar keeps no file modes; the programs should run from a shell too.
            ResourceAttributes attributes = file.getResourceAttributes();
            if (attributes != null) {
                attributes.setExecutable(true);
                file.setResourceAttributes(attributes);
            }
        }
    }

    private static void createFolders(IContainer container) throws CoreException {
        if (container instanceof IFolder folder && !folder.exists()) {
            createFolders(folder.getParent());
            folder.create(IResource.NONE, true, null);
        }
    }

    /** The launch configuration text with its project references pointing at {@code projectName}. */
    private static String renameProject(String launchXml, String projectName) {
        String escaped = projectName.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
        return PROJECT_REFERENCE.matcher(launchXml)
                .replaceAll(Matcher.quoteReplacement("${workspace_loc:/" + escaped));
    }
}
