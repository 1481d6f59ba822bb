package dev.k42lens.ui.views;

import java.util.function.Function;

import org.eclipse.swt.SWT;

import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;

/**
 * The Dispatch Trace view's columns, one per event field, each with a sample text that sets its
 * width (with its header's): numbers, names and addresses fit whole, while long arguments and
 * symbols are cut until the column is widened, so that all sixteen columns fit a 1600-pixel
 * screen. A field the event is not about is left blank, as the JSONL export leaves it out.
 */
public enum TraceColumn {
    SEQ("Seq", "99999999", SWT.RIGHT, "The event's sequence number in the run", e -> Long.toString(e.seq())),
    TIME("Time (s)", "9.999999999", SWT.RIGHT, "Virtual time of the event (1 ns per guest instruction), in seconds",
            e -> seconds(e.timeNs())),
    PID("PID", "999999", SWT.RIGHT, "Process id", e -> Integer.toString(e.pid())),
    TID("TID", "999999", SWT.RIGHT, "Thread id", e -> Integer.toString(e.tid())),
    KIND("Kind", "signal_delivered", SWT.LEFT, "What happened", e -> e.kind().label()),
    SYSCALL("Syscall", "rt_sigprocmask", SWT.LEFT, "The system call the event is about", e -> e.nr() >= 0 ? e.name() : ""),
    ARGS("Arguments", "AT_FDCWD, \"/tmp/f\", O_RDONLY", SWT.LEFT,
            "The call's decoded arguments; for a server request, the server and its operation; for a signal event, the pending signals after it; for signal_mask, the new mask", TraceColumn::arguments),
    RET("Return", "-999999999", SWT.RIGHT, "The call's result (on exit)",
            e -> e.kind() == TraceKind.SYSCALL_EXIT ? Long.toString(e.ret()) : ""),
    ERRNO("Errno", "ENOTDIR", SWT.LEFT, "The error of a failed call", TraceColumn::errno),
    PATH("Path", "table", SWT.LEFT, "How the call reached its handler: table (transfer table) or trap (reflected sc)",
            e -> e.path() == null ? "" : e.path().label()),
    DEPTH("Depth", "9", SWT.RIGHT, "The thread's nesting depth in the layer (0: outside it)", e -> Integer.toString(e.depth())),
    SITE("Site", "0x7ffff7e77880", SWT.LEFT, "Address of the calling sc (or of the calling handler's entry)",
            e -> "0x" + Long.toHexString(e.site())),
    SYMBOL("Symbol", "sigprocmask+0xc0", SWT.LEFT, "The function at the site", e -> e.symbol() == null ? "" : e.symbol()),
    SIGNAL("Signal", "SIGRTMIN", SWT.LEFT, "The signal of a signal event", e -> e.kind().isSignal() ? Signal.nameOf(e.signal()) : ""),
    TARGET_TID("Target TID", "999999", SWT.RIGHT, "The thread started or ended, or the child process forked",
            e -> hasTarget(e) ? Integer.toString(e.targetTid()) : ""),
    IMPLEMENTED("Implemented", "no", SWT.LEFT, "no: the call's transfer-table slot has no handler (it returned ENOSYS)",
            e -> isCall(e) ? (e.implemented() ? "yes" : "no") : "");

    private final String header;
    private final String sampleText;
    private final int alignment;
    private final String description;
    private final Function<TraceEvent, String> text;

    TraceColumn(String header, String sampleText, int alignment, String description, Function<TraceEvent, String> text) {
        this.header = header;
        this.sampleText = sampleText;
        this.alignment = alignment;
        this.description = description;
        this.text = text;
    }

    public String header() {
        return header;
    }

    /** The text the column is made wide enough for. */
    String sampleText() {
        return sampleText;
    }

    /** What the column shows, for its header's tooltip. */
    String description() {
        return description;
    }

    /** SWT.LEFT or SWT.RIGHT (numbers). */
    int alignment() {
        return alignment;
    }

    /** What the column shows for {@code event}. */
    public String text(TraceEvent event) {
        return text.apply(event);
    }

    /** The texts of every column for {@code event}, in column order. */
    public static String[] texts(TraceEvent event) {
        TraceColumn[] columns = values();
        String[] texts = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            texts[i] = columns[i].text(event);
        }
        return texts;
    }

    private static boolean isCall(TraceEvent e) {
        return e.kind() == TraceKind.SYSCALL_ENTRY || e.kind() == TraceKind.SYSCALL_EXIT;
    }

    private static boolean hasTarget(TraceEvent e) {
        return e.kind() == TraceKind.THREAD_START || e.kind() == TraceKind.THREAD_EXIT || e.kind() == TraceKind.FORK;
    }

    /** A virtual time in seconds with its nine decimals, as the Time column shows it. */
    public static String seconds(long timeNs) {
        return String.format("%d.%09d", timeNs / 1_000_000_000L, timeNs % 1_000_000_000L);
    }

    /** A call's arguments; for a server request, the server and its operation; for a signal event, its pending set; for signal_mask, the mask. */
    private static String arguments(TraceEvent e) {
        if (isCall(e)) {
            return e.args();
        }
        if (e.kind() == TraceKind.SERVER_CALL || e.kind() == TraceKind.SERVER_RETURN) {
            return e.args() + " server: " + e.name();
        }
        if (e.args() != null && (e.kind().isSignal() || e.kind() == TraceKind.SIGNAL_MASK)) {
            return (e.kind() == TraceKind.SIGNAL_MASK ? "mask " : "pending ") + e.args();
        }
        return "";
    }

    private static String errno(TraceEvent e) {
        if (e.kind() != TraceKind.SYSCALL_EXIT || e.errno() == 0) {
            return "";
        }
        return Errno.of(e.errno()).map(Enum::name).orElse(Integer.toString(e.errno()));
    }
}
