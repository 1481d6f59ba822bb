package dev.k42lens.ui.views;

import java.util.function.Consumer;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.ILaunchesListener2;
import org.eclipse.swt.widgets.Control;

import dev.k42lens.debug.launch.GuestProgramProcess;

/**
 * Hands a view each K42 Lens run as it starts (its program process appears in its launch), on the
 * UI thread, while {@code owner} lives; a run that started before the view opened and is still
 * going is handed over at once. Launch events come on any thread.
 */
final class LiveRunFollower implements ILaunchesListener2 {
    private final Control owner;
    private final Consumer<GuestProgramProcess> show;
    /** The program last handed over. */
    private volatile GuestProgramProcess followed;

    private LiveRunFollower(Control owner, Consumer<GuestProgramProcess> show) {
        this.owner = owner;
        this.show = show;
    }

    /** Starts following; {@link #stop()} ends it. */
    static LiveRunFollower start(Control owner, Consumer<GuestProgramProcess> show) {
        LiveRunFollower follower = new LiveRunFollower(owner, show);
        ILaunchManager launches = DebugPlugin.getDefault().getLaunchManager();
        launches.addLaunchListener(follower);
        follower.follow(launches.getLaunches());
        return follower;
    }

    void stop() {
        DebugPlugin.getDefault().getLaunchManager().removeLaunchListener(this);
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
                    owner.getDisplay().asyncExec(() -> {
                        if (!owner.isDisposed()) {
                            show.accept(program);
                        }
                    });
                }
            }
        }
    }
}
