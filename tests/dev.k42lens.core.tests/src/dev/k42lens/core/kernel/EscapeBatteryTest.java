package dev.k42lens.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k42lens.core.kernel.fs.CwdMount;
import dev.k42lens.core.kernel.fs.MountSpec;
import dev.k42lens.core.layer.DispatchMode;

/**
 * guest/src/escape.c tries every way out of the sandbox we know of, one per run, with the working
 * directory mounted read-write beside a host directory ("outside") that no mount shows. Nothing
 * of outside may be read, listed, run or connected to (the guest checks that), and nothing in it
 * may change (this test checks on the host). The races repeat one path operation while the host,
 * or a second engine run sharing the working directory, swaps a directory for a symlink to
 * outside; each runs for {@value #DEFAULT_RACE_SECONDS} s unless the system property
 * {@code k42lens.raceSeconds} says otherwise.
 */
class EscapeBatteryTest {
    private static final int DEFAULT_RACE_SECONDS = 30;
    private static final List<String> FLAVOURS = List.of("le-dynamic", "be-static");
    private static final List<String> RACES = List.of("open", "stat", "readlink", "opendir", "chdir", "exec", "creat", "mkdir",
            "unlink", "rename", "link", "symlink", "chmod", "utimes", "truncate", "bind");
    /** Races run side by side in groups this large, each with its own tree and swapper. */
    private static final int RACES_AT_ONCE = 4;

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> all = new ArrayList<>();
        for (String flavour : FLAVOURS) {
            Path scratch = Files.createTempDirectory("k42lens-escape-list");
            try {
                Layout layout = Layout.create(scratch, flavour);
                Run list = layout.run("list");
                assertEquals(0, list.status, list.err);
                for (String name : list.out.strip().split("\n")) {
                    all.add(Arguments.of(flavour, name));
                }
            } finally {
                deleteTree(scratch);
            }
        }
        assertTrue(all.size() >= 2 * 60, "the battery should hold at least 60 cases: " + all.size() / 2);
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void noCaseReachesOutside(String flavour, String name, @TempDir Path base) throws Exception {
        Layout layout = Layout.create(base, flavour);
        Map<String, String> before = snapshot(layout.outside);
        Run run = layout.run(name, layout.outside.toString());
        assertFalse(run.out.contains("ESCAPE"), run.out);
        assertEquals(0, run.status, run.out + run.err);
        assertEquals(before, snapshot(layout.outside), "outside changed:\n" + run.out);
        layout.assertNoSetIdBits();
        layout.assertNothingNewBeside();
    }

