package dev.k42lens.ui.views;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

import dev.k42lens.core.trace.DispatchPath;
import dev.k42lens.core.trace.SyscallNesting;
import dev.k42lens.core.trace.SyscallNesting.Axis;
import dev.k42lens.core.trace.SyscallNesting.BlockedInterval;
import dev.k42lens.core.trace.SyscallNesting.CallSpan;
import dev.k42lens.core.trace.SyscallNesting.DeferredSignal;
import dev.k42lens.core.trace.SyscallNesting.Ending;
import dev.k42lens.core.trace.SyscallNesting.SignalDelivery;
import dev.k42lens.core.trace.SyscallNesting.Snapshot;
import dev.k42lens.core.trace.SyscallNesting.ThreadNesting;

/**
 * The flame chart of a {@link SyscallNesting} snapshot on a double-buffered canvas: a band per
 * thread, a lane per depth (depth 1 on top), and above the lanes a strip for what happens outside
 * the layer (depth 0: signal deliveries, leaving to block); x is the chosen {@link Axis}. Only
 * what is on screen is painted: each lane is entered by binary search at the left edge, and calls
 * narrower than a pixel are skipped to the next pixel. Zoom (Ctrl+wheel around the pointer, + and
 * -), pan (drag, scroll bars, Shift+wheel, arrow keys), tooltips with the decoded call. The public
 * methods are for tests and the view's actions; UI thread only.
 */
public final class SyscallNestingChart {
    /** What a click picked: the sequence number of its event (a call's entry, a blocked interval's leave_to_block, a signal's). */
    interface Picked {
        void picked(long seq);
    }

    private static final int PADDING = 4;
    private static final int BAND_GAP = 8;
    private static final int MIN_SPAN_WIDTH = 2;
    private static final int MARKER = 5;
    /** Pixels between the time axis' ticks, at least. */
    private static final int TICK_SPACING = 90;
    private static final double ZOOM_STEP = 1.25;
    /** The horizontal scroll bar's range: positions are mapped onto it, since a trace's may exceed an int. */
    private static final int SCROLL_RANGE = 1_000_000;
    private static final int FAR = 1 << 20;

    private static final Color BACKGROUND = new Color(255, 255, 255);
    private static final Color LABEL_BACKGROUND = new Color(243, 243, 243);
    private static final Color BAND_BACKGROUND = new Color(250, 250, 252);
    private static final Color GRID = new Color(228, 228, 228);
    private static final Color TEXT = new Color(0, 0, 0);
    private static final Color DIM_TEXT = new Color(96, 96, 96);
    private static final Color TABLE_FILL = new Color(173, 203, 240);
    private static final Color TABLE_BORDER = new Color(60, 110, 175);
    private static final Color TRAP_FILL = new Color(247, 196, 140);
    private static final Color TRAP_BORDER = new Color(190, 110, 30);
    private static final Color BLOCKED_FILL = new Color(232, 232, 232);
    private static final Color BLOCKED_HATCH = new Color(150, 150, 150);
    private static final Color SIGNAL = new Color(200, 30, 30);
    private static final Color HIGHLIGHT = new Color(20, 20, 20);

    private final Canvas canvas;
    private final int lineHeight;
    private final int laneHeight;
    private final int stripHeight;
    private final int axisHeight;
    private final int legendHeight;
    private final int labelWidth;
    private final Map<String, Integer> textWidths = new HashMap<>();

    private SyscallNesting nesting;
    private Snapshot snapshot = Snapshot.EMPTY;
    private Axis axis = Axis.ORDER;
    /** The position at the chart's left edge, and how many positions a pixel spans. */
    private double origin;
    private double perPixel = 1;
    /** Whether the whole trace is in view: kept so while it grows, until the user zooms or pans. */
    private boolean fitted = true;
    private int scrollY;
    /** The event selected (-1: none), its thread's pid and tid. */
    private long selectedSeq = -1;
    private int selectedPid;
    private int selectedTid;
    private int dragX = -1;
    private int dragY;
    private boolean dragged;
    private Object hovered;

