package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;

/**
 * The page caches of the host files some process maps MAP_SHARED: one {@link MemoryObject} per
 * file (by the host's device and inode), alive while a mapping of it exists. Every shared mapping
 * of the file uses its frames, and reads and writes of the file go through them too (see
 * {@link #cacheOf}), so mappings, read() and write() all see the same bytes. The file itself gets
 * the mapped bytes at msync, at munmap and when the last mapping goes.
 */
public final class PageCaches {
    private final Map<Object, MemoryObject> caches = new HashMap<>();

    /** The identity of a host file: its device and inode, whatever path or hard link reaches it. */
    public static Object fileKey(FsNode.HostFile file) throws IOException {
        return Files.readAttributes(file.hostPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** True when no file is mapped shared: reads and writes need not look for a cache. */
    public boolean isEmpty() {
        return caches.isEmpty();
    }

    /** The page cache of the file with {@code key} while it is mapped shared, else null. */
    public MemoryObject cacheOf(Object key) {
        return caches.get(key);
    }

    /** The page cache of {@code file}, created (reading the file on demand) for its first shared mapping. */
    public MemoryObject map(FsNode.HostFile file) throws IOException {
        Object key = fileKey(file);
        MemoryObject cache = caches.get(key);
        if (cache == null) {
            cache = new MemoryObject(open(key, file));
            caches.put(key, cache);
        }
        return cache;
    }

    /**
     * The cache's own channel (the descriptor that mapped the file may be closed long before the
     * mapping goes), writable when the mount and the host allow.
     */
    private FileBacking open(Object key, FsNode.HostFile file) throws IOException {
        if (file.writable()) {
            try {
                return new FileBacking(key, FileChannel.open(file.hostPath(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS), true);
            } catch (IOException e) {
                // the host refuses writing: then no descriptor can be open for writing, nor a mapping writable
            }
        }
        return new FileBacking(key, FileChannel.open(file.hostPath(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), false);
    }

    /** Reads pages from the file, writes the cached ones back (never past its end, as Linux does). */
    private final class FileBacking implements MemoryObject.Backing {
        private final Object key;
        private final FileChannel channel;
        private final boolean writable;

        FileBacking(Object key, FileChannel channel, boolean writable) {
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