    /** Every path operation against a host that keeps swapping ./d for a symlink to outside. */
    @Test
    void hostSideSwapsNeverRedirectAnOperation(@TempDir Path base) throws Exception {
        long seconds = Long.getLong("k42lens.raceSeconds", DEFAULT_RACE_SECONDS);
        List<String> report = new ArrayList<>();
        for (int from = 0; from < RACES.size(); from += RACES_AT_ONCE) {
            List<String> group = RACES.subList(from, Math.min(RACES.size(), from + RACES_AT_ONCE));
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                List<Future<String>> results = new ArrayList<>();
                for (String op : group) {
                    Layout layout = Layout.create(Files.createDirectory(base.resolve(op)), FLAVOURS.get(0));
                    results.add(pool.submit(() -> layout.race(op, seconds)));
                }
                for (Future<String> result : results) {
                    report.add(result.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        System.out.println("escape races, " + seconds + " s each:\n  " + String.join("\n  ", report));
    }

    /** The first finding: one guest swaps ./d while another, in a second engine run, opens ./d/secret.txt. */
    @Test
    void twoRunsSharingAWorkingDirectory(@TempDir Path base) throws Exception {
        long seconds = Long.getLong("k42lens.raceSeconds", DEFAULT_RACE_SECONDS);
        Layout layout = Layout.create(base, FLAVOURS.get(0));
        Map<String, String> before = snapshot(layout.outside);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Run> swapper = pool.submit(() -> layout.run("swap", layout.outside.toString()));
            Future<Run> opener = pool.submit(() -> layout.run("race-open", layout.outside.toString()));
            Thread.sleep(seconds * 1000);
            Files.writeString(layout.cwd.resolve("stop"), "");
            Run swaps = swapper.get();
            Run opens = opener.get();
            assertEquals(0, swaps.status, swaps.out + swaps.err);
            assertFalse(opens.out.contains("ESCAPE"), opens.out);
            assertEquals(0, opens.status, opens.out + opens.err);
            assertTrue(swaps.out.matches("(?s)swap: [1-9]\\d* swaps\n"), swaps.out);
            System.out.println("two runs, " + seconds + " s: " + swaps.out.strip() + ", " + opens.out.strip());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before, snapshot(layout.outside));
    }

    private record Run(int status, String out, String err) {
    }

    /**
     * base/cwd (the guest's working directory, read-write) with inside/ and its copy d/;
     * base/outside, which no mount shows; base/ro, mounted read-only at /ro.
     */
    private record Layout(Path base, Path cwd, Path outside, Path ro, Path program) {
        static Layout create(Path base, String flavour) throws IOException, InterruptedException {
            Path bin = Path.of("guest", "bin", flavour).toAbsolutePath();
            Path cwd = Files.createDirectories(base.resolve("cwd"));
            Path outside = Files.createDirectories(base.resolve("outside"));
            Path ro = Files.createDirectories(base.resolve("ro"));
            for (Path inside : List.of(cwd.resolve("inside"), cwd.resolve("d"))) {
                Files.createDirectories(inside.resolve("subdir"));
                Files.writeString(inside.resolve("secret.txt"), "inside");
                Files.copy(bin.resolve("hello"), inside.resolve("prog"));
                Files.createSymbolicLink(inside.resolve("link"), Path.of("inside-link"));
            }
            Files.writeString(outside.resolve("secret.txt"), "SECRET" + "x".repeat(4321 - 6));
            Files.copy(bin.resolve("exit3"), outside.resolve("prog"));
            Files.createSymbolicLink(outside.resolve("link"), Path.of("OUTSIDE-LINK"));
            Files.createDirectories(outside.resolve("subdir"));
            Files.writeString(outside.resolve("OUTSIDE_MARKER"), "");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(outside.resolve("srv.sock")));   // stays as a file; a connect finds no listener
            }
            Files.writeString(ro.resolve("file"), "read-only\n");
            new ProcessBuilder("mkfifo", cwd.resolve("hostfifo").toString()).start().waitFor();
            Files.createSymbolicLink(cwd.resolve("devlink"), Path.of("/dev/sda"));
            return new Layout(base, cwd, outside, ro, bin.resolve("escape"));
        }

        Run run(String... args) throws Exception {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            List<String> argv = new ArrayList<>(List.of("escape"));
            argv.addAll(Arrays.asList(args));
            try (Engine engine = new Engine(new RunOptions(program, cwd, CwdMount.READ_WRITE, GuestLimits.defaults(), argv,
                    List.of("PWD=" + cwd), null, List.of(new MountSpec(ro, "/ro", false)), null, DispatchMode.AUTO, null, false, 1,
                    new ByteArrayInputStream(new byte[0]), stdout, stderr, false, null))) {
                int status = engine.run();
                return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
            }
        }

        /** Runs race-OP while this thread swaps ./d for a symlink to outside (absolute and relative in turn). */
        String race(String op, long seconds) throws Exception {
            Map<String, String> before = snapshot(outside);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong swaps = new AtomicLong();
            Thread swapper = new Thread(() -> {
                Path d = cwd.resolve("d");
                Path real = cwd.resolve("d.real");
                Path[] targets = {outside, Path.of("../outside")};
                while (!done.get()) {
                    try {
                        Files.move(d, real);
                        Files.createSymbolicLink(d, targets[(int) (swaps.get() & 1)]);
                        Files.delete(d);
                        Files.move(real, d);
                        swaps.incrementAndGet();
                    } catch (IOException e) {
                        // the guest moved something meanwhile: try again
                    }
                    LockSupport.parkNanos(20_000);   // leave the guest most of the two cores
                }
            }, "swapper-" + op);
            swapper.start();
            ExecutorService guest = Executors.newSingleThreadExecutor();
            try {
                Future<Run> running = guest.submit(() -> run("race-" + op, outside.toString()));
                Thread.sleep(seconds * 1000);
                Files.writeString(cwd.resolve("stop"), "");
                Run run = running.get();
                done.set(true);
                swapper.join();
                assertFalse(run.out.contains("ESCAPE"), op + ": " + run.out);
                assertEquals(0, run.status, op + ": " + run.out + run.err);
                assertEquals(before, snapshot(outside), op + " changed outside");
                assertNoSetIdBits();
                assertNothingNewBeside();
                return run.out.strip() + ", " + swaps.get() + " host swaps";
            } finally {
                done.set(true);
                guest.shutdownNow();
            }
        }

        void assertNoSetIdBits() throws IOException {
            try (Stream<Path> files = Files.walk(cwd)) {
                for (Path file : files.toList()) {
                    if (!Files.isSymbolicLink(file)) {
                        int mode = (int) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                        assertEquals(0, mode & 06000, () -> file + " has a set-id bit: " + Integer.toOctalString(mode));
                    }
                }
            }
        }

        /** The guest can only have written into its working directory: base holds nothing else. */
        void assertNothingNewBeside() throws IOException {
            try (Stream<Path> entries = Files.list(base)) {
                assertEquals(List.of("cwd", "outside", "ro"), entries.map(p -> p.getFileName().toString()).sorted().toList());
            }
            try (Stream<Path> entries = Files.list(ro)) {
                assertEquals(List.of("file"), entries.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    /** Every entry below {@code directory} with its type, size, mode, owner, times and (for small files) content. */
    private static Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.toList()) {
                Map<String, Object> a = Files.readAttributes(file, "unix:mode,size,uid,gid,lastModifiedTime,ino,nlink",
                        LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && (long) a.get("size") < 8192
                        ? Files.readString(file) : Files.isSymbolicLink(file) ? Files.readSymbolicLink(file).toString() : "";
                entries.put(directory.relativize(file).toString(), a.get("mode") + " " + a.get("size") + " " + a.get("uid") + ":"
                        + a.get("gid") + " " + a.get("lastModifiedTime") + " " + a.get("ino") + " " + a.get("nlink") + " " + content);
            }
        }
        return entries;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        }
    }
}
