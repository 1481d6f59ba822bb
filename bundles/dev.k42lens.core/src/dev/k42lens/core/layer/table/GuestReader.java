package dev.k42lens.core.layer.table;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Reads guest memory for decoding, the way the kernel copies from user space (ignoring page
 * permissions) but never failing: an unmapped address yields null, and the caller prints the pointer.
 */
final class GuestReader {
    /** A C string as read: its bytes before the NUL, or the first {@code max} when it is longer. */
    record CString(byte[] bytes, boolean truncated) {
    }

    private final GuestMemory memory;

    GuestReader(GuestMemory memory) {
        this.memory = memory;
    }

    /** {@code length} bytes at {@code address}, or null if any of them is unmapped. */
    byte[] bytes(long address, int length) {
        byte[] bytes = new byte[length];
        try {
            memory.readRaw(address, bytes, 0, length);
            return bytes;
        } catch (GuestFault e) {
            return null;
        }
    }

    /** {@code size} bytes at {@code address} in the guest's byte order, or null if unmapped. */
    ByteBuffer struct(long address, int size) {
        byte[] bytes = bytes(address, size);
        return bytes == null ? null
                : ByteBuffer.wrap(bytes).order(memory.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** The 64-bit word at {@code address}, or null if unmapped. */
    Long word(long address) {
        ByteBuffer buffer = struct(address, Long.BYTES);
        return buffer == null ? null : buffer.getLong(0);
    }

    /**
     * The NUL-terminated string at {@code address}, reading at most {@code max} + 1 bytes; null when
     * memory ends before the NUL or the limit.
     */
    CString cString(long address, int max) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        long at = address;
        for (;;) {
            // read up to the end of the page at a time: the next page may be unmapped
            int chunk = (int) Math.min(max + 1 - text.size(), GuestMemory.PAGE_SIZE - (at & GuestMemory.PAGE_MASK));
            byte[] bytes = bytes(at, chunk);
            if (bytes == null) {
                return null;
            }
            for (byte b : bytes) {
                if (b == 0) {
                    return new CString(text.toByteArray(), false);
                }
                if (text.size() == max) {
                    return new CString(text.toByteArray(), true);
                }
                text.write(b);
            }
            at += chunk;
        }
    }
}
