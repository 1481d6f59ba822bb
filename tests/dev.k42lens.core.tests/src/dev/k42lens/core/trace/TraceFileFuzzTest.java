package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged copies of a real trace (bytes flipped, lines cut, fields given other types, lines
 * repeated or dropped) are either read, and every digest the views make of them built, or refused
 * with a TraceFileException whose message is one line naming the file: never another exception,
 * however the damage falls. Fixed seeds keep a
 * failure reproducible. The Jazzer target of tests/dev.k42lens.core.fuzz reads its inputs with
 * {@link #readEveryWay}.
 */
public class TraceFileFuzzTest {
    private static final int ROUNDS = 300;
    private static final String[] REPLACEMENTS = { "null", "\"x\"", "-1", "1e999", "[]", "{}", "true", "9223372036854775808", "\"\\u0000\"" };

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3 })
    void damagedTracesAreReadOrRefusedInOneLine(long seed, @TempDir Path dir) throws Exception {
        byte[] original = Files.readAllBytes(GuestTraces.record("be-dynamic", "signals", dir));
        SplittableRandom random = new SplittableRandom(seed);
        Path damaged = dir.resolve("damaged.k42trace");
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Files.write(damaged, damage(original, random));
            try {
                readEveryWay(damaged);
            } catch (TraceFile.TraceFileException e) {
                refused++;
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertFalse(!e.getMessage().startsWith(damaged.toString()), e.getMessage());
            } catch (RuntimeException e) {
                fail("round " + round + " of seed " + seed + ": " + e, e);
            }
        }
        assertFalse(refused == 0 || refused == ROUNDS, refused + " of " + ROUNDS + " refused: the damage should sometimes matter");
    }

    /**
     * Reads {@code file} as `trace stats` does, then builds every digest the views build from a
     * trace they open and exports it both ways: a TraceFileException says it cannot be used.
     */
    public static void readEveryWay(Path file) throws TraceFile.TraceFileException, IOException {
        TraceStatistics statistics = TraceFile.stream(file, program -> new TraceStatistics(), TraceProgress.NONE);
        assertFalse(statistics.table().isEmpty());
        TraceStore store = TraceStore.load(file, TraceProgress.NONE);
        TransferTableStatistics.of(store);
        SyscallNesting.of(store);
        SignalStates.of(store);
        DispatchGraph.of(store);
        TraceExport.write(store, TraceExport.Format.CSV, new StringWriter(), TraceProgress.NONE);
        TraceExport.write(store, TraceExport.Format.JSONL, new StringWriter(), TraceProgress.NONE);
    }

    private static byte[] damage(byte[] original, SplittableRandom random) {
        String text = new String(original, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        switch (random.nextInt(5)) {
            case 0 -> { // flip bytes
                byte[] bytes = original.clone();
                for (int i = random.nextInt(1, 8); i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1 -> { // cut anywhere
                return Arrays.copyOf(original, random.nextInt(original.length));
            }
            case 2 -> { // a field's value of another type
                int line = random.nextInt(1, lines.length - 1);
                lines[line] = lines[line].replaceFirst(":(\"[^\"]*\"|[-0-9a-z]+)", ":" + REPLACEMENTS[random.nextInt(REPLACEMENTS.length)]);
            }
            case 3 -> { // a field dropped
                int line = random.nextInt(1, lines.length - 1);
                lines[line] = lines[line].replaceFirst("\"[a-z_]+\":(\"[^\"]*\"|[-0-9a-z]+),?", "");
            }
            default -> { // lines repeated or out of order
                int a = random.nextInt(1, lines.length - 1);
                int b = random.nextInt(1, lines.length - 1);
                lines[a] = lines[b];
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
}
