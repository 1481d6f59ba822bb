package dev.k42lens.core.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.Signal;

/**
 * The routes a run's system calls took, as a graph: from the calling function (usually a glibc
 * wrapper) through a transfer-table slot, or through the {@code sc} trap and its reflection into
 * the slot, to the slot's handler; from a handler to the slots of the calls it makes itself
 * (depth 2 and more) and to the servers it asks; and to the signals deferred in a handler,
 * delivered where the thread was, and returned from by {@code rt_sigreturn}. Nodes and edges count
 * the events that went through them and keep the sequence number of the latest.
 * <p>
 * The whole run's graph is kept from a {@link TraceStore} as it grows: {@link #update()} takes in
 * only the rows appended since the last update, on one thread at a time; any thread may read
 * {@link #graph()}. {@link #pathOf} gives the graph of one event's outermost call, with its call
 * site.
 */
public final class DispatchGraph extends TraceDigest<DispatchGraph.Graph> {
    /** What a node stands for; its {@link Node#id()} is the kind and a key (a number, a name, an address). */
    public enum NodeKind {
        /** The address of a calling {@code sc} (in one event's path only). */
        SITE,
        /** The function a call site is in, usually a glibc wrapper: the site's symbol without its offset. */
        WRAPPER,
        /** The {@code sc} trap through which untranslated call sites enter. */
        TRAP,
        /** The kernel reflecting a trapped call into the layer, through the call's slot. */
        REFLECTION,
        /** A transfer-table slot, by call number. */
        SLOT,
        /** A call's handler in the layer, {@code k42:name}. */
        HANDLER,
        /** The handler of every slot without an implementation: it answers ENOSYS. */
        NO_HANDLER,
        /** A privileged server a handler asked (file system, pipe, process). */
        SERVER,
        /** A signal, by number. */
        SIGNAL
    }

