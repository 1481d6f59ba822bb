package dev.k42lens.ui.tests;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/** What the workbench tests share: waiting on the UI thread while it keeps working, and finding widgets. */
final class UiTestSupport {
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
}
