package dev.k42lens.core.layer.table;

import java.nio.charset.StandardCharsets;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/** A guest address space with one data region that tests fill with strings and structures. */
final class GuestData {
    static final long BASE = 0x10000;
    static final int SIZE = 0x10000;
    /** Nothing is mapped here. */
    static final long UNMAPPED = 0xdead0000L;

    final GuestMemory memory;
    private long next = BASE;

    GuestData(boolean bigEndian) {
        memory = new GuestMemory(bigEndian);
        memory.map(BASE, SIZE, Protection.RW, "data");
    }

    /** Room for {@code length} bytes, 8-byte aligned. */
    long reserve(int length) {
        long address = next;
        next += (length + 7) & ~7;
        return address;
    }

    long bytes(byte... bytes) {
        long address = reserve(bytes.length);
        memory.writeRaw(address, bytes, 0, bytes.length);
        return address;
    }

    /** A NUL-terminated UTF-8 string. */
    long string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long address = reserve(bytes.length + 1);
        memory.writeRaw(address, bytes, 0, bytes.length);
        return address;
    }

    long longs(long... values) {
        long address = reserve(8 * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.write64Raw(address + 8L * i, values[i]);
        }
        return address;
    }

    long ints(int... values) {
        long address = reserve(4 * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.write32Raw(address + 4L * i, values[i]);
        }
        return address;
    }

    /** The last {@code length} bytes of the region: whatever follows is unmapped. */
    long atEnd(int length) {
        return BASE + SIZE - length;
    }
}
