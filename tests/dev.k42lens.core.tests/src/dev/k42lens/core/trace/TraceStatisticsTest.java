package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The strace -c-like table pairs exits with entries per thread, through nesting, blocking and restarts. */
class TraceStatisticsTest {
    private final List<TraceEvent> events = new ArrayList<>();

    private void add(long timeNs, int tid, TraceKind kind, String name, int depth, int errno) {
        TraceEvent e = new TraceEvent(events.size(), timeNs, 1000, tid, kind, 3, name, "", errno == 0 ? 0 : -errno, errno,
                DispatchPath.TABLE, depth, 0x1000, "", 0, 0, true);
        events.add(TraceLine.parse(TraceFile.json(e))); // as a trace file gives it
    }

    /** The microseconds-per-call column of the row for {@code name}. */
    private static long usecsPerCall(String table, String name) {
        String row = table.lines().filter(l -> l.endsWith(" " + name)).findFirst().orElseThrow(() -> new AssertionError(table));
        return Long.parseLong(row.trim().split(" +")[2]);
    }

    @Test
    void nestedCallsArePairedInnermostFirst() {
        add(0, 1, TraceKind.SYSCALL_ENTRY, "writev", 1, 0);
        add(10_000, 1, TraceKind.SYSCALL_ENTRY, "write", 2, 0);
        add(30_000, 1, TraceKind.SYSCALL_EXIT, "write", 2, 0);
        add(50_000, 1, TraceKind.SYSCALL_EXIT, "writev", 1, 0);
        String table = TraceStatistics.of(events).table();
        assertEquals(20, usecsPerCall(table, "write"));
        assertEquals(50, usecsPerCall(table, "writev"));
    }

    @Test
    void aBlockedCallCountsTheTimeItWaitedAndARestartedOneItsLastAttempt() {
        // thread 1: a read that blocks 400 us and fails with EINTR, finishing outside the layer
        add(100_000, 1, TraceKind.SYSCALL_ENTRY, "read", 1, 0);
        add(100_000, 1, TraceKind.LEAVE_TO_BLOCK, "read", 0, 0);
        // thread 2 runs a call meanwhile
        add(200_000, 2, TraceKind.SYSCALL_ENTRY, "getpid", 1, 0);
        add(203_000, 2, TraceKind.SYSCALL_EXIT, "getpid", 1, 0);
        add(500_000, 1, TraceKind.WOKEN, "read", 0, 0);
        add(500_000, 1, TraceKind.SYSCALL_EXIT, "read", 0, 4);
        // a futex wait that is woken and restarted: only the attempt after the restart counts
        add(600_000, 1, TraceKind.SYSCALL_ENTRY, "futex", 1, 0);
        add(600_000, 1, TraceKind.LEAVE_TO_BLOCK, "futex", 0, 0);
        add(900_000, 1, TraceKind.RESTART, "futex", 0, 0);
        add(900_000, 1, TraceKind.SYSCALL_ENTRY, "futex", 1, 0);
        add(907_000, 1, TraceKind.SYSCALL_EXIT, "futex", 1, 0);
        String table = TraceStatistics.of(events).table();
        assertEquals(400, usecsPerCall(table, "read"));
        assertEquals(3, usecsPerCall(table, "getpid"));
        assertEquals(7, usecsPerCall(table, "futex"));
    }
}
