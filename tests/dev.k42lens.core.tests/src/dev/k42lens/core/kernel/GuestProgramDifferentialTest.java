package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.layer.DispatchMode;

/**
 * Runs the project's own guest programs (tests/dev.k42lens.core.tests/guest: four flavours, built
 * with Debian's cross compilers) in the engine and compares stdout and exit status with what
 * qemu-user printed for the same binary and arguments (guest/cases.tsv, guest/expected, recorded by
 * guest/record-qemu.sh). Cases qemu-user cannot run (a ppc64 program that execs itself) are compared
 * with the same source compiled for the host and run on its real Linux (guest/host-cases.tsv,
 * guest/expected-host, recorded by guest/record-host.sh).
 */
class GuestProgramDifferentialTest {
    private static final Path GUEST = Path.of("guest");
    private static final List<String> FLAVOURS = List.of("be-static", "be-dynamic", "le-static", "le-dynamic");
    /** The compiler matrix (guest/Makefile's `make matrix`): -O0/-O2/-O3 x POWER8/9/10 x both byte orders, dynamic. */
    private static final List<String> MATRIX = Stream.of("O0", "O2", "O3")
            .flatMap(level -> Stream.of("power8", "power9", "power10")
                    .flatMap(cpu -> Stream.of("be", "le").map(order -> "matrix/" + order + "-" + level + "-" + cpu)))
            .toList();

    record Case(int index, String program, List<String> arguments, String stdin, List<String> environment) {
        @Override
        public String toString() {
            return program + "#" + index + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
        }
    }

    static Stream<Arguments> qemuCases() throws IOException {
        return casesOf("cases.tsv", FLAVOURS);
    }

    /** Every case but the long integer kernel (cpu's 22 rounds; "cpu 1" stays): 18 flavours of it took 3.5 minutes. */
    static Stream<Arguments> matrixCases() throws IOException {
        return casesOf("cases.tsv", MATRIX).filter(a -> {
            Case c = (Case) a.get()[1];
            return !(c.program().equals("cpu") && c.arguments().isEmpty());
        });
    }

    static Stream<Arguments> hostCases() throws IOException {
        return casesOf("host-cases.tsv", FLAVOURS);
    }

    private static Stream<Arguments> casesOf(String list, List<String> flavours) throws IOException {
        List<Arguments> result = new ArrayList<>();
        List<String> lines = Files.readAllLines(GUEST.resolve(list));
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            Case c = new Case(i + 1, f[0], words(f[1]), f[2], f[3].equals("-") ? List.of() : words(f[3]));
            for (String flavour : flavours) {
                result.add(Arguments.of(flavour, c));
            }
        }
        return result.stream();
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" +"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("qemuCases")
    void sameStdoutAndExitStatusAsQemu(String flavour, Case c) throws Exception {
        runAndCompare(flavour, c, GUEST.resolve("expected").resolve(flavour));
    }

    /** The same programs compiled at every optimisation level for POWER8, 9 and 10 (vectorised, prefixed, ...). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrixCases")
    void compiledCodeAtEveryLevelGivesQemusOutput(String flavour, Case c) throws Exception {
        runAndCompare(flavour, c, GUEST.resolve("expected").resolve(flavour));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostCases")
    void sameStdoutAndExitStatusAsTheHostLinux(String flavour, Case c) throws Exception {
        runAndCompare(flavour, c, GUEST.resolve("expected-host"));
    }

    private static void runAndCompare(String flavour, Case c, Path expected) throws Exception {
        Path program = GUEST.resolve("bin").resolve(flavour).resolve(c.program());
        assertTrue(Files.isRegularFile(program), "guest binaries not built: " + program);
        assertTrue(!flavour.endsWith("dynamic") || Files.isDirectory(Path.of(flavour.startsWith("be")
                ? "/usr/powerpc64-linux-gnu" : "/usr/powerpc64le-linux-gnu")), "cross sysroot not installed (./test installs it)");

        String expectedOut = Files.readString(expected.resolve(c.program() + "." + c.index() + ".out"));
        int expectedStatus = Integer.parseInt(Files.readString(expected.resolve(c.program() + "." + c.index() + ".status")).trim());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>();
        argv.add("bin/" + flavour + "/" + c.program());
        argv.addAll(c.arguments());
        try (InputStream stdin = c.stdin().equals("-") ? new ByteArrayInputStream(new byte[0])
                : Files.newInputStream(GUEST.resolve(c.stdin()));
                Engine engine = new Engine(new RunOptions(program, GUEST, CwdMount.READ_ONLY, GuestLimits.defaults(), argv, c.environment(), null, List.of(), null,
                        DispatchMode.AUTO, null, false, 42, stdin, stdout, stderr, false, null))) {
            int status = engine.run();
            String err = stderr.toString(StandardCharsets.UTF_8);
            assertEquals(expectedOut, stdout.toString(StandardCharsets.UTF_8), "stdout differs; stderr: " + err);
            assertEquals(expectedStatus, status, "exit status differs; stderr: " + err);
        }
    }
}
