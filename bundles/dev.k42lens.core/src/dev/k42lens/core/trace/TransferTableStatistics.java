package dev.k42lens.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.k42lens.core.layer.TransferTable;
import dev.k42lens.core.layer.table.SyscallDescriptor;
import dev.k42lens.core.layer.table.SyscallTable;

/**
 * What a run did with each slot of the transfer table, computed from a {@link TraceStore} as it
 * grows: {@link #update()} takes in only the rows appended since the last update, so following a
 * live run costs O(new events). Every slot 0..{@value TransferTable#SLOTS}-1 has a row, and so
 * does any other number a trace called. {@link #update()} runs on one thread at a time; any
 * thread may read {@link #slots()}.
 */
public final class TransferTableStatistics extends TraceDigest<List<TransferTableStatistics.Slot>> {
    /**
     * One slot: {@code implemented} is null until the trace calls it; hits count entries (a
     * restarted call enters again) by path at every depth, {@code nestedHits} those at depth 2 or
     * more; {@code failures} count exits with an errno; {@code timedCalls} and {@code totalCostNs}
     * are the exits paired with their entries and the virtual time between; the last site and
     * symbol are those of the latest entry (site 0 and symbol null before any); {@code swappedTo}
     * names the handler the slot was last hot-swapped to (k42:enosys, k42:gettid), null if never.
     */
    public record Slot(int number, String name, Boolean implemented, long tableHits, long trapHits, long nestedHits, long failures,
            long timedCalls, long totalCostNs, long lastSite, String lastSymbol, String swappedTo) {
        public long hits() {
            return tableHits + trapHits;
        }

        /** Mean virtual time from entry to exit in ns, or -1 if no call finished. */
        public double meanCostNs() {
            return timedCalls == 0 ? -1 : (double) totalCostNs / timedCalls;
        }

        /** The handler the slot points at as far as the trace tells: the swapped-to one, else known from a call, else null. */
        public String handler() {
            if (swappedTo != null) {
                return swappedTo;
            }
            return implemented == null ? null : implemented ? "k42:" + name : "k42:enosys";
        }

        public boolean called() {
            return hits() > 0;
        }
    }

    private final Map<Integer, Slot> slots = new TreeMap<>();
    private final CallTimer timer = new CallTimer();

    public TransferTableStatistics(TraceStore store) {
        super(store, uncalledSlots());
        for (Slot slot : published()) {
            slots.put(slot.number(), slot);
        }
    }

    /** Every slot of the table, named as the syscall table names it, before any call. */
    private static List<Slot> uncalledSlots() {
        SyscallTable syscalls = SyscallTable.ppc64();
        List<Slot> uncalled = new java.util.ArrayList<>();
        for (int number = 0; number < TransferTable.SLOTS; number++) {
            String name = syscalls.byNumber(number).map(SyscallDescriptor::name).orElse(null);
            uncalled.add(new Slot(number, name, null, 0, 0, 0, 0, 0, 0, 0, null, null));
        }
        return List.copyOf(uncalled);
    }

    /** The statistics of every event {@code store} holds now. */
    public static TransferTableStatistics of(TraceStore store) {
        TransferTableStatistics statistics = new TransferTableStatistics(store);
        statistics.update();
        return statistics;
    }

    @Override
    protected void take(TraceEvent e, int row) {
        add(e);
    }

    @Override
    protected List<Slot> snapshot(int eventsTakenIn) {
        return List.copyOf(slots.values());
    }

    /** Every slot as of the last update, by ascending number. */
    public List<Slot> slots() {
        return published();
    }

    /** The slot of {@code number} as of the last update, or null if it is beyond the table and was never called. */
    public Slot slot(int number) {
        for (Slot s : published()) {
            if (s.number() == number) {
                return s;
            }
        }
        return null;
    }

    private void add(TraceEvent e) {
        switch (e.kind()) {
            case SYSCALL_ENTRY -> {
                timer.entry(e.tid(), e.timeNs());
                Slot s = slotOf(e);
                boolean table = e.path() == DispatchPath.TABLE;
                boolean trap = e.path() == DispatchPath.TRAP;
                slots.put(s.number(), new Slot(s.number(), s.name(), e.implemented(), s.tableHits() + (table ? 1 : 0),
                        s.trapHits() + (trap ? 1 : 0), s.nestedHits() + (e.depth() >= 2 ? 1 : 0), s.failures(), s.timedCalls(),
                        s.totalCostNs(), e.site(), e.symbol(), s.swappedTo()));
            }
            case SYSCALL_EXIT -> {
                long cost = timer.exit(e.tid(), e.timeNs());
                Slot s = slotOf(e);
                slots.put(s.number(), new Slot(s.number(), s.name(), e.implemented(), s.tableHits(), s.trapHits(), s.nestedHits(),
                        s.failures() + (e.errno() != 0 ? 1 : 0), s.timedCalls() + 1, s.totalCostNs() + cost, s.lastSite(),
                        s.lastSymbol(), s.swappedTo()));
            }
            case RESTART -> timer.restart(e.tid());
            case SLOT_SWAP -> {
                Slot s = slotOf(e);
                slots.put(s.number(), new Slot(s.number(), s.name(), s.implemented(), s.tableHits(), s.trapHits(), s.nestedHits(),
                        s.failures(), s.timedCalls(), s.totalCostNs(), s.lastSite(), s.lastSymbol(), e.args()));
            }
            default -> {
            }
        }
    }

    /** The slot of {@code e}'s number, named as the event names it if the syscall table has no name for it. */
    private Slot slotOf(TraceEvent e) {
        Slot s = slots.get(e.nr());
        if (s == null || s.name() == null) {
            s = new Slot(e.nr(), e.name(), null, 0, 0, 0, 0, 0, 0, 0, null, null);
            slots.put(e.nr(), s);
        }
        return s;
    }
}
