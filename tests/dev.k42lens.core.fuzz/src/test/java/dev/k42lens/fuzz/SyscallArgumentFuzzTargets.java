package dev.k42lens.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.k42lens.core.layer.table.EnteredCall;
import dev.k42lens.core.layer.table.SyscallDescriptor;
import dev.k42lens.core.layer.table.SyscallFormatter;
import dev.k42lens.core.layer.table.SyscallTable;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * Any system call the table knows, with any six arguments and any result, over an address space
 * whose two pages (one readable and writable, one read-only) hold input bytes: decoding the
 * arguments on entry and on exit, as the strace printer and the trace do, gives text; pointers
 * to nowhere, huge lengths and negative descriptors are shown, never thrown. Corpus: calls and
 * structures a real program made (openat, read, clone, rt_sigaction, ppoll, sendmsg, ...).
 */
class SyscallArgumentFuzzTargets {
    private static final SyscallTable TABLE = SyscallTable.ppc64();
    private static final long BUFFER = 0x7fff0000L;

    @FuzzTest(maxDuration = "30s")
    void syscallArguments(FuzzedDataProvider data) {
        SyscallDescriptor call = TABLE.byNumber(data.consumeInt(0, 470)).orElse(null);
        if (call == null) {
            return;
        }
        long[] args = new long[6];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (data.consumeInt(0, 3)) {
                case 0 -> BUFFER + data.consumeInt(-64, 2 * GuestMemory.PAGE_SIZE + 64); // in, around and past the buffer
                case 1 -> data.consumeInt(-2, 4096);                                  // descriptors, flags, small lengths
                default -> data.consumeLong();                                        // anything
            };
        }
        long result = data.consumeBoolean() ? -data.consumeInt(1, 4095) : data.consumeLong();
        GuestMemory memory = new GuestMemory(data.consumeBoolean());
        memory.map(BUFFER, GuestMemory.PAGE_SIZE, Protection.RW, "buffer");
        memory.map(BUFFER + GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE, Protection.READ, "read-only");
        byte[] bytes = data.consumeRemainingAsBytes();
        memory.writeRaw(BUFFER, bytes, 0, Math.min(bytes.length, 2 * GuestMemory.PAGE_SIZE));
        SyscallFormatter formatter = new SyscallFormatter(memory);
        EnteredCall entered = formatter.enter(call, args);
        assertNotNull(formatter.exit(entered, result));
        assertNotNull(formatter.format(call, args, result));
    }
}
