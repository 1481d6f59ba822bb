package dev.k42lens.core.layer;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.ResourceLimits;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;
import dev.k42lens.core.mem.Protection;

/** brk, mmap, munmap, mprotect, mremap, madvise, msync. */
final class MemoryCalls {
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_FIXED_NOREPLACE = 0x100000;
    private static final int MREMAP_MAYMOVE = 1;
    private static final int MADV_DONTNEED = 4;
    private static final int MS_ASYNC = 1;
    private static final int MS_INVALIDATE = 2;
    private static final int MS_SYNC = 4;

    private MemoryCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("brk", c -> c.process().brk(c.arg(0)));
        layer.register("mmap", MemoryCalls::mmap);
        layer.limit("mmap", "a shared mapping used past the end of its file or object reads zeros instead of raising SIGBUS");
        layer.register("munmap", c -> {
            long length = GuestMemory.pageAlignUp(c.arg(1));
            if ((c.arg(0) & GuestMemory.PAGE_MASK) != 0 || c.arg(1) == 0 || Long.compareUnsigned(length, GuestMemory.ADDRESS_SPACE_END) > 0
                    || Long.compareUnsigned(c.arg(0), GuestMemory.ADDRESS_SPACE_END - length) > 0) {
                return Errno.EINVAL.negated(); // a range that is not in the address space
            }
            Set<MemoryObject> shared = sharedObjects(c.memory(), c.arg(0), c.arg(1));
            c.memory().unmap(c.arg(0), c.arg(1));
            // a file still mapped elsewhere gets the bytes now; for one mapped no more, the unmap did it
            shared.stream().filter(MemoryObject::isMapped).forEach(MemoryObject::writeBack);
            return 0;
        });
        layer.register("msync", MemoryCalls::msync);
        layer.register("mprotect", c -> {
            if ((c.arg(0) & GuestMemory.PAGE_MASK) != 0 || (c.arg(2) & ~PROT_KNOWN) != 0) {
                return Errno.EINVAL.negated();
            }
            if (!c.memory().mayProtect(c.arg(0), c.arg(1), c.intArg(2) & Protection.RWX)) {
                return Errno.EACCES.negated();
            }
            return c.memory().protect(c.arg(0), c.arg(1), c.intArg(2) & Protection.RWX) ? 0 : Errno.ENOMEM.negated();
        });
        layer.register("mremap", MemoryCalls::mremap);
        layer.limit("mremap", "no MREMAP_FIXED or MREMAP_DONTUNMAP (EINVAL)");
        layer.register("madvise", c -> {
            if ((c.arg(0) & GuestMemory.PAGE_MASK) != 0 || Long.compareUnsigned(c.arg(0) + GuestMemory.pageAlignUp(c.arg(1)), c.arg(0)) < 0) {
                return Errno.EINVAL.negated();
            }
            if (c.intArg(2) == MADV_DONTNEED && c.memory().isMapped(c.arg(0), c.arg(1))) {
                c.memory().discard(c.arg(0), c.arg(1));
            }
            return 0;
        });
        layer.limit("madvise", "MADV_DONTNEED on a private file mapping zeroes it instead of reading the file again; other advice is accepted and ignored");
    }

    private static long mmap(SyscallCall c) {
        long address = c.arg(0);
        long length = c.arg(1);
        int prot = c.intArg(2) & Protection.RWX;
        int flags = c.intArg(3);
        long offset = c.arg(5);
        GuestProcess process = c.process();
        if (length <= 0 || (offset & GuestMemory.PAGE_MASK) != 0 || ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0)) {
            return Errno.EINVAL.negated();
        }
        if (process.limits().exceeds(ResourceLimits.RLIMIT_AS, c.memory().mappedBytes() + GuestMemory.pageAlignUp(length))) {
            return Errno.ENOMEM.negated();
        }
        // MAP_SHARED_VALIDATE has both bits
        boolean shared = (flags & MAP_SHARED) != 0;
        int maxProtection = Protection.RWX;
        FileDescription file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            file = process.description(c.arg(4));
            if (file == null) {
                return Errno.EBADF.negated();
            }
            if (file.node() == null && file.sharedPages(c.memory().budget()) == null) {
                return Errno.ENODEV.negated();
            }
            int access = file.statusFlags() & OpenFlags.O_ACCMODE;
            if (access == OpenFlags.O_WRONLY || shared && (prot & Protection.WRITE) != 0 && access != OpenFlags.O_RDWR) {
                return Errno.EACCES.negated();
            }
            if (access != OpenFlags.O_RDWR) {
                maxProtection &= ~Protection.WRITE;
            }
        }
        long start;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if ((address & GuestMemory.PAGE_MASK) != 0) {
                return Errno.EINVAL.negated();
            }
            if ((flags & MAP_FIXED_NOREPLACE) != 0 && c.memory().isAnyMapped(address, length)) {
                return Errno.EEXIST.negated();
            }
            start = address;
        } else {
            start = process.findMmapRange(length, address);
            if (start < 0) {
                return Errno.ENOMEM.negated();
            }
        }
        String name = file == null ? null : file.describe();
        MemoryObject object = !shared ? null : file == null ? new MemoryObject(null, c.memory().budget()) : file.sharedPages(c.memory().budget());
        if (object != null) {
            c.memory().mapShared(start, length, prot, maxProtection, name, object, offset >>> GuestMemory.PAGE_SHIFT);
            if (file != null) {
                process.recordFileMapping(start, length, offset, file);
            }
            return start;
        }
        c.memory().map(start, length, prot, name);
        if (file != null) {
            byte[] contents = new byte[(int) Math.min(GuestMemory.pageAlignUp(length), GuestData.MAX_TRANSFER * 8L)];
            long n = file.readAt(contents, contents.length, offset);
            if (n > 0) {
                c.memory().writeRaw(start, contents, 0, (int) n);
            }
            process.recordFileMapping(start, length, offset, file);
        }
        return start;
    }

    /** mprotect's flags: PROT_READ, WRITE, EXEC, SEM, SAO (powerpc), GROWSDOWN, GROWSUP. */
    private static final long PROT_KNOWN = 0x1f | 0x01000000 | 0x02000000;

    private static long mremap(SyscallCall c) {
        long old = c.arg(0);
        long oldSize = GuestMemory.pageAlignUp(c.arg(1));
        long newSize = GuestMemory.pageAlignUp(c.arg(2));
        int flags = c.intArg(3);
        GuestMemory memory = c.memory();
        // MREMAP_FIXED (and MREMAP_DONTUNMAP, which needs it) are not supported
        if ((flags & ~MREMAP_MAYMOVE) != 0 || (old & GuestMemory.PAGE_MASK) != 0 || newSize == 0) {
            return Errno.EINVAL.negated();
        }
        if (!memory.isMapped(old, oldSize)) {
            return Errno.EFAULT.negated();
        }
        if (newSize > oldSize && c.process().limits().exceeds(ResourceLimits.RLIMIT_AS, memory.mappedBytes() + newSize - oldSize)) {
            return Errno.ENOMEM.negated();
        }
        if (newSize <= oldSize) {
            if (newSize < oldSize) {
                memory.unmap(old + newSize, oldSize - newSize);
            }
            return old;
        }
        boolean growsInPlace = memory.findFree(newSize - oldSize, old + oldSize, old + newSize) == old + oldSize;
        if (growsInPlace) {
            memory.remap(old, oldSize, old, newSize);
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) {
            return Errno.ENOMEM.negated();
        }
        long moved = c.process().findMmapRange(newSize, 0);
        if (moved < 0) {
            return Errno.ENOMEM.negated();
        }
        memory.remap(old, oldSize, moved, newSize);
        return moved;
    }

    private static long msync(SyscallCall c) {
        long start = c.arg(0);
        int flags = c.intArg(2);
        if ((start & GuestMemory.PAGE_MASK) != 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            return Errno.EINVAL.negated();
        }
        if (!c.memory().isMapped(start, c.arg(1))) {
            return Errno.ENOMEM.negated();
        }
        sharedObjects(c.memory(), start, c.arg(1)).forEach(MemoryObject::writeBack);
        return 0;
    }

    /** The objects whose pages the shared mappings in [start, start+length) map. */
    private static Set<MemoryObject> sharedObjects(GuestMemory memory, long start, long length) {
        Set<MemoryObject> objects = new LinkedHashSet<>();
        long end = start + length;
        for (GuestMemory.Mapping m : memory.mappings()) {
            // only the mapped pages: the range may be as large as the address space
            for (long page = Math.max(m.start(), start & ~GuestMemory.PAGE_MASK); page < Math.min(m.end(), end); page += GuestMemory.PAGE_SIZE) {
                MemoryObject.Frame frame = memory.sharedFrame(page);
                if (frame != null) {
                    objects.add(frame.owner());
                }
            }
        }
        return objects;
    }
}
