package dev.k42lens.ui.views;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.eclipse.swt.SWT;

import dev.k42lens.core.trace.TransferTableStatistics.Slot;

/**
 * The Transfer Table view's columns: each one's header, the sample text that sets its width, its
 * text for a slot and the order it sorts in. The three hit columns are heat-coloured, so they
 * say which of their values they colour by.
 */
public enum SlotColumn {
    NUMBER("Number", "9999", SWT.RIGHT, "The syscall number: the slot's index in the transfer table", false,
            s -> Integer.toString(s.number()), Comparator.comparingInt(Slot::number), null),
    NAME("Name", "rt_sigtimedwait", SWT.LEFT, "The system call of the slot", false, s -> s.name() == null ? "" : s.name(),
            Comparator.comparing(Slot::name, Comparator.nullsLast(Comparator.naturalOrder())), null),
    IMPLEMENTED("Implemented", "yes", SWT.LEFT, "no: the slot has no handler, its calls return ENOSYS; —: never called", false,
            s -> s.implemented() == null ? "—" : s.implemented() ? "yes" : "no",
            Comparator.comparing(Slot::implemented, Comparator.nullsFirst(Comparator.naturalOrder())), null),
    HANDLER("Handler", "k42:rt_sigtimedwait", SWT.LEFT,
            "The handler the slot points at: its own (k42:name), k42:enosys, or the one it was hot-swapped to; empty until called or swapped",
            false, s -> s.handler() == null ? "" : s.handler(), Comparator.comparing(Slot::handler, Comparator.nullsLast(Comparator.naturalOrder())),
            null),
    TABLE_HITS("Table hits", "9,999,999", SWT.RIGHT, "Calls that jumped through the slot from a retargeted site (every depth)", true,
            s -> count(s.tableHits()), null, Slot::tableHits),
    TRAP_HITS("Trap hits", "9,999,999", SWT.RIGHT, "Calls whose sc trapped and was reflected through the slot", true,
            s -> count(s.trapHits()), null, Slot::trapHits),
    NESTED("Nested", "9,999,999", SWT.RIGHT, "Calls a handler made (depth 2 or more), counted in the hits too", true,
            s -> count(s.nestedHits()), null, Slot::nestedHits),
    FAILURES("Failures", "9,999,999", SWT.RIGHT, "Calls that returned an errno", true, s -> count(s.failures()),
            Comparator.comparingLong(Slot::failures), null),
    MEAN_COST("Mean cost (µs)", "99,999.999", SWT.RIGHT,
            "Mean virtual time from a call's entry to its exit on its thread (waiting included), in microseconds", true,
            s -> s.meanCostNs() < 0 ? "—" : String.format("%,.3f", s.meanCostNs() / 1000), Comparator.comparingDouble(Slot::meanCostNs),
            null),
    LAST_SITE("Last site", "0x7ffff7e77880", SWT.LEFT, "Address of the latest call's sc (or of the calling handler's entry)", false,
            s -> s.called() ? "0x" + Long.toHexString(s.lastSite()) : "",
            Comparator.comparing(Slot::lastSite, Long::compareUnsigned), null),
    LAST_SYMBOL("Last symbol", "__libc_sigaction+0xc0", SWT.LEFT, "The function at the latest call's site", false,
            s -> s.lastSymbol() == null ? "" : s.lastSymbol(),
            Comparator.comparing(Slot::lastSymbol, Comparator.nullsLast(Comparator.naturalOrder())), null);

    private final String header;
    private final String sampleText;
    private final int alignment;
    private final String description;
    private final boolean descendingFirst;
    private final Function<Slot, String> text;
    private final Comparator<Slot> order;
    private final ToLongFunction<Slot> heat;

    /** {@code heat}: the value a heat-coloured column colours by (null for the others, whose order is {@code order}). */
    SlotColumn(String header, String sampleText, int alignment, String description, boolean descendingFirst, Function<Slot, String> text,
            Comparator<Slot> order, ToLongFunction<Slot> heat) {
        this.header = header;
        this.sampleText = sampleText;
        this.alignment = alignment;
        this.description = description;
        this.descendingFirst = descendingFirst;
        this.text = text;
        this.order = order != null ? order : Comparator.comparingLong(heat);
        this.heat = heat;
    }

    private static String count(long n) {
        return String.format("%,d", n);
    }

    public String header() {
        return header;
    }

    public String sampleText() {
        return sampleText;
    }

    public int alignment() {
        return alignment;
    }

    public String description() {
        return description;
    }

    /** Whether a first click on the header sorts largest first, as one looks for the busiest slots. */
    public boolean descendingFirst() {
        return descendingFirst;
    }

    public String text(Slot slot) {
        return text.apply(slot);
    }

    /** Ascending order of the column's values; ties are broken by the caller. */
    public Comparator<Slot> order() {
        return order;
    }

    /** The value the cell's heat colour shows, or null if the column is not heat-coloured. */
    public ToLongFunction<Slot> heat() {
        return heat;
    }
}
