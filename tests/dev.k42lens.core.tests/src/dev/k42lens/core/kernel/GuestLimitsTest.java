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

    /**
     * mode, the engine's exit status, the line (of the guest's output, or of the engine's for a
     * killed guest) that says where it stopped, the line with the count it reached (group 1), the
     * most it may reach
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "memory   | 137 | k42lens: the guest memory limit of 1 GiB is reached \\(\\d+ [MG]iB in use, 4 KiB more asked for\\): "
                + "SIGKILL for process \\d+, as the kernel's out-of-memory killer would \\(--max-memory\\) | | 0",
        "shared   | 0   | mmap of piece \\d+: ENOMEM   | shared: (\\d+) MiB mapped and touched    | 1024",
        "reserve  | 0   | reserve of 1 TiB: mapped     | reserve of 1 TiB: mapped()               | 0",
        "threads  | 0   | thread \\d+: EAGAIN          | threads: (\\d+) started                  | 47",
        "forkbomb | 0   | fork \\d+: EAGAIN            | forkbomb: (\\d+) children                | 47",
        "zombies  | 0   | fork \\d+: EAGAIN            | zombies: (\\d+) children never reaped    | 47",
        "tmpfill  | 0   | after unlink: 1 MiB written  | tmpfill: (\\d+) MiB written, then ENOSPC; a write of 0 bytes: 0 | 64" })
    @Timeout(120)
    void aRunawayGuestGetsLinuxsErrorsAtTheLimits(String mode, int status, String stop, String reached, int most, @TempDir Path cwd)
            throws Exception {
        Run run = run("le-static", mode, cwd, SMALL);
        assertEquals(status, run.status(), run.err());
        assertTrue(Pattern.compile("(?m)^" + stop.strip() + "$").matcher(run.out() + run.err()).find(), run.out() + run.err());
        if (reached != null) {
            Matcher count = Pattern.compile("(?m)^" + reached.strip() + "$").matcher(run.out());
            assertTrue(count.find(), run.out());
            if (!count.group(1).isEmpty()) {
                int n = Integer.parseInt(count.group(1));
                assertTrue(n > 0 && n <= most, mode + " reached " + n);
            }
        }
    }

    /** Four threads touching memory at once: the process is killed once, with one line. */
    @Test
    @Timeout(120)
    void manyThreadsPastTheMemoryLimitAreKilledOnce(@TempDir Path cwd) throws Exception {
        Run run = run("be-static", "threadmemory", cwd, SMALL);
        assertEquals(137, run.status(), run.err());
        assertEquals(1, run.err().lines().filter(line -> line.contains("memory limit")).count(), run.err());
        assertEquals("", run.out());
    }

    /**
     * Thread stacks cost the pages a thread touches, not the 8 MiB each maps: 5,000 threads start
     * (and end) within a 1 GiB memory limit when the task limit allows them.
     */
    @Test
    @Timeout(300)
    void fiveThousandThreadsFitWhenTheTaskLimitAllows(@TempDir Path cwd) throws Exception {
        Run run = run("le-static", "threads", cwd, new GuestLimits(1L << 30, 5001, 64L << 20));
        assertEquals(0, run.status(), run.err());
        assertEquals("threads: 5000 started\n", run.out());
    }

    /** A process at its descriptor limit gets EMFILE, and every open the engine refused closed its host file again. */
    @Test
    @Timeout(120)
    void refusedOpensLeaveNoHostFileOpen(@TempDir Path cwd) throws Exception {
        long before = hostDescriptors();
        String out = run("be-dynamic", "files", cwd, SMALL).out();
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

    private record Run(int status, String out, String err) {
    }

    private static Run run(String flavour, String mode, Path cwd, GuestLimits limits) throws Exception {
        Path program = Path.of("guest", "bin", flavour, "runaway").toAbsolutePath();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (Engine engine = new Engine(new RunOptions(program, cwd, CwdMount.READ_ONLY, limits, List.of("runaway", mode), List.of(), null,
                List.of(), null, DispatchMode.AUTO, null, false, 1, new ByteArrayInputStream(new byte[0]), stdout, stderr, false,
                null))) {
            int status = engine.run();
            return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        }
    }
}
