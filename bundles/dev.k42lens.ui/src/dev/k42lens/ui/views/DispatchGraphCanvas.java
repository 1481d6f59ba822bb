package dev.k42lens.ui.views;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

import dev.k42lens.core.trace.DispatchGraph.EdgeKind;
import dev.k42lens.core.trace.DispatchGraph.NodeKind;
import dev.k42lens.ui.views.DispatchGraphLayout.Box;
import dev.k42lens.ui.views.DispatchGraphLayout.Line;

/**
 * Draws a {@link DispatchGraphLayout} on a double-buffered canvas: boxes coloured by node kind with
 * their label and count, edges with arrowheads and counts, thicker the more often taken, table
 * routes solid blue, trap routes dashed orange. The focus (the selected event's route) is drawn
 * strongly, the rest paler. Ctrl+wheel zooms around the pointer, dragging or the scroll bars pan,
 * hovering highlights a node, clicking one hands it to the view. UI thread only.
 */
final class DispatchGraphCanvas {
    static final double MIN_ZOOM = 0.1;
    static final double MAX_ZOOM = 4;
    /** Zoom factor of one toolbar step or wheel notch. */
    static final double ZOOM_STEP = 1.25;
    /** Pixels the pointer may move between press and release for a click rather than a drag. */
    private static final int CLICK_SLOP = 4;
    private static final double ARROW_LENGTH = 9;
    private static final double ARROW_HALF_WIDTH = 4.5;
    private static final double MAX_EDGE_WIDTH = 6;
    /** Opacity of what is not the selected event's route, when there is one: paler, still readable. */
    private static final int FADED_ALPHA = 140;

    private static final Color BACKGROUND = new Color(255, 255, 255);
    private static final Color TEXT = new Color(25, 25, 25);
    private static final Color MESSAGE_TEXT = new Color(120, 120, 120);
    private static final Color BORDER = new Color(90, 98, 112);
    private static final Color FOCUS_BORDER = new Color(21, 101, 192);
    private static final Color HOVER_BORDER = new Color(230, 81, 0);
    private static final Map<NodeKind, Color> FILL = new EnumMap<>(Map.of(
            NodeKind.SITE, new Color(240, 240, 240),
            NodeKind.WRAPPER, new Color(232, 238, 246),
            NodeKind.TRAP, new Color(253, 226, 200),
            NodeKind.REFLECTION, new Color(253, 226, 200),
            NodeKind.SLOT, new Color(214, 232, 252),
            NodeKind.HANDLER, new Color(220, 242, 220),
            NodeKind.NO_HANDLER, new Color(248, 215, 215),
            NodeKind.SERVER, new Color(234, 224, 247),
            NodeKind.SIGNAL, new Color(255, 243, 191)));
    private static final Map<EdgeKind, Color> STROKE = new EnumMap<>(Map.of(
            EdgeKind.TABLE, new Color(46, 109, 180),
            EdgeKind.TRAP, new Color(217, 114, 43),
            EdgeKind.SERVER, new Color(123, 82, 171),
            EdgeKind.DEFERRED, new Color(160, 128, 0),
            EdgeKind.DELIVERED, new Color(160, 128, 0),
            EdgeKind.SIGRETURN, new Color(160, 128, 0)));

    private final Canvas canvas;
    private final Consumer<Box> clicked;
    private DispatchGraphLayout layout = DispatchGraphLayout.EMPTY;
    private String emptyMessage = "";
    private double zoom = 1;
    /** The graph point drawn at the canvas's top left corner, in pixels at the current zoom. */
    private int originX;
    private int originY;
    /** Whether each new layout is fitted to the canvas: until the user zooms or pans, again after Fit. */
    private boolean fitting = true;
    private Box hovered;
    /** Where a press began (canvas pixels and origin), or null when the button is up. */
    private int[] press;
    private boolean dragged;