    /** How an edge was taken. */
    public enum EdgeKind {
        /** By a call dispatched through the transfer table. */
        TABLE,
        /** By a call that trapped and was reflected. */
        TRAP,
        /** A handler asked a server. */
        SERVER,
        /** A signal arrived in a handler and waits for the outermost return. */
        DEFERRED,
        /** A signal was delivered where the thread was. */
        DELIVERED,
        /** {@code rt_sigreturn} restored the state the signal's handler interrupted. */
        SIGRETURN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A node: the events that went through it (into it, or from it for a call's first node) and the latest one's sequence number. */
    public record Node(String id, NodeKind kind, String label, long count, long latestSeq) {
    }

    /** An edge between the nodes of ids {@code from} and {@code to}: how often it was taken and the latest event that took it. */
    public record Edge(String from, String to, EdgeKind kind, long count, long latestSeq) {
        public String id() {
            return edgeId(from, to, kind);
        }
    }

    /**
     * Nodes and edges in the order they first appeared; {@code focus} holds the ids of the nodes
     * and edges that a path's selected event went through (empty for the whole run).
     */
    public record Graph(List<Node> nodes, List<Edge> edges, Set<String> focus) {
        public static final Graph EMPTY = new Graph(List.of(), List.of(), Set.of());

        /** The node of {@code id}, or null. */
        public Node node(String id) {
            return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
        }

        /** The edge from {@code from} to {@code to} taken as {@code kind}, or null. */
        public Edge edge(String from, String to, EdgeKind kind) {
            String id = edgeId(from, to, kind);
            return edges.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
        }

        public boolean isEmpty() {
            return nodes.isEmpty();
        }
    }

    public static final String TRAP_ID = NodeKind.TRAP.name();
    public static final String REFLECTION_ID = NodeKind.REFLECTION.name();
    public static final String NO_HANDLER_ID = NodeKind.NO_HANDLER.name();

    public static String siteId(long site) {
        return NodeKind.SITE + ":" + hex(site);
    }

    /** The node of the function a call site with {@code symbol} ({@code __write+0x1c}) at {@code site} is in. */
    public static String wrapperId(String symbol, long site) {
        return NodeKind.WRAPPER + ":" + function(symbol, site);
    }

    public static String slotId(int number) {
        return NodeKind.SLOT + ":" + number;
    }

    /** The node of the handler named {@code handler}, {@code k42:name}. */
    public static String handlerId(String handler) {
        return NodeKind.HANDLER + ":" + handler;
    }

    public static String serverId(String server) {
        return NodeKind.SERVER + ":" + server;
    }

    public static String signalId(int signal) {
        return NodeKind.SIGNAL + ":" + signal;
    }

    static String edgeId(String from, String to, EdgeKind kind) {
        return from + " -" + kind.label() + "-> " + to;
    }

    /** The function of a call site: its symbol without the offset; the layer's signal-return code, or a placeholder, when unnamed. */
    static String function(String symbol, long site) {
        if (symbol == null || symbol.isEmpty()) {
            return site >= TransferTable.SIGNAL_RETURN_TRAMPOLINE && site < TransferTable.SIGNAL_RETURN_TRAMPOLINE + 8
                    ? "[k42 signal return]" : "(no symbol)";
        }
        int offset = symbol.lastIndexOf("+0x");
        return offset > 0 ? symbol.substring(0, offset) : symbol;
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    private final Builder builder = new Builder(false, -1);

    public DispatchGraph(TraceStore store) {
        super(store, Graph.EMPTY);
    }

    /** The graph of every event {@code store} holds now. */
    public static DispatchGraph of(TraceStore store) {
        DispatchGraph graph = new DispatchGraph(store);
        graph.update();
        return graph;
    }

    @Override
    protected void take(TraceEvent e, int row) {
        builder.add(e);
    }

    @Override
    protected Graph snapshot(int eventsTakenIn) {
        return builder.graph();
    }

    /** The whole run's graph as of the last update. */
    public Graph graph() {
        return published();
    }

    /**
     * The path of the event {@code seq} of {@code store}: the graph of the outermost call it belongs
     * to, from the call site through every nested call and server request to the signals delivered
     * on its return (or, for an event outside any call, of the call before it on its thread), each
     * counted once per event; the focus is what the event itself went through (for an event that
     * goes nowhere, such as an exit, its call's route). Empty when the store has no such event.
     * Reads the store from its start: for a job, not the UI thread.
     */
    public static Graph pathOf(TraceStore store, long seq) {
        int row = store.rowOf(seq);
        if (row < 0) {
            return Graph.EMPTY;
        }
        int tid = store.get(row).tid();
        int first = row;
        for (int r = row; r >= 0; r--) {
            TraceEvent e = store.get(r);
            if (e.tid() == tid && e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1) {
                first = r;
                break;
            }
        }
        Builder builder = new Builder(true, seq);
        boolean returned = false;
        for (int r = first, size = store.size(); r < size; r++) {
            TraceEvent e = store.get(r);
            if (e.tid() != tid) {
                continue;
            }
            if (r > row && (e.kind() == TraceKind.SYSCALL_ENTRY && e.depth() == 1 || returned && e.kind() != TraceKind.SIGNAL_DELIVERED)) {
                break; // the next call, or past the signals delivered on the outermost return
            }
            builder.add(e);
            returned |= r >= row && e.kind() == TraceKind.SYSCALL_EXIT && e.depth() <= 1;
        }
        return builder.graph();
    }

    /** A node or edge's count and latest event, as the builder accumulates them. */
    private static final class Tally {
        long count;
        long latestSeq = -1;
    }

    /** A call open on a thread: its handler's node, and the ids of the route its entry took. */
    private record OpenCall(String handler, List<String> route) {
    }

    /** Accumulates the graph of the events it is given, in trace order. */
    private static final class Builder {
        private final boolean withSites;
        /** The event whose route is the focus, or -1. */
        private final long focusSeq;
        private final Map<String, Node> nodeNames = new LinkedHashMap<>();
        private final Map<String, Tally> nodeTallies = new HashMap<>();
        private final Map<String, Edge> edgeNames = new LinkedHashMap<>();
        private final Map<String, Tally> edgeTallies = new HashMap<>();
        /** Per thread, its open calls, innermost first. */
        private final Map<Integer, Deque<OpenCall>> openCalls = new HashMap<>();
        private final Set<String> focus = new LinkedHashSet<>();
        /** The ids the event being added went through. */
        private List<String> route = new ArrayList<>();

        Builder(boolean withSites, long focusSeq) {
            this.withSites = withSites;
            this.focusSeq = focusSeq;
        }

        void add(TraceEvent e) {
            Deque<OpenCall> open = openCalls.computeIfAbsent(e.tid(), tid -> new ArrayDeque<>());
            OpenCall current = open.peek();
            route = new ArrayList<>();
            switch (e.kind()) {
                case SYSCALL_ENTRY -> {
                    trim(open, e.depth() - 1);
                    String caller = callerOf(e, open.peek());
                    EdgeKind kind = e.path() == DispatchPath.TRAP ? EdgeKind.TRAP : EdgeKind.TABLE;
                    String slot = node(NodeKind.SLOT, Integer.toString(e.nr()), "slot " + e.nr() + " (" + e.name() + ")");
                    if (kind == EdgeKind.TRAP) {
                        String trap = node(NodeKind.TRAP, null, "sc trap");
                        String reflection = node(NodeKind.REFLECTION, null, "reflection");
                        edge(caller, trap, kind, e);
                        edge(trap, reflection, kind, e);
                        edge(reflection, slot, kind, e);
                    } else {
                        edge(caller, slot, kind, e);
                    }
                    String handler = e.implemented() ? node(NodeKind.HANDLER, "k42:" + e.name(), "k42:" + e.name())
                            : node(NodeKind.NO_HANDLER, null, "ENOSYS handler");
                    edge(slot, handler, kind, e);
                    open.push(new OpenCall(handler, route));
                }
                case SYSCALL_EXIT -> trim(open, Math.max(0, e.depth() - 1));
                case LEAVE_TO_BLOCK, THREAD_EXIT -> trim(open, 0);
                case SERVER_CALL -> edge(handlerOf(e, current), node(NodeKind.SERVER, e.args(), e.args() + " server"), EdgeKind.SERVER, e);
                case SIGNAL_DEFERRED -> edge(handlerOf(e, current), signal(e), EdgeKind.DEFERRED, e);
                case SIGNAL_DELIVERED -> edge(wrapper(e), signal(e), EdgeKind.DELIVERED, e);
                case SIGRETURN -> edge(handlerOf(e, current), signal(e), EdgeKind.SIGRETURN, e);
                default -> {
                }
            }
            if (e.seq() == focusSeq) {
                // an event that went nowhere itself (an exit, a block) is shown by its call's route
                focus.addAll(!route.isEmpty() ? route : current != null ? current.route() : List.of());
            }
        }

        /** The first node of a call: its site's function (after the site in a path) at depth 1, the calling handler when nested. */
        private String callerOf(TraceEvent e, OpenCall calling) {
            if (e.depth() >= 2) {
                return calling != null ? calling.handler() : node(NodeKind.HANDLER, e.symbol(), e.symbol());
            }
            String wrapper = wrapper(e);
            if (withSites) {
                String site = node(NodeKind.SITE, hex(e.site()), "site " + hex(e.site()));
                touch(nodeTallies.get(site), site, e, true);
                edge(site, wrapper, e.path() == DispatchPath.TRAP ? EdgeKind.TRAP : EdgeKind.TABLE, e);
            } else {
                touch(nodeTallies.get(wrapper), wrapper, e, true);
            }
            return wrapper;
        }

        private String wrapper(TraceEvent e) {
            String function = function(e.symbol(), e.site());
            return node(NodeKind.WRAPPER, function, function);
        }

        /** The handler that made a request: its call's, or the one the event names when no call is open. */
        private String handlerOf(TraceEvent e, OpenCall current) {
            return current != null ? current.handler() : node(NodeKind.HANDLER, e.symbol(), e.symbol());
        }

        private String signal(TraceEvent e) {
            return node(NodeKind.SIGNAL, Integer.toString(e.signal()), Signal.nameOf(e.signal()));
        }

        private static void trim(Deque<OpenCall> open, int depth) {
            while (open.size() > Math.max(0, depth)) {
                open.pop();
            }
        }

        /** The id of the node of {@code kind} and {@code key} (none for the single trap, reflection and ENOSYS nodes), made on first use. */
        private String node(NodeKind kind, String key, String label) {
            String id = key == null ? kind.name() : kind + ":" + key;
            if (!nodeNames.containsKey(id)) {
                nodeNames.put(id, new Node(id, kind, label, 0, -1));
                nodeTallies.put(id, new Tally());
            }
            return id;
        }

        /** Counts {@code e} on the edge from {@code from} to {@code to}, and on {@code to}. */
        private void edge(String from, String to, EdgeKind kind, TraceEvent e) {
            String id = edgeId(from, to, kind);
            if (!edgeNames.containsKey(id)) {
                edgeNames.put(id, new Edge(from, to, kind, 0, -1));
                edgeTallies.put(id, new Tally());
            }
            touch(edgeTallies.get(id), id, e, true);
            touch(nodeTallies.get(from), from, e, false);
            touch(nodeTallies.get(to), to, e, true);
        }

        private void touch(Tally tally, String id, TraceEvent e, boolean count) {
            if (count) {
                tally.count++;
            }
            tally.latestSeq = Math.max(tally.latestSeq, e.seq());
            if (!route.contains(id)) {
                route.add(id);
            }
        }

        Graph graph() {
            List<Node> nodes = new ArrayList<>(nodeNames.size());
            for (Node n : nodeNames.values()) {
                Tally t = nodeTallies.get(n.id());
                nodes.add(new Node(n.id(), n.kind(), n.label(), t.count, t.latestSeq));
            }
            List<Edge> edges = new ArrayList<>(edgeNames.size());
            for (Map.Entry<String, Edge> entry : edgeNames.entrySet()) {
                Edge e = entry.getValue();
                Tally t = edgeTallies.get(entry.getKey());
                edges.add(new Edge(e.from(), e.to(), e.kind(), t.count, t.latestSeq));
            }
            return new Graph(List.copyOf(nodes), List.copyOf(edges), Set.copyOf(focus));
        }
    }
}
