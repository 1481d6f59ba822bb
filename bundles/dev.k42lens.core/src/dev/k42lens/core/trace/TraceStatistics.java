package dev.k42lens.core.trace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@code strace -c}-like summary of a trace: calls, errors and time per syscall and path. It
 * listens to the events as they are read, so a trace of any length fits in memory.
 */
public final class TraceStatistics implements TraceListener {
    private record Row(long calls, long errors, long timeNs) {
        Row add(long errors, long timeNs) {
            return new Row(calls + 1, this.errors + errors, this.timeNs + timeNs);
        }
    }

    /** A row of the table: a call by one dispatch path ("" when the event names none). */
    private record Key(String name, String path) {
    }

    private final Map<Key, Row> rows = new TreeMap<>(Comparator.comparing(Key::name).thenComparing(Key::path));
    /** Pairs each call's exit with its entry. */
    private final CallTimer timer = new CallTimer();
    private long totalCalls;
    private long totalErrors;
    private long totalTime;

    /** The summary of {@code events}, in order. */
    public static TraceStatistics of(List<TraceEvent> events) {
        TraceStatistics stats = new TraceStatistics();
        events.forEach(stats::event);
        return stats;
    }

    @Override
    public void event(TraceEvent e) {
        switch (e.kind()) {
            case SYSCALL_ENTRY -> timer.entry(e.tid(), e.timeNs());
            case RESTART -> timer.restart(e.tid());
            case SYSCALL_EXIT -> {
                long time = timer.exit(e.tid(), e.timeNs());
                long error = e.errno() != 0 ? 1 : 0;
                Key row = new Key(e.name() == null ? "" : e.name(), e.path() == null ? "" : e.path().label()); // a file may name neither
                rows.merge(row, new Row(1, error, time), (x, y) -> x.add(y.errors, y.timeNs));
                totalCalls++;
                totalErrors += error;
                totalTime += time;
            }
            default -> {
                // other kinds take no time of a call of their own
            }
        }
    }

    /** The table, sorted by time then calls, as strace -c prints it, with a column for the path. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%6s %11s %11s %9s %9s %-6s %s%n", "% time", "seconds", "usecs/call", "calls", "errors", "path",
                "syscall"));
        out.append("------ ----------- ----------- --------- --------- ------ ----------------\n");
        rows.entrySet().stream().sorted((a, b) -> a.getValue().timeNs != b.getValue().timeNs
                ? Long.compare(b.getValue().timeNs, a.getValue().timeNs) : Long.compare(b.getValue().calls, a.getValue().calls))
                .forEach(entry -> {
                    Row r = entry.getValue();
                    Key key = entry.getKey();
                    out.append(String.format("%6.2f %11.6f %11d %9d %9s %-6s %s%n",
                            totalTime == 0 ? 0.0 : 100.0 * r.timeNs / totalTime, r.timeNs / 1e9, r.timeNs / 1000 / r.calls, r.calls,
                            r.errors == 0 ? "" : Long.toString(r.errors), key.path(), key.name()));
                });
        out.append("------ ----------- ----------- --------- --------- ------ ----------------\n");
        out.append(String.format("%6.2f %11.6f %11d %9d %9s %-6s %s%n", 100.0, totalTime / 1e9,
                totalCalls == 0 ? 0 : totalTime / 1000 / totalCalls, totalCalls, totalErrors == 0 ? "" : Long.toString(totalErrors), "",
                "total"));
        return out.toString();
    }
}
