package dev.k42lens.core.kernel.fs;

import static dev.k42lens.core.kernel.fs.SandboxTree.assertHostFile;
import static dev.k42lens.core.kernel.fs.SandboxTree.assertInside;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;

/** Every way out we could think of ends inside the guest's trees, or fails. */
class SandboxEscapeTest {
    @TempDir
    Path temp;
    SandboxTree tree;
    GuestFileSystem fs;
    PathBase atRoot;
    PathBase inProcess;

    @BeforeEach
    void setUp() throws IOException {
        tree = new SandboxTree(temp);
        fs = new GuestFileSystem(tree.config().build());
        atRoot = PathBase.of("/");
        inProcess = PathBase.cwdOf(new SandboxTree.FakeProcess("/"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
        tree.removeOutwardLinks();
    }

    @ParameterizedTest
    @ValueSource(strings = { "../../etc/passwd", "/../../../etc/passwd", "/etc/../../../../etc/passwd", "escape-abs",
            "escape-rel", "/escape-rel", "etc-link/../etc/passwd", "/data/up/etc/passwd", "/data/../etc/passwd",
            "/tmp/../../etc/passwd", "/proc/self/root/../etc/passwd", "/proc/self/root/../../../etc/passwd",
            "/proc/self/cwd/../../../../etc/passwd", "/proc/self/fd/3", "/proc/42/root/etc/passwd", "/dev/../etc/passwd",
            "/dev/fd/../../../../etc/passwd" })
    void escapesLandOnTheGuestsOwnPasswd(String path) {
        FsResult<FsNode> result = fs.resolve(inProcess, path, true);
        assertHostFile(result, tree.root.resolve("etc/passwd"));
    }

    @Test
    void dotDotAtTheGuestRootStaysThere() {
        for (String path : new String[] { "/..", "/../..", "..", "/proc/self/root/..", "/proc/self/cwd/../../..", "/data/up" }) {
            FsResult<FsNode> result = fs.resolve(inProcess, path, true);
            assertHostFile(result, tree.root);
            assertEquals("/", result.value().guestPath(), path);
        }
    }

    @Test
    void hostAbsoluteSymlinksAreGuestPathsThatDoNotExist() {
        // the targets are the host's paths to the secret; in the guest those paths lead nowhere
        for (String path : new String[] { "/escape-host", "/escape-host-dir/secret", "/data/out-abs", "/data/out-rel" }) {
            assertEquals(FsErrno.ENOENT, fs.resolve(atRoot, path, true).errno(), path);
        }
        assertEquals(tree.secret.toString(), fs.readlink(atRoot, "/data/out-abs").value());
    }

    @Test
    void theHostPathOfTheSecretIsNotAGuestPath() {
        assertEquals(FsErrno.ENOENT, fs.resolve(atRoot, tree.secret.toString(), true).errno());
        // the synthetic directories on the way to the cwd mount show only that way
        FsResult<FsNode> top = fs.resolve(atRoot, tree.top.toString(), true);
        assertTrue(top.value() instanceof SyntheticDir);
        List<String> names = fs.list(top.value()).value().stream().map(DirEntry::name).toList();
        assertEquals(List.of(".", "..", "work"), names);
    }

    @Test
    void symlinkLoopsFailWithEloop() {
        assertEquals(FsErrno.ELOOP, fs.resolve(atRoot, "/loop1", true).errno());
        assertEquals(FsErrno.ELOOP, fs.resolve(atRoot, "/loop1/x", false).errno());
        assertTrue(fs.resolve(atRoot, "/loop1", false).value().isSymlink());
    }

    @Test
    void fortyLinksResolveAndFortyOneDoNot() {
        PathBase rw = PathBase.of("/rw");
        assertEquals(0, fs.symlink("/etc/passwd", rw, "link41"));
        for (int i = 40; i >= 1; i--) {
            assertEquals(0, fs.symlink("link" + (i + 1), rw, "link" + i));
        }
        assertHostFile(fs.resolve(rw, "link2", true), tree.root.resolve("etc/passwd"));   // 40 links
        assertEquals(FsErrno.ELOOP, fs.resolve(rw, "link1", true).errno());   // 41 links
    }

    @Test
    void overlongNamesAndPathsFail() {
        assertEquals(FsErrno.ENOENT, fs.resolve(atRoot, "/rw/" + "n".repeat(255), true).errno());
        assertEquals(FsErrno.ENAMETOOLONG, fs.resolve(atRoot, "/rw/" + "n".repeat(256), true).errno());
        assertEquals(FsErrno.ENAMETOOLONG, fs.mkdir(atRoot, "/rw/" + "é".repeat(128), 0755));   // 256 bytes
        String longPath = "/rw" + "/.".repeat(2046);   // 4095 bytes: fits with its NUL
        assertHostFile(fs.resolve(atRoot, longPath, true), tree.rw);
        assertEquals(FsErrno.ENAMETOOLONG, fs.resolve(atRoot, longPath + "/", true).errno());
    }

    @Test
    void guestMadeSymlinksCannotPointOut() throws IOException {
        PathBase rw = PathBase.of("/rw");
        assertEquals(0, fs.symlink(tree.secret.toString(), rw, "to-secret"));
        assertEquals(0, fs.symlink(tree.outside.resolve("created").toString(), rw, "to-new"));
        assertEquals(0, fs.symlink("../../../../../../../../" + tree.outside, rw, "up-and-out"));
        assertEquals(FsErrno.ENOENT, fs.open(rw, "to-secret", OpenFlags.O_RDONLY, 0).errno());
        assertEquals(FsErrno.ENOENT, fs.open(rw, "to-new", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644).errno());
        assertEquals(FsErrno.ENOENT, fs.open(rw, "up-and-out/secret", OpenFlags.O_RDONLY, 0).errno());
        assertEquals(FsErrno.ENOENT, fs.link(rw, "to-secret", rw, "hard", true));
        assertEquals(FsErrno.ENOENT, fs.rename(rw, "up-and-out/secret", rw, "stolen", 0));
        assertFalse(Files.exists(tree.outside.resolve("created")));
        assertEquals(SandboxTree.SECRET, Files.readString(tree.secret));
    }

    @Test
    void renamingCannotCarryFilesOut() throws IOException {
        PathBase rw = PathBase.of("/rw");
        assertEquals(0, fs.mkdir(rw, "d", 0755));
        assertEquals(FsErrno.EXDEV, fs.rename(rw, "d", atRoot, "/tmp/d", 0));
        assertEquals(FsErrno.EXDEV, fs.rename(rw, "d", atRoot, "/rw/../d", 0));   // that is the root's mount
        assertEquals(0, fs.rename(rw, "d", rw, "../../../rw/e", 0));
        assertTrue(Files.isDirectory(tree.rw.resolve("e")));
    }

    /** Random walks over dot-dots, symlinks and magic links never end outside the allowed trees. */
    @Test
    void randomPathsStayInside() throws IOException {
        PathBase rw = PathBase.of("/rw");
        fs.symlink("../../../..", rw, "up");
        fs.symlink("/proc/self/root/..", rw, "root-up");
        fs.symlink(tree.top.toString(), rw, "host-top");
        fs.mkdir(rw, "sub", 0755);
        fs.symlink("../sub/../up", rw, "sub/back");
        String[] components = { "..", ".", "..", "etc", "passwd", "escape-abs", "escape-rel", "escape-host", "escape-host-dir",
                "etc-link", "data", "up", "out-rel", "out-abs", "rw", "sub", "back", "root-up", "host-top", "proc", "self",
                "root", "cwd", "fd", "3", "tmp", "outside", "secret", "work", "project", "dev", "stdin", "loop1" };
        String[] prefixes = { "", "/", "/rw/", "/data/", "/proc/self/", tree.top + "/", tree.cwd + "/" };
        Random random = new Random(42);
        List<Path> noMore = List.of();
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = 1 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                path.append(components[random.nextInt(components.length)]).append(c + 1 < length ? "/" : "");
            }
            for (boolean follow : new boolean[] { true, false }) {
                FsResult<FsNode> result = fs.resolve(inProcess, path.toString(), follow);
                if (result.isOk()) {
                    found++;
                    assertInside(fs, result.value(), noMore);
                }
            }
        }
        assertTrue(found > 1000, "the walk should find plenty: " + found);
    }

