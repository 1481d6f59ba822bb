package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The host directory of one run: the guest's private /tmp and /dev/shm, and a lock file the run
 * holds while it lives. Closing deletes it all. A run that could not close (the engine was killed)
 * leaves its lock behind unheld, or no lock at all if it was killed while setting up or deleting,
 * and the next run in the same parent deletes the directory: so nothing stays on the host however
 * a run ends, but what the user asked to keep.
 */
final class RunDirectory implements AutoCloseable {
    private static final String PREFIX = "k42lens-run-";
    private static final String LOCK = "owner.lock";
    /** Marks a directory the user asked to keep: no later run deletes it. */
    private static final String KEPT = "kept";
    /** A directory without a lock younger than this may be a run's that is still being set up. */
    private static final long SETTING_UP_MS = 60_000;
    private static final Set<PosixFilePermission> OWNER_ALL = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path base;
    private final Path tmp;
    private final Path shm;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** Creates a run directory in {@code parent}, after deleting the ones whose runs are gone. */
    RunDirectory(Path parent) throws IOException {
        sweep(parent);
        this.base = Files.createTempDirectory(parent, PREFIX).toRealPath();
        try {
            this.tmp = Files.createDirectory(base.resolve("tmp"));
            this.shm = Files.createDirectory(base.resolve("shm"));
            this.lockChannel = FileChannel.open(base.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.lock = lockChannel.lock();
        } catch (IOException | RuntimeException e) {
            delete(base);
            throw e;
        }
    }

    Path tmp() {
        return tmp;
    }

    Path shm() {
        return shm;
    }

    /** Deletes everything, or with {@code keep} leaves /tmp and /dev/shm for the user (no later run deletes them). */
    void close(boolean keep) throws IOException {
        if (keep) {
            Files.createFile(base.resolve(KEPT));
        }
        lock.release();
        lockChannel.close();
        if (keep) {
            Files.delete(base.resolve(LOCK));
        } else {
            delete(base);
        }
    }

    @Override
    public void close() throws IOException {
        close(false);
    }

    /**
     * Deletes the run directories in {@code parent} that no run holds and no user kept: their runs
     * were killed, also in the middle of setting up or deleting them (then the lock may be gone).
     */
    static void sweep(Path parent) {
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.exists(entry.resolve(KEPT), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path lockFile = entry.resolve(LOCK);
                boolean orphan = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS) ? !isHeld(lockFile)
                        : System.currentTimeMillis() - Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis() > SETTING_UP_MS;
                if (orphan) {
                    orphans.add(entry);
                }
            }
        } catch (IOException e) {
            return; // an unreadable parent: the new run fails there anyway, with its own message
        }
        for (Path orphan : orphans) {
            try {
                delete(orphan);
            } catch (IOException e) {
                // someone else's directory or one going away: not this run's to report
            }
        }
    }

    private static boolean isHeld(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // a run of this JVM holds it
        } catch (NoSuchFileException e) {
            return true; // gone since it was seen: its run is closing it
        } catch (IOException e) {
            return true; // not ours to judge
        }
    }

    /**
     * Deletes a tree without following symlinks and without recursion or long paths, so that no
     * depth of directories the guest made can stop it: every subdirectory is first moved up to be
     * a child of {@code top} (a rename relative to open directories), then emptied and removed.
     * Directories the guest locked are opened up first.
     */
    static void delete(Path top) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(top);
            return;
        }
        Files.setPosixFilePermissions(top, OWNER_ALL);
        Deque<Path> directories = new ArrayDeque<>();
        directories.push(top);
        long moved = 0;
        try (SecureDirectoryStream<Path> topStream = secure(top)) {
            while (!directories.isEmpty()) {
                Path directory = directories.peek();
                boolean emptied = true;
                boolean atTop = directory.equals(top);
                // a stream lists once: each visit of a directory opens it again
                try (SecureDirectoryStream<Path> at = secure(directory)) {
                    List<Path> names = new ArrayList<>();
                    for (Path entry : at) {
                        names.add(entry.getFileName());
                    }
                    for (Path name : names) {
                        boolean isDirectory = at.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                                .readAttributes().isDirectory();
                        if (!isDirectory) {
                            at.deleteFile(name);
                            continue;
                        }
                        at.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(OWNER_ALL);
                        if (atTop) {
                            directories.push(top.resolve(name));
                        } else {
                            Path flat;
                            while (true) {
                                flat = Path.of(".k42lens-deleting-" + moved++);
                                try {
                                    at.move(name, topStream, flat);
                                    break;
                                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                                    // the guest made a directory of that name: take the next
                                }
                            }
                            directories.push(top.resolve(flat));
                        }
                        emptied = false;
                    }
                }
                if (emptied) {
                    directories.pop();
                    if (!atTop) {
                        topStream.deleteDirectory(directory.getFileName());
                    }
                }
            }
        }
        Files.delete(top);
    }

    private static SecureDirectoryStream<Path> secure(Path directory) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("the host file system offers no secure directory stream for " + directory);
    }
}
