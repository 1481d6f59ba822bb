package dev.k42lens.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
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

    @ParameterizedTest
    @CsvSource({ "run --root /tmp prog arg, run", "disasm prog --section .text, disasm",
            "trace export --format jsonl t.k42trace, trace export", "trace stats t.k42trace, trace stats" })
    void unfinishedSubCommandsSayTheyAreNotYetAvailableInOneLine(String commandLine, String name) {
        Result result = run(commandLine.split(" "));
        assertEquals(K42LensCommand.EXIT_ENGINE_ERROR, result.status());
        assertTrue(result.err().startsWith("k42lens " + name + ": not yet available"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertEquals("", result.out());
    }

    @Test
    void anUnknownSubCommandIsAUsageError() {
        Result result = run("frobnicate");
        assertEquals(2, result.status());
        assertTrue(result.err().contains("frobnicate"), result.err());
    }
}
