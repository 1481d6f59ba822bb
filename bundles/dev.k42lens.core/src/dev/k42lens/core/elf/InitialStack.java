package dev.k42lens.core.elf;

import java.util.List;

import dev.k42lens.core.mem.GuestMemory;

/**
 * Fills the stack of a new process top-down, the way Linux's create_elf_tables does: strings and
 * the AT_RANDOM bytes first, then below them argc, argv, envp and the auxiliary vector.
 */
final class InitialStack {
    private static final byte[] NUL = new byte[1];

    private final GuestMemory memory;
    private long cursor;

    InitialStack(GuestMemory memory, long top) {
        this.memory = memory;
        this.cursor = top;
    }

    /** Pushes a string and its terminating NUL; returns its address. */
    long pushString(byte[] utf8) {
        cursor -= utf8.length + 1;
        memory.writeRaw(cursor, utf8, 0, utf8.length);
        memory.writeRaw(cursor + utf8.length, NUL, 0, 1);
        return cursor;
    }

    long pushBytes(byte[] bytes) {
        cursor -= bytes.length;
        memory.writeRaw(cursor, bytes, 0, bytes.length);
        return cursor;
    }

    void alignDown(int alignment) {
        cursor &= -alignment;
    }

    /**
     * Writes argc, the argv pointers, NULL, the envp pointers, NULL and the auxiliary vector (which
     * must end with AT_NULL) at a 16-byte aligned address below everything pushed so far.
     *
     * @return that address: the initial stack pointer, where argc is
     */
    long pushVectors(long[] argv, long[] envp, List<AuxEntry> auxv) {
        int words = 1 + argv.length + 1 + envp.length + 1 + 2 * auxv.size();
        cursor = (cursor - 8L * words) & -16L;
        long at = cursor;
        at = putWord(at, argv.length);
        for (long pointer : argv) {
            at = putWord(at, pointer);
        }
        at = putWord(at, 0);
        for (long pointer : envp) {
            at = putWord(at, pointer);
        }
        at = putWord(at, 0);
        for (AuxEntry entry : auxv) {
            at = putWord(at, entry.type());
            at = putWord(at, entry.value());
        }
        return cursor;
    }

    private long putWord(long at, long value) {
        memory.write64Raw(at, value);
        return at + 8;
    }
}
