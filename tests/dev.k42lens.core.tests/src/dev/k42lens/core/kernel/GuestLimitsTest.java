package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;

/**
 * guest/src/runaway.c takes more than a desktop has: under a run's limits each way ends in the
 * error Linux gives at its limits, and the program (not the engine) decides what happens next.
 */
class GuestLimitsTest {
    private static final GuestLimits SMALL = new GuestLimits(1L << 30, 48, 64L << 20);

    /** mode, the line that says where it stopped, the line with the count it reached (group 1), the most it may reach */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "memory   | mmap of piece \\d+: ENOMEM   | memory: (\\d+) MiB mapped and touched    | 1024",
        "reserve  | reserve of 1 TiB: ENOMEM     | reserve of 1 TiB: ENOMEM()               | 0",
        "threads  | thread \\d+: EAGAIN          | threads: (\\d+) started                  | 47",
        "forkbomb | fork \\d+: EAGAIN            | forkbomb: (\\d+) children                | 47",
        "zombies  | fork \\d+: EAGAIN            | zombies: (\\d+) children never reaped    | 47",
        "tmpfill  | after unlink: 1 MiB written  | tmpfill: (\\d+) MiB written, then ENOSPC; a write of 0 bytes: 0 | 64" })
    @Timeout(120)
    void aRunawayGuestGetsLinuxsErrorsAtTheLimits(String mode, String stop, String reached, int most, @TempDir Path cwd)
            throws Exception {
        String out = run("le-static", mode, cwd);
        assertTrue(Pattern.compile("(?m)^" + stop.strip() + "$").matcher(out).find(), out);
        Matcher count = Pattern.compile("(?m)^" + reached.strip() + "$").matcher(out);
        assertTrue(count.find(), out);
        if (!count.group(1).isEmpty()) {
            int n = Integer.parseInt(count.group(1));
            assertTrue(n > 0 && n <= most, mode + " reached " + n);
        }
    }

    /** A process at its descriptor limit gets EMFILE, and every open the engine refused closed its host file again. */
    @Test
    @Timeout(120)
    void refusedOpensLeaveNoHostFileOpen(@TempDir Path cwd) throws Exception {
        long before = hostDescriptors();
        String out = run("be-dynamic", "files", cwd);
        assertTrue(out.matches("(?s)files: 10\\d\\d opened, \\d+ refused, the first with EMFILE\n.*"), out);
        assertTrue(out.contains("pipe: EMFILE, descriptors left 77 77\nsocketpair: EMFILE\n"), out);
        long after = hostDescriptors();
        assertTrue(after - before < 20, "host descriptors before the run " + before + ", after " + after);
    }

    private static long hostDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    @Test
    void sizesAndTasksAreParsedAsPeopleWriteThem() {
        assertEquals(3L << 30, GuestLimits.parseSize("3G"));
        assertEquals(512L << 20, GuestLimits.parse("512m", "", "").memoryBytes());
        assertEquals(GuestLimits.DEFAULT_TASKS, GuestLimits.parse("", " ", "").tasks());
        assertEquals(GuestLimits.defaultMemoryBytes(), GuestLimits.parse(" ", "7", "").memoryBytes());
        assertEquals(GuestLimits.DEFAULT_TMP_BYTES, GuestLimits.parse("", "", " ").tmpBytes());
        assertEquals(100L << 20, GuestLimits.parse("", "", "100M").tmpBytes());
        assertThrows(IllegalArgumentException.class, () -> GuestLimits.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> GuestLimits.parse("1G", "many", ""));
        assertThrows(IllegalArgumentException.class, () -> GuestLimits.parse("1K", "8", ""), "less than a MiB");
        assertThrows(IllegalArgumentException.class, () -> GuestLimits.parse("", "", "full"));
        assertThrows(IllegalArgumentException.class, () -> GuestLimits.parseSize("99999999999T"));
    }

    private static String run(String flavour, String mode, Path cwd) throws Exception {
        Path program = Path.of("guest", "bin", flavour, "runaway").toAbsolutePath();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (Engine engine = new Engine(new RunOptions(program, cwd, CwdMount.READ_ONLY, SMALL, List.of("runaway", mode), List.of(), null,
                List.of(), null, DispatchMode.AUTO, null, false, 1, new ByteArrayInputStream(new byte[0]), stdout, stderr, false,
                null))) {
            assertEquals(0, engine.run(), stderr.toString(StandardCharsets.UTF_8));
        }
        return stdout.toString(StandardCharsets.UTF_8);
    }
}