    DispatchGraphCanvas(Composite parent, Consumer<Box> clicked) {
        this.clicked = clicked;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.H_SCROLL | SWT.V_SCROLL);
        canvas.setBackground(BACKGROUND);
        canvas.addListener(SWT.Paint, this::paint);
        canvas.addListener(SWT.Resize, event -> {
            if (fitting) {
                fit();
            } else {
                updateScrollBars();
            }
        });
        canvas.getHorizontalBar().addListener(SWT.Selection, event -> scrollTo(canvas.getHorizontalBar().getSelection(), originY));
        canvas.getVerticalBar().addListener(SWT.Selection, event -> scrollTo(originX, canvas.getVerticalBar().getSelection()));
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseDown, this::mouseDown);
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        canvas.addListener(SWT.MouseExit, event -> hover(null));
    }

    Canvas control() {
        return canvas;
    }

    DispatchGraphLayout layout() {
        return layout;
    }

    double zoom() {
        return zoom;
    }

    /** Shows {@code shown}, or {@code message} when it is empty; keeps the user's zoom and scrolling unless fitting. */
    void show(DispatchGraphLayout shown, String message) {
        layout = shown;
        emptyMessage = message;
        hovered = hovered == null ? null : layout.box(hovered.node().id());
        if (fitting) {
            fit();
        } else {
            updateScrollBars();
            canvas.redraw();
        }
    }

    /** Zooms so that the whole graph shows (never above 1:1), and keeps fitting new layouts until the user zooms or pans. */
    void fit() {
        fitting = true;
        Rectangle area = canvas.getClientArea();
        double fitZoom = layout.width() == 0 ? 1 : Math.min(area.width / layout.width(), area.height / layout.height());
        zoom = Math.max(MIN_ZOOM, Math.min(1, fitZoom));
        originX = 0;
        originY = 0;
        updateScrollBars();
        canvas.redraw();
    }

    /** Multiplies the zoom by {@code factor} around the canvas point {@code (x, y)}, which stays over the same graph point. */
    void zoomBy(double factor, int x, int y) {
        double newZoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom * factor));
        double graphX = (originX + x) / zoom;
        double graphY = (originY + y) / zoom;
        zoom = newZoom;
        fitting = false;
        updateScrollBars();
        scrollTo((int) Math.round(graphX * zoom) - x, (int) Math.round(graphY * zoom) - y);
    }

    /** Zooms around the canvas's centre. */
    void zoomBy(double factor) {
        Rectangle area = canvas.getClientArea();
        zoomBy(factor, area.width / 2, area.height / 2);
    }

    /** The canvas pixels of the node {@code id}'s box as drawn now, or null when it is not in the graph. */
    Rectangle bounds(String id) {
        Box box = layout.box(id);
        if (box == null) {
            return null;
        }
        int x = (int) Math.round(box.x() * zoom) - originX;
        int y = (int) Math.round(box.y() * zoom) - originY;
        return new Rectangle(x, y, (int) Math.round(box.width() * zoom), (int) Math.round(box.height() * zoom));
    }

    /** The box drawn at canvas pixel {@code (x, y)}, or null. */
    Box boxAt(int x, int y) {
        return layout.boxAt((originX + x) / zoom, (originY + y) / zoom);
    }

    private void scrollTo(int x, int y) {
        Rectangle area = canvas.getClientArea();
        originX = Math.max(0, Math.min(x, (int) Math.ceil(layout.width() * zoom) - area.width));
        originY = Math.max(0, Math.min(y, (int) Math.ceil(layout.height() * zoom) - area.height));
        canvas.getHorizontalBar().setSelection(originX);
        canvas.getVerticalBar().setSelection(originY);
        canvas.redraw();
    }

    private void updateScrollBars() {
        Rectangle area = canvas.getClientArea();
        updateScrollBar(canvas.getHorizontalBar(), (int) Math.ceil(layout.width() * zoom), area.width);
        updateScrollBar(canvas.getVerticalBar(), (int) Math.ceil(layout.height() * zoom), area.height);
        scrollTo(originX, originY);
    }

    private static void updateScrollBar(ScrollBar bar, int content, int visible) {
        bar.setMaximum(Math.max(content, 1));
        bar.setThumb(Math.max(1, Math.min(content, visible)));
        bar.setPageIncrement(Math.max(1, visible));
        bar.setIncrement(20);
        bar.setVisible(content > visible);
    }

    private void wheel(Event event) {
        if ((event.stateMask & SWT.MOD1) != 0) {
            event.doit = false; // zoom instead of scrolling
            zoomBy(event.count > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.x, event.y);
        }
    }

    private void mouseDown(Event event) {
        if (event.button == 1) {
            press = new int[] { event.x, event.y, originX, originY };
            dragged = false;
        }
    }

    private void mouseMove(Event event) {
        if (press != null && (dragged || Math.abs(event.x - press[0]) + Math.abs(event.y - press[1]) > CLICK_SLOP)) {
            dragged = true;
            fitting = false;
            canvas.setCursor(canvas.getDisplay().getSystemCursor(SWT.CURSOR_SIZEALL));
            scrollTo(press[2] - (event.x - press[0]), press[3] - (event.y - press[1]));
            return;
        }
        hover(boxAt(event.x, event.y));
    }

    private void mouseUp(Event event) {
        if (press == null || event.button != 1) {
            return;
        }
        press = null;
        canvas.setCursor(null);
        Box box = boxAt(event.x, event.y);
        if (!dragged && box != null) {
            clicked.accept(box);
        }
    }

    private void hover(Box box) {
        if (box != hovered) {
            hovered = box;
            canvas.setToolTipText(box == null ? null : toolTip(box));
            canvas.redraw();
        }
    }

    private static String toolTip(Box box) {
        var node = box.node();
        return node.label() + "\n" + DispatchGraphLayout.countText(node.count()) + " events; the latest is #" + node.latestSeq()
                + "\nClick to select it in every K42 Lens view";
    }

    private void paint(Event event) {
        GC gc = event.gc;
        Rectangle area = canvas.getClientArea();
        gc.setBackground(BACKGROUND);
        gc.fillRectangle(area);
        if (layout.boxes().isEmpty()) {
            gc.setForeground(MESSAGE_TEXT);
            gc.drawText(emptyMessage, 12, 12, true);
            return;
        }
        gc.setAdvanced(true);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        Transform transform = new Transform(canvas.getDisplay());
        try {
            transform.translate(-originX, -originY);
            transform.scale((float) zoom, (float) zoom);
            gc.setTransform(transform);
            Set<String> focus = layout.graph().focus();
            for (Line line : layout.lines()) {
                drawEdge(gc, line, focus.isEmpty() || focus.contains(line.edge().id()));
            }
            for (Box box : layout.boxes()) {
                drawNode(gc, box, focus.isEmpty() || focus.contains(box.node().id()), !focus.isEmpty() && focus.contains(box.node().id()));
            }
        } finally {
            gc.setTransform(null);
            transform.dispose();
        }
    }

    private void drawEdge(GC gc, Line line, boolean strong) {
        EdgeKind kind = line.edge().kind();
        // by order of magnitude, the same in a path and in a run of millions: 1 event 1.5 px, 10 3 px, 100 4.5 px
        double width = Math.min(MAX_EDGE_WIDTH, 1.5 + 1.5 * Math.log10(line.edge().count()));
        gc.setAlpha(strong ? 255 : FADED_ALPHA);
        gc.setForeground(STROKE.get(kind));
        gc.setBackground(STROKE.get(kind));
        gc.setLineWidth((int) Math.round(width));
        gc.setLineStyle(kind == EdgeKind.TRAP ? SWT.LINE_DASH : kind == EdgeKind.TABLE || kind == EdgeKind.SERVER ? SWT.LINE_SOLID : SWT.LINE_DOT);
        double[] p = line.points();
        int n = p.length;
        // stop the line at the arrowhead's base so that a thick line does not blunt the tip
        double dx = p[n - 2] - p[n - 4];
        double dy = p[n - 1] - p[n - 3];
        double length = Math.max(1e-6, Math.hypot(dx, dy));
        double ux = dx / length;
        double uy = dy / length;
        int[] polyline = new int[n];
        for (int i = 0; i < n; i++) {
            polyline[i] = (int) Math.round(p[i]);
        }
        polyline[n - 2] = (int) Math.round(p[n - 2] - ux * ARROW_LENGTH);
        polyline[n - 1] = (int) Math.round(p[n - 1] - uy * ARROW_LENGTH);
        gc.drawPolyline(polyline);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.fillPolygon(new int[] { (int) Math.round(p[n - 2]), (int) Math.round(p[n - 1]),
                (int) Math.round(p[n - 2] - ux * ARROW_LENGTH - uy * ARROW_HALF_WIDTH),
                (int) Math.round(p[n - 1] - uy * ARROW_LENGTH + ux * ARROW_HALF_WIDTH),
                (int) Math.round(p[n - 2] - ux * ARROW_LENGTH + uy * ARROW_HALF_WIDTH),
                (int) Math.round(p[n - 1] - uy * ARROW_LENGTH - ux * ARROW_HALF_WIDTH) });
        gc.setForeground(TEXT);
        gc.drawText(DispatchGraphLayout.countText(line.edge().count()), (int) Math.round(line.labelX()) + 2,
                (int) Math.round(line.labelY()), true);
        gc.setAlpha(255);
        gc.setLineWidth(1);
    }

    private void drawNode(GC gc, Box box, boolean strong, boolean focused) {
        int x = (int) Math.round(box.x());
        int y = (int) Math.round(box.y());
        int w = (int) Math.round(box.width());
        int h = (int) Math.round(box.height());
        NodeKind kind = box.node().kind();
        gc.setAlpha(strong ? 255 : FADED_ALPHA);
        gc.setBackground(FILL.get(kind));
        gc.fillRoundRectangle(x, y, w, h, 8, 8);
        boolean hover = hovered != null && hovered.node().id().equals(box.node().id());
        gc.setForeground(hover ? HOVER_BORDER : focused ? FOCUS_BORDER : BORDER);
        gc.setLineWidth(hover || focused ? 3 : 1);
        gc.setLineStyle(kind == NodeKind.TRAP || kind == NodeKind.REFLECTION ? SWT.LINE_DASH : SWT.LINE_SOLID);
        gc.drawRoundRectangle(x, y, w, h, 8, 8);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
        gc.setForeground(TEXT);
        String count = DispatchGraphLayout.countText(box.node().count());
        Point label = gc.textExtent(box.node().label());
        Point number = gc.textExtent(count);
        int textTop = y + (h - label.y - number.y) / 2;
        gc.drawText(box.node().label(), x + (w - label.x) / 2, textTop, true);
        gc.drawText(count, x + (w - number.x) / 2, textTop + label.y, true);
        gc.setAlpha(255);
    }
}
