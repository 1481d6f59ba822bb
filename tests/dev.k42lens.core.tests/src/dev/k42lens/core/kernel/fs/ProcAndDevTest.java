package dev.k42lens.core.kernel.fs;

import static dev.k42lens.core.kernel.fs.SandboxTree.assertHostFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k42lens.core.kernel.fs.FsNode.DeviceNode;
import dev.k42lens.core.kernel.fs.FsNode.ProcFdLink;
import dev.k42lens.core.kernel.fs.FsNode.VirtualDir;

/** /proc and /dev are made up by the emulator, their content supplied by the calling process. */
class ProcAndDevTest {
    @TempDir
    Path temp;
    SandboxTree tree;
    GuestFileSystem fs;
    PathBase process;

    @BeforeEach
    void setUp() throws IOException {
        tree = new SandboxTree(temp);
        fs = new GuestFileSystem(tree.config().build());
        process = PathBase.cwdOf(new SandboxTree.FakeProcess("/etc"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
        tree.removeOutwardLinks();
    }

    private String readProc(String path) {
        OpenFile open = fs.open(process, path, OpenFlags.O_RDONLY, 0).value();
        return new String(((OpenFile.ProcContent) open).content(), StandardCharsets.UTF_8);
    }

    @Test
    void procSelfIsALinkToThePid() {
        assertEquals("42", fs.readlink(process, "/proc/self").value());
        FsNode self = fs.resolve(process, "/proc/self", true).value();
        assertEquals("/proc/42", self.guestPath());
        assertTrue(self instanceof VirtualDir);
        assertEquals(FsErrno.ENOENT, fs.resolve(PathBase.of("/"), "/proc/self", true).errno());   // no calling process
        assertEquals(FsErrno.ENOENT, fs.resolve(process, "/proc/1", true).errno());   // only one's own pid
    }

    @Test
    void procFilesShowWhatTheProcessSupplies() {
        assertEquals("/bin/hello", fs.readlink(process, "/proc/self/exe").value());
        assertHostFile(fs.resolve(process, "/proc/self/exe", true), tree.root.resolve("bin/hello"));
        assertEquals("/etc", fs.readlink(process, "/proc/self/cwd").value());
        assertEquals("/", fs.readlink(process, "/proc/self/root").value());
        assertEquals("10000000-10001000 r-xp 00000000 00:00 0 /bin/hello\n", readProc("/proc/self/maps"));
        assertEquals("hello\0world\0", readProc("/proc/self/cmdline"));
        assertEquals("42 (hello) R 1 42 42 0 -1\n", readProc("/proc/42/stat"));
        assertEquals("hello\n", readProc("/proc/self/comm"));
        assertEquals(FsErrno.EACCES, fs.open(process, "/proc/self/maps", OpenFlags.O_WRONLY, 0).errno());
        assertEquals(FsErrno.EACCES, fs.open(process, "/proc/self/new", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644).errno());
        FileStat maps = fs.stat(fs.resolve(process, "/proc/self/maps", true).value()).value();
        assertEquals(FileStat.S_IFREG | 0444, maps.mode());
        assertEquals(VirtualTree.PROC_DEV, maps.dev());
    }

    @Test
    void procFdLinksFollowPathsAndStopAtPathlessDescriptors() {
        List<String> fds = fs.list(fs.resolve(process, "/proc/self/fd", true).value()).value().stream().map(DirEntry::name).toList();
        assertEquals(List.of(".", "..", "0", "1", "2", "3"), fds);
        assertHostFile(fs.resolve(process, "/proc/self/fd/3", true), tree.root.resolve("etc/passwd"));
        FsNode stdin = fs.resolve(process, "/dev/stdin", true).value();
        assertTrue(stdin instanceof ProcFdLink link && link.fd() == 0 && link.target().equals("pipe:[7]"));
        assertEquals(FsErrno.ENOTDIR, fs.resolve(process, "/proc/self/fd/0/x", true).errno());
        assertTrue(fs.open(process, "/dev/stdout", OpenFlags.O_WRONLY, 0).value() instanceof OpenFile.FdReopen);
        assertEquals("pipe:[8]", fs.readlink(process, "/proc/self/fd/1").value());
    }

    @Test
    void devHoldsTheCharacterDevices() {
        for (Device device : List.of(Device.NULL, Device.ZERO, Device.FULL, Device.RANDOM, Device.URANDOM)) {
            FsNode node = fs.resolve(process, "/dev/" + device.fileName(), true).value();
            assertEquals(device, ((DeviceNode) node).device());
            assertTrue(fs.open(process, "/dev/" + device.fileName(), OpenFlags.O_RDWR, 0).value() instanceof OpenFile.Device);
        }
        FileStat devNull = fs.stat(fs.resolve(process, "/dev/null", true).value()).value();
        assertEquals(FileStat.S_IFCHR | 0666, devNull.mode());
        assertEquals(1, FileStat.major(devNull.rdev()));
        assertEquals(3, FileStat.minor(devNull.rdev()));
        assertEquals(FsErrno.EACCES, fs.open(process, "/dev/evil", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644).errno());
        assertEquals(FsErrno.EACCES, fs.mkdir(process, "/dev/mqueue", 0777));
        assertEquals(FsErrno.EACCES, fs.unlink(process, "/dev/null"));
    }

    @Test
    void devShmIsAWritableDirectoryOfTheRun() throws IOException {
        assertTrue(fs.list(fs.resolve(process, "/dev", true).value()).value().stream()
                .anyMatch(e -> e.name().equals("shm") && e.type() == DirEntry.DT_DIR));
        OpenFile created = fs.open(process, "/dev/shm/segment", OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0600).value();
        assertTrue(created instanceof OpenFile.HostChannel);
        ((OpenFile.HostChannel) created).channel().close();
        assertEquals(FsErrno.EEXIST, fs.mkdir(process, "/dev/shm", 0777));
        assertEquals(0, fs.unlink(process, "/dev/shm/segment"));
        try (GuestFileSystem other = new GuestFileSystem(tree.config().build())) {
            assertEquals(0, fs.mkdir(process, "/dev/shm/only-here", 0700));
            assertEquals(FsErrno.ENOENT, other.resolve(process, "/dev/shm/only-here", true).errno());
        }
    }

    @Test
    void devTtyAndPtmxAlwaysExistAndPtsListsThePairsInUse() throws IOException {
        for (Device device : List.of(Device.TTY, Device.PTMX)) {
            FsNode node = fs.resolve(process, "/dev/" + device.fileName(), true).value();
            assertEquals(device, ((DeviceNode) node).device());
        }
        assertFalse(fs.hostTerminal());
        try (GuestFileSystem onTty = new GuestFileSystem(tree.config().controllingTty(true).build())) {
            assertTrue(onTty.hostTerminal());
        }
        FsNode pts = fs.resolve(process, "/dev/pts", true).value();
        assertEquals(List.of(".", ".."), fs.list(pts).value().stream().map(DirEntry::name).toList());
        int first = fs.ptyNumbers().allocate();
        int second = fs.ptyNumbers().allocate();
        assertEquals(List.of(0, 1), List.of(first, second));
        fs.ptyNumbers().release(first);
        assertEquals(List.of(".", "..", "1"), fs.list(pts).value().stream().map(DirEntry::name).toList());
        OpenFile slave = fs.open(process, "/dev/pts/1", OpenFlags.O_RDWR, 0).value();
        assertEquals(1, ((OpenFile.Pty) slave).node().number());
        FileStat stat = fs.stat(((OpenFile.Pty) slave).node()).value();
        assertEquals(FileStat.S_IFCHR | 0600, stat.mode());
        assertEquals(136, FileStat.major(stat.rdev()));
        assertEquals(1, FileStat.minor(stat.rdev()));
        assertEquals(FsErrno.ENOENT, fs.resolve(process, "/dev/pts/0", true).errno());
        assertEquals(0, fs.ptyNumbers().allocate(), "the lowest free number comes back first");
    }

    @Test
    void procDirectoriesList() {
        List<String> pid = fs.list(fs.resolve(process, "/proc/self", true).value()).value().stream().map(DirEntry::name).toList();
        assertEquals(List.of(".", "..", "auxv", "cmdline", "comm", "cwd", "environ", "exe", "fd", "maps", "root", "stat", "status"), pid);
        List<String> proc = fs.list(fs.resolve(process, "/proc", true).value()).value().stream().map(DirEntry::name).toList();
        assertEquals(List.of(".", "..", "42", "self"), proc);
        assertArrayEquals(new byte[0], ((OpenFile.ProcContent) fs.open(process, "/proc/self/environ", 0, 0).value()).content());
    }
}
