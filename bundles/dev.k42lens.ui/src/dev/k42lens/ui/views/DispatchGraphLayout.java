package dev.k42lens.ui.views;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;

import dev.k42lens.core.trace.DispatchGraph.Edge;
import dev.k42lens.core.trace.DispatchGraph.Graph;
import dev.k42lens.core.trace.DispatchGraph.Node;

/**
 * A {@link Graph} laid out left to right by ELK Layered, in graph units (pixels at zoom 1): node
 * boxes sized to their labels, edges as polylines with their count's label placed by ELK. Made on
 * a job; immutable.
 */
record DispatchGraphLayout(Graph graph, List<Box> boxes, List<Line> lines, double width, double height) {
    /** Pixels between a node's text and its border. */
    private static final int NODE_PADDING_X = 10;
    private static final int NODE_PADDING_Y = 6;

    static final DispatchGraphLayout EMPTY = new DispatchGraphLayout(Graph.EMPTY, List.of(), List.of(), 0, 0);

    /** A node's box, with the text lines it shows: its label and its count. */
    record Box(Node node, double x, double y, double width, double height) {
        boolean contains(double px, double py) {
            return px >= x && px <= x + width && py >= y && py <= y + height;
        }
    }

    /** An edge: its points (x0, y0, x1, y1, ...), and where its count's label goes. */
    record Line(Edge edge, double[] points, double labelX, double labelY, double labelWidth, double labelHeight) {
    }

    /**
     * How wide text is in the canvas font, measured once on the UI thread per character so that
     * layout jobs can size labels off it (kerning aside, to a pixel or two).
     */
    record TextMetrics(int[] advance, int averageAdvance, int height) {
        private static final int FIRST = 32;
        private static final int LAST = 126;

        static TextMetrics of(Display display, Font font) {
            Image scratch = new Image(display, 1, 1);
            GC gc = new GC(scratch);
            try {
                gc.setFont(font);
                int[] advance = new int[LAST - FIRST + 1];
                for (char c = FIRST; c <= LAST; c++) {
                    advance[c - FIRST] = gc.textExtent(String.valueOf(c)).x;
                }
                return new TextMetrics(advance, (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth()),
                        gc.getFontMetrics().getHeight());
            } finally {
                gc.dispose();
                scratch.dispose();
            }
        }

        int width(String text) {
            int width = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                width += c >= FIRST && c <= LAST ? advance[c - FIRST] : averageAdvance;
            }
            return width;
        }
    }

    /** ELK finds its algorithms with ServiceLoader through its own class loader, which in OSGi cannot see the layered bundle's. */
    private static final class Layered {
        static {
            LayoutMetaDataService service = LayoutMetaDataService.getInstance();
            if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
                service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
            }
        }

        static void layout(ElkNode root) {
            new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        }
    }

    /** The count a node or edge shows, e.g. "1,024". */
    static String countText(long count) {
        return String.format("%,d", count);
    }

    /** Lays {@code graph} out; its labels are measured with {@code metrics}. */
    static DispatchGraphLayout of(Graph graph, TextMetrics metrics) {
        if (graph.isEmpty()) {
            return new DispatchGraphLayout(graph, List.of(), List.of(), 0, 0);
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(16));
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(CoreOptions.SPACING_EDGE_LABEL, 3.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        Map<String, ElkNode> nodes = new HashMap<>();
        for (Node node : graph.nodes()) {
            ElkNode elk = ElkGraphUtil.createNode(root);
            elk.setDimensions(Math.max(metrics.width(node.label()), metrics.width(countText(node.count()))) + 2 * NODE_PADDING_X,
                    2 * metrics.height() + 2 * NODE_PADDING_Y);
            nodes.put(node.id(), elk);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (Edge edge : graph.edges()) {
            ElkEdge elk = ElkGraphUtil.createSimpleEdge(nodes.get(edge.from()), nodes.get(edge.to()));
            ElkLabel label = ElkGraphUtil.createLabel(countText(edge.count()), elk);
            label.setDimensions(metrics.width(label.getText()) + 4, metrics.height());
            label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            edges.add(elk);
        }
        Layered.layout(root);

        List<Box> boxes = new ArrayList<>();
        for (Node node : graph.nodes()) {
            ElkNode elk = nodes.get(node.id());
            boxes.add(new Box(node, elk.getX(), elk.getY(), elk.getWidth(), elk.getHeight()));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            ElkEdge elk = edges.get(i);
            ElkLabel label = elk.getLabels().get(0);
            lines.add(new Line(graph.edges().get(i), points(elk), label.getX(), label.getY(), label.getWidth(), label.getHeight()));
        }
        return new DispatchGraphLayout(graph, List.copyOf(boxes), List.copyOf(lines), root.getWidth(), root.getHeight());
    }

    /** The route ELK gave {@code edge}: its section's start, bend points and end (all in the root's coordinates: one level, no offsets). */
    private static double[] points(ElkEdge edge) {
        ElkEdgeSection section = edge.getSections().get(0);
        double[] points = new double[4 + 2 * section.getBendPoints().size()];
        int i = 0;
        points[i++] = section.getStartX();
        points[i++] = section.getStartY();
        for (ElkBendPoint bend : section.getBendPoints()) {
            points[i++] = bend.getX();
            points[i++] = bend.getY();
        }
        points[i++] = section.getEndX();
        points[i] = section.getEndY();
        return points;
    }

    /** The box of the node {@code id}, or null. */
    Box box(String id) {
        return boxes.stream().filter(b -> b.node().id().equals(id)).findFirst().orElse(null);
    }

    /** The topmost box at {@code (x, y)} in graph units, or null. */
    Box boxAt(double x, double y) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            if (boxes.get(i).contains(x, y)) {
                return boxes.get(i);
            }
        }
        return null;
    }
}
