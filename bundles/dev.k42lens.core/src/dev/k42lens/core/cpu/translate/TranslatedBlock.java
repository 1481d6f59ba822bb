package dev.k42lens.core.cpu.translate;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Guest code compiled to JVM bytecode by {@link BlockTranslator}: a region of one page entered at
 * {@link #start()}, holding the instructions reachable from there through branches that stay in
 * the page. Each region is a hidden class, unloaded with the decoded page that holds it.
 */
public abstract class TranslatedBlock {
    private final long start;
    private final int[] offsets;

    /**
     * The region this one last led to, where it starts, its page and that page's decoded code and
     * the memory layout version then: the dispatcher checks these instead of looking the next
     * region up (one thread runs guest code at a time).
     */
    private long successorPc = -1;
    private TranslatedBlock successor;
    private GuestMemory.Page successorPage;
    private Object successorCode;
    private int successorLayout;

    /** The stop-address set this region was last checked against (compared by identity), and the answer. */
    private Object stopAddressesChecked;
    private boolean holdsStopAddress;

    protected TranslatedBlock(long start, int[] offsets) {
        this.start = start;
        this.offsets = offsets;
    }

    /**
     * The region that starts at {@code pc} if it is the one this region last led to and nothing
     * made that stale (its page written, the memory layout changed); else null.
     */
    public final TranslatedBlock successor(long pc, GuestMemory memory) {
        if (pc == successorPc && successorPage.code() == successorCode && successorLayout == memory.layoutVersion()) {
            return successor;
        }
        return null;
    }

    /** The page of {@link #successor}'s last answer. */
    public final GuestMemory.Page successorPage() {
        return successorPage;
    }

    /** Notes that this region led to {@code next}, found at {@code pc} in {@code page} holding {@code code}. */
    public final void leadsTo(long pc, TranslatedBlock next, GuestMemory.Page page, Object code, GuestMemory memory) {
        successorPc = pc;
        successor = next;
        successorPage = page;
        successorCode = code;
        successorLayout = memory.layoutVersion();
    }

    public final long start() {
        return start;
    }

    /** Instructions in the region. */
    public final int length() {
        return offsets.length;
    }

    public final Object stopAddressesChecked() {
        return stopAddressesChecked;
    }

    public final boolean holdsStopAddress() {
        return holdsStopAddress;
    }

    /** Notes whether the region holds an address of {@code stopAddresses} (a set that does not change). */
    public final void checkedStopAddresses(Object stopAddresses, boolean holds) {
        stopAddressesChecked = stopAddresses;
        holdsStopAddress = holds;
    }

    /** The address of the region's {@code i}th instruction, in address order. */
    public final long address(int i) {
        return (start & ~GuestMemory.PAGE_MASK) + offsets[i];
    }

    /**
     * Runs the region on {@code cpu} from its start, retiring at most {@code budget} instructions,
     * and returns how many it retired; {@link Cpu#pc} is then the next instruction (0 retired: the
     * first straight-line run did not fit the budget and nothing changed). A store or semantics call that
     * writes the region's own code page (its {@code page.code()} is no longer {@code decoded}) leaves
     * the region right after it, so that the interpreter decodes the new code. A guest fault is
     * thrown as a {@link Fault} that says how many instructions retired before the faulting one,
     * the Cpu left as the interpreter would: {@link Cpu#pc} at the faulting instruction, every
     * earlier instruction's effects done.
     */
    public abstract int execute(Cpu cpu, GuestMemory memory, GuestMemory.Page page, Object decoded, int budget);

    /** A guest fault inside a region, with the instructions the region retired before it. */
    public static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int retired;

        Fault(GuestFault fault, int retired) {
            super(fault.getMessage(), fault, false, false);
            this.retired = retired;
        }

        public GuestFault fault() {
            return (GuestFault) getCause();
        }

        public int retired() {
            return retired;
        }
    }

    /** Called by generated code. */
    public static Fault faultAfter(GuestFault fault, int retired) {
        return new Fault(fault, retired);
    }
}
