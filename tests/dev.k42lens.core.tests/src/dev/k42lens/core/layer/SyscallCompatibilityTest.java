package dev.k42lens.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.layer.table.SyscallTable;

/** The README's system-call table is the one the layer gives, and it says what the layer does. */
class SyscallCompatibilityTest {
    private static final Path README = Path.of("..", "..", "README.md");
    private static final String BEGIN = "<!-- syscall-table:begin -->\n";
    private static final String END = "<!-- syscall-table:end -->";

    @Test
    void readmeHasTheTableTheLayerGives() throws Exception {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no syscall-table markers");
        assertEquals(SyscallCompatibility.markdown(), readme.substring(begin + BEGIN.length(), end),
                "README.md's system-call table is stale: run releng/scripts/syscall-table.sh");
    }

    @Test
    void everyImplementedRowHasAHandlerAndEveryEnosysRowNone() {
        SyscallLayer layer = new SyscallLayer(DispatchMode.AUTO, null);
        List<SyscallCompatibility.Row> rows = SyscallCompatibility.rows();
        assertEquals(SyscallTable.ppc64().all().size(), rows.size(), "one row per system call of the table");
        for (SyscallCompatibility.Row row : rows) {
            boolean handled = layer.isImplemented(row.number());
            switch (row.status()) {
                case IMPLEMENTED -> assertTrue(handled && row.missing().isEmpty(), row.name());
                case PARTIAL -> assertTrue(handled && !row.missing().isEmpty(), row.name());
                case ENOSYS -> assertFalse(handled, row.name());
            }
        }
    }
}
