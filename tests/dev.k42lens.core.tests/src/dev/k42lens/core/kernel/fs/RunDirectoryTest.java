package dev.k42lens.core.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path parent;

    /**
     * A guest can make a tree deeper than any host path can name (renaming it into a new directory
     * again and again, each step with short paths): it is deleted all the same.
     */
    @Test
    void aTreeDeeperThanPathMaxIsDeleted() throws IOException {
        RunDirectory run = new RunDirectory(parent);
        Path tmp = run.tmp();
        Files.createDirectory(tmp.resolve("t"));
        Files.writeString(tmp.resolve("t/leaf"), "x");
        int depth = 3000; // 6000 bytes of "t/": past PATH_MAX
        for (int i = 0; i < depth; i++) {
            Files.createDirectory(tmp.resolve("n"));
            Files.move(tmp.resolve("t"), tmp.resolve("n/t"));
            Files.move(tmp.resolve("n"), tmp.resolve("t"));
        }
        Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(tmp.resolve("locked"), PosixFilePermissions.fromString("---------"));
        Files.createSymbolicLink(tmp.resolve("outside"), parent.getParent());
        run.close();
        assertEquals(0, count(parent), "nothing left in " + parent);
        assertTrue(Files.isDirectory(parent.getParent()), "the link's target is untouched");
    }

    /** A run killed before it could close leaves its lock unheld: the next run deletes its directory, not a live one's. */
    @Test
    void theNextRunDeletesWhatAKilledRunLeft() throws IOException {
        RunDirectory live = new RunDirectory(parent);
        Path killed = Files.createDirectories(parent.resolve("k42lens-run-killed/tmp/deep/er"));
        Files.writeString(parent.resolve("k42lens-run-killed/owner.lock"), "");
        Path kept = Files.createDirectories(parent.resolve("k42lens-run-kept/tmp"));
        Files.createFile(parent.resolve("k42lens-run-kept/kept"));
        Path lockless = Files.createDirectories(parent.resolve("k42lens-run-killed-while-deleting/tmp"));
        Files.setLastModifiedTime(lockless.getParent(), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path settingUp = Files.createDirectories(parent.resolve("k42lens-run-setting-up"));
        Path other = Files.createDirectories(parent.resolve("someone-else"));
        try (RunDirectory next = new RunDirectory(parent)) {
            assertFalse(Files.exists(parent.resolve("k42lens-run-killed")), killed + " was deleted");
            assertFalse(Files.exists(lockless.getParent()), "an hour-old one without a lock was deleted");
            assertTrue(Files.isDirectory(settingUp), "a new one without a lock may be a run setting up: it stays");
            assertTrue(Files.isDirectory(live.tmp()), "a live run's directory stays");
            assertTrue(Files.isDirectory(kept), "one kept on purpose stays");
            assertTrue(Files.isDirectory(other));
        }
        live.close(true);
        assertTrue(Files.isDirectory(live.tmp()), "kept");
        assertFalse(Files.exists(live.tmp().resolveSibling("owner.lock")));
        try (RunDirectory after = new RunDirectory(parent)) {
            assertTrue(Files.isDirectory(live.tmp()), "no later run deletes what was kept");
        }
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.count();
        }
    }
}
