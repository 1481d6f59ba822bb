package dev.k42lens.ui.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.TextConsole;

import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.K42LensPerspective;

/** What the workbench tests share: waiting on the UI thread while it keeps working, finding widgets, reading trace lines, finding the bundled samples. */
final class UiTestSupport {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]*)");

    private UiTestSupport() {
    }

    /** Waits until {@code condition} holds, running the UI's events meanwhile (the tests run on the UI thread). */
    static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            if (display == null || !display.readAndDispatch()) {
                Thread.sleep(5);
            }
        }
    }

    /** Runs the UI's events for {@code millis}: GTK applies some changes (scrolling, painting) only on its frame clock. */
    static void runEvents(long millis) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Brings {@code view} back to the front once the Console has come up with {@code launch}'s
     * output (it does so on its own time, after the run may have ended).
     */
    static void activateAfterConsole(IWorkbenchPage page, ILaunch launch, IViewPart view) throws InterruptedException {
        waitUntil("the run's output in the Console", 60_000,
                () -> DebugUITools.getConsole(launch.getProcesses()[0]) instanceof TextConsole console && console.getDocument().getLength() > 0);
        runEvents(500);
        page.activate(view);
    }

    /** The first {@code type} widget under {@code root} that {@code wanted} accepts; an AssertionError when none does. */
    static <T extends Control> T find(Composite root, Class<T> type, Predicate<T> wanted) {
        T found = findIn(root, type, wanted);
        if (found == null) {
            throw new AssertionError("no such " + type.getSimpleName() + " in the view");
        }
        return found;
    }

    private static <T extends Control> T findIn(Composite root, Class<T> type, Predicate<T> wanted) {
        for (Control child : root.getChildren()) {
            if (type.isInstance(child) && wanted.test(type.cast(child))) {
                return type.cast(child);
            }
            T found = child instanceof Composite composite ? findIn(composite, type, wanted) : null;
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The fields of one JSON line of a trace file as written (strings unquoted, escapes kept), read
     * without the project's own reader so that tests check it against the file itself.
     */
    static Map<String, String> traceFields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return fields;
    }

    /** The K42 Lens perspective in the active window, over the whole screen. */
    static IWorkbenchPage k42LensPage() throws Exception {
        var workbench = PlatformUI.getWorkbench();
        IWorkbenchPage page = workbench.showPerspective(K42LensPerspective.ID, workbench.getActiveWorkbenchWindow());
        Screenshots.fillScreen();
        return page;
    }

    /** Shows view {@code id} maximized, the editor area hidden. */
    static IViewPart showMaximized(IWorkbenchPage page, String id) throws Exception {
        IViewPart view = page.showView(id);
        page.setEditorAreaVisible(false);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        return view;
    }

    /** Undoes {@link #showMaximized}, ending {@code launch} first if it still runs (null for none). */
    static void close(IWorkbenchPage page, IViewPart view, ILaunch launch) throws Exception {
        if (launch != null && !launch.isTerminated()) {
            launch.terminate();
        }
        page.hideView(view);
        page.setEditorAreaVisible(true);
    }

    /**
     * Runs sample {@code entry} (e.g. samples/bin/be/signals) as a launch configuration named
     * {@code name}, writing its trace to {@code traceFile} when not null.
     */
    static ILaunch runSample(String entry, String name, Path traceFile) throws Exception {
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.LAUNCH_TYPE_ID).newInstance(null, name);
        configuration.setAttribute(LaunchAttributes.PROGRAM, sample(entry).toString());
        if (traceFile != null) {
            configuration.setAttribute(LaunchAttributes.TRACE_FILE, traceFile.toString());
        }
        return configuration.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
    }

    /** A file of the samples bundle ({@code samples/bin/be/hello}), unpacked to the file system if need be. */
    static Path sample(String entry) throws IOException {
        var bundle = Platform.getBundle("dev.k42lens.samples");
        if (bundle == null) {
            throw new AssertionError("the samples bundle is not installed");
        }
        return Path.of(FileLocator.toFileURL(bundle.getEntry(entry)).getPath());
    }
}
