package dev.k42lens.core.trace;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;

/** An {@code strace -c}-like summary of a trace: calls, errors and time per syscall and path. */
public final class TraceStatistics {
    private record Row(long calls, long errors, long timeNs) {
        Row add(long errors, long timeNs) {
            return new Row(calls + 1, this.errors + errors, this.timeNs + timeNs);
        }
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private long totalCalls;
    private long totalErrors;
    private long totalTime;

    /** Pairs each call's exit with its entry as {@link CallTimer} does. */
    public static TraceStatistics of(List<JsonObject> events) {
        TraceStatistics stats = new TraceStatistics();
        CallTimer timer = new CallTimer();
        for (JsonObject e : events) {
            String kind = e.get("kind").getAsString();
            int tid = e.get("tid").getAsInt();
            long now = e.get("time_ns").getAsLong();
            if ("syscall_entry".equals(kind)) {
                timer.entry(tid, now);
            } else if ("restart".equals(kind)) {
                timer.restart(tid);
            } else if ("syscall_exit".equals(kind)) {
                long time = timer.exit(tid, now);
                long error = e.get("errno").getAsInt() != 0 ? 1 : 0;
                String row = e.get("name").getAsString() + "\t" + e.get("path").getAsString();
                stats.rows.merge(row, new Row(1, error, time), (x, y) -> x.add(y.errors, y.timeNs));
                stats.totalCalls++;
                stats.totalErrors += error;
                stats.totalTime += time;
            }
        }
        return stats;
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
                    String[] key = entry.getKey().split("\t");
                    out.append(String.format("%6.2f %11.6f %11d %9d %9s %-6s %s%n",
                            totalTime == 0 ? 0.0 : 100.0 * r.timeNs / totalTime, r.timeNs / 1e9, r.timeNs / 1000 / r.calls, r.calls,
                            r.errors == 0 ? "" : Long.toString(r.errors), key[1], key[0]));
                });
        out.append("------ ----------- ----------- --------- --------- ------ ----------------\n");
        out.append(String.format("%6.2f %11.6f %11d %9d %9s %-6s %s%n", 100.0, totalTime / 1e9,
                totalCalls == 0 ? 0 : totalTime / 1000 / totalCalls, totalCalls, totalErrors == 0 ? "" : Long.toString(totalErrors), "",
                "total"));
        return out.toString();
    }
}
