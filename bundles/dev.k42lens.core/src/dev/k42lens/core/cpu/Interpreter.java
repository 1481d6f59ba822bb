package dev.k42lens.core.cpu;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.Fpscr;
import static dev.k42lens.core.cpu.isa.Fields.*;

import java.util.function.LongSupplier;

import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.cpu.isa.ProgramInterrupt;
import dev.k42lens.core.cpu.isa.Semantics;
import dev.k42lens.core.cpu.isa.Operand;
import dev.k42lens.core.cpu.translate.BlockTranslator;
import dev.k42lens.core.cpu.translate.TranslatedBlock;
import dev.k42lens.core.mem.GuestFault;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Executes guest instructions exactly, one at a time, over a {@link Cpu} and its {@link GuestMemory}.
 * Instructions are decoded once per address: each code page keeps, next to its bytes, the table row
 * and word of every instruction decoded in it (dropped when the page is written), so the loop does
 * no decoding and no allocation on the hot path.
 */
public final class Interpreter {
    /**
     * The word at every syscall-layer entry point: primary opcode 0 (illegal in the ISA) with
     * "KB" in the low half and the transfer-table slot in bits 6-15.
     */
    public static final int LAYER_ENTRY_MAGIC = 0x4b42;
    public static final int LAYER_ENTRY_MASK = 0xfc00ffff;

    /**
     * Whether hot blocks are translated to JVM bytecode ({@link BlockTranslator}); the system
     * property {@code k42lens.translate=false} (or {@code k42lens run --no-translate}) keeps every
     * instruction in the interpreter, to compare both paths; {@code k42lens.translate=eager}
     * translates every block at its first visit, so that code run once is tested translated too.
     */
    public static final String TRANSLATE_PROPERTY = "k42lens.translate";

    private final InstructionTable table = InstructionTable.get();
    private final Instruction[] rows;
    private final Op[] rowOps;
    private final Semantics[] rowSemantics;
    private final boolean[] rowEndsBlock;
    private final Cpu cpu;
    private final GuestMemory memory;

    private GuestFault fault;
    private int stopWord;
    private long instructionCount;
    private long translatedInstructionCount;
    private long regionCount;
    /** Where the last run stopped for its budget (-1 after any other stop), and whether a block starts there. */
    private long budgetEndPc = -1;
    private boolean budgetEndAtBlockStart;
    private long regionInstructionCount;
    private long breakpointAddress = -1;
    private boolean translating = !"false".equals(System.getProperty(TRANSLATE_PROPERTY));
    /** Visits of a block start before it is translated. */
    private int hotVisits = "eager".equals(System.getProperty(TRANSLATE_PROPERTY)) ? 1 : DecodedPage.HOT;
    private java.util.function.LongPredicate breakpoints;
    private ExecutionProfile profile;

