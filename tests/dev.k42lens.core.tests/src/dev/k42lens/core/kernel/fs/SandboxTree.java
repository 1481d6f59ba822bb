package dev.k42lens.core.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;

/**
 * A host tree with a root, a read-only and a read-write mount, a working directory and, beside
 * them, a secret file that the guest must never reach; plus a fake process for /proc.
 */
final class SandboxTree {
    static final String ROOT_PASSWD = "guest passwd\n";
    static final String SECRET = "host secret\n";

    final Path top;
    final Path root;
    final Path data;
    final Path rw;
    final Path cwd;
    final Path outside;
    final Path secret;

    SandboxTree(Path temp) throws IOException {
        top = temp.toRealPath();
        root = Files.createDirectories(top.resolve("root"));
        data = Files.createDirectories(top.resolve("data"));
        rw = Files.createDirectories(top.resolve("rw"));
        cwd = Files.createDirectories(top.resolve("work/project"));
        outside = Files.createDirectories(top.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret"), SECRET);

        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), ROOT_PASSWD);
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/hello"), "ELF");
        Files.createSymbolicLink(root.resolve("escape-abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("escape-rel"), Path.of("../../../../../../../../../etc/passwd"));
        Files.createSymbolicLink(root.resolve("escape-host"), secret);
        Files.createSymbolicLink(root.resolve("escape-host-dir"), outside);
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("etc"));

        Files.writeString(data.resolve("file"), "data file\n");
        Files.createSymbolicLink(data.resolve("out-rel"), Path.of("../outside/secret"));
        Files.createSymbolicLink(data.resolve("out-abs"), secret);
        Files.createSymbolicLink(data.resolve("up"), Path.of("../../../.."));

        Files.writeString(cwd.resolve("input.txt"), "input\n");
    }

    /** Removes the links that point out of the temporary directory, which JUnit warns about when it cleans up. */
    void removeOutwardLinks() throws IOException {
        for (String link : new String[] { "root/escape-abs", "root/escape-rel", "data/up" }) {
            Files.deleteIfExists(top.resolve(link));
        }
    }

    FsConfig.Builder config() {
        return FsConfig.builder().root(root).mount(new MountSpec(data, "/data", false)).mount(new MountSpec(rw, "/rw", true))
                .hostCwd(cwd).cwdMount(CwdMount.READ_WRITE).tmpParent(top);
    }

    /** The host trees a guest may legitimately reach through this file system. */
    static List<Path> allowedTrees(GuestFileSystem fs) {
        List<Path> allowed = new ArrayList<>();
        for (Mount mount : fs.mounts()) {
            if (!mount.isVirtual()) {
                allowed.add(mount.hostPath());
            }
        }
        return allowed;
    }

    /**
     * Fails unless the node is a host file inside one of the allowed trees, judged by real host
     * paths (a symlink node by its real parent) so that no host symlink can hide an escape.
     */
    static void assertInside(GuestFileSystem fs, FsNode node, List<Path> extraAllowed) {
        if (!(node instanceof HostFile host)) {
            return;
        }
        try {
            Path path = host.hostPath();
            Path real = Files.isSymbolicLink(path) ? path.getParent().toRealPath().resolve(path.getFileName())
                    : path.toRealPath(LinkOption.NOFOLLOW_LINKS);
            List<Path> allowed = new ArrayList<>(allowedTrees(fs));
            allowed.addAll(extraAllowed);
            for (Path tree : allowed) {
                if (real.startsWith(tree.toRealPath())) {
                    boolean regular = Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS);
                    assertFalse(regular && Files.readString(real, StandardCharsets.ISO_8859_1).equals(SECRET),
                            "reached the secret at " + real);
                    return;
                }
            }
            fail(node.guestPath() + " resolved to " + real + ", outside " + allowed);
        } catch (IOException e) {
            fail(e);
        }
    }

    static void assertHostFile(FsResult<FsNode> result, Path expected) {
        assertTrue(result.isOk(), () -> "expected " + expected + " but got " + result);
        assertTrue(result.value() instanceof HostFile, () -> "not a host file: " + result.value());
        try {
            assertTrue(Files.isSameFile(((HostFile) result.value()).hostPath(), expected),
                    () -> ((HostFile) result.value()).hostPath() + " is not " + expected);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** A process for /proc: pid 42, running /bin/hello, with stdio on a pipe and fd 3 open on a file. */
    record FakeProcess(String cwd) implements ProcSource {
        @Override
        public int pid() {
            return 42;
        }

        @Override
        public String exePath() {
            return "/bin/hello";
        }

        @Override
        public byte[] cmdline() {
            return "hello\0world\0".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String maps() {
            return "10000000-10001000 r-xp 00000000 00:00 0 /bin/hello\n";
        }

        @Override
        public String stat() {
            return "42 (hello) R 1 42 42 0 -1\n";
        }

        @Override
        public SortedMap<Integer, String> openFds() {
            SortedMap<Integer, String> fds = new TreeMap<>();
            fds.put(0, "pipe:[7]");
            fds.put(1, "pipe:[8]");
            fds.put(2, "pipe:[8]");
            fds.put(3, "/etc/passwd");
            return fds;
        }
    }
}
