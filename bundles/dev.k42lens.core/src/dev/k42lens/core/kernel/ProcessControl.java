package dev.k42lens.core.kernel;

/**
 * What prctl sets for a process beyond its signals and timers: the parent-death signal, the
 * dumpable flag, no_new_privs, keepcaps, the timer slack and the child-subreaper flag, with Linux's
 * rules for what fork and execve keep. (Linux keeps the parent-death signal and the timer slack
 * per thread; here a process has one of each.)
 */
public final class ProcessControl {
    /** The timer slack a thread starts with, and what PR_SET_TIMERSLACK 0 restores: 50 µs. */
    public static final long DEFAULT_TIMER_SLACK_NS = 50_000;

    private int parentDeathSignal;
    private int dumpable = 1;
    private boolean noNewPrivileges;
    private boolean keepCapabilities;
    private long timerSlackNs = DEFAULT_TIMER_SLACK_NS;
    private boolean childSubreaper;

    /** The child's: no parent-death signal, not a subreaper, the rest inherited. */
    ProcessControl forChild() {
        ProcessControl child = copy();
        child.parentDeathSignal = 0;
        child.childSubreaper = false;
        return child;
    }

    /** After execve: dumpable again, keepcaps cleared (no set-user-ID programs here, so the parent-death signal stays). */
    ProcessControl acrossExec() {
        ProcessControl image = copy();
        image.dumpable = 1;
        image.keepCapabilities = false;
        return image;
    }

    private ProcessControl copy() {
        ProcessControl c = new ProcessControl();
        c.parentDeathSignal = parentDeathSignal;
        c.dumpable = dumpable;
        c.noNewPrivileges = noNewPrivileges;
        c.keepCapabilities = keepCapabilities;
        c.timerSlackNs = timerSlackNs;
        c.childSubreaper = childSubreaper;
        return c;
    }

    public int parentDeathSignal() {
        return parentDeathSignal;
    }

    public void setParentDeathSignal(int signo) {
        parentDeathSignal = signo;
    }

    public int dumpable() {
        return dumpable;
    }

    public void setDumpable(int value) {
        dumpable = value;
    }

    public boolean noNewPrivileges() {
        return noNewPrivileges;
    }

    /** no_new_privs can be set, never cleared. */
    public void setNoNewPrivileges() {
        noNewPrivileges = true;
    }

    public boolean keepCapabilities() {
        return keepCapabilities;
    }

    public void setKeepCapabilities(boolean keep) {
        keepCapabilities = keep;
    }

    public long timerSlackNs() {
        return timerSlackNs;
    }

    /** 0 restores the default. */
    public void setTimerSlackNs(long ns) {
        timerSlackNs = ns == 0 ? DEFAULT_TIMER_SLACK_NS : ns;
    }

    public boolean childSubreaper() {
        return childSubreaper;
    }

    public void setChildSubreaper(boolean subreaper) {
        childSubreaper = subreaper;
    }
}
