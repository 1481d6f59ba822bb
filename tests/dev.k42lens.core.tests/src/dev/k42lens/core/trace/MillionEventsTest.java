package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A store of a million events, built as the engine would append them, then filtered: the counts
 * are those the generator knows it made; the timings are printed, not asserted.
 */
class MillionEventsTest {
    private static final int EVENTS = 1_000_000;
    private static final String[] CALLS = { "read", "write", "openat", "close", "futex", "mmap", "newfstatat" };

    @Test
    void aMillionEventsAreStoredAndFiltered() {
        long failedWrites = 0, thread3 = 0, tmpSeven = 0, trapExits = 0;
        long start = System.nanoTime();
        TraceStore store = new TraceStore("synthetic");
        for (int row = 0; row < EVENTS; row++) {
            int call = row / 2; // an entry then its exit
            boolean exit = row % 2 == 1;
            String name = CALLS[call % CALLS.length];
            int tid = 1000 + call % 8;
            DispatchPath path = call % 3 == 0 ? DispatchPath.TRAP : DispatchPath.TABLE;
            int errno = exit && call % 5 == 0 ? 2 : 0;
            String args = switch (name) {
                case "openat", "newfstatat" -> "AT_FDCWD, \"/tmp/f" + call % 1000 + "\", O_RDONLY";
                case "write" -> "1, \"line " + call % 5000 + "\\n\", 10";
                default -> (call % 64) + ", 0x" + Integer.toHexString(0x10000 + call % 4096);
            };
            store.event(new TraceEvent(row, 1000L * row, tid < 1004 ? 1000 : 1001, tid, exit ? TraceKind.SYSCALL_EXIT
                    : TraceKind.SYSCALL_ENTRY, call % CALLS.length, name, args, errno == 0 ? 0 : -errno, errno, path, 1,
                    0x7fff0000L + 4 * (call % CALLS.length), name + "+0x60", 0, 0, true));
            failedWrites += name.equals("write") && errno != 0 ? 1 : 0;
            thread3 += tid == 1003 ? 1 : 0;
            tmpSeven += args.contains("/tmp/f") && (call % 1000) % 10 == 7 ? 1 : 0;
            trapExits += exit && path == DispatchPath.TRAP ? 1 : 0;
        }
        long built = System.nanoTime();
        assertEquals(EVENTS, store.size());

        int[] writes = new TraceFilter(Set.of("write"), null, null, null, null, true, null, false).matchingRows(store);
        long filteredByName = System.nanoTime();
        int[] regex = new TraceFilter(null, null, null, null, null, false, "\"/tmp/f\\d*7\"", true).matchingRows(store);
        long filteredByRegex = System.nanoTime();
        int[] thread = new TraceFilter(null, 1003, 1000, null, null, false, null, false).matchingRows(store);
        int[] traps = new TraceFilter(null, null, null, DispatchPath.TRAP, EnumSet.of(TraceKind.SYSCALL_EXIT), false, null, false)
                .matchingRows(store);

        assertEquals(failedWrites, writes.length);
        assertEquals(thread3, thread.length);
        assertEquals(tmpSeven, regex.length);
        assertEquals(trapExits, traps.length);
        assertEquals("write", store.get(writes[writes.length - 1]).name());
        assertArrayEquals(new int[] { 6, 7 }, new int[] { thread[0], thread[1] }); // call 3 is the first of thread 1003
        System.out.printf("trace store 1M: built in %d ms; filter by name and failure %d ms; by regex over arguments %d ms%n",
                (built - start) / 1_000_000, (filteredByName - built) / 1_000_000, (filteredByRegex - filteredByName) / 1_000_000);
    }
}
