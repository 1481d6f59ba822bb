package dev.k42lens.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;

/**
 * Screenshots of the workbench at the moments a test reaches, for the README: only when the system
 * property {@code k42lens.screenshots} names a directory (the Maven property of the same name sets
 * it), taken with ImageMagick's {@code import} of the whole (Xvfb) screen after the UI has settled.
 */
final class Screenshots {
    private static final String DIRECTORY = System.getProperty("k42lens.screenshots", "");

    private Screenshots() {
    }

    static boolean enabled() {
        return !DIRECTORY.isBlank();
    }

    /** Makes the workbench window fill the screen, as a user's would. */
    static void fillScreen() {
        if (!enabled()) {
            return;
        }
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.setBounds(Display.getCurrent().getPrimaryMonitor().getBounds());
        UiTestSupport.runEvents(500);
    }

    /** Opens the general-purpose group of the Registers view, so that a screenshot shows r0..r31. */
    static void expandRegisters() {
        if (!enabled()) {
            return;
        }
        UiTestSupport.runEvents(1500);
        var view = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                .findView(org.eclipse.debug.ui.IDebugUIConstants.ID_REGISTER_VIEW);
        if (view instanceof org.eclipse.debug.ui.IDebugView debugView
                && debugView.getViewer() instanceof org.eclipse.jface.viewers.TreeViewer tree && tree.getTree().getItemCount() > 0) {
            tree.getTree().getItem(0).setExpanded(true);
            tree.expandToLevel(tree.getTree().getItem(0).getData(), 1);
        }
    }

    /** Saves the screen as {@code name}.png once pending redraws and asynchronous updates are done. */
    static void take(String name) throws IOException, InterruptedException {
        take(name, null);
    }

    /** Saves the part of the screen {@code area} covers (null: all of it) as {@code name}.png. */
    static void take(String name, Rectangle area) throws IOException, InterruptedException {
        if (!enabled()) {
            return;
        }
        UiTestSupport.runEvents(2500);
        Path file = Path.of(DIRECTORY).toAbsolutePath().resolve(name + ".png");
        Files.createDirectories(file.getParent());
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("import", "-window", "root"));
        if (area != null) {
            command.addAll(java.util.List.of("-crop", area.width + "x" + area.height + "+" + area.x + "+" + area.y, "+repage"));
        }
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("import could not save " + file + ": " + new String(process.getInputStream().readAllBytes()));
        }
    }
}
