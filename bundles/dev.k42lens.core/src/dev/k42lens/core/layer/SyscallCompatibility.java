package dev.k42lens.core.layer;

import java.util.ArrayList;
import java.util.List;

import dev.k42lens.core.layer.table.SyscallDescriptor;

/**
 * What the layer does with each ppc64 system call, read off the layer itself: implemented (a
 * handler), partial (a handler with a stated limit) or ENOSYS (no handler), for every number of
 * the system-call table. The README's table is its {@link #markdown()}.
 */
public final class SyscallCompatibility {
    public enum Status {
        IMPLEMENTED("implemented"), PARTIAL("partial"), ENOSYS("ENOSYS");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One system call: its number and name, what the layer does, and what is missing when partial. */
    public record Row(int number, String name, Status status, String missing) {
    }

    private SyscallCompatibility() {
    }

    public static List<Row> rows() {
        SyscallLayer layer = new SyscallLayer(DispatchMode.AUTO, null);
        List<Row> rows = new ArrayList<>();
        for (SyscallDescriptor call : layer.table().all()) {
            String limit = layer.limitOf(call.number());
            Status status = !layer.isImplemented(call.number()) ? Status.ENOSYS : limit != null ? Status.PARTIAL : Status.IMPLEMENTED;
            rows.add(new Row(call.number(), call.name(), status, limit == null ? "" : limit));
        }
        return rows;
    }

    /** The table as Markdown: a count per status, then one row per call in number order. */
    public static String markdown() {
        List<Row> rows = rows();
        StringBuilder b = new StringBuilder();
        for (Status status : Status.values()) {
            long count = rows.stream().filter(r -> r.status() == status).count();
            b.append(status == Status.IMPLEMENTED ? "" : ", ").append(count).append(' ').append(status.label());
        }
        b.append(" of ").append(rows.size()).append(" ppc64 system calls.\n\n");
        b.append("| # | call | status | what is missing |\n|---:|---|---|---|\n");
        for (Row row : rows) {
            b.append("| ").append(row.number()).append(" | `").append(row.name()).append("` | ").append(row.status().label())
                    .append(" | ").append(row.missing().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
