package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k42lens.core.cpu.Interpreter;
import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;

/**
 * Debian 12's unmodified ppc64el programs (unpacked by releng/scripts/debian-guest-root.sh) run the
 * command lines of debian/commands.tsv through {@code sh -c} (dash, or busybox's own shell for the
 * lines that exercise its applets), each in a fresh copy of debian/fixtures: interpreters, a
 * database, compressors, a crypto toolkit and text tools, alone and in pipelines that fork and
 * exec. Stdout and exit status must equal debian/expected, recorded by debian/record.sh under
 * qemu-user or, for pipelines, with the same Debian tools on an x86-64 host.
 * <p>
 * Every line runs interpreted; every sixth line also runs with hot code translated, as
 * {@code k42lens run} does by default. (Translating the whole table would take three times as
 * long: on short runs of real programs the translation costs more than it saves, see issue 14.)
 */
class DebianBinariesTest {
    private static final Path ROOT = Path.of("..", "..", ".cache", "debian-root").toAbsolutePath().normalize();
    private static final Path DEBIAN = Path.of("debian");

    static Stream<Arguments> commands() throws IOException {
        return Files.readAllLines(DEBIAN.resolve("commands.tsv")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", 3)).map(f -> Arguments.of(f[0], f[1], f[2]));
    }

    static Stream<Arguments> everySixthCommand() throws IOException {
        List<Arguments> all = commands().toList();
        return IntStream.range(0, all.size()).filter(i -> i % 6 == 0).mapToObj(all::get);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("commands")
    void interpreted(String name, String recordedBy, String command, @TempDir Path work) throws Exception {
        runAndCompare(name, recordedBy, command, work, "false");
    }

    @ParameterizedTest(name = "translated {0}: {2}")
    @MethodSource("everySixthCommand")
    void translated(String name, String recordedBy, String command, @TempDir Path work) throws Exception {
        runAndCompare(name, recordedBy, command, work, "true");
    }

    private static void runAndCompare(String name, String recordedBy, String command, Path work, String translate) throws Exception {
        boolean busybox = recordedBy.equals("busybox");
        Path shell = ROOT.resolve(busybox ? "bin/busybox" : "bin/dash");
        assertTrue(Files.isExecutable(shell), "no Debian guest root: run releng/scripts/debian-guest-root.sh");
        copyTree(DEBIAN.resolve("fixtures"), work);
        List<String> argv = busybox ? List.of("/bin/busybox", "sh", "-c", command) : List.of("/bin/sh", "-c", command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        System.setProperty(Interpreter.TRANSLATE_PROPERTY, translate);
        try (Engine engine = new Engine(new RunOptions(shell, work, CwdMount.READ_WRITE, GuestLimits.defaults(), argv,
                List.of("PATH=/bin:/usr/bin"), ROOT, List.of(), null, DispatchMode.AUTO, null, false, 42,
                new ByteArrayInputStream(new byte[0]), out, err, false, null))) {
            status = engine.run();
        } finally {
            System.clearProperty(Interpreter.TRANSLATE_PROPERTY);
        }
        String diagnostics = "stderr: " + err.toString(StandardCharsets.UTF_8);
        byte[] expected = Files.readAllBytes(DEBIAN.resolve("expected").resolve(name + ".out"));
        if (!Arrays.equals(expected, out.toByteArray())) {
            // Compressed output is not text: compare bytes, show them as Latin-1 so every byte shows.
            assertEquals(new String(expected, StandardCharsets.ISO_8859_1), out.toString(StandardCharsets.ISO_8859_1), diagnostics);
        }
        assertEquals(Integer.parseInt(Files.readString(DEBIAN.resolve("expected").resolve(name + ".status")).trim()), status,
                diagnostics);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
