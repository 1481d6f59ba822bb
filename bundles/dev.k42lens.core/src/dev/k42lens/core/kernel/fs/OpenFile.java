package dev.k42lens.core.kernel.fs;

import java.nio.channels.FileChannel;

/** What {@link GuestFileSystem#open} hands the syscall layer to put behind a descriptor. */
public sealed interface OpenFile {
    FsNode node();

    /**
     * A host regular file, and its identity ({@code key}: the page caches of shared mappings are
     * per file). O_APPEND is reported rather than passed to java.nio (which refuses READ together
     * with APPEND): the layer positions each write at the end.
     */
    record HostChannel(FsNode.HostFile node, FileChannel channel, FileStat.Key key, boolean readable, boolean writable,
            boolean append) implements OpenFile {
    }

    /** A directory: read it with {@link GuestFileSystem#list}, use its guest path as a dirfd base. */
    record Directory(FsNode node) implements OpenFile {
    }

    /** A /dev character device; the layer implements its reads and writes. */
    record Device(FsNode.DeviceNode node, boolean readable, boolean writable) implements OpenFile {
    }

    /** /dev/pts/N, the slave of a pseudo-terminal pair; the layer finds the pair. */
    record Pty(FsNode.PtyNode node) implements OpenFile {
    }

    /** A /proc file, its content taken when it was opened. */
    record ProcContent(FsNode.ProcFile node, byte[] content) implements OpenFile {
    }

    /** O_PATH: a handle on the node only (for fstat, fchdir, a dirfd base). */
    record PathOnly(FsNode node) implements OpenFile {
    }

    /** /proc/PID/fd/N of a descriptor without a path: the layer reopens that descriptor. */
    record FdReopen(FsNode.ProcFdLink node, int flags) implements OpenFile {
    }
}
