package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/** brk, mmap, munmap, mprotect, mremap, madvise. */
final class MemoryCalls {
    private static final int MAP_SHARED = 0x01;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_FIXED_NOREPLACE = 0x100000;
    private static final int MREMAP_MAYMOVE = 1;
    private static final int MREMAP_FIXED = 2;
    private static final int MADV_DONTNEED = 4;

    private MemoryCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("brk", c -> c.process().brk(c.arg(0)));
        layer.register("mmap", MemoryCalls::mmap);
        layer.limit("mmap", "MAP_SHARED is private to each process after fork, and writes never reach a mapped file");
        layer.register("munmap", c -> {
            if ((c.arg(0) & GuestMemory.PAGE_MASK) != 0 || c.arg(1) <= 0) {
                return Errno.EINVAL.negated();
            }
            c.memory().unmap(c.arg(0), c.arg(1));
            return 0;
        });
        layer.register("mprotect", c -> {
            if ((c.arg(0) & GuestMemory.PAGE_MASK) != 0) {
                return Errno.EINVAL.negated();
            }
            return c.memory().protect(c.arg(0), c.arg(1), c.intArg(2) & Protection.RWX) ? 0 : Errno.ENOMEM.negated();
        });
        layer.register("mremap", MemoryCalls::mremap);
        layer.register("madvise", c -> {
            if (c.intArg(2) == MADV_DONTNEED && c.memory().isMapped(c.arg(0), c.arg(1))) {
                // private anonymous memory reads back as zeros after MADV_DONTNEED
                byte[] zeros = new byte[GuestMemory.PAGE_SIZE];
                for (long a = c.arg(0); a < c.arg(0) + c.arg(1); a += GuestMemory.PAGE_SIZE) {
                    c.memory().writeRaw(a, zeros, 0, (int) Math.min(GuestMemory.PAGE_SIZE, c.arg(0) + c.arg(1) - a));
                }
            }
            return 0;
        });
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
        FileDescription file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            file = process.description(c.arg(4));
            if (file == null) {
                return Errno.EBADF.negated();
            }
            if (file.node() == null) {
                return Errno.ENODEV.negated();
            }
        }
        long start;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if ((address & GuestMemory.PAGE_MASK) != 0) {
                return Errno.EINVAL.negated();
            }
            if ((flags & MAP_FIXED_NOREPLACE) != 0 && c.memory().isMapped(address, length)) {
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

    private static long mremap(SyscallCall c) {
        long old = c.arg(0);
        long oldSize = GuestMemory.pageAlignUp(c.arg(1));
        long newSize = GuestMemory.pageAlignUp(c.arg(2));
        int flags = c.intArg(3);
        GuestMemory memory = c.memory();
        if ((old & GuestMemory.PAGE_MASK) != 0 || newSize == 0 || (flags & MREMAP_FIXED) != 0 || !memory.isMapped(old, oldSize)) {
            return (flags & MREMAP_FIXED) != 0 ? Errno.EINVAL.negated() : Errno.EFAULT.negated();
        }
        if (newSize <= oldSize) {
            if (newSize < oldSize) {
                memory.unmap(old + newSize, oldSize - newSize);
            }
            return old;
        }
        int prot = memory.protection(old);
        String name = memory.mappings().stream().filter(m -> m.start() <= old && old < m.end()).findFirst()
                .map(GuestMemory.Mapping::name).orElse(null);
        boolean growsInPlace = memory.findFree(newSize - oldSize, old + oldSize, old + newSize) == old + oldSize;
        if (growsInPlace) {
            byte[] keep = new byte[(int) oldSize];
            memory.readRaw(old, keep, 0, keep.length);
            memory.map(old, newSize, prot, name);
            memory.writeRaw(old, keep, 0, keep.length);
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) {
            return Errno.ENOMEM.negated();
        }
        long moved = c.process().findMmapRange(newSize, 0);
        if (moved < 0) {
            return Errno.ENOMEM.negated();
        }
        byte[] keep = new byte[(int) oldSize];
        memory.readRaw(old, keep, 0, keep.length);
        memory.map(moved, newSize, prot, name);
        memory.writeRaw(moved, keep, 0, keep.length);
        memory.unmap(old, oldSize);
        return moved;
    }
}
