package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k42lens.core.layer.DispatchMode;

/**
 * Debian's unmodified ppc64el busybox-static and coreutils (unpacked by
 * releng/scripts/debian-guest-root.sh) run the command lines of debian/commands.tsv through
 * {@code busybox sh -c}: pipelines that fork and exec applets and coreutils programs. Stdout and
 * exit status must equal what a real Linux prints (debian/expected, recorded on an x86-64 host
 * with the same busybox and coreutils versions).
 */
class DebianBinariesTest {
    private static final Path ROOT = Path.of("..", "..", ".cache", "debian-root").toAbsolutePath().normalize();
    private static final Path DEBIAN = Path.of("debian");

    static Stream<Arguments> commands() throws IOException {
        return Files.readAllLines(DEBIAN.resolve("commands.tsv")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", 2)).map(f -> Arguments.of(f[0], f[1]));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("commands")
    void sameOutputAsARealLinux(String name, String command, @TempDir Path work) throws Exception {
        Path busybox = ROOT.resolve("bin/busybox");
        assertTrue(Files.isExecutable(busybox), "no Debian guest root: run releng/scripts/debian-guest-root.sh");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (Engine engine = new Engine(new RunOptions(busybox, work, List.of("/bin/busybox", "sh", "-c", command),
                List.of("PATH=/bin:/usr/bin"), ROOT, List.of(), null, DispatchMode.AUTO, null, false, 42,
                new ByteArrayInputStream(new byte[0]), out, err, false, null))) {
            status = engine.run();
        }
        String diagnostics = "stderr: " + err.toString(StandardCharsets.UTF_8);
        assertEquals(Files.readString(DEBIAN.resolve("expected").resolve(name + ".out")), out.toString(StandardCharsets.UTF_8),
                diagnostics);
        assertEquals(Integer.parseInt(Files.readString(DEBIAN.resolve("expected").resolve(name + ".status")).trim()), status,
                diagnostics);
    }
}
