package dev.k42lens.core.layer;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.SharedMemory;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryObject;
import dev.k42lens.core.mem.Protection;

/**
 * memfd_create and System V shared memory: shmget, shmat, shmdt, shmctl, and the ipc multiplexer
 * glibc calls them through on ppc64 (its minimum kernel predates the separate calls).
 */
final class SharedMemoryCalls {
    private static final int MFD_CLOEXEC = 1;
    private static final int MFD_ALLOW_SEALING = 2;
    /** memfd_create's name limit: NAME_MAX less the "memfd:" prefix. */
    private static final int MFD_NAME_MAX = 249;
    private static final int SHM_RDONLY = 010000;
    private static final int SHM_RND = 020000;
    private static final int SHM_REMAP = 040000;
    private static final int SHM_EXEC = 0100000;
    private static final int IPC_RMID = 0;
    private static final int IPC_SET = 1;
    private static final int IPC_STAT = 2;
    /** shmctl's flag for the 64-bit structure layout (the only one ppc64 has). */
    private static final int IPC_64 = 0x100;
    private static final int IPCOP_SHMAT = 21;
    private static final int IPCOP_SHMDT = 22;
    private static final int IPCOP_SHMGET = 23;
    private static final int IPCOP_SHMCTL = 24;

    private SharedMemoryCalls() {
    }

    static void register(SyscallLayer layer) {
        layer.register("memfd_create", SharedMemoryCalls::memfdCreate);
        layer.register("shmget", c -> c.process().sharedMemory().get(c.intArg(0), c.arg(1), c.intArg(2), c.process()));
        layer.register("shmat", SharedMemoryCalls::shmat);
        layer.register("shmdt", SharedMemoryCalls::shmdt);
        layer.register("shmctl", SharedMemoryCalls::shmctl);
        layer.register("ipc", SharedMemoryCalls::ipc);
        layer.limit("shmctl", "no permission checks; IPC_INFO, SHM_INFO and SHM_STAT are EINVAL");
        layer.limit("ipc", "shared memory only: semaphores and message queues are ENOSYS");
    }

    private static long memfdCreate(SyscallCall c) {
        int flags = c.intArg(1);
        if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING)) != 0) {
            return Errno.EINVAL.negated();
        }
        String name = c.memory().readCString(c.arg(0), MFD_NAME_MAX + 1);
        if (name == null) {
            return Errno.EINVAL.negated();
        }
        GuestProcess process = c.process();
        FileDescription file = FileDescription.memoryFile(name, process.sharedMemory().newInode(), process.credentials(),
                process.memory().budget());
        return process.install(file, (flags & MFD_CLOEXEC) != 0, 0);
    }

    private static long shmat(SyscallCall c) {
        GuestProcess process = c.process();
        SharedMemory.Segment segment = process.sharedMemory().segment(c.arg(0));
        long address = c.arg(1);
        int flags = c.intArg(2);
        if (segment == null) {
            return Errno.EINVAL.negated();
        }
        GuestMemory memory = c.memory();
        long size = GuestMemory.pageAlignUp(segment.size());
        long start;
        if (address != 0) {
            start = (flags & SHM_RND) != 0 ? address & ~GuestMemory.PAGE_MASK : address;
            if ((start & GuestMemory.PAGE_MASK) != 0) {
                return Errno.EINVAL.negated();
            }
            for (long page = start; page < start + size && (flags & SHM_REMAP) == 0; page += GuestMemory.PAGE_SIZE) {
                if (memory.isMapped(page)) {
                    return Errno.EINVAL.negated();
                }
            }
        } else {
            start = process.findMmapRange(size, 0);
            if (start < 0) {
                return Errno.ENOMEM.negated();
            }
        }
        int prot = Protection.READ | ((flags & SHM_RDONLY) != 0 ? 0 : Protection.WRITE) | ((flags & SHM_EXEC) != 0 ? Protection.EXEC : 0);
        int maxProtection = (flags & SHM_RDONLY) != 0 ? Protection.RWX & ~Protection.WRITE : Protection.RWX;
        memory.mapShared(start, size, prot, maxProtection, String.format("/SYSV%08x (deleted)", segment.key()), segment.pages(), 0);
        segment.attached(process.pid(), now(process));
        return start;
    }

    /** shmdt: unmaps the attachment starting at the address (Linux: EINVAL when none starts there). */
    private static long shmdt(SyscallCall c) {
        long address = c.arg(0);
        MemoryObject.Frame frame = (address & GuestMemory.PAGE_MASK) == 0 ? c.memory().sharedFrame(address) : null;
        SharedMemory.Segment segment = frame == null ? null : SharedMemory.segmentOf(frame.owner());
        if (segment == null || frame.index() != 0) {
            return Errno.EINVAL.negated();
        }
        c.memory().unmap(address, segment.size());
        segment.detached(c.process().pid(), now(c.process()));
        return 0;
    }

    private static long shmctl(SyscallCall c) {
        SharedMemory.Segment segment = c.process().sharedMemory().segment(c.arg(0));
        int command = c.intArg(1) & ~IPC_64;
        long buffer = c.arg(2);
        if (segment == null) {
            return Errno.EINVAL.negated();
        }
        switch (command) {
            case IPC_RMID -> segment.remove();
            case IPC_STAT -> {
                byte[] stat = segment.stat(c.memory().isBigEndian());
                if (!c.memory().isMapped(buffer, stat.length)) {
                    return Errno.EFAULT.negated();
                }
                c.memory().write(buffer, stat, 0, stat.length);
            }
            case IPC_SET -> {
                if (!c.memory().isMapped(buffer, SharedMemory.STAT_SIZE)) {
                    return Errno.EFAULT.negated();
                }
                GuestMemory memory = c.memory();
                segment.set(memory.read32(buffer + 4), memory.read32(buffer + 8), memory.read32(buffer + 20), now(c.process()));
            }
            default -> {
                return Errno.EINVAL.negated();
            }
        }
        return 0;
    }

    /**
     * ipc(call, first, second, third, ptr, fifth): the shared memory operations as glibc passes
     * them; shmat stores the address at {@code third}. Semaphores and message queues: ENOSYS.
     */
    private static long ipc(SyscallCall c) {
        long first = c.arg(1);
        long second = c.arg(2);
        long third = c.arg(3);
        long pointer = c.arg(4);
        switch (c.intArg(0) & 0xffff) {
            case IPCOP_SHMAT -> {
                long address = c.nested("shmat", first, pointer, second);
                if (address < 0 && address >= -4095) {
                    return address;
                }
                if (!c.memory().isMapped(third, 8)) {
                    return Errno.EFAULT.negated();
                }
                c.memory().write64(third, address);
                return 0;
            }
            case IPCOP_SHMDT -> {
                return c.nested("shmdt", pointer);
            }
            case IPCOP_SHMGET -> {
                return c.nested("shmget", first, second, third);
            }
            case IPCOP_SHMCTL -> {
                return c.nested("shmctl", first, second, pointer);
            }
            default -> {
                return Errno.ENOSYS.negated();
            }
        }
    }

    private static long now(GuestProcess process) {
        return process.clock().realtimeNs() / 1_000_000_000L;
    }
}
