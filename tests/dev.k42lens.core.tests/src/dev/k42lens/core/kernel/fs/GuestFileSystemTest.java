package dev.k42lens.core.kernel.fs;

import static dev.k42lens.core.kernel.fs.SandboxTree.assertHostFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;

/** Layout, read-only and read-write rules, and the semantics of the calls that change the tree. */
class GuestFileSystemTest {
    private static final int RDONLY = OpenFlags.O_RDONLY;
    private static final int CREATE = OpenFlags.O_CREAT | OpenFlags.O_WRONLY;

    @TempDir
    Path temp;
    SandboxTree tree;
    GuestFileSystem fs;
    final PathBase atRoot = PathBase.of("/");
    final PathBase rw = PathBase.of("/rw");

    @BeforeEach
    void setUp() throws IOException {
        tree = new SandboxTree(temp);
        fs = new GuestFileSystem(tree.config().build());
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
        tree.removeOutwardLinks();
    }

    private static String read(OpenFile open) throws IOException {
        try (var channel = ((OpenFile.HostChannel) open).channel()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            channel.read(buffer, 0);
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }

    private static void close(FsResult<OpenFile> open) throws IOException {
        if (open.value() instanceof OpenFile.HostChannel channel) {
            channel.channel().close();
        }
    }

    private List<String> names(String path) {
        return fs.list(fs.resolve(atRoot, path, true).value()).value().stream().map(DirEntry::name).toList();
    }

    // ---- layout --------------------------------------------------------------------------------

    @Test
    void theRootIsReadOnly() throws IOException {
        assertEquals(SandboxTree.ROOT_PASSWD, read(fs.open(atRoot, "/etc/passwd", RDONLY, 0).value()));
        assertEquals(FsErrno.EROFS, fs.open(atRoot, "/etc/passwd", OpenFlags.O_RDWR, 0).errno());
        assertEquals(FsErrno.EROFS, fs.open(atRoot, "/etc/passwd", RDONLY | OpenFlags.O_TRUNC, 0).errno());
        assertEquals(FsErrno.EROFS, fs.open(atRoot, "/etc/new", CREATE, 0644).errno());
        assertEquals(FsErrno.EROFS, fs.mkdir(atRoot, "/etc/d", 0755));
        assertEquals(FsErrno.EROFS, fs.unlink(atRoot, "/etc/passwd"));
        assertEquals(FsErrno.EROFS, fs.unlink(atRoot, "/etc/missing"));
        assertEquals(FsErrno.EROFS, fs.symlink("x", atRoot, "/etc/l"));
        assertEquals(FsErrno.EROFS, fs.chmod(fs.resolve(atRoot, "/etc/passwd", true).value(), 0600));
        assertEquals(FsErrno.EROFS, fs.access(fs.resolve(atRoot, "/etc/passwd", true).value(), GuestFileSystem.W_OK));
        assertEquals(0, fs.access(fs.resolve(atRoot, "/etc/passwd", true).value(), GuestFileSystem.R_OK));
        assertEquals(FsErrno.EEXIST, fs.mkdir(atRoot, "/etc", 0755));   // EEXIST wins over EROFS, as in Linux
        assertEquals(SandboxTree.ROOT_PASSWD, Files.readString(tree.root.resolve("etc/passwd")));
    }

    @Test
    void aWritableRootIsAMountAtSlash() throws IOException {
        try (GuestFileSystem writableRoot = new GuestFileSystem(
                FsConfig.builder().mount(new MountSpec(tree.root, "/", true)).hostCwd(tree.cwd).tmpParent(tree.top).build())) {
            assertEquals(0, writableRoot.mkdir(atRoot, "/newdir", 0755));
            assertTrue(Files.isDirectory(tree.root.resolve("newdir")));
        }
    }

    @Test
    void mountsAreReadOnlyUnlessRw() throws IOException {
        assertEquals("data file\n", read(fs.open(atRoot, "/data/file", RDONLY, 0).value()));
        assertEquals(FsErrno.EROFS, fs.open(atRoot, "/data/file", OpenFlags.O_WRONLY, 0).errno());
        assertEquals(FsErrno.EROFS, fs.rename(atRoot, "/data/file", atRoot, "/data/moved", 0));
        FsResult<OpenFile> created = fs.open(rw, "made", CREATE, 0640);
        assertTrue(created.isOk(), created::toString);
        close(created);
        assertEquals(0640, (int) Files.getAttribute(tree.rw.resolve("made"), "unix:mode") & 07777);
    }

    @Test
    void mountSpecsParse() {
        assertEquals(new MountSpec(Path.of("/h"), "/g", false), MountSpec.parse("/h:/g"));
        assertEquals(new MountSpec(Path.of("/h"), "/g", true), MountSpec.parse("/h:/g/:rw"));
        assertEquals(new MountSpec(Path.of("/h"), "/g", false), MountSpec.parse("/h:/g:ro"));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("/h:g"));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("/h:/g:rx"));
    }

    @Test
    void withoutARootTheGuestRootIsEmptyButForMounts() throws IOException {
        try (GuestFileSystem bare = new GuestFileSystem(FsConfig.builder().hostCwd(tree.cwd).tmpParent(tree.top).build())) {
            FsNode root = bare.resolve(atRoot, "/", true).value();
            assertTrue(root instanceof SyntheticDir);
            String first = GuestPaths.components(tree.cwd.toString()).get(0);
            List<String> expected = new java.util.ArrayList<>(List.of("dev", "proc", "tmp"));
            if (!expected.contains(first)) {
                expected.add(first);
            }
            expected.sort(null);
            List<String> listed = bare.list(root).value().stream().map(DirEntry::name).toList();
            assertEquals(List.of(".", ".."), listed.subList(0, 2));
            assertEquals(expected, listed.subList(2, listed.size()));
            assertEquals(FsErrno.ENOENT, bare.resolve(atRoot, "/etc/passwd", true).errno());
            assertEquals(FsErrno.EROFS, bare.mkdir(atRoot, "/etc", 0755));
            assertEquals(FsErrno.EEXIST, bare.mkdir(atRoot, "/proc", 0755));
        }
    }

    @Test
    void theWorkingDirectoryIsMountedWritableAtItsOwnPath() throws IOException {
        assertEquals(tree.cwd.toString(), fs.initialCwd());
        PathBase cwd = PathBase.of(fs.initialCwd());
        assertEquals("input\n", read(fs.open(cwd, "input.txt", RDONLY, 0).value()));
        close(fs.open(cwd, "output.txt", CREATE, 0644));
        assertTrue(Files.exists(tree.cwd.resolve("output.txt")));
        assertTrue(fs.resolve(atRoot, tree.cwd.getParent().toString(), true).value() instanceof SyntheticDir);
        try (GuestFileSystem unshared = new GuestFileSystem(tree.config().cwdMount(CwdMount.NONE).build())) {
            assertEquals("/", unshared.initialCwd());
            assertEquals(FsErrno.ENOENT, unshared.resolve(atRoot, tree.cwd.toString(), true).errno());
        }
    }

    /** The default: the guest reads the working directory and changes nothing in it. */
    @Test
    void theWorkingDirectoryIsReadOnlyUnlessAskedFor() throws IOException {
        try (GuestFileSystem readOnly = new GuestFileSystem(tree.config().cwdMount(CwdMount.DEFAULT).build())) {
            PathBase cwd = PathBase.of(readOnly.initialCwd());
            assertEquals(tree.cwd.toString(), readOnly.initialCwd());
            assertEquals("input\n", read(readOnly.open(cwd, "input.txt", RDONLY, 0).value()));
            assertEquals(FsErrno.EROFS, readOnly.open(cwd, "output.txt", CREATE, 0644).errno());
            assertEquals(FsErrno.EROFS, readOnly.open(cwd, "input.txt", OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0).errno());
            assertEquals(FsErrno.EROFS, readOnly.mkdir(cwd, "d", 0755));
            assertEquals(FsErrno.EROFS, readOnly.unlink(cwd, "input.txt"));
            assertEquals(FsErrno.EROFS, readOnly.chmod(readOnly.resolve(cwd, "input.txt", true).value(), 0777));
            assertFalse(Files.exists(tree.cwd.resolve("output.txt")));
        }
        assertEquals(CwdMount.READ_ONLY, CwdMount.DEFAULT);
        assertEquals(CwdMount.NONE, CwdMount.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> CwdMount.parse("yes"));
    }

    /** chmod and a created file's mode keep every bit but set-user-ID and set-group-ID off the host. */
    @Test
    void noSetIdBitsReachTheHost() throws IOException {
        close(fs.open(rw, "tool", CREATE, 06755));
        assertEquals(0755, (int) Files.getAttribute(tree.rw.resolve("tool"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        assertEquals(0, fs.chmod(fs.resolve(rw, "tool", true).value(), 07777));
        assertEquals(01777, (int) Files.getAttribute(tree.rw.resolve("tool"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        assertEquals(0, fs.mkdir(rw, "shared", 02775));
        assertEquals(0775, (int) Files.getAttribute(tree.rw.resolve("shared"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    @Test
    void tmpIsPrivateWritableAndDeletedAtClose() throws IOException {
        close(fs.open(atRoot, "/tmp/scratch", CREATE, 0600));
        Path hostTmp = fs.tmpDirectory();
        assertTrue(Files.exists(hostTmp.resolve("scratch")));
        // the guest may lock a directory and leave a link to the host: neither stops nor misleads the clean-up
        assertEquals(0, fs.mkdir(atRoot, "/tmp/locked", 0));
        assertEquals(0, fs.symlink(tree.outside.toString(), atRoot, "/tmp/to-outside"));
        try (GuestFileSystem other = new GuestFileSystem(tree.config().build())) {
            assertNotEquals(hostTmp, other.tmpDirectory());
            assertEquals(FsErrno.ENOENT, other.resolve(atRoot, "/tmp/scratch", true).errno());
        }
        fs.close();
        assertFalse(Files.exists(hostTmp));
        assertTrue(Files.exists(tree.secret));

        try (GuestFileSystem kept = new GuestFileSystem(tree.config().keepTmp(true).build())) {
            hostTmp = kept.tmpDirectory();
        }
        assertTrue(Files.isDirectory(hostTmp));
    }

    @Test
    void theProgramAppearsWhereAMountShowsItOrAtItsOwnPath() throws IOException {
        try (GuestFileSystem inRoot = new GuestFileSystem(tree.config().program(tree.root.resolve("bin/hello")).build())) {
            assertEquals("/bin/hello", inRoot.programGuestPath());
        }
        try (GuestFileSystem inCwd = new GuestFileSystem(tree.config().program(tree.cwd.resolve("input.txt")).build())) {
            assertEquals(tree.cwd.resolve("input.txt").toString(), inCwd.programGuestPath());
        }
        Path programs = Files.createDirectories(tree.top.resolve("programs"));
        Path program = Files.writeString(programs.resolve("tool"), "ELF");
        Files.writeString(programs.resolve("sibling"), "private");
        try (GuestFileSystem outside = new GuestFileSystem(tree.config().program(program).build())) {
            assertEquals(program.toString(), outside.programGuestPath());
            assertHostFile(outside.resolve(atRoot, program.toString(), true), program);
            assertEquals(FsErrno.ENOENT, outside.resolve(atRoot, programs.resolve("sibling").toString(), true).errno());
            assertEquals(List.of(".", "..", "tool"), outside.list(outside.resolve(atRoot, programs.toString(), true).value())
                    .value().stream().map(DirEntry::name).toList());
            assertEquals(FsErrno.EROFS, outside.open(atRoot, program.toString(), OpenFlags.O_WRONLY, 0).errno());
            assertEquals(FsErrno.EROFS, outside.unlink(atRoot, program.toString()));
        }
        assertNull(fs.programGuestPath());
    }

    // ---- open ----------------------------------------------------------------------------------

    @Test
    void openFollowsLinuxRules() throws IOException {
        Files.writeString(tree.rw.resolve("f"), "0123456789");
        Files.createSymbolicLink(tree.rw.resolve("lf"), Path.of("f"));
        Files.createSymbolicLink(tree.rw.resolve("dangling"), Path.of("target"));
        Files.createDirectory(tree.rw.resolve("d"));
        assertEquals(FsErrno.EEXIST, fs.open(rw, "f", CREATE | OpenFlags.O_EXCL, 0644).errno());
        assertEquals(FsErrno.EEXIST, fs.open(rw, "dangling", CREATE | OpenFlags.O_EXCL, 0644).errno());
        assertEquals(FsErrno.ENOTDIR, fs.open(rw, "f", RDONLY | OpenFlags.O_DIRECTORY, 0).errno());
        assertEquals(FsErrno.ENOTDIR, fs.open(rw, "f/", RDONLY, 0).errno());
        assertEquals(FsErrno.ELOOP, fs.open(rw, "lf", RDONLY | OpenFlags.O_NOFOLLOW, 0).errno());
        assertEquals(FsErrno.EISDIR, fs.open(rw, "d", OpenFlags.O_WRONLY, 0).errno());
        assertEquals(FsErrno.EISDIR, fs.open(rw, "d", OpenFlags.O_CREAT | OpenFlags.O_RDONLY, 0).errno());
        assertEquals(FsErrno.EISDIR, fs.open(rw, "new/", CREATE, 0644).errno());
        assertEquals(FsErrno.EINVAL, fs.open(rw, "d", OpenFlags.O_CREAT | OpenFlags.O_DIRECTORY, 0).errno());
        assertEquals(FsErrno.EINVAL, fs.open(rw, "f", OpenFlags.O_ACCMODE, 0).errno());
        assertEquals(FsErrno.ENOENT, fs.open(rw, "missing/x", CREATE, 0644).errno());
        assertTrue(fs.open(rw, "d", RDONLY, 0).value() instanceof OpenFile.Directory);
        assertTrue(fs.open(rw, "lf", OpenFlags.O_PATH | OpenFlags.O_NOFOLLOW, 0).value().node().isSymlink());

        FsResult<OpenFile> appending = fs.open(rw, "lf", OpenFlags.O_RDWR | OpenFlags.O_APPEND, 0);
        assertTrue(((OpenFile.HostChannel) appending.value()).append());
        close(appending);
        close(fs.open(rw, "lf", RDONLY | OpenFlags.O_TRUNC, 0));   // Linux truncates even when opened read-only
        assertEquals(0, Files.size(tree.rw.resolve("f")));

        close(fs.open(rw, "dangling", CREATE, 0600));   // O_CREAT creates a dangling link's target
        assertTrue(Files.isRegularFile(tree.rw.resolve("target"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aCreatorKeepsTheAccessItAskedForWhateverTheMode() throws IOException {
        FsResult<OpenFile> open = fs.open(rw, "readonly", OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0444);
        try (var channel = ((OpenFile.HostChannel) open.value()).channel()) {
            channel.write(ByteBuffer.wrap("written".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("written", Files.readString(tree.rw.resolve("readonly")));
        assertEquals(0444, (int) Files.getAttribute(tree.rw.resolve("readonly"), "unix:mode") & 07777);
    }

    @Test
    void hostSpecialFilesCannotBeOpened() throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", tree.rw.resolve("fifo").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo unavailable");
        assertEquals(FsErrno.EACCES, fs.open(rw, "fifo", RDONLY | OpenFlags.O_NONBLOCK, 0).errno());
    }

    // ---- changing the tree ---------------------------------------------------------------------

    @Test
    void mkdirUnlinkAndRmdir() throws IOException {
        assertEquals(0, fs.mkdir(rw, "a/", 0750));
        assertEquals(0750, (int) Files.getAttribute(tree.rw.resolve("a"), "unix:mode") & 07777);
        assertEquals(FsErrno.EEXIST, fs.mkdir(rw, "a", 0755));
        assertEquals(FsErrno.EEXIST, fs.mkdir(rw, ".", 0755));
        assertEquals(FsErrno.ENOENT, fs.mkdir(rw, "x/y", 0755));
        close(fs.open(rw, "a/f", CREATE, 0644));
        assertEquals(FsErrno.ENOTDIR, fs.mkdir(rw, "a/f/g", 0755));
        assertEquals(FsErrno.ENOTEMPTY, fs.rmdir(rw, "a"));
        assertEquals(FsErrno.EISDIR, fs.unlink(rw, "a"));
        assertEquals(FsErrno.ENOTDIR, fs.unlink(rw, "a/f/"));
        assertEquals(FsErrno.ENOTDIR, fs.rmdir(rw, "a/f"));
        assertEquals(FsErrno.EINVAL, fs.rmdir(rw, "a/."));
        assertEquals(FsErrno.ENOTEMPTY, fs.rmdir(rw, "a/.."));
        assertEquals(FsErrno.EISDIR, fs.unlink(rw, "."));
        assertEquals(0, fs.unlink(rw, "a/f"));
        assertEquals(FsErrno.ENOENT, fs.unlink(rw, "a/f"));
        assertEquals(0, fs.rmdir(rw, "a"));
        assertFalse(Files.exists(tree.rw.resolve("a")));
    }

    @Test
    void mountPointsAndTheirWayAreBusy() throws IOException {
        Path inner = Files.createDirectories(tree.top.resolve("inner"));
        try (GuestFileSystem nested = new GuestFileSystem(tree.config().mount(new MountSpec(inner, "/rw/inner", true))
                .mount(new MountSpec(inner, "/rw/x/deeper", true)).build())) {
            assertEquals(FsErrno.EBUSY, nested.rename(rw, "inner", rw, "moved", 0));
            assertEquals(FsErrno.EBUSY, nested.rmdir(rw, "inner"));
            assertEquals(FsErrno.EBUSY, nested.rename(rw, "x", rw, "y", 0));
            assertEquals(FsErrno.EBUSY, nested.rmdir(rw, "x"));
            assertEquals(FsErrno.EEXIST, nested.mkdir(rw, "x", 0755));
            assertEquals(FsErrno.EROFS, nested.rmdir(rw, "x/deeper"));   // its parent is synthetic
            assertTrue(nested.resolve(rw, "x", true).value() instanceof SyntheticDir);
        }
    }

    @Test
    void renameFollowsLinuxRules() throws IOException {
        Files.writeString(tree.rw.resolve("f"), "f");
        Files.writeString(tree.rw.resolve("g"), "g");
        Files.createDirectories(tree.rw.resolve("d/sub"));
        Files.createDirectories(tree.rw.resolve("empty"));
        assertEquals(FsErrno.EEXIST, fs.rename(rw, "f", rw, "g", GuestFileSystem.RENAME_NOREPLACE));
        assertEquals(FsErrno.EINVAL, fs.rename(rw, "f", rw, "g", 2));
        assertEquals(FsErrno.EISDIR, fs.rename(rw, "f", rw, "d", 0));
        assertEquals(FsErrno.ENOTDIR, fs.rename(rw, "d", rw, "f", 0));
        assertEquals(FsErrno.ENOTEMPTY, fs.rename(rw, "empty", rw, "d", 0));
        assertEquals(FsErrno.EINVAL, fs.rename(rw, "d", rw, "d/sub/d", 0));
        assertEquals(FsErrno.ENOTDIR, fs.rename(rw, "f/", rw, "h", 0));
        assertEquals(FsErrno.EBUSY, fs.rename(rw, ".", rw, "h", 0));
        assertEquals(FsErrno.ENOENT, fs.rename(rw, "missing", rw, "h", 0));
        assertEquals(FsErrno.EXDEV, fs.rename(rw, "f", atRoot, "/tmp/f", 0));
        assertEquals(0, fs.rename(rw, "f", rw, "g", 0));
        assertEquals("f", Files.readString(tree.rw.resolve("g")));
        assertEquals(0, fs.rename(rw, "d", rw, "empty", 0));
        assertTrue(Files.isDirectory(tree.rw.resolve("empty/sub")));
        assertEquals(0, fs.rename(rw, "g", rw, "g", 0));
    }

    @Test
    void symlinksStoreTheirTargetAndLinksStayOnOneMount() throws IOException {
        assertEquals(0, fs.symlink("../some/where", rw, "l"));
        assertEquals("../some/where", fs.readlink(rw, "l").value());
        assertEquals("../some/where", Files.readSymbolicLink(tree.rw.resolve("l")).toString());
        assertEquals(FsErrno.EEXIST, fs.symlink("x", rw, "l"));
        assertEquals(FsErrno.ENOENT, fs.symlink("", rw, "empty"));
        assertEquals(FsErrno.EINVAL, fs.readlink(atRoot, "/etc/passwd").errno());

        Files.writeString(tree.rw.resolve("f"), "f");
        assertEquals(0, fs.link(rw, "f", rw, "f2", false));
        assertTrue(Files.isSameFile(tree.rw.resolve("f"), tree.rw.resolve("f2")));
        assertEquals(0, fs.link(rw, "l", rw, "l2", false));   // a hard link to the symlink itself
        assertTrue(Files.isSymbolicLink(tree.rw.resolve("l2")));
        assertEquals(FsErrno.EEXIST, fs.link(rw, "f", rw, "f2", false));
        assertEquals(FsErrno.EXDEV, fs.link(atRoot, "/data/file", rw, "stolen", false));
        assertEquals(FsErrno.EXDEV, fs.link(PathBase.cwdOf(new SandboxTree.FakeProcess("/")), "/proc/self", rw, "p", false));
        assertEquals(0, fs.mkdir(rw, "dir", 0755));
        assertEquals(FsErrno.EPERM, fs.link(rw, "dir", rw, "dir2", false));
    }

    @Test
    void statAndTimes() throws IOException {
        Path file = Files.writeString(tree.rw.resolve("f"), "12345");
        FsNode node = fs.resolve(rw, "f", true).value();
        FileTime mtime = FileTime.from(java.time.Instant.ofEpochSecond(1_600_000_000L, 250));
        assertEquals(0, fs.setTimes(node, null, mtime));
        FileStat stat = fs.stat(node).value();
        assertEquals(5, stat.size());
        assertEquals(1_600_000_000L, stat.mtimeSeconds());
        assertEquals(250, stat.mtimeNanos());
        assertEquals(Files.getAttribute(file, "unix:ino"), stat.ino());
        assertEquals(FileStat.S_IFREG, stat.mode() & FileStat.S_IFMT);
        FileStat link = fs.stat(fs.resolve(atRoot, "/etc-link", false).value()).value();
        assertEquals(FileStat.S_IFLNK, link.mode() & FileStat.S_IFMT);
        assertEquals(3, link.size());
        assertEquals(0, fs.chmod(node, 0604));
        assertEquals(0604, fs.stat(fs.resolve(rw, "f", true).value()).value().mode() & 07777);
    }

    @Test
    void listingsIncludeDotsMountsAndSortedNames() throws IOException {
        List<String> root = names("/");
        assertEquals(List.of(".", ".."), root.subList(0, 2));
        for (String expected : new String[] { "bin", "data", "dev", "etc", "proc", "rw", "tmp", "escape-abs" }) {
            assertTrue(root.contains(expected), expected + " in " + root);
        }
        List<String> rest = root.subList(2, root.size());
        assertEquals(rest.stream().sorted().toList(), rest);
        FsNode etc = fs.resolve(atRoot, "/etc", true).value();
        List<DirEntry> entries = fs.list(etc).value();
        assertEquals(etc.ino(), entries.get(0).ino());
        assertEquals(fs.resolve(atRoot, "/", true).value().ino(), entries.get(1).ino());
        assertEquals(new DirEntry("passwd", (long) Files.getAttribute(tree.root.resolve("etc/passwd"), "unix:ino"), DirEntry.DT_REG),
                entries.get(2));
        assertEquals(FsErrno.ENOTDIR, fs.list(fs.resolve(atRoot, "/etc/passwd", true).value()).errno());
        assertEquals(DirEntry.DT_LNK, fs.list(fs.resolve(atRoot, "/", true).value()).value().stream()
                .filter(e -> e.name().equals("etc-link")).findFirst().orElseThrow().type());
    }

    @Test
    void relativePathsStartAtTheBaseDirectory() {
        assertHostFile(fs.resolve(PathBase.of("/etc"), "passwd", true), tree.root.resolve("etc/passwd"));
        assertHostFile(fs.resolve("passwd", "/etc", true), tree.root.resolve("etc/passwd"));
        assertEquals(FsErrno.ENOTDIR, fs.resolve(PathBase.of("/etc/passwd"), "x", true).errno());
        assertEquals(FsErrno.ENOENT, fs.resolve(PathBase.of("/gone"), "x", true).errno());
        assertEquals(FsErrno.ENOENT, fs.resolve(atRoot, "", true).errno());
        assertThrows(IllegalArgumentException.class, () -> PathBase.of("relative"));
        assertEquals("/", fs.resolve(atRoot, "/", true).value().guestPath());
        assertTrue(fs.resolve(atRoot, "/etc/", true).value() instanceof HostFile);
    }
}
