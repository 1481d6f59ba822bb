package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.mem.GuestMemory;

/** Copies between guest memory and handler-side values, as the kernel's copy_{to,from}_user do. */
final class GuestData {
    /** The most a single read or write moves at once; longer requests complete partially, as Linux's do. */
    static final int MAX_TRANSFER = 1 << 24;

    private GuestData() {
    }

    /**
     * The bytes one transfer of {@code count} (a size_t) at {@code address} moves: EFAULT when the
     * buffer does not lie in user space, checked before anything moves as Linux's access_ok does
     * (so a length of SIZE_MAX is EFAULT, not a huge transfer), and at most {@link #MAX_TRANSFER}.
     */
    static int transferLength(long address, long count) {
        if (Long.compareUnsigned(count, GuestMemory.ADDRESS_SPACE_END) > 0 || Long.compareUnsigned(address, GuestMemory.ADDRESS_SPACE_END - count) > 0) {
            throw new LayerError(Errno.EFAULT);
        }
        return (int) Math.min(count, MAX_TRANSFER);
    }

    /** The bytes of a transfer from the guest: see {@link #transferLength}. */
    static byte[] read(GuestMemory memory, long address, long count) {
        byte[] bytes = new byte[transferLength(address, count)];
        memory.read(address, bytes, 0, bytes.length);
        return bytes;
    }

    static void write(GuestMemory memory, long address, byte[] bytes, int length) {
        memory.write(address, bytes, 0, length);
    }

    /** Writes {tv_sec, tv_nsec} (struct timespec, two 64-bit fields). */
    static void writeTimespec(GuestMemory memory, long address, long ns) {
        memory.write64(address, Math.floorDiv(ns, 1_000_000_000L));
        memory.write64(address + 8, Math.floorMod(ns, 1_000_000_000L));
    }

    /** Reads a struct timespec as nanoseconds, or -1 when it is invalid. */
    static long readTimespec(GuestMemory memory, long address) {
        long seconds = memory.read64(address);
        long nanos = memory.read64(address + 8);
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) {
            return -1;
        }
        return Math.multiplyHigh(seconds, 1_000_000_000L) != 0 ? Long.MAX_VALUE : seconds * 1_000_000_000L + nanos;
    }

    static ByteBuffer buffer(int size, GuestMemory memory) {
        return ByteBuffer.allocate(size).order(memory.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }
}