    /**
     * @param timeBase the guest time base (mftb), 512 MHz ticks like a POWER processor's
     */
    public Interpreter(Cpu cpu, GuestMemory memory, LongSupplier timeBase) {
        this.cpu = cpu;
        this.memory = memory;
        cpu.timeBase = timeBase;
        this.rows = table.rows().toArray(new Instruction[0]);
        this.rowOps = new Op[rows.length];
        this.rowSemantics = new Semantics[rows.length];
        this.rowEndsBlock = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rowOps[i] = rows[i].op();
            rowSemantics[i] = rows[i].semantics();
            rowEndsBlock[i] = rowOps[i].endsBlock();
        }
    }

    public Cpu cpu() {
        return cpu;
    }

    /** The fault behind the last {@link Stop#FAULT}. */
    public GuestFault fault() {
        return fault;
    }

    /** The instruction word behind the last ILLEGAL_INSTRUCTION, TRAP or LAYER_ENTRY stop. */
    public int stopWord() {
        return stopWord;
    }

    /** Instructions completed so far. */
    public long instructionCount() {
        return instructionCount;
    }

    /** Regions translated so far. */
    public long regionCount() {
        return regionCount;
    }

    /** Instructions in the regions translated so far (an instruction in two regions counts twice). */
    public long regionInstructionCount() {
        return regionInstructionCount;
    }

    /** Instructions completed so far inside translated regions (part of {@link #instructionCount()}). */
    public long translatedInstructionCount() {
        return translatedInstructionCount;
    }

    /** Turns the translation of hot blocks on or off for this interpreter. */
    public void setTranslating(boolean translating) {
        this.translating = translating;
    }

    /** Translates a block start once it was reached {@code visits} times (at least 1), from now on. */
    public void setHotVisits(int visits) {
        if (visits < 1) {
            throw new IllegalArgumentException("hot after " + visits + " visits");
        }
        this.hotVisits = visits;
    }

    /**
     * Counts this interpreter's instructions and the callouts of regions it translates from now on
     * in {@code profile} (null: no counting). Regions translated before count nothing.
     */
    public void setProfile(ExecutionProfile profile) {
        this.profile = profile;
    }

    /**
     * Addresses to stop at before executing (null for none); consulted once per interpreted
     * instruction and once per translated region for as long as this same predicate is set, so a
     * changed set of addresses must come as a new predicate.
     */
    public void setBreakpoints(java.util.function.LongPredicate breakpoints) {
        this.breakpoints = breakpoints;
    }

    /**
     * Runs at most {@code budget} instructions. Returns why it stopped; for every stop but BUDGET,
     * {@link Cpu#pc} is the address of the instruction that stopped it, not yet executed.
     */
    public Stop run(long budget) {
        GuestMemory.Page page = null;
        long pageBase = -1;
        boolean resumingAtBreakpoint = cpu.pc == breakpointAddress;
        breakpointAddress = -1;
        // where the last run ran out of budget is a block start only if an instruction that ends a
        // block led there: a quantum that ends inside a loop must not make a region start there
        boolean atBlockStart = cpu.pc != budgetEndPc || budgetEndAtBlockStart;
        budgetEndPc = -1;
        try {
            for (long n = 0; n < budget; n++) {
                long pc = cpu.pc;
                if (breakpoints != null && breakpoints.test(pc) && !(resumingAtBreakpoint && n == 0)) {
                    breakpointAddress = pc;
                    return Stop.BREAKPOINT;
                }
                if ((pc & ~GuestMemory.PAGE_MASK) != pageBase) {
                    page = memory.executablePage(pc);
                    pageBase = pc & ~GuestMemory.PAGE_MASK;
                }
                DecodedPage decoded = (DecodedPage) page.code();
                if (decoded == null) {
                    decoded = new DecodedPage();
                    memory.holdCode(page, decoded);
                }
                // with floating-point exceptions enabled, instructions run here: an enabled one stops after it completes
                if (atBlockStart && translating && cpu.floatingPointExceptionMode == 0) {
                    long retired = runTranslated(page, decoded, pc, budget - n);
                    if (retired > 0) {
                        n += retired - 1;
                        continue;
                    }
                }
                int[] code = decoded.rows;
                int slot = (int) (pc & GuestMemory.PAGE_MASK) >>> 1;
                int index = code[slot];
                int w;
                if (index == 0) {
                    w = memory.fetch32(pc);
                    Instruction row = table.decodeAt(pc, w, InstructionTable.hasSuffix(pc, w) ? memory.fetch32(pc + 4) : 0);
                    index = row == null ? -1 : row.index() + 1;
                    code[slot] = index;
                    code[slot + 1] = w;
                } else {
                    w = code[slot + 1];
                }
                if (index < 0) {
                    stopWord = w;
                    return (w & LAYER_ENTRY_MASK) == LAYER_ENTRY_MAGIC ? Stop.LAYER_ENTRY : Stop.ILLEGAL_INSTRUCTION;
                }
                Op op = rowOps[index - 1];
                if (profile != null) {
                    profile.interpreted[index - 1]++;
                }
                Stop stop = execute(op, index - 1, w, pc);
                if (stop != null) {
                    stopWord = w;
                    return stop;
                }
                instructionCount++;
                atBlockStart = rowEndsBlock[index - 1];
            }
            budgetEndPc = cpu.pc;
            budgetEndAtBlockStart = atBlockStart;
            return Stop.BUDGET;
        } catch (GuestFault f) {
            fault = f;
            return Stop.FAULT;
        }
    }

    /**
     * Runs the translated region starting at {@code pc}, translating it when this visit makes the
     * address hot, then the regions it leads to for as long as they are already translated and the
     * budget lasts (without going through the interpreter loop between them). Returns the
     * instructions retired: 0 when the interpreter has to run the instruction at {@code pc} (no
     * region, one holding a stop address, or its first run does not fit the budget).
     */
    private long runTranslated(GuestMemory.Page page, DecodedPage decoded, long pc, long budget) {
        int offset = (int) (pc & GuestMemory.PAGE_MASK);
        TranslatedBlock block = decoded.block(offset);
        if (block == null) {
            if (!decoded.heatUp(offset, hotVisits) || (block = translate(pc, decoded)) == null) {
                return 0;
            }
            decoded.setBlock(offset, block);
            regionCount++;
            regionInstructionCount += block.length();
        }
        long total = 0;
        while (!containsStopAddress(block)) {
            int retired;
            try {
                // (a region adds a segment's length to its count before checking: keep that from overflowing)
                retired = block.execute(cpu, memory, page, decoded, (int) Math.min(budget - total, Integer.MAX_VALUE / 2));
            } catch (TranslatedBlock.Fault f) {
                instructionCount += f.retired();
                translatedInstructionCount += f.retired();
                throw f.fault();
            }
            instructionCount += retired;
            translatedInstructionCount += retired;
            total += retired;
            if (retired == 0 || total >= budget) {
                break;
            }
            long next = cpu.pc;
            if (breakpoints != null && breakpoints.test(next)) {
                break; // the interpreter loop stops there, before it would fetch from the address
            }
            TranslatedBlock successor = block.successor(next, memory);
            if (successor != null) {
                page = block.successorPage();
                decoded = (DecodedPage) page.code();
            } else {
                if (((next ^ pc) & ~GuestMemory.PAGE_MASK) != 0) {
                    page = memory.executablePage(next);
                    if (!(page.code() instanceof DecodedPage nextDecoded)) {
                        break;
                    }
                    decoded = nextDecoded;
                } else if (page.code() != decoded) {
                    break; // the region wrote its own page: decode it again
                }
                successor = decoded.block((int) (next & GuestMemory.PAGE_MASK));
                if (successor == null) {
                    break;
                }
                block.leadsTo(next, successor, page, decoded, memory);
            }
            block = successor;
            pc = next;
        }
        return total;
    }

    /**
     * Translates the region at {@code pc} of the page {@code decoded} caches, decoding the whole
     * page at the first translation in it: loops may branch back before {@code pc}.
     */
    private TranslatedBlock translate(long pc, DecodedPage decoded) {
        long pageBase = pc & ~GuestMemory.PAGE_MASK;
        if (decoded.words == null) {
            int count = GuestMemory.PAGE_SIZE / 4;
            int[] words = new int[count];
            Instruction[] instructions = new Instruction[count];
            for (int i = 0; i < count; i++) {
                words[i] = memory.fetch32(pageBase + 4L * i);
            }
            for (int i = 0; i < count; i++) {
                // a prefix never ends a 64-byte block (hasSuffix), so its suffix is in the page
                long address = pageBase + 4L * i;
                instructions[i] = table.decodeAt(address, words[i], InstructionTable.hasSuffix(address, words[i]) ? words[i + 1] : 0);
            }
            decoded.words = words;
            decoded.instructions = instructions;
        }
        return BlockTranslator.translate(pageBase, (int) (pc - pageBase) >>> 2, decoded.words, decoded.instructions,
                profile == null ? null : profile.calledOut);
    }

    private boolean containsStopAddress(TranslatedBlock block) {
        if (breakpoints == null) {
            return false;
        }
        // the stop addresses stay the same for a whole run(): a region is checked once per run, not per entry
        if (block.stopAddressesChecked() != breakpoints) {
            boolean contains = false;
            for (int i = 0; i < block.length() && !contains; i++) {
                contains = breakpoints.test(block.address(i));
            }
            block.checkedStopAddresses(breakpoints, contains);
        }
        return block.holdsStopAddress();
    }

    /** The table row of the instruction that stopped the interpreter (null if none decodes). */
    public Instruction stopInstruction() {
        return table.decode(stopWord);
    }

    // ---- execution ------------------------------------------------------------------------------

    private Stop execute(Op op, int row, int w, long pc) {
        long next = pc + 4;
        switch (op) {
            // ---- branches (LK sets LR to the next instruction whether or not the branch is taken)
            case B -> {
                next = aa(w) ? li(w) : pc + li(w);
                link(w, pc);
            }
            case BC -> {
                if (branchTaken(cpu, rt(w), ra(w), true)) {
                    next = aa(w) ? bd(w) : pc + bd(w);
                }
                link(w, pc);
            }
            case BCLR -> {
                long target = cpu.lr & ~3L;
                if (branchTaken(cpu, rt(w), ra(w), true)) {
                    next = target;
                }
                link(w, pc);
            }
            case BCCTR -> {
                if ((rt(w) & 4) == 0) {
                    return Stop.ILLEGAL_INSTRUCTION;
                }
                if (branchTaken(cpu, rt(w), ra(w), false)) {
                    next = cpu.ctr & ~3L;
                }
                link(w, pc);
            }
            case BCTAR -> {
                if (branchTaken(cpu, rt(w), ra(w), true)) {
                    next = cpu.tar & ~3L;
                }
                link(w, pc);
            }
            case SC -> {
                return Stop.SYSTEM_CALL;
            }
            // scv: AT_HWCAP2 does not offer it, so glibc makes its system calls with sc
            case NONE, SCV -> {
                return Stop.ILLEGAL_INSTRUCTION;
            }
            case PREFIXED -> {
                // the suffix is in the same page: a prefixed instruction never crosses 64 bytes (decodeAt checks)
                rows[row].prefixedForm().action().execute(cpu, memory, w, memory.fetch32(pc + 4), pc);
                next = pc + 8;
            }
            default -> {
                cpu.operationFlags = 0;
                try {
                    rowSemantics[row].execute(cpu, memory, w);
                } catch (ProgramInterrupt e) {
                    return switch (e.interruptCause()) {
                        case ILLEGAL_INSTRUCTION -> Stop.ILLEGAL_INSTRUCTION;
                        case TRAP -> Stop.TRAP;
                        case HASH_CHECK -> Stop.HASH_CHECK;
                    };
                }
                if (cpu.floatingPointExceptionMode != 0 && Fpscr.enabled(cpu.fpscr, cpu.operationFlags)) {
                    return Stop.FLOATING_POINT_EXCEPTION;   // the program interrupt names the instruction, which has completed
                }
            }
        }
        cpu.pc = next;
        return null;
    }

    private void link(int w, long pc) {
        if (lk(w)) {
            cpu.lr = pc + 4;
        }
    }

    /** Whether a conditional branch with BO {@code bo} on CR bit {@code bi} is taken; decrements CTR when BO says. */
    private static boolean branchTaken(Cpu cpu, int bo, int bi, boolean mayDecrement) {
        boolean counterOk = true;
        if ((bo & 4) == 0 && mayDecrement) {
            cpu.ctr--;
            counterOk = (cpu.ctr != 0) ^ ((bo & 2) != 0);
        }
        boolean conditionOk = (bo & 16) != 0 || cpu.crBit(bi) == ((bo & 8) != 0);
        return counterOk && conditionOk;
    }
}
