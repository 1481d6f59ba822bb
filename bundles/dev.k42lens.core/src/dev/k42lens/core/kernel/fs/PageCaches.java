package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;
import dev.k42lens.core.mem.PageBudget;

/**
 * The page caches of the host files some process maps MAP_SHARED: one {@link MemoryObject} per
 * file (by the host's device and inode), alive while a mapping of it exists. Every shared mapping
 * of the file uses its frames, and reads and writes of the file go through them too (see
 * {@link #cacheOf}), so mappings, read() and write() all see the same bytes. The file itself gets
 * the mapped bytes at msync, at munmap and when the last mapping goes.
 */
public final class PageCaches {
    private final Map<FileStat.Key, MemoryObject> caches = new HashMap<>();
    private final GuestFileSystem fileSystem;

    PageCaches(GuestFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** True when no file is mapped shared: reads and writes need not look for a cache. */
    public boolean isEmpty() {
        return caches.isEmpty();
    }

    /** The page cache of the file with {@code key} while it is mapped shared, else null. */
    public MemoryObject cacheOf(FileStat.Key key) {
        return caches.get(key);
    }

    /** The page cache of {@code file}, created (reading the file on demand) for its first shared mapping; null when the file is gone. */
    public MemoryObject map(OpenFile.HostChannel file, PageBudget budget) {
        MemoryObject cache = caches.get(file.key());
        if (cache == null) {
            FileBacking backing = open(file);
            if (backing == null) {
                return null;
            }
            cache = new MemoryObject(backing, budget);
            caches.put(file.key(), cache);
        }
        return cache;
    }

    /**
     * The cache's own channel (the descriptor that mapped the file may be closed long before the
     * mapping goes), writable when the mount and the host allow.
     */
    private FileBacking open(OpenFile.HostChannel file) {
        if (file.node().writable()) {
            FsResult<FileChannel> writing = fileSystem.reopen(file, true);
            if (writing.isOk()) {
                return new FileBacking(file.key(), writing.value(), true);
            }
            // the host refuses writing: then no descriptor can be open for writing, nor a mapping writable
        }
        FsResult<FileChannel> reading = fileSystem.reopen(file, false);
        return reading.isOk() ? new FileBacking(file.key(), reading.value(), false) : null;
    }

    /** Reads pages from the file, writes the cached ones back (never past its end, as Linux does). */
    private final class FileBacking implements MemoryObject.Backing {
        private final FileStat.Key key;
        private final FileChannel channel;
        private final boolean writable;

        FileBacking(FileStat.Key key, FileChannel channel, boolean writable) {
            this.key = key;
            this.channel = channel;
            this.writable = writable;
        }

        @Override
        public void readPage(long index, byte[] into) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(into);
                long at = index << GuestMemory.PAGE_SHIFT;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at + buffer.position());
                    if (n <= 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                // an unreadable page reads as zeros
            }
        }

        @Override
        public void writeBack(MemoryObject object) {
            if (!writable) {
                return; // no writable mapping of the file can exist
            }
            try {
                long size = channel.size();
                for (MemoryObject.Frame frame : object.frames()) {
                    long at = frame.index() << GuestMemory.PAGE_SHIFT;
                    if (at < size) {
                        ByteBuffer buffer = ByteBuffer.wrap(frame.data(), 0, (int) Math.min(GuestMemory.PAGE_SIZE, size - at));
                        while (buffer.hasRemaining()) {
                            channel.write(buffer, at + buffer.position());
                        }
                    }
                }
            } catch (IOException e) {
                // the host refused the write; the bytes stay in the cache for the guest to read
            }
        }

        @Override
        public void unmapped(MemoryObject object) {
            writeBack(object);
            caches.remove(key);
            try {
                channel.close();
            } catch (IOException e) {
                // the bytes are written; a failing close loses nothing
            }
        }
    }
}