    /**
     * The guest can swap a host directory for a symlink through one mount while another mount,
     * or a descriptor it holds, still names a host path below it; the host must not follow it.
     */
    @Test
    void swappingAHostAncestorForASymlinkLeadsNowhere() throws IOException {
        Path inner = Files.createDirectories(tree.rw.resolve("sub/inner"));
        Files.writeString(inner.resolve("file"), "inner");
        Files.createDirectories(tree.outside.resolve("inner"));
        Files.writeString(tree.outside.resolve("inner/file"), SandboxTree.SECRET);
        Files.writeString(tree.outside.resolve("victim"), "victim");
        try (GuestFileSystem nested = new GuestFileSystem(tree.config().mount(new MountSpec(inner, "/inner", false)).build())) {
            PathBase rw = PathBase.of("/rw");
            assertEquals(0, nested.mkdir(rw, "d", 0755));
            ((OpenFile.HostChannel) nested.open(rw, "d/victim", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644).value()).channel().close();
            FsNode heldDirectory = nested.resolve(rw, "d", true).value();
            FsNode heldFile = nested.resolve(rw, "d/victim", true).value();
            assertHostFile(nested.resolve(atRoot, "/inner/file", true), inner.resolve("file"));

            // swap rw/sub and rw/d for host symlinks to the outside (the text is a host path)
            assertEquals(0, nested.rename(rw, "sub", rw, "sub-moved", 0));
            assertEquals(0, nested.symlink(tree.outside.toString(), rw, "sub"));
            assertEquals(0, nested.rename(rw, "d", rw, "d-moved", 0));
            assertEquals(0, nested.symlink(tree.outside.toString(), rw, "d"));

            // a mount holds its directory, not its path (as a bind mount does): /inner still shows it
            assertEquals("inner", read(nested, "/inner/file"));
            assertEquals(FsErrno.ENOENT, nested.list(heldDirectory).errno());
            assertEquals(FsErrno.ENOENT, nested.stat(heldFile).errno());
            assertEquals(FsErrno.ENOENT, nested.chmod(heldFile, 0));
            assertEquals(FsErrno.ENOENT, nested.setTimes(heldFile, null, FileTime.fromMillis(0)));
            assertEquals(FsErrno.ENOENT, nested.access(heldFile, GuestFileSystem.R_OK));
            assertEquals(0644, (int) Files.getAttribute(tree.outside.resolve("victim"), "unix:mode") & 0777);
        }
    }

    private static String read(GuestFileSystem fs, String path) throws IOException {
        FsResult<OpenFile> opened = fs.open(PathBase.of("/"), path, OpenFlags.O_RDONLY, 0);
        assertTrue(opened.isOk(), () -> path + ": " + FsErrno.name(opened.errno()));
        try (FileChannel channel = ((OpenFile.HostChannel) opened.value()).channel()) {
            ByteBuffer content = ByteBuffer.allocate((int) channel.size());
            channel.read(content);
            return new String(content.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMountsHostSymlinkIsNeverFollowedByTheHost() {
        FsResult<FsNode> link = fs.resolve(atRoot, "/data/out-rel", false);
        assertTrue(link.value() instanceof HostFile host && host.isSymlink());
        assertEquals(FsErrno.ELOOP, fs.open(atRoot, "/data/out-rel", OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW, 0).errno());
        assertEquals(FsErrno.ENOENT, fs.open(atRoot, "/data/out-rel", OpenFlags.O_RDONLY, 0).errno());
    }
}
