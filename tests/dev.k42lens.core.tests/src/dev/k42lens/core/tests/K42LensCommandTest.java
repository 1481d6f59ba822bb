package dev.k42lens.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.cli.K42LensCommand;

class K42LensCommandTest {
    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = K42LensCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheBundleVersionAndTheJava() {
        Result result = run("--version");
        assertEquals(0, result.status());
        assertTrue(result.out().matches("(?s)k42lens \\d+\\.\\d+\\.\\d+[.-]\\S+\\RJava \\S+.*"), result.out());
    }

    @Test
    void helpListsTheSubCommandsAndTheExitStatuses() {
        Result result = run("--help");
        assertEquals(0, result.status());
        for (String expected : new String[] { "run", "disasm", "trace", "125" }) {
            assertTrue(result.out().contains(expected), () -> "help lacks " + expected + ":\n" + result.out());
        }
    }

    @Test
    void badProgramsGetExitStatus125AndOneLine(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a program\n");
        byte[] elf = Files.readAllBytes(Path.of("guest/bin/be-static/hello"));
        Path truncated = Files.write(dir.resolve("truncated"), java.util.Arrays.copyOf(elf, 100));
        Path unreadable = dir.resolve("missing");
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Path fifo = dir.resolve("a-fifo"); // opening it to read would block forever: refused before that
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().onExit().join().exitValue() == 0);
        String[][] cases = { { text.toString(), "not an ELF file" }, { truncated.toString(), "truncated ELF file" },
            { unreadable.toString(), "no such file" }, { directory.toString(), "is a directory" },
            { fifo.toString(), "not a regular file" } };
        for (String[] c : cases) {
            Result result = run("run", c[0]);
            assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status(), result.err());
            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().startsWith("k42lens run: ") && result.err().contains(c[1]), result.err());
        }
    }

    @Test
    void aMissingInterpreterIsNamed(@TempDir Path emptySysroot) {
        Result result = run("run", "--sysroot", emptySysroot.toString(), "guest/bin/be-dynamic/hello");
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("missing interpreter /lib64/ld64.so.1"), result.err());
    }

    @Test
    void anUnreadableProgramIsRefused(@TempDir Path dir) throws IOException {
        Path program = Files.copy(Path.of("guest/bin/le-static/hello"), dir.resolve("hello"));
        assertTrue(program.toFile().setReadable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(program), "running as root: every file is readable");
        Result result = run("run", program.toString());
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status());
        assertTrue(result.err().contains("permission denied"), result.err());
    }

    @Test
    void aForeignMachineIsNamed() {
        Path x86 = Path.of("/bin/true");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(x86));
        Result result = run("run", x86.toString());
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status());
        assertTrue(result.err().contains("not a PowerPC64 program"), result.err());
    }

    @ParameterizedTest
    @CsvSource({ "be-static, .main", "le-static, main" })
    void disassemblesOneSymbolInObjdumpLayout(String flavour, String symbol) {
        Result result = run("disasm", "--symbol", "main", "guest/bin/" + flavour + "/hello");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("<" + symbol + ">:"), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches(" +[0-9a-f]+:\t([0-9a-f]{2} ){4}\t\\S.*")), result.out());
    }

    @Test
    void aFileThatIsNoTraceIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.k42trace"), "{\"format\":\"something else\"}\n");
        Result result = run("trace", "export", "--format", "jsonl", file.toString());
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status());
        assertTrue(result.err().contains("not a K42 Lens trace"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    /**
     * A trace cut inside its last event (the run writing it was killed) exports and summarises the
     * events before the cut and says so; a field of the wrong type is one line, not a stack trace;
     * a FIFO is refused instead of read forever.
     */
    @Test
    void badTracesAreReadAsFarAsTheyAreGoodAndSaySo(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("hello.k42trace");
        assertEquals(0, run("run", "--trace", trace.toString(), "guest/bin/le-static/hello").status());
        String text = Files.readString(trace);
        long events = text.lines().count() - 1;
        Path cut = Files.writeString(dir.resolve("cut.k42trace"), text.substring(0, text.length() - 20));
        for (String subcommand : new String[] { "export", "stats" }) {
            Result result = run("trace", subcommand, cut.toString());
            assertEquals(0, result.status(), result.err());
            assertTrue(result.err().contains("is cut short: it ends inside the event on line " + (events + 1)), result.err());
            if (subcommand.equals("export")) {
                assertEquals(events - 1, result.out().lines().count());
            } else {
                assertTrue(result.out().contains("exit_group") || result.out().contains("write"), result.out());
            }
        }
        String[] lines = text.split("\n");
        lines[2] = lines[2].replaceFirst("\"tid\":[0-9]+", "\"tid\":\"one\"");
        Path wrongType = Files.writeString(dir.resolve("wrong.k42trace"), String.join("\n", lines) + "\n");
        Path fifo = dir.resolve("a-fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().onExit().join().exitValue() == 0);
        for (String subcommand : new String[] { "export", "stats" }) {
            Result wrong = run("trace", subcommand, wrongType.toString());
            assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, wrong.status());
            assertTrue(wrong.err().startsWith("k42lens trace " + subcommand + ": ") && wrong.err().contains("line 3"), wrong.err());
            assertEquals(1, wrong.err().lines().count(), wrong.err());
            Result pipe = run("trace", subcommand, fifo.toString());
            assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, pipe.status());
            assertTrue(pipe.err().contains("not a regular file"), pipe.err());
        }
        Result disassembly = run("disasm", fifo.toString());
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, disassembly.status(), disassembly.err());
        assertTrue(disassembly.err().contains("not a regular file"), disassembly.err());
    }

    @Test
    void aGuestPastItsTimeoutIsEndedAsByKill() {
        long start = System.nanoTime();
        Result result = run("run", "--timeout", "0.5", "guest/bin/le-static/cpu", "1000000");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(137, result.status(), result.err());
        assertTrue(result.err().contains("k42lens: the guest ran for the --timeout of 0.5 s: ending it"), result.err());
        assertTrue(seconds < 10, seconds + " s");
    }

    @Test
    void aBadWorkingDirectoryMountIsOneLine() {
        Result result = run("run", "--cwd-mount", "yes", "guest/bin/le-static/hello");
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status());
        assertEquals("k42lens run: the working directory mount must be rw, ro or none: yes", result.err().strip());
        assertTrue(run("run", "--help").out().contains("--cwd-mount=rw|ro|none"));
    }

    @Test
    void isaCountsTheInventoryByCategoryAndListsWhatIsMissing() {
        Result table = run("isa", "--coverage");
        assertEquals(0, table.status(), table.err());
        java.util.regex.Matcher all = java.util.regex.Pattern.compile("(?m)^all\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$")
                .matcher(table.out());
        assertTrue(all.find(), table.out());
        int forms = Integer.parseInt(all.group(1));
        assertEquals(forms, Integer.parseInt(all.group(2)) + Integer.parseInt(all.group(3)) + Integer.parseInt(all.group(4)));
        assertTrue(table.out().contains("VMX crypto") && table.out().contains("MMA"), table.out());
        Result missing = run("isa", "--missing");
        assertTrue(missing.out().contains("\nnothing missing: every inventory form is executed"), missing.out());
    }

    @Test
    void profileNamesTheInstructionsRunOutsideTranslatedCode() {
        Result result = run("run", "--profile", "guest/bin/le-static/hello");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().matches("(?s).*k42lens: interpreted: [1-9][0-9]* instructions; most: [a-z.]+ [0-9]+ \\([0-9.]+%\\).*"),
                result.err());
        assertTrue(result.err().contains("k42lens: called out of translated regions: "), result.err());
    }

    @Test
    void anUnknownSubCommandIsAUsageError() {
        Result result = run("frobnicate");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("frobnicate"), result.err());
    }
}
