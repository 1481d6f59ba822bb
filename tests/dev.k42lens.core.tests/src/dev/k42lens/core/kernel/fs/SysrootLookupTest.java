package dev.k42lens.core.kernel.fs;

import static dev.k42lens.core.kernel.fs.SandboxTree.assertHostFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;

/** The Debian cross sysroots supply the loader and libc where the guest tree has none. */
class SysrootLookupTest {
    @TempDir
    Path temp;

    private static Sysroot installed(boolean bigEndian) {
        Sysroot sysroot = Sysroot.debianCross(bigEndian);
        assertTrue(Files.isDirectory(sysroot.directory().resolve("lib")), sysroot.directory() + " is not installed");
        return sysroot;
    }

    private static String interpreter(boolean bigEndian) {
        return bigEndian ? "ld64.so.1" : "ld64.so.2";
    }

    private GuestFileSystem emptyRoot(Sysroot sysroot) throws IOException {
        return new GuestFileSystem(FsConfig.builder().sysroot(sysroot).hostCwd(temp).tmpParent(temp).build());
    }

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = { true, false })
    void theLoaderAndLibcAreFoundOverAnEmptyRoot(boolean bigEndian) throws IOException {
        Sysroot sysroot = installed(bigEndian);
        Path lib = sysroot.directory().resolve("lib");
        String triplet = sysroot.multiarchTriplet();
        try (GuestFileSystem fs = emptyRoot(sysroot)) {
            PathBase root = PathBase.of("/");
            assertHostFile(fs.resolve(root, "/lib64/" + interpreter(bigEndian), true), lib.resolve(interpreter(bigEndian)));
            for (String directory : new String[] { "/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib" }) {
                FsResult<FsNode> libc = fs.resolve(root, directory + "/libc.so.6", true);
                assertHostFile(libc, lib.resolve("libc.so.6"));
                assertEquals(directory + "/libc.so.6", libc.value().guestPath());
                assertFalse(((HostFile) libc.value()).writable());
            }
            assertTrue(fs.resolve(root, "/usr", true).value() instanceof SyntheticDir);
            assertEquals(FsErrno.ENOENT, fs.resolve(root, "/bin/as", true).errno());   // the sysroot's bin/ is not the guest's
            assertEquals(FsErrno.ENOENT, fs.resolve(root, "/include/stdio.h", true).errno());
            assertEquals(FsErrno.EROFS, fs.open(root, "/lib/libc.so.6", OpenFlags.O_RDWR, 0).errno());
            assertEquals(FsErrno.EROFS, fs.open(root, "/lib/evil.so", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0644).errno());
            List<String> lib64 = fs.list(fs.resolve(root, "/lib64", true).value()).value().stream().map(DirEntry::name).toList();
            assertTrue(lib64.contains(interpreter(bigEndian)) && lib64.contains("libc.so.6"), lib64::toString);
            List<String> top = fs.list(fs.resolve(root, "/", true).value()).value().stream().map(DirEntry::name).toList();
            assertTrue(top.containsAll(List.of("lib", "lib64", "usr")), top::toString);
        }
    }

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = { true, false })
    void aRootsOwnLibrariesWinAndTheSysrootFillsTheGaps(boolean bigEndian) throws IOException {
        Sysroot sysroot = installed(bigEndian);
        Path root = Files.createDirectories(temp.resolve("root/lib64"));
        Path ownLoader = Files.writeString(root.resolve(interpreter(bigEndian)), "the root's own loader");
        try (GuestFileSystem fs = new GuestFileSystem(FsConfig.builder().root(temp.resolve("root")).sysroot(sysroot).hostCwd(temp)
                .tmpParent(temp).build())) {
            PathBase at = PathBase.of("/");
            assertHostFile(fs.resolve(at, "/lib64/" + interpreter(bigEndian), true), ownLoader);
            assertHostFile(fs.resolve(at, "/lib64/libm.so.6", true), sysroot.directory().resolve("lib/libm.so.6"));
        }
    }
}
