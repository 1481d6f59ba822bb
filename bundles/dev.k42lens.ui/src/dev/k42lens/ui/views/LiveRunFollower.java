package dev.k42lens.ui.views;

import java.util.function.Consumer;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.ILaunchesListener2;
import org.eclipse.swt.widgets.Display;

import dev.k42lens.debug.launch.GuestProgramProcess;

/**
 * Hands over each K42 Lens run as it starts (its program process appears in its launch), on the
 * UI thread, for as long as the workbench runs; a run that started before and is still going is
 * handed over at once. Launch events come on any thread.
 */
final class LiveRunFollower implements ILaunchesListener2 {
    private final Display display;
    private final Consumer<GuestProgramProcess> show;
    /** The program last handed over. */
    private volatile GuestProgramProcess followed;

    private LiveRunFollower(Display display, Consumer<GuestProgramProcess> show) {
        this.display = display;
        this.show = show;
    }

    static void start(Display display, Consumer<GuestProgramProcess> show) {
        LiveRunFollower follower = new LiveRunFollower(display, show);
        ILaunchManager launches = DebugPlugin.getDefault().getLaunchManager();
        launches.addLaunchListener(follower);
        follower.follow(launches.getLaunches());
    }

    @Override
    public void launchesAdded(ILaunch[] added) {
        follow(added);
    }

    @Override
    public void launchesChanged(ILaunch[] changed) {
        follow(changed);
    }

    @Override
    public void launchesRemoved(ILaunch[] removed) {
    }

    @Override
    public void launchesTerminated(ILaunch[] terminated) {
    }

    private void follow(ILaunch[] launches) {
        for (ILaunch launch : launches) {
            for (var process : launch.getProcesses()) {
                if (process instanceof GuestProgramProcess program && !program.isTerminated() && program != followed) {
                    followed = program;
                    if (!display.isDisposed()) {
                        display.asyncExec(() -> show.accept(program));
                    }
                }
            }
        }
    }
}
