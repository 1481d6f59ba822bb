package dev.k42lens.core.elf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ELF files the tests use: the checked-in tiny programs and, when installed, Debian's cross sysroots. */
final class ElfTestFiles {
    static final Path BIG_ENDIAN_SYSROOT = Path.of("/usr/powerpc64-linux-gnu");
    static final Path LITTLE_ENDIAN_SYSROOT = Path.of("/usr/powerpc64le-linux-gnu");

    /** The tiny programs of resources/elf (see its README). */
    static final List<String> TINY_PROGRAMS = List.of("tiny-be-exec", "tiny-be-pie", "tiny-be-static-pie", "tiny-le-pie",
            "tiny-le-static-pie");
    /** Sysroot files, relative to the sysroots. */
    static final List<String> SYSROOT_LIBRARIES = List.of("powerpc64-linux-gnu/lib/ld64.so.1",
            "powerpc64-linux-gnu/lib/libc.so.6", "powerpc64le-linux-gnu/lib/ld64.so.2",
            "powerpc64le-linux-gnu/lib/libc.so.6");

    private ElfTestFiles() {
    }

    /** A checked-in test program; tests run in the test bundle's folder, under Maven and engine-tests.sh. */
    static Path resource(String name) {
        Path path = Path.of("resources/elf", name);
        assertTrue(Files.isRegularFile(path), () -> path.toAbsolutePath() + " is missing");
        return path;
    }

    static byte[] resourceBytes(String name) throws IOException {
        return Files.readAllBytes(resource(name));
    }

    /** A file of a cross sysroot (e.g. "powerpc64le-linux-gnu/lib/libc.so.6"), which ./test installs. */
    static Path sysrootFile(String relativeToUsr) {
        Path path = Path.of("/usr").resolve(relativeToUsr);
        assertTrue(Files.isRegularFile(path), () -> path + " is not installed (./test installs the ppc64 cross libc)");
        return path;
    }

    /** Either a test resource name or a sysroot path. */
    static Path file(String name) {
        return name.contains("/") ? sysrootFile(name) : resource(name);
    }

    /** The output of binutils' readelf (cross or native: both read any ELF; ./test installs the cross one). */
    static String readelf(Path file, String... options) throws IOException, InterruptedException {
        for (String tool : List.of("powerpc64-linux-gnu-readelf", "readelf")) {
            List<String> command = new ArrayList<>(List.of(tool, "-W"));
            command.addAll(List.of(options));
            command.add(file.toString());
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                continue;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
            return output;
        }
        throw new AssertionError("readelf is not installed (./test installs binutils-powerpc64-linux-gnu)");
    }
}