    SyscallNestingChart(Composite parent, Picked picked) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.H_SCROLL | SWT.V_SCROLL);
        canvas.setBackground(BACKGROUND);
        GC gc = new GC(canvas);
        try {
            lineHeight = gc.getFontMetrics().getHeight();
            labelWidth = gc.textExtent("pid 00000 tid 00000").x + 2 * PADDING;
        } finally {
            gc.dispose();
        }
        laneHeight = lineHeight + 6;
        stripHeight = lineHeight + 4;
        axisHeight = lineHeight + 8;
        legendHeight = lineHeight + 8;
        canvas.addListener(SWT.Paint, event -> paint(event.gc));
        canvas.addListener(SWT.Resize, event -> {
            if (fitted) {
                fit();
            }
            updateScrollBars();
        });
        canvas.getHorizontalBar().addListener(SWT.Selection, event -> scrolledHorizontally());
        canvas.getVerticalBar().addListener(SWT.Selection, event -> {
            scrollY = canvas.getVerticalBar().getSelection();
            canvas.redraw();
        });
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseDown, event -> {
            if (event.button == 1) {
                dragX = event.x;
                dragY = event.y;
                dragged = false;
            }
        });
        canvas.addListener(SWT.MouseMove, event -> {
            if (dragX >= 0 && (event.stateMask & SWT.BUTTON1) != 0) {
                if (Math.abs(event.x - dragX) + Math.abs(event.y - dragY) > 3 || dragged) {
                    dragged = true;
                    panBy(dragX - event.x, dragY - event.y);
                    dragX = event.x;
                    dragY = event.y;
                }
            } else {
                hover(event.x, event.y);
            }
        });
        canvas.addListener(SWT.MouseUp, event -> {
            if (event.button == 1 && dragX >= 0 && !dragged) {
                ThreadNesting thread = threadAt(event.y);
                long seq = seqOf(itemAt(event.x, event.y));
                if (thread != null && seq >= 0) {
                    select(seq, thread.pid(), thread.tid());
                    picked.picked(seq);
                }
            }
            dragX = -1;
        });
        canvas.addListener(SWT.KeyDown, this::key);
        // the canvas takes the keyboard focus, so that arrow keys reach it
        canvas.addListener(SWT.Traverse, event -> event.doit = event.detail != SWT.TRAVERSE_ARROW_NEXT
                && event.detail != SWT.TRAVERSE_ARROW_PREVIOUS);
    }

    public Canvas control() {
        return canvas;
    }

    /** Shows {@code shown}'s latest snapshot; with {@code fresh} (a new trace) the whole of it. */
    void show(SyscallNesting shown, boolean fresh) {
        nesting = shown;
        snapshot = shown.snapshot();
        if (fresh) {
            selectedSeq = -1;
            scrollY = 0;
            fitted = true;
        }
        if (fitted) {
            fit();
        }
        updateScrollBars();
        canvas.redraw();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Axis axis() {
        return axis;
    }

    public void setAxis(Axis chosen) {
        if (chosen == axis) {
            return;
        }
        axis = chosen;
        fit();
        if (selectedSeq >= 0) {
            reveal(selectedSeq, selectedPid, selectedTid);
        }
    }

    /** Shows the whole trace. */
    public void fit() {
        fitted = true;
        long start = snapshot.start(axis);
        long end = snapshot.end(axis);
        double span = Math.max(1, end - start) * 1.02; // a margin after the end
        origin = start;
        perPixel = span / Math.max(1, chartWidth());
        updateScrollBars();
        canvas.redraw();
    }

    /** Zooms in ({@code factor} > 1) or out around the x pixel {@code x}. */
    public void zoom(double factor, int x) {
        double at = positionAt(x);
        perPixel = Math.max(minPerPixel(), perPixel / factor);
        origin = at - (x - labelWidth) * perPixel;
        fitted = false;
        clampOrigin();
        updateScrollBars();
        canvas.redraw();
    }

    /** Zooms around the middle of the chart. */
    public void zoom(double factor) {
        zoom(factor, labelWidth + chartWidth() / 2);
    }

    /**
     * Selects the event {@code seq} of thread {@code pid}/{@code tid}: its innermost call is
     * outlined, a line marks the event, and it is brought into view, zoomed in if its call is
     * too narrow to see.
     */
    public void reveal(long seq, int pid, int tid) {
        select(seq, pid, tid);
        ThreadNesting thread = snapshot.thread(pid, tid);
        if (thread == null) {
            canvas.redraw();
            return; // not taken in yet: outlined once it is
        }
        CallSpan call = thread.innermostCallOf(seq);
        long from = call != null ? call.start(axis) : positionOfEvent(thread, seq);
        long to = call != null ? call.end(axis) : from;
        double wanted = Math.max((to - from) * 3.0, minVisibleRange()) / Math.max(1, chartWidth());
        if (perPixel > wanted || from < origin || to > positionAt(canvas.getClientArea().width)) {
            perPixel = Math.min(perPixel, wanted);
            origin = (from + to) / 2.0 - chartWidth() / 2.0 * perPixel;
            fitted = false;
            clampOrigin();
        }
        int top = bandTop(thread) + scrollY;
        int height = chartArea().height - axisHeight;
        if (top - axisHeight < scrollY || top + bandHeight(thread) > scrollY + axisHeight + height) {
            scrollY = Math.max(0, top - axisHeight - PADDING);
        }
        updateScrollBars();
        canvas.redraw();
    }

    /** Outlines the event {@code seq} of thread {@code pid}/{@code tid} and its innermost call, where they are. */
    void select(long seq, int pid, int tid) {
        selectedSeq = seq;
        selectedPid = pid;
        selectedTid = tid;
        canvas.redraw();
    }

    /** The sequence number selected, or -1. */
    public long selectedSeq() {
        return selectedSeq;
    }

    /** The x pixel of {@code position} on the axis shown. */
    public int xOf(long position) {
        // far outside the canvas, kept small enough for widths computed from it not to overflow
        return (int) Math.max(-FAR, Math.min(FAR, Math.floor(labelWidth + (position - origin) / perPixel)));
    }

    /**
     * The y pixel of the middle of {@code thread}'s lane at {@code depth}, or of its strip for
     * what happens outside the layer when {@code depth} is 0.
     */
    public int yOf(ThreadNesting thread, int depth) {
        int top = bandTop(thread) + lineHeight + 2;
        return depth == 0 ? top + stripHeight / 2 : top + stripHeight + (depth - 1) * laneHeight + laneHeight / 2;
    }

    /** The call drawn at pixel {@code x}, {@code y}, or null. */
    public CallSpan spanAt(int x, int y) {
        return itemAt(x, y) instanceof CallSpan span ? span : null;
    }

    /** The thread whose band is at the y pixel {@code y}, or null. */
    private ThreadNesting threadAt(int y) {
        for (ThreadNesting thread : snapshot.threads()) {
            int top = bandTop(thread);
            if (y >= top && y < top + bandHeight(thread)) {
                return thread;
            }
        }
        return null;
    }

    /**
     * What is drawn at pixel {@code x}, {@code y}: a signal marker (a {@link DeferredSignal} or
     * {@link SignalDelivery}), a {@link BlockedInterval}, a {@link CallSpan}, or null.
     */
    public Object itemAt(int x, int y) {
        ThreadNesting thread = threadAt(y);
        if (x < labelWidth || y < axisHeight || y >= chartArea().height || thread == null) {
            return null;
        }
        int stripTop = bandTop(thread) + lineHeight + 2;
        int lanesTop = stripTop + stripHeight;
        long from = (long) Math.floor(positionAt(x - MARKER));
        long to = (long) Math.ceil(positionAt(x + MARKER));
        if (y >= stripTop && y < lanesTop) {
            return nearest(thread.deliveries(), delivery -> delivery.at(axis), delivery -> true, from, to, x);
        }
        int depth = (y - lanesTop) / laneHeight + 1;
        if (y < lanesTop || depth > thread.maxDepth()) {
            return null;
        }
        DeferredSignal deferred = nearest(thread.deferred(), signal -> signal.at(axis), signal -> signal.depth() == depth, from, to, x);
        if (deferred != null) {
            return deferred;
        }
        long at = (long) Math.floor(positionAt(x));
        // a thread is blocked once at a time: its blocked intervals end in the order they start
        List<BlockedInterval> blocked = thread.blocked();
        int b = SyscallNesting.lastAtOrBefore(blocked, interval -> interval.start(axis), at);
        if (b >= 0 && blocked.get(b).depth() == depth
                && x <= Math.max(xOf(blocked.get(b).end(axis)), xOf(blocked.get(b).start(axis)) + MIN_SPAN_WIDTH)) {
            return blocked.get(b);
        }
        CallSpan span = thread.callAt(depth, axis, at);
        if (span == null) {
            // a call narrower than a pixel is drawn MIN_SPAN_WIDTH wide: the last one starting within reach
            List<CallSpan> lane = thread.lanes().get(depth - 1);
            int i = SyscallNesting.lastAtOrBefore(lane, call -> call.start(axis), at);
            if (i >= 0 && xOf(lane.get(i).start(axis)) + MIN_SPAN_WIDTH >= x) {
                span = lane.get(i);
            }
        }
        return span;
    }

    /** The tooltip of what is drawn at pixel {@code x}, {@code y}, or null. */
    public String tooltipAt(int x, int y) {
        Object item = itemAt(x, y);
        if (item instanceof CallSpan span) {
            return nesting.describe(span);
        } else if (item instanceof BlockedInterval blocked) {
            return blocked.name() + " left the layer to block (depth " + blocked.depth() + "), "
                    + (blocked.open() ? "still blocked" : blocked.woken() ? "then was woken" : "until its thread ended") + ": "
                    + length(blocked.endNs() - blocked.leaveNs()) + " of virtual time";
        } else if (item instanceof DeferredSignal deferred) {
            return deferred.signalName() + " arrived in " + deferred.callName() + " at depth " + deferred.depth()
                    + ": deferred until the outermost return";
        } else if (item instanceof SignalDelivery delivery) {
            return delivery.signalName() + " delivered outside the layer" + (delivery.deferred() >= 0 ? ", after its deferral" : "");
        }
        return null;
    }

    /** The item of {@code sorted} (by position) that {@code wanted} accepts nearest to pixel {@code x}, within a marker's reach. */
    private <T> T nearest(List<T> sorted, ToLongFunction<T> at, Predicate<T> wanted, long from, long to, int x) {
        T best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = Math.max(0, SyscallNesting.lastAtOrBefore(sorted, at, from - 1) + 1); i < sorted.size()
                && at.applyAsLong(sorted.get(i)) <= to; i++) {
            int distance = Math.abs(xOf(at.applyAsLong(sorted.get(i))) - x);
            if (wanted.test(sorted.get(i)) && distance <= MARKER && distance < bestDistance) {
                best = sorted.get(i);
                bestDistance = distance;
            }
        }
        return best;
    }

    private static long seqOf(Object item) {
        if (item instanceof CallSpan span) {
            return span.entrySeq();
        } else if (item instanceof BlockedInterval blocked) {
            return blocked.leaveSeq();
        } else if (item instanceof DeferredSignal deferred) {
            return deferred.seq();
        } else if (item instanceof SignalDelivery delivery) {
            return delivery.seq();
        }
        return -1;
    }

    private void paint(GC gc) {
        Rectangle area = chartArea();
        gc.setBackground(BACKGROUND);
        gc.fillRectangle(canvas.getClientArea());
        gc.setClipping(labelWidth, axisHeight, Math.max(0, area.width - labelWidth), Math.max(0, area.height - axisHeight));
        paintGrid(gc, area);
        for (ThreadNesting thread : snapshot.threads()) {
            int top = bandTop(thread);
            if (top + bandHeight(thread) >= axisHeight && top <= area.height) {
                paintThread(gc, thread, top, area);
            }
        }
        gc.setClipping((Rectangle) null);
        paintLabels(gc, area);
        paintAxis(gc, area);
        paintLegend(gc, area.height);
    }

    /** The canvas but the legend at its foot. */
    private Rectangle chartArea() {
        Rectangle area = canvas.getClientArea();
        area.height = Math.max(0, area.height - legendHeight);
        return area;
    }

    /** What the colours and marks mean, in one line under the chart. */
    private void paintLegend(GC gc, int top) {
        gc.setBackground(LABEL_BACKGROUND);
        gc.fillRectangle(0, top, canvas.getClientArea().width, legendHeight);
        gc.setForeground(GRID);
        gc.drawLine(0, top, canvas.getClientArea().width, top);
        int x = PADDING;
        int middle = top + legendHeight / 2;
        int box = lineHeight - 4;
        int y = middle - box / 2;
        x = legendEntry(gc, x, middle, "table path", () -> swatch(gc, TABLE_FILL, TABLE_BORDER, PADDING, y, box));
        x = legendEntry(gc, x, middle, "trap path", () -> swatch(gc, TRAP_FILL, TRAP_BORDER, PADDING, y, box));
        x = legendEntry(gc, x, middle, "not returned (restarted, or still running)", () -> {
            gc.setLineStyle(SWT.LINE_DASH);
            swatch(gc, TABLE_FILL, TABLE_BORDER, PADDING, y, box);
            gc.setLineStyle(SWT.LINE_SOLID);
        });
        x = legendEntry(gc, x, middle, "blocked outside the layer (left it to block)", () -> {
            swatch(gc, BLOCKED_FILL, BLOCKED_HATCH, PADDING, y, box);
            gc.drawLine(PADDING, y + box, PADDING + box, y);
            gc.drawLine(PADDING, y + box / 2, PADDING + box / 2, y);
            gc.drawLine(PADDING + box / 2, y + box, PADDING + box, y + box / 2);
        });
        x = legendEntry(gc, x, middle, "signal deferred in a call", () -> {
            gc.setBackground(SIGNAL);
            gc.fillPolygon(new int[] { PADDING + MARKER, middle - MARKER, PADDING + 2 * MARKER, middle, PADDING + MARKER, middle + MARKER,
                    PADDING, middle });
        });
        x = legendEntry(gc, x, middle, "its delivery", () -> {
            gc.setBackground(SIGNAL);
            gc.fillPolygon(new int[] { PADDING, middle - MARKER, PADDING + 2 * MARKER, middle - MARKER, PADDING + MARKER, middle + MARKER });
        });
        legendEntry(gc, x, middle, "a signal delivered without deferral", () -> {
            gc.setForeground(SIGNAL);
            gc.drawPolygon(new int[] { PADDING, middle - MARKER, PADDING + 2 * MARKER, middle - MARKER, PADDING + MARKER, middle + MARKER });
        });
    }

    /** Draws {@code mark} (drawn at x = PADDING) and {@code text} from {@code x} on; returns where the next entry starts. */
    private int legendEntry(GC gc, int x, int middle, String text, Runnable mark) {
        Transform shift = new Transform(gc.getDevice());
        try {
            shift.translate(x - PADDING, 0);
            gc.setTransform(shift);
            mark.run();
        } finally {
            gc.setTransform(null);
            shift.dispose();
        }
        int textX = x + lineHeight + 2;
        gc.setForeground(DIM_TEXT);
        gc.drawText(text, textX, middle - lineHeight / 2, true);
        return textX + textWidth(gc, text) + 3 * PADDING;
    }

    private static void swatch(GC gc, Color fill, Color border, int x, int y, int size) {
        gc.setBackground(fill);
        gc.fillRectangle(x, y, size, size);
        gc.setForeground(border);
        gc.drawRectangle(x, y, size, size);
    }

    private void paintGrid(GC gc, Rectangle area) {
        gc.setForeground(GRID);
        double step = tickStep();
        for (double tick = Math.ceil(origin / step) * step; tick <= positionAt(area.width); tick += step) {
            int x = xOf((long) tick);
            gc.drawLine(x, axisHeight, x, area.height);
        }
    }

    private void paintThread(GC gc, ThreadNesting thread, int top, Rectangle area) {
        int stripTop = top + lineHeight + 2;
        int lanesTop = stripTop + stripHeight;
        int lanes = Math.max(1, thread.maxDepth());
        int startX = Math.max(labelWidth, xOf(thread.start(axis)));
        int endX = Math.min(area.width, Math.max(startX + 1, xOf(thread.end(axis))));
        gc.setBackground(BAND_BACKGROUND);
        gc.fillRectangle(startX, stripTop, endX - startX, stripHeight + lanes * laneHeight);
        long left = (long) Math.floor(positionAt(labelWidth));
        long right = (long) Math.ceil(positionAt(area.width));
        for (int depth = 1; depth <= thread.maxDepth(); depth++) {
            paintLane(gc, thread.lanes().get(depth - 1), lanesTop + (depth - 1) * laneHeight, left, right, area.width);
        }
        for (BlockedInterval blocked : visible(thread.blocked(), b -> b.start(axis), b -> b.end(axis), left, right)) {
            paintBlocked(gc, blocked, lanesTop + (blocked.depth() - 1) * laneHeight, stripTop);
        }
        paintSignals(gc, thread, stripTop, lanesTop, left, right);
        if (selectedSeq >= 0 && thread.pid() == selectedPid && thread.tid() == selectedTid) {
            CallSpan call = thread.innermostCallOf(selectedSeq);
            if (call != null) {
                int y = lanesTop + (call.depth() - 1) * laneHeight;
                int x0 = xOf(call.start(axis));
                gc.setForeground(HIGHLIGHT);
                gc.setLineWidth(2);
                gc.drawRectangle(x0 - 1, y, Math.max(MIN_SPAN_WIDTH, xOf(call.end(axis)) - x0) + 2, laneHeight - 2);
                gc.setLineWidth(1);
            }
            int x = xOf(positionOfEvent(thread, selectedSeq));
            gc.setForeground(HIGHLIGHT);
            gc.setLineStyle(SWT.LINE_DOT);
            gc.drawLine(x, stripTop, x, lanesTop + lanes * laneHeight);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
    }

    /** The calls of one lane between positions {@code left} and {@code right}, a pixel's worth at most per pixel. */
    private void paintLane(GC gc, List<CallSpan> lane, int y, long left, long right, int width) {
        int i = Math.max(0, SyscallNesting.lastAtOrBefore(lane, span -> span.start(axis), left));
        while (i < lane.size()) {
            CallSpan span = lane.get(i);
            if (span.start(axis) > right) {
                break;
            }
            int x0 = xOf(span.start(axis));
            int x1 = Math.max(x0 + MIN_SPAN_WIDTH, xOf(span.end(axis)));
            if (x1 >= labelWidth) {
                paintSpan(gc, span, Math.max(x0, labelWidth - 1), Math.min(x1, width + 1), y);
            }
            // the calls that start within the pixels just painted are hidden by them; the last of them may reach further
            int next = SyscallNesting.lastAtOrBefore(lane, s -> s.start(axis), (long) Math.floor(positionAt(x1)));
            i = Math.max(i + 1, next);
        }
    }

    private void paintSpan(GC gc, CallSpan span, int x0, int x1, int y) {
        boolean trap = span.path() == DispatchPath.TRAP;
        int height = laneHeight - 2;
        gc.setBackground(trap ? TRAP_FILL : TABLE_FILL);
        gc.fillRectangle(x0, y + 1, x1 - x0, height - 1);
        gc.setForeground(trap ? TRAP_BORDER : TABLE_BORDER);
        if (span.ending() == Ending.OPEN || span.ending() == Ending.RESTART) {
            gc.setLineStyle(SWT.LINE_DASH); // not returned (yet)
        }
        gc.drawRectangle(x0, y + 1, x1 - x0, height - 1);
        gc.setLineStyle(SWT.LINE_SOLID);
        String name = span.name();
        if (x1 - x0 > textWidth(gc, name) + 2 * PADDING) {
            gc.setForeground(TEXT);
            gc.drawText(name, Math.max(x0, labelWidth) + PADDING, y + 1 + (height - lineHeight) / 2, true);
        }
    }

    private void paintBlocked(GC gc, BlockedInterval blocked, int y, int stripTop) {
        int x0 = xOf(blocked.start(axis));
        int x1 = Math.max(x0 + MIN_SPAN_WIDTH, xOf(blocked.end(axis)));
        int height = laneHeight - 2;
        Rectangle box = new Rectangle(x0, y + 1, x1 - x0, height - 1);
        gc.setBackground(BLOCKED_FILL);
        gc.fillRectangle(box);
        Rectangle clip = gc.getClipping();
        gc.setClipping(box.intersection(clip));
        gc.setForeground(BLOCKED_HATCH);
        for (int x = Math.max(x0, clip.x) - height; x < Math.min(x1, clip.x + clip.width); x += 6) {
            gc.drawLine(x, y + height, x + height, y + 1);
        }
        gc.setClipping(clip);
        gc.drawRectangle(box);
        String label = blocked.name() + " blocked";
        int visibleX0 = Math.max(x0, labelWidth);
        if (Math.min(x1, clip.x + clip.width) - visibleX0 > textWidth(gc, label) + 2 * PADDING) {
            gc.setBackground(BLOCKED_FILL);
            int textX = visibleX0 + PADDING;
            gc.fillRectangle(textX - 2, y + 2, textWidth(gc, label) + 4, height - 2);
            gc.setForeground(DIM_TEXT);
            gc.drawText(label, textX, y + 1 + (height - lineHeight) / 2, true);
        }
        // leave_to_block: the call leaves the layer, down to the strip outside it
        gc.setBackground(DIM_TEXT);
        int middle = stripTop + stripHeight / 2;
        gc.fillPolygon(new int[] { x0 - MARKER + 1, middle - 3, x0 + MARKER - 1, middle - 3, x0, middle + 3 });
    }

    /**
     * Deliveries in the strip outside the layer (filled when the signal had been deferred, hollow
     * otherwise), deferred arrivals as diamonds in their call's lane, each joined to its delivery.
     */
    private void paintSignals(GC gc, ThreadNesting thread, int stripTop, int lanesTop, long left, long right) {
        int stripMiddle = stripTop + stripHeight / 2;
        gc.setForeground(SIGNAL);
        gc.setBackground(SIGNAL);
        List<DeferredSignal> deferred = thread.deferred();
        List<SignalDelivery> deliveries = thread.deliveries();
        int labelEnd = Integer.MIN_VALUE;
        int first = SyscallNesting.lastAtOrBefore(deliveries, d -> d.at(axis), left - 1) + 1;
        for (SignalDelivery delivery : deliveries.subList(first, deliveries.size())) {
            int x = xOf(delivery.at(axis));
            if (delivery.deferred() >= 0) {
                DeferredSignal arrival = deferred.get(delivery.deferred());
                if (arrival.at(axis) <= right) {
                    gc.setLineWidth(2);
                    gc.drawLine(xOf(arrival.at(axis)), lanesTop + (arrival.depth() - 1) * laneHeight + laneHeight / 2, x,
                            stripMiddle + MARKER);
                    gc.setLineWidth(1);
                }
            }
            if (delivery.at(axis) > right) {
                continue; // its link may cross the screen, it does not
            }
            int[] triangle = { x - MARKER, stripMiddle - MARKER, x + MARKER, stripMiddle - MARKER, x, stripMiddle + MARKER };
            if (delivery.deferred() >= 0) {
                gc.fillPolygon(triangle);
            } else {
                gc.drawPolygon(triangle);
            }
            int nameWidth = textWidth(gc, delivery.signalName());
            // right of the marker, or left of it where the chart ends
            int labelX = x + MARKER + 2 + nameWidth > gc.getClipping().x + gc.getClipping().width ? x - MARKER - 2 - nameWidth
                    : x + MARKER + 2;
            if (labelX > labelEnd) {
                gc.drawText(delivery.signalName(), labelX, stripTop + (stripHeight - lineHeight) / 2, true);
                labelEnd = labelX + nameWidth + PADDING;
            }
        }
        for (DeferredSignal arrival : visible(deferred, d -> d.at(axis), d -> d.at(axis), left, right)) {
            int x = xOf(arrival.at(axis));
            int y = lanesTop + (arrival.depth() - 1) * laneHeight + laneHeight / 2;
            gc.fillPolygon(new int[] { x, y - MARKER - 1, x + MARKER + 1, y, x, y + MARKER + 1, x - MARKER - 1, y });
        }
    }

    /** The items of {@code sorted} (by start, ends in the same order) that reach into {@code left}..{@code right}. */
    private static <T> List<T> visible(List<T> sorted, ToLongFunction<T> start, ToLongFunction<T> end, long left, long right) {
        int from = Math.max(0, SyscallNesting.lastAtOrBefore(sorted, start, left));
        while (from < sorted.size() && end.applyAsLong(sorted.get(from)) < left) {
            from++;
        }
        int to = SyscallNesting.lastAtOrBefore(sorted, start, right) + 1;
        return from >= to ? List.of() : sorted.subList(from, to);
    }

    private void paintLabels(GC gc, Rectangle area) {
        gc.setBackground(LABEL_BACKGROUND);
        gc.fillRectangle(0, axisHeight, labelWidth, area.height - axisHeight);
        gc.setClipping(0, axisHeight, labelWidth, Math.max(0, area.height - axisHeight));
        for (ThreadNesting thread : snapshot.threads()) {
            int top = bandTop(thread);
            if (top + bandHeight(thread) < axisHeight || top > area.height) {
                continue;
            }
            gc.setForeground(TEXT);
            gc.drawText(thread.label() + (thread.ended() ? "" : " …"), PADDING, top, true);
            gc.setForeground(DIM_TEXT);
            int stripTop = top + lineHeight + 2;
            gc.drawText("outside", PADDING * 3, stripTop + (stripHeight - lineHeight) / 2, true);
            for (int depth = 1; depth <= Math.max(1, thread.maxDepth()); depth++) {
                gc.drawText("depth " + depth, PADDING * 3, stripTop + stripHeight + (depth - 1) * laneHeight + (laneHeight - lineHeight) / 2,
                        true);
            }
        }
        gc.setClipping((Rectangle) null);
        gc.setForeground(GRID);
        gc.drawLine(labelWidth - 1, axisHeight, labelWidth - 1, area.height);
    }

    private void paintAxis(GC gc, Rectangle area) {
        gc.setBackground(LABEL_BACKGROUND);
        gc.fillRectangle(0, 0, area.width, axisHeight);
        gc.setForeground(DIM_TEXT);
        gc.drawText(axis == Axis.TIME ? "virtual time" : "event", PADDING, (axisHeight - lineHeight) / 2, true);
        gc.setClipping(labelWidth, 0, Math.max(0, area.width - labelWidth), axisHeight);
        double step = tickStep();
        for (double tick = Math.ceil(origin / step) * step; tick <= positionAt(area.width); tick += step) {
            int x = xOf((long) tick);
            gc.setForeground(DIM_TEXT);
            gc.drawLine(x, axisHeight - 5, x, axisHeight);
            gc.setForeground(TEXT);
            gc.drawText(tickLabel((long) tick, step), x + 3, (axisHeight - lineHeight) / 2 - 1, true);
        }
        gc.setClipping((Rectangle) null);
        gc.setForeground(GRID);
        gc.drawLine(0, axisHeight - 1, area.width, axisHeight - 1);
    }

    /** A round step (1, 2 or 5 times a power of ten) at least {@value #TICK_SPACING} pixels wide. */
    private double tickStep() {
        double wanted = Math.max(1, perPixel * TICK_SPACING);
        double power = Math.pow(10, Math.floor(Math.log10(wanted)));
        for (int multiple : new int[] { 1, 2, 5, 10 }) {
            if (multiple * power >= wanted) {
                return multiple * power;
            }
        }
        return 10 * power;
    }

    private String tickLabel(long position, double step) {
        if (axis == Axis.ORDER) {
            return String.format("%,d", position);
        }
        return time(position, (long) positionAt(canvas.getClientArea().width), step);
    }

    /** A length of virtual time in the unit that suits it, e.g. 850 ns, 20.02 ms. */
    static String length(long ns) {
        return time(ns, ns, Math.max(1, ns / 1000.0));
    }

    /** {@code ns} in the unit of {@code magnitude} (ns, µs, ms, s), with the decimals that a difference of {@code step} needs. */
    private static String time(long ns, long magnitude, double step) {
        String[] units = { "ns", "µs", "ms", "s" };
        int unit = 0;
        double scale = 1;
        while (unit < units.length - 1 && Math.abs(magnitude) >= scale * 1000) {
            unit++;
            scale *= 1000;
        }
        int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step / scale) - 1e-9)));
        return String.format("%." + decimals + "f %s", ns / scale, units[unit]);
    }

    private int textWidth(GC gc, String text) {
        return textWidths.computeIfAbsent(text, key -> gc.textExtent(key).x);
    }

    private int bandHeight(ThreadNesting thread) {
        return lineHeight + 2 + stripHeight + Math.max(1, thread.maxDepth()) * laneHeight + BAND_GAP;
    }

    /** The y pixel of the top of {@code thread}'s band as scrolled. */
    private int bandTop(ThreadNesting thread) {
        int top = axisHeight + PADDING - scrollY;
        for (ThreadNesting other : snapshot.threads()) {
            if (other == thread) {
                return top;
            }
            top += bandHeight(other);
        }
        return top;
    }

    private int contentHeight() {
        int height = axisHeight + PADDING;
        for (ThreadNesting thread : snapshot.threads()) {
            height += bandHeight(thread);
        }
        return height;
    }

    /** Where the event {@code seq} of {@code thread} is on the axis shown (its time is that of its call or marker, if it has one). */
    private long positionOfEvent(ThreadNesting thread, long seq) {
        if (axis == Axis.ORDER) {
            return seq;
        }
        CallSpan call = thread.innermostCallOf(seq);
        if (call != null) {
            return call.entrySeq() == seq ? call.entryNs() : call.endSeq() == seq ? call.endNs() : call.entryNs();
        }
        for (SignalDelivery delivery : thread.deliveries()) {
            if (delivery.seq() == seq) {
                return delivery.timeNs();
            }
        }
        return thread.firstNs();
    }

    private int chartWidth() {
        return Math.max(1, canvas.getClientArea().width - labelWidth);
    }

    private double positionAt(int x) {
        return origin + (x - labelWidth) * perPixel;
    }

    /** Zoomed in all the way: an event or a ns spans 40 pixels. */
    private static double minPerPixel() {
        return 1.0 / 40;
    }

    /** The narrowest range a reveal zooms to: what a glance takes in around a call. */
    private double minVisibleRange() {
        return axis == Axis.ORDER ? 60 : 2_000;
    }

    private void clampOrigin() {
        double start = snapshot.start(axis);
        double end = snapshot.end(axis);
        double visible = chartWidth() * perPixel;
        origin = Math.max(start - visible / 2, Math.min(origin, end - visible / 2));
    }

    private void panBy(int dx, int dy) {
        origin += dx * perPixel;
        fitted = false;
        clampOrigin();
        scrollY = Math.max(0, Math.min(scrollY + dy, Math.max(0, contentHeight() - chartArea().height)));
        updateScrollBars();
        canvas.redraw();
    }

    private void wheel(Event event) {
        event.doit = false;
        if ((event.stateMask & SWT.MOD1) != 0) {
            zoom(event.count > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.x);
        } else if ((event.stateMask & SWT.SHIFT) != 0) {
            panBy(-event.count * chartWidth() / 20, 0);
        } else {
            panBy(0, -event.count * laneHeight);
        }
    }

    private void key(Event event) {
        switch (event.keyCode) {
            case SWT.ARROW_LEFT -> panBy(-chartWidth() / 10, 0);
            case SWT.ARROW_RIGHT -> panBy(chartWidth() / 10, 0);
            case SWT.ARROW_UP -> panBy(0, -laneHeight);
            case SWT.ARROW_DOWN -> panBy(0, laneHeight);
            case SWT.HOME -> fit();
            default -> {
                if (event.character == '+' || event.character == '=') {
                    zoom(ZOOM_STEP * ZOOM_STEP);
                } else if (event.character == '-') {
                    zoom(1 / (ZOOM_STEP * ZOOM_STEP));
                }
            }
        }
    }

    private void hover(int x, int y) {
        Object item = itemAt(x, y);
        if (item == null ? hovered != null : !item.equals(hovered)) {
            hovered = item;
            canvas.setToolTipText(tooltipAt(x, y));
        }
    }

    private void scrolledHorizontally() {
        ScrollBar bar = canvas.getHorizontalBar();
        double start = snapshot.start(axis);
        double total = Math.max(1, snapshot.end(axis) - start);
        origin = start + bar.getSelection() / (double) SCROLL_RANGE * total;
        fitted = false;
        canvas.redraw();
    }

    private void updateScrollBars() {
        ScrollBar horizontal = canvas.getHorizontalBar();
        double start = snapshot.start(axis);
        double total = Math.max(1, snapshot.end(axis) - start);
        int thumb = (int) Math.max(1, Math.min(SCROLL_RANGE, chartWidth() * perPixel / total * SCROLL_RANGE));
        int selection = (int) Math.max(0, Math.min(SCROLL_RANGE - thumb, (origin - start) / total * SCROLL_RANGE));
        horizontal.setValues(selection, 0, SCROLL_RANGE, thumb, Math.max(1, thumb / 10), thumb);
        ScrollBar vertical = canvas.getVerticalBar();
        int height = Math.max(1, chartArea().height);
        int content = Math.max(height, contentHeight());
        scrollY = Math.min(scrollY, content - height);
        vertical.setValues(scrollY, 0, content, height, laneHeight, height);
    }
}
