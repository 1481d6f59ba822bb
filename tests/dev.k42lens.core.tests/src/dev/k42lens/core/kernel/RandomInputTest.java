package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Timer;
import java.util.TimerTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;

/**
 * Random input through the whole engine ends as Linux would end it, never in a Java exception or
 * a hang: pages of random instructions (guest/src/randcode.c, {@value #DEFAULT_PAGES} per byte order
 * unless the system property {@code k42lens.randomPages} says otherwise) end each in a guest signal,
 * a return, an exit or a child killed after a second; damaged copies of a real program are refused
 * with one line (EngineException) or run to a guest exit status or signal ({@value #DEFAULT_DAMAGED_PROGRAMS}
 * per byte order unless {@code k42lens.damagedPrograms} says otherwise).
 */
class RandomInputTest {
    /** Each page runs in a forked process of one engine run. */
    private static final int DEFAULT_PAGES = 10_000;
    /** Each damaged program is a run of its own. */
    private static final int DEFAULT_DAMAGED_PROGRAMS = 10_000;
    private static final Pattern OUTCOME = Pattern.compile("(?m)^(\\S.*?)\\s+(\\d+)$");

    @ParameterizedTest
    @ValueSource(strings = { "le-static", "be-static" })
    @Timeout(1200)
    void randomCodePagesEndInGuestOutcomes(String flavour, @TempDir Path cwd) throws Exception {
        int pages = Integer.getInteger("k42lens.randomPages", DEFAULT_PAGES);
        Run run = run(Path.of("guest", "bin", flavour, "randcode").toAbsolutePath(), cwd, List.of("randcode", "0",
                Integer.toString(pages), "0x" + Integer.toHexString(flavour.hashCode())), 0);
        assertEquals(0, run.status, run.out + run.err);
        assertFalse(run.err.contains("internal error"), run.err);
        Matcher outcomes = OUTCOME.matcher(run.out);
        long total = 0;
        while (outcomes.find()) {
            if (!outcomes.group(1).equals("pages:")) {
                total += Long.parseLong(outcomes.group(2));
            }
        }
        assertTrue(run.out.endsWith("pages: " + pages + "\n"), run.out);
        assertEquals(pages, total, "every page has one outcome:\n" + run.out);
        System.out.println(flavour + " random pages:\n" + run.out.indent(2));
    }

    @ParameterizedTest
    @ValueSource(strings = { "le-static", "be-static" })
    @Timeout(1200)
    void damagedProgramsAreRefusedOrRun(String flavour, @TempDir Path cwd) throws Exception {
        byte[] original = Files.readAllBytes(Path.of("guest", "bin", flavour, "hello"));
        SplittableRandom random = new SplittableRandom(flavour.hashCode());
        int refused = 0;
        int ran = 0;
        int programs = Integer.getInteger("k42lens.damagedPrograms", DEFAULT_DAMAGED_PROGRAMS);
        for (int i = 0; i < programs; i++) {
            byte[] damaged = original.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                // mostly the ELF and program headers, where damage changes what is loaded
                int at = random.nextInt(4) == 0 ? random.nextInt(damaged.length) : random.nextInt(64 + 56 * 10);
                damaged[at] ^= (byte) (1 + random.nextInt(255));
            }
            Path program = cwd.resolve("damaged-" + i);
            Files.write(program, damaged);
            try {
                Run run = run(program, cwd, List.of("damaged"), 10);
                assertFalse(run.err.contains("internal error"), "damaged-" + i + ": " + run.err);
                ran++;
            } catch (EngineException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().contains("\n"),
                        "damaged-" + i + ": " + e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                fail("damaged-" + i + ": " + e, e);
            }
            Files.delete(program);
        }
        System.out.println(flavour + " damaged programs: " + refused + " refused, " + ran + " ran");
    }

    private record Run(int status, String out, String err) {
    }

    /** Runs {@code program}; a run still going after {@code seconds} (0: never) is ended as Terminate would. */
    private static Run run(Path program, Path cwd, List<String> argv, int seconds) throws EngineException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (Engine engine = new Engine(new RunOptions(program, cwd, CwdMount.READ_ONLY, GuestLimits.defaults(), argv, List.of(),
                null, List.of(), null, DispatchMode.AUTO, null, false, 1, new ByteArrayInputStream(new byte[0]), stdout, stderr,
                false, null))) {
            Timer timer = new Timer(true);
            if (seconds > 0) {
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        engine.cancel();
                    }
                }, seconds * 1000L);
            }
            try {
                int status = engine.run();
                return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
            } finally {
                timer.cancel();
            }
        }
    }
}
