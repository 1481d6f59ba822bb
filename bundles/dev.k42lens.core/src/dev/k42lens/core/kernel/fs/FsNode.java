package dev.k42lens.core.kernel.fs;

import java.nio.file.Path;
import java.util.function.Function;

import dev.k42lens.core.mem.GuestStrings;

/**
 * Something a guest path names. Every node knows its canonical guest path (the path with every
 * symlink resolved), its st_mode and its inode number as they were when it was looked up.
 */
public sealed interface FsNode {
    String guestPath();

    /** st_mode: file-type bits and permissions. */
    int mode();

    long ino();

    default boolean isDirectory() {
        return FileStat.isDirectory(mode());
    }

    default boolean isSymlink() {
        return FileStat.isSymlink(mode());
    }

    /** A node the emulator makes up rather than finds on the host: its inode number comes from its guest path. */
    sealed interface Emulated extends FsNode {
        @Override
        default long ino() {
            return VirtualTree.inode(guestPath());
        }
    }

    /**
     * A file, directory or symlink of the host, at {@code relative} below the root of
     * {@code mount} ("" for the root itself; names separated by "/", as the guest's strings). The
     * host reaches it from the mount's root one name at a time (see {@link HostTree}), never by a
     * host path.
     */
    record HostFile(String guestPath, Mount mount, String relative, int mode, long ino) implements FsNode {
        public boolean writable() {
            return mount.writable();
        }

        /** Where the file is on the host, for people and messages; never opened by this path. */
        public Path hostPath() {
            return relative.isEmpty() ? mount.hostPath() : mount.hostPath().resolve(relative);
        }

        /** The relative path of {@code name} in the directory at {@code relative}. */
        static String child(String relative, String name) {
            return relative.isEmpty() ? name : relative + "/" + name;
        }

        /** The relative path of the directory holding this file ("" for a file directly below the root). */
        String parentRelative() {
            int slash = relative.lastIndexOf('/');
            return slash < 0 ? "" : relative.substring(0, slash);
        }
    }

    /**
     * A read-only directory that exists only so that a path leads to a mount point or a sysroot
     * library directory (e.g. /work when the working directory /work/main is mounted over an
     * empty root). It lists what leads on from it.
     */
    record SyntheticDir(String guestPath) implements Emulated {
        @Override
        public int mode() {
            return FileStat.S_IFDIR | 0555;
        }
    }

    /** A directory of /dev or /proc. {@code process} is the process /proc/self meant at lookup. */
    record VirtualDir(String guestPath, Kind kind, ProcSource process) implements Emulated {
        public enum Kind {
            DEV, PTS, PROC, PROC_PID, PROC_FD
        }

        @Override
        public int mode() {
            return FileStat.S_IFDIR | (kind == Kind.PROC_FD ? 0500 : 0555);
        }
    }

    /** A character device of /dev; the syscall layer implements its reads and writes. */
    record DeviceNode(String guestPath, Device device) implements Emulated {
        @Override
        public int mode() {
            return FileStat.S_IFCHR | 0666;
        }
    }

    /** /dev/pts/N: the slave of pseudo-terminal pair N; the syscall layer implements it. */
    record PtyNode(String guestPath, int number) implements Emulated {
        /** Linux's devpts gives the slave major 136 (UNIX98_PTY_SLAVE_MAJOR) and minor N. */
        public static final int MAJOR = 136;

        /** devpts's default mode; grantpt changes nothing on Linux. */
        @Override
        public int mode() {
            return FileStat.S_IFCHR | 0600;
        }
    }

    /** A read-only file of /proc/PID whose content the process supplies. */
    record ProcFile(String guestPath, ProcSource process, Content content) implements Emulated {
        public enum Content {
            CMDLINE("cmdline", ProcSource::cmdline),
            ENVIRON("environ", ProcSource::environ),
            MAPS("maps", p -> text(p.maps())),
            STAT("stat", p -> text(p.stat())),
            STATUS("status", p -> text(p.status())),
            AUXV("auxv", ProcSource::auxv),
            COMM("comm", ProcSource::comm);

            private final String fileName;
            private final Function<ProcSource, byte[]> reader;

            Content(String fileName, Function<ProcSource, byte[]> reader) {
                this.fileName = fileName;
                this.reader = reader;
            }

            public String fileName() {
                return fileName;
            }

            private static byte[] text(String text) {
                return GuestStrings.encode(text);
            }
        }

        /** The file's current bytes. */
        public byte[] read() {
            return content.reader.apply(process);
        }

        @Override
        public int mode() {
            return FileStat.S_IFREG | (content == Content.ENVIRON || content == Content.AUXV ? 0400 : 0444);
        }
    }

    /** A symlink the emulator makes up (/proc/self, /proc/PID/exe, /dev/stdin, …); the target is a guest path. */
    record VirtualSymlink(String guestPath, String target) implements Emulated {
        @Override
        public int mode() {
            return FileStat.S_IFLNK | 0777;
        }
    }

    /**
     * /proc/PID/fd/N. When the descriptor has a guest path the link is followed like any other;
     * when it has none ("pipe:[4]", or a file without a name: "/memfd:x (deleted)"), following it
     * stops here and the syscall layer acts on the descriptor itself (reopening or fstat-ing it),
     * as Linux's magic links do.
     */
    record ProcFdLink(String guestPath, ProcSource process, int fd, String target) implements Emulated {
        public boolean hasPath() {
            return target.startsWith("/") && !target.endsWith(" (deleted)");
        }

        @Override
        public int mode() {
            return FileStat.S_IFLNK | 0700;
        }
    }
}
