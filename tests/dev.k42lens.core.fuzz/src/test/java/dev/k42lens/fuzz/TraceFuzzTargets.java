package dev.k42lens.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.k42lens.core.trace.TraceFile;
import dev.k42lens.core.trace.TraceFileFuzzTest;

/**
 * Any bytes as a trace file: read every way a user reads one ({@link TraceFileFuzzTest#readEveryWay}:
 * `trace stats`, every digest the views build, both exports), or refused with a TraceFileException
 * of one line; never another exception. Corpus: short traces the engine recorded (signals,
 * threads, fork and exec, nesting) and the findings once fixed.
 */
class TraceFuzzTargets {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("k42lens-fuzz", ".k42trace");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "30s")
    void traceFiles(byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TraceFileFuzzTest.readEveryWay(file);
        } catch (TraceFile.TraceFileException e) {
            OneLine.check(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
