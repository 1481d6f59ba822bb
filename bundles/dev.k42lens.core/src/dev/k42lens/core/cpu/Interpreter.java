package dev.k42lens.core.cpu;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.Fpscr;
import static dev.k42lens.core.cpu.isa.Fields.*;

import java.util.function.LongSupplier;

import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.cpu.isa.ProgramInterrupt;
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
    private final boolean[] rowEndsBlock;
    private final Cpu cpu;
    private final GuestMemory memory;
    private final LongSupplier timeBase;
    private final FloatingPoint fp;

    private GuestFault fault;
    private int stopWord;
    private long instructionCount;
    private long translatedInstructionCount;
    private long breakpointAddress = -1;
    private boolean translating = !"false".equals(System.getProperty(TRANSLATE_PROPERTY));
    /** Visits of a block start before it is translated. */
    private final int hotVisits = "eager".equals(System.getProperty(TRANSLATE_PROPERTY)) ? 1 : DecodedPage.HOT;
    private java.util.function.LongPredicate breakpoints;

    /**
     * @param timeBase the guest time base (mftb), 512 MHz ticks like a POWER processor's
     */
    public Interpreter(Cpu cpu, GuestMemory memory, LongSupplier timeBase) {
        this.cpu = cpu;
        this.memory = memory;
        this.timeBase = timeBase;
        this.rows = table.rows().toArray(new Instruction[0]);
        this.rowOps = new Op[rows.length];
        this.rowEndsBlock = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rowOps[i] = rows[i].op();
            rowEndsBlock[i] = rowOps[i].endsBlock();
        }
        this.fp = new FloatingPoint(cpu);
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

    /** Instructions completed so far inside translated regions (part of {@link #instructionCount()}). */
    public long translatedInstructionCount() {
        return translatedInstructionCount;
    }

    /** Turns the translation of hot blocks on or off for this interpreter. */
    public void setTranslating(boolean translating) {
        this.translating = translating;
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
        boolean atBlockStart = true;
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
                DecodedPage decoded = (DecodedPage) page.code;
                if (decoded == null) {
                    decoded = new DecodedPage();
                    page.code = decoded;
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
                Stop stop = execute(op, index - 1, w, pc);
                if (stop != null) {
                    stopWord = w;
                    return stop;
                }
                instructionCount++;
                atBlockStart = rowEndsBlock[index - 1];
            }
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
            if (!decoded.heatUp(offset, hotVisits) || (block = translate(pc)) == null) {
                return 0;
            }
            decoded.setBlock(offset, block);
        }
        long total = 0;
        while (!containsStopAddress(block)) {
            int retired;
            try {
                // (a region adds a segment's length to its count before checking: keep that from overflowing)
                retired = block.execute(this, cpu, memory, page, decoded, (int) Math.min(budget - total, Integer.MAX_VALUE / 2));
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
                decoded = (DecodedPage) page.code;
            } else {
                if (((next ^ pc) & ~GuestMemory.PAGE_MASK) != 0) {
                    page = memory.executablePage(next);
                    if (!(page.code instanceof DecodedPage nextDecoded)) {
                        break;
                    }
                    decoded = nextDecoded;
                } else if (page.code != decoded) {
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

    /** Translates the region at {@code pc}, decoding its whole page: loops may branch back before {@code pc}. */
    private TranslatedBlock translate(long pc) {
        long pageBase = pc & ~GuestMemory.PAGE_MASK;
        int count = GuestMemory.PAGE_SIZE / 4;
        int[] words = new int[count];
        Instruction[] decoded = new Instruction[count];
        for (int i = 0; i < count; i++) {
            words[i] = memory.fetch32(pageBase + 4L * i);
            decoded[i] = table.decode(words[i]);
        }
        return BlockTranslator.translate(pageBase, (int) (pc - pageBase) >>> 2, words, decoded);
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

    /**
     * Executes one instruction for a translated region (a callout): {@code row} is the index of its
     * table row. Returns null when it completed, or why it stops without having changed anything.
     */
    public Stop executeInstruction(int row, int w, long pc) {
        return execute(rowOps[row], row, w, pc);
    }

    private Stop execute(Op op, int row, int w, long pc) {
        final long[] r = cpu.gpr;
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
            // ---- condition register
            case MFCR -> r[rt(w)] = cpu.cr & 0xffffffffL;
            case MFOCRF -> r[rt(w)] = cpu.cr & fieldMask(fxm(w)) & 0xffffffffL;
            case MTCRF, MTOCRF -> {
                int mask = fieldMask(fxm(w));
                cpu.cr = (cpu.cr & ~mask) | ((int) r[rt(w)] & mask);
            }
            // ---- special purpose registers
            case MFSPR, MFTB -> {
                switch (spr(w)) {
                    case 1 -> r[rt(w)] = cpu.xer();
                    case 8 -> r[rt(w)] = cpu.lr;
                    case 9 -> r[rt(w)] = cpu.ctr;
                    case 256 -> r[rt(w)] = cpu.vrsave & 0xffffffffL;
                    case 268 -> r[rt(w)] = timeBase.getAsLong();
                    case 269 -> r[rt(w)] = timeBase.getAsLong() >>> 32;
                    case 3, 17 -> r[rt(w)] = 0; // DSCR: no prefetch tuning
                    case 815 -> r[rt(w)] = cpu.tar;
                    default -> {
                        return Stop.ILLEGAL_INSTRUCTION;
                    }
                }
            }
            case MTSPR -> {
                long v = r[rt(w)];
                switch (spr(w)) {
                    case 1 -> cpu.setXer(v);
                    case 8 -> cpu.lr = v;
                    case 9 -> cpu.ctr = v;
                    case 256 -> cpu.vrsave = (int) v;
                    case 3, 17 -> {
                        // DSCR writes are accepted and ignored
                    }
                    case 815 -> cpu.tar = v;
                    default -> {
                        return Stop.ILLEGAL_INSTRUCTION;
                    }
                }
            }
            // ---- fixed-point arithmetic
            case ADDI -> r[rt(w)] = (ra(w) == 0 ? 0 : r[ra(w)]) + si(w);
            case ADDIS -> r[rt(w)] = (ra(w) == 0 ? 0 : r[ra(w)]) + ((long) si(w) << 16);
            case ADDPCIS -> r[rt(w)] = next + ((long) Operand.DX.value(w) << 16);
            case ADDIC -> r[rt(w)] = addCarrying(r[ra(w)], si(w), 0);
            case ADDIC_RC -> {
                r[rt(w)] = addCarrying(r[ra(w)], si(w), 0);
                recordCr0(r[rt(w)]);
            }
            case SUBFIC -> r[rt(w)] = addCarrying(~r[ra(w)], si(w), 1);
            case MULLI -> r[rt(w)] = r[ra(w)] * si(w);
            case ADD -> arith(w, r[ra(w)] + r[rb(w)], r[ra(w)], r[rb(w)]);
            case ADDC -> arithCarrying(w, r[ra(w)], r[rb(w)], 0);
            case ADDE -> arithCarrying(w, r[ra(w)], r[rb(w)], cpu.ca ? 1 : 0);
            case ADDME -> arithCarrying(w, r[ra(w)], -1L, cpu.ca ? 1 : 0);
            case ADDZE -> arithCarrying(w, r[ra(w)], 0, cpu.ca ? 1 : 0);
            case SUBF -> arith(w, r[rb(w)] - r[ra(w)], ~r[ra(w)], r[rb(w)]);
            case SUBFC -> arithCarrying(w, ~r[ra(w)], r[rb(w)], 1);
            case SUBFE -> arithCarrying(w, ~r[ra(w)], r[rb(w)], cpu.ca ? 1 : 0);
            case SUBFME -> arithCarrying(w, ~r[ra(w)], -1L, cpu.ca ? 1 : 0);
            case SUBFZE -> arithCarrying(w, ~r[ra(w)], 0, cpu.ca ? 1 : 0);
            case NEG -> arith(w, -r[ra(w)], ~r[ra(w)], 0);
            case MULLW -> {
                long product = (long) (int) r[ra(w)] * (int) r[rb(w)];
                setResult(w, product, oe(w), product != (int) product, product != (int) product);
            }
            case MULLD -> {
                long a = r[ra(w)];
                long b = r[rb(w)];
                long product = a * b;
                boolean overflow = Math.multiplyHigh(a, b) != (product >> 63);
                setResult(w, product, oe(w), overflow, overflow);
            }
            case MULHW -> setResult(w, (((long) (int) r[ra(w)] * (int) r[rb(w)]) >> 32) & 0xffffffffL, false, false, false);
            case MULHWU -> setResult(w, ((r[ra(w)] & 0xffffffffL) * (r[rb(w)] & 0xffffffffL)) >>> 32, false, false, false);
            case MULHD -> setResult(w, Math.multiplyHigh(r[ra(w)], r[rb(w)]), false, false, false);
            case MULHDU -> setResult(w, Math.unsignedMultiplyHigh(r[ra(w)], r[rb(w)]), false, false, false);
            case DIVW -> {
                int a = (int) r[ra(w)];
                int b = (int) r[rb(w)];
                boolean invalid = b == 0 || (a == Integer.MIN_VALUE && b == -1);
                // qemu divides by 1 in the undefined cases and zero-extends the word
                setResult(w, (invalid ? a : a / b) & 0xffffffffL, oe(w), invalid, invalid);
            }
            case DIVWU -> {
                int b = (int) r[rb(w)];
                boolean invalid = b == 0;
                setResult(w, Integer.toUnsignedLong(invalid ? (int) r[ra(w)] : Integer.divideUnsigned((int) r[ra(w)], b)), oe(w),
                        invalid, invalid);
            }
            case DIVD -> {
                long a = r[ra(w)];
                long b = r[rb(w)];
                boolean invalid = b == 0 || (a == Long.MIN_VALUE && b == -1);
                setResult(w, invalid ? a : a / b, oe(w), invalid, invalid);
            }
            case DIVDU -> {
                long b = r[rb(w)];
                boolean invalid = b == 0;
                setResult(w, invalid ? r[ra(w)] : Long.divideUnsigned(r[ra(w)], b), oe(w), invalid, invalid);
            }
            case DIVWE, DIVWEU, DIVDE, DIVDEU -> {
                return extendedDivide(op, w);
            }
            case MADDHD -> {
                long a = r[ra(w)];
                long b = r[rb(w)];
                long c = r[rc(w)];
                long lo = a * b;
                long hi = Math.multiplyHigh(a, b);
                long sum = lo + c;
                long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
                r[rt(w)] = hi + (c >> 63) + carry;
            }
            case MADDHDU -> {
                long a = r[ra(w)];
                long b = r[rb(w)];
                long c = r[rc(w)];
                long lo = a * b;
                long sum = lo + c;
                r[rt(w)] = Math.unsignedMultiplyHigh(a, b) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
            }
            case MADDLD -> r[rt(w)] = r[ra(w)] * r[rb(w)] + r[rc(w)];
            // ---- compare, trap, select
            case CMPI -> compare(bf(w), cmpL(w) != 0 ? Long.compare(r[ra(w)], si(w)) : Integer.compare((int) r[ra(w)], si(w)));
            case CMPLI -> compare(bf(w), cmpL(w) != 0 ? Long.compareUnsigned(r[ra(w)], ui(w))
                    : Integer.compareUnsigned((int) r[ra(w)], ui(w)));
            case CMP -> compare(bf(w), cmpL(w) != 0 ? Long.compare(r[ra(w)], r[rb(w)])
                    : Integer.compare((int) r[ra(w)], (int) r[rb(w)]));
            case CMPL -> compare(bf(w), cmpL(w) != 0 ? Long.compareUnsigned(r[ra(w)], r[rb(w)])
                    : Integer.compareUnsigned((int) r[ra(w)], (int) r[rb(w)]));
            case TW -> {
                if (trapTaken(rt(w), (int) r[ra(w)], (int) r[rb(w)])) {
                    return Stop.TRAP;
                }
            }
            case TWI -> {
                if (trapTaken(rt(w), (int) r[ra(w)], si(w))) {
                    return Stop.TRAP;
                }
            }
            case TD -> {
                if (trapTaken(rt(w), r[ra(w)], r[rb(w)])) {
                    return Stop.TRAP;
                }
            }
            case TDI -> {
                if (trapTaken(rt(w), r[ra(w)], si(w))) {
                    return Stop.TRAP;
                }
            }
            case ISEL -> r[rt(w)] = cpu.crBit(rc(w)) ? (ra(w) == 0 ? 0 : r[ra(w)]) : r[rb(w)];
            // ---- logical
            case ANDI_RC -> recordCr0(r[ra(w)] = r[rt(w)] & ui(w));
            case ANDIS_RC -> recordCr0(r[ra(w)] = r[rt(w)] & ((long) ui(w) << 16));
            case ORI -> r[ra(w)] = r[rt(w)] | ui(w);
            case ORIS -> r[ra(w)] = r[rt(w)] | ((long) ui(w) << 16);
            case XORI -> r[ra(w)] = r[rt(w)] ^ ui(w);
            case XORIS -> r[ra(w)] = r[rt(w)] ^ ((long) ui(w) << 16);
            case AND -> logical(w, r[rt(w)] & r[rb(w)]);
            case ANDC -> logical(w, r[rt(w)] & ~r[rb(w)]);
            case OR -> logical(w, r[rt(w)] | r[rb(w)]);
            case ORC -> logical(w, r[rt(w)] | ~r[rb(w)]);
            case XOR -> logical(w, r[rt(w)] ^ r[rb(w)]);
            case NAND -> logical(w, ~(r[rt(w)] & r[rb(w)]));
            case NOR -> logical(w, ~(r[rt(w)] | r[rb(w)]));
            case EQV -> logical(w, ~(r[rt(w)] ^ r[rb(w)]));
            case EXTSB -> logical(w, (byte) r[rt(w)]);
            case EXTSH -> logical(w, (short) r[rt(w)]);
            case EXTSW -> logical(w, (int) r[rt(w)]);
            case CNTLZW -> logical(w, Integer.numberOfLeadingZeros((int) r[rt(w)]));
            case CNTLZD -> logical(w, Long.numberOfLeadingZeros(r[rt(w)]));
            case CNTTZW -> logical(w, Integer.numberOfTrailingZeros((int) r[rt(w)]));
            case CNTTZD -> logical(w, Long.numberOfTrailingZeros(r[rt(w)]));
            case POPCNTB -> r[ra(w)] = popcountPer(r[rt(w)], 8);
            case POPCNTW -> r[ra(w)] = popcountPer(r[rt(w)], 32);
            case POPCNTD -> r[ra(w)] = Long.bitCount(r[rt(w)]);
            case PRTYW -> {
                long s = r[rt(w)] & 0x0101010101010101L;
                long hi = Long.bitCount(s >>> 32) & 1;
                long lo = Long.bitCount(s & 0xffffffffL) & 1;
                r[ra(w)] = hi << 32 | lo;
            }
            case PRTYD -> r[ra(w)] = Long.bitCount(r[rt(w)] & 0x0101010101010101L) & 1;
            case CMPB -> {
                long a = r[rt(w)];
                long b = r[rb(w)];
                long result = 0;
                for (int i = 0; i < 64; i += 8) {
                    if (((a >>> i) & 0xff) == ((b >>> i) & 0xff)) {
                        result |= 0xffL << i;
                    }
                }
                r[ra(w)] = result;
            }
            case BPERMD -> {
                long s = r[rt(w)];
                long b = r[rb(w)];
                long result = 0;
                for (int i = 0; i < 8; i++) {
                    int index = (int) (s >>> (56 - 8 * i)) & 0xff;
                    if (index < 64 && ((b >>> (63 - index)) & 1) != 0) {
                        result |= 0x80 >>> i;
                    }
                }
                r[ra(w)] = result;
            }
            // ---- rotate and shift
            case RLWINM -> logical(w, rotl32(r[rt(w)], rb(w)) & mask(rc(w) + 32, me(w) + 32));
            case RLWNM -> logical(w, rotl32(r[rt(w)], (int) r[rb(w)] & 31) & mask(rc(w) + 32, me(w) + 32));
            case RLWIMI -> {
                long m = mask(rc(w) + 32, me(w) + 32);
                logical(w, (rotl32(r[rt(w)], rb(w)) & m) | (r[ra(w)] & ~m));
            }
            case RLDICL -> logical(w, Long.rotateLeft(r[rt(w)], sh6(w)) & mask(mb6(w), 63));
            case RLDICR -> logical(w, Long.rotateLeft(r[rt(w)], sh6(w)) & mask(0, mb6(w)));
            case RLDIC -> logical(w, Long.rotateLeft(r[rt(w)], sh6(w)) & mask(mb6(w), 63 - sh6(w)));
            case RLDIMI -> {
                long m = mask(mb6(w), 63 - sh6(w));
                logical(w, (Long.rotateLeft(r[rt(w)], sh6(w)) & m) | (r[ra(w)] & ~m));
            }
            case RLDCL -> logical(w, Long.rotateLeft(r[rt(w)], (int) r[rb(w)] & 63) & mask(mb6(w), 63));
            case RLDCR -> logical(w, Long.rotateLeft(r[rt(w)], (int) r[rb(w)] & 63) & mask(0, mb6(w)));
            case SLW -> logical(w, shiftLeftWord(r[rt(w)], (int) r[rb(w)]));
            case SRW -> logical(w, shiftRightWord(r[rt(w)], (int) r[rb(w)]));
            case SRAW -> shiftRightAlgebraicWord(w, (int) r[rb(w)] & 63);
            case SRAWI -> shiftRightAlgebraicWord(w, rb(w));
            case SLD -> logical(w, shiftLeftDouble(r[rt(w)], (int) r[rb(w)]));
            case SRD -> logical(w, shiftRightDouble(r[rt(w)], (int) r[rb(w)]));
            case SRAD -> shiftRightAlgebraicDouble(w, (int) r[rb(w)] & 127);
            case SRADI -> shiftRightAlgebraicDouble(w, sh6(w));
            case EXTSWSLI -> logical(w, (long) (int) r[rt(w)] << sh6(w));
            // ---- loads and stores, D/DS-form
            case LBZ -> r[rt(w)] = memory.read8(ea(w));
            case LHZ -> r[rt(w)] = memory.read16(ea(w));
            case LHA -> r[rt(w)] = (short) memory.read16(ea(w));
            case LWZ -> r[rt(w)] = memory.read32(ea(w)) & 0xffffffffL;
            case LWA -> r[rt(w)] = memory.read32(eaDs(w));
            case LD -> r[rt(w)] = memory.read64(eaDs(w));
            case LBZU -> loadUpdate(w, 1, false, r[ra(w)] + si(w));
            case LHZU -> loadUpdate(w, 2, false, r[ra(w)] + si(w));
            case LHAU -> loadUpdate(w, 2, true, r[ra(w)] + si(w));
            case LWZU -> loadUpdate(w, 4, false, r[ra(w)] + si(w));
            case LDU -> loadUpdate(w, 8, false, r[ra(w)] + ds(w));
            case STB -> memory.write8(ea(w), (int) r[rt(w)]);
            case STH -> memory.write16(ea(w), (int) r[rt(w)]);
            case STW -> memory.write32(ea(w), (int) r[rt(w)]);
            case STD -> memory.write64(eaDs(w), r[rt(w)]);
            case STBU -> storeUpdate(w, 1, r[ra(w)] + si(w));
            case STHU -> storeUpdate(w, 2, r[ra(w)] + si(w));
            case STWU -> storeUpdate(w, 4, r[ra(w)] + si(w));
            case STDU -> storeUpdate(w, 8, r[ra(w)] + ds(w));
            // ---- loads and stores, X-form
            case LBZX -> r[rt(w)] = memory.read8(eaX(w));
            case LHZX -> r[rt(w)] = memory.read16(eaX(w));
            case LHAX -> r[rt(w)] = (short) memory.read16(eaX(w));
            case LWZX -> r[rt(w)] = memory.read32(eaX(w)) & 0xffffffffL;
            case LWAX -> r[rt(w)] = memory.read32(eaX(w));
            case LDX -> r[rt(w)] = memory.read64(eaX(w));
            case LBZUX -> loadUpdate(w, 1, false, r[ra(w)] + r[rb(w)]);
            case LHZUX -> loadUpdate(w, 2, false, r[ra(w)] + r[rb(w)]);
            case LHAUX -> loadUpdate(w, 2, true, r[ra(w)] + r[rb(w)]);
            case LWZUX -> loadUpdate(w, 4, false, r[ra(w)] + r[rb(w)]);
            case LWAUX -> loadUpdate(w, 4, true, r[ra(w)] + r[rb(w)]);
            case LDUX -> loadUpdate(w, 8, false, r[ra(w)] + r[rb(w)]);
            case STBX -> memory.write8(eaX(w), (int) r[rt(w)]);
            case STHX -> memory.write16(eaX(w), (int) r[rt(w)]);
            case STWX -> memory.write32(eaX(w), (int) r[rt(w)]);
            case STDX -> memory.write64(eaX(w), r[rt(w)]);
            case STBUX -> storeUpdate(w, 1, r[ra(w)] + r[rb(w)]);
            case STHUX -> storeUpdate(w, 2, r[ra(w)] + r[rb(w)]);
            case STWUX -> storeUpdate(w, 4, r[ra(w)] + r[rb(w)]);
            case STDUX -> storeUpdate(w, 8, r[ra(w)] + r[rb(w)]);
            case LHBRX -> r[rt(w)] = Short.reverseBytes((short) memory.read16(eaX(w))) & 0xffffL;
            case LWBRX -> r[rt(w)] = Integer.reverseBytes(memory.read32(eaX(w))) & 0xffffffffL;
            case LDBRX -> r[rt(w)] = Long.reverseBytes(memory.read64(eaX(w)));
            case STHBRX -> memory.write16(eaX(w), Short.reverseBytes((short) r[rt(w)]));
            case STWBRX -> memory.write32(eaX(w), Integer.reverseBytes((int) r[rt(w)]));
            case STDBRX -> memory.write64(eaX(w), Long.reverseBytes(r[rt(w)]));
            case LMW -> {
                long ea = ea(w);
                for (int i = rt(w); i < 32; i++, ea += 4) {
                    r[i] = memory.read32(ea) & 0xffffffffL;
                }
            }
            case STMW -> {
                long ea = ea(w);
                for (int i = rt(w); i < 32; i++, ea += 4) {
                    memory.write32(ea, (int) r[i]);
                }
            }
            case LSWI -> loadString(rt(w), ra(w) == 0 ? 0 : r[ra(w)], nb(w));
            case LSWX -> loadString(rt(w), eaX(w), cpu.xerByteCount);
            case STSWI -> storeString(rt(w), ra(w) == 0 ? 0 : r[ra(w)], nb(w));
            case STSWX -> storeString(rt(w), eaX(w), cpu.xerByteCount);
            case LBARX -> r[rt(w)] = reserve(eaX(w), 1);
            case LHARX -> r[rt(w)] = reserve(eaX(w), 2);
            case LWARX -> r[rt(w)] = reserve(eaX(w), 4);
            case LDARX -> r[rt(w)] = reserve(eaX(w), 8);
            case STBCX -> storeConditional(eaX(w), 1, r[rt(w)]);
            case STHCX -> storeConditional(eaX(w), 2, r[rt(w)]);
            case STWCX -> storeConditional(eaX(w), 4, r[rt(w)]);
            case STDCX -> storeConditional(eaX(w), 8, r[rt(w)]);
            // ---- storage control: one thread at a time sees memory in program order
            case SYNC, EIEIO, ISYNC, DCBT, DCBTST, DCBST, DCBF, ICBI, NOP_HINT -> {
                // nothing to order or flush: one thread runs at a time and stores are visible at once
            }
            case DCBZ -> {
                long block = eaX(w) & ~127L;
                memory.write(block, ZERO_BLOCK, 0, 128);
            }
            // scv too: the CPU model offers no system call vectored (glibc stays on sc), so it is illegal, as on such a processor
            case NONE, SCV -> {
                return Stop.ILLEGAL_INSTRUCTION;
            }
            case DESCRIBED -> {
                cpu.operationFlags = 0;
                try {
                    rows[row].semantics().execute(cpu, memory, w);
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
            case PREFIXED -> {
                // the suffix is in the same page: a prefixed instruction never crosses 64 bytes (decodeAt checks)
                rows[row].prefixedForm().action().execute(cpu, memory, w, memory.fetch32(pc + 4), pc);
                next = pc + 8;
            }
            default -> {
                cpu.operationFlags = 0;
                Stop stop = fp.execute(op, w, this);
                if (stop != null) {
                    return stop;
                }
                if (cpu.floatingPointExceptionMode != 0 && Fpscr.enabled(cpu.fpscr, cpu.operationFlags)) {
                    cpu.pc = pc;   // the program interrupt names the instruction, which has completed
                    return Stop.FLOATING_POINT_EXCEPTION;
                }
                return null;
            }
        }
        cpu.pc = next;
        return null;
    }

    private static final byte[] ZERO_BLOCK = new byte[128];

    // ---- helpers shared with the floating-point and vector units ---------------------------------

    long ea(int w) {
        return (ra(w) == 0 ? 0 : cpu.gpr[ra(w)]) + si(w);
    }

    long eaDs(int w) {
        return (ra(w) == 0 ? 0 : cpu.gpr[ra(w)]) + ds(w);
    }

    long eaX(int w) {
        return (ra(w) == 0 ? 0 : cpu.gpr[ra(w)]) + cpu.gpr[rb(w)];
    }

    GuestMemory memory() {
        return memory;
    }

    /** Sets CR0 from a result compared with zero, with SO copied from XER. */
    void recordCr0(long result) {
        cpu.setCrField(0, Cpu.comparisonField(Long.signum(result), cpu.so));
    }

    private void link(int w, long pc) {
        if (lk(w)) {
            cpu.lr = pc + 4;
        }
    }

    /** Whether a conditional branch with BO {@code bo} on CR bit {@code bi} is taken; decrements CTR when BO says. */
    public static boolean branchTaken(Cpu cpu, int bo, int bi, boolean mayDecrement) {
        boolean counterOk = true;
        if ((bo & 4) == 0 && mayDecrement) {
            cpu.ctr--;
            counterOk = (cpu.ctr != 0) ^ ((bo & 2) != 0);
        }
        boolean conditionOk = (bo & 16) != 0 || cpu.crBit(bi) == ((bo & 8) != 0);
        return counterOk && conditionOk;
    }

    private static int fieldMask(int fxm) {
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            if ((fxm & (0x80 >>> i)) != 0) {
                mask |= 0xf0000000 >>> (4 * i);
            }
        }
        return mask;
    }

    private void compare(int field, int comparison) {
        cpu.setCrField(field, Cpu.comparisonField(comparison, cpu.so));
    }

    private static boolean trapTaken(int to, long a, long b) {
        return ((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
                || ((to & 2) != 0 && Long.compareUnsigned(a, b) < 0) || ((to & 1) != 0 && Long.compareUnsigned(a, b) > 0);
    }

    private static boolean trapTaken(int to, int a, int b) {
        return ((to & 16) != 0 && a < b) || ((to & 8) != 0 && a > b) || ((to & 4) != 0 && a == b)
                || ((to & 2) != 0 && Integer.compareUnsigned(a, b) < 0)
                || ((to & 1) != 0 && Integer.compareUnsigned(a, b) > 0);
    }

    /** Adds with carry-in, setting CA and CA32 (addic, subfic and the carrying XO-forms). */
    private long addCarrying(long a, long b, int carryIn) {
        cpu.ca = carryOut(a, b, carryIn);
        cpu.ca32 = carryOut32(a, b, carryIn);
        return a + b + carryIn;
    }

    /** Whether a + b + carryIn carries out of 64 bits (CA). */
    public static boolean carryOut(long a, long b, int carryIn) {
        long sum = a + b;
        return Long.compareUnsigned(sum, a) < 0 || Long.compareUnsigned(sum + carryIn, sum) < 0;
    }

    /** Whether a + b + carryIn carries out of the low 32 bits (CA32). */
    public static boolean carryOut32(long a, long b, int carryIn) {
        return ((a & 0xffffffffL) + (b & 0xffffffffL) + carryIn) >>> 32 != 0;
    }

    /** slw: the low word shifted left by RB's low 6 bits (0 from 32 on). */
    public static long shiftLeftWord(long value, int rb) {
        int n = rb & 63;
        return n >= 32 ? 0 : (value << n) & 0xffffffffL;
    }

    /** srw: the low word shifted right by RB's low 6 bits (0 from 32 on). */
    public static long shiftRightWord(long value, int rb) {
        int n = rb & 63;
        return n >= 32 ? 0 : (value & 0xffffffffL) >>> n;
    }

    /** sld: shifted left by RB's low 7 bits (0 from 64 on). */
    public static long shiftLeftDouble(long value, int rb) {
        int n = rb & 127;
        return n >= 64 ? 0 : value << n;
    }

    /** srd: shifted right by RB's low 7 bits (0 from 64 on). */
    public static long shiftRightDouble(long value, int rb) {
        int n = rb & 127;
        return n >= 64 ? 0 : value >>> n;
    }

    private void arithCarrying(int w, long a, long b, int carryIn) {
        arith(w, addCarrying(a, b, carryIn), a, b);
    }

    /**
     * Completes an XO-form whose result is a + b (+ a carry-in): sets RT, OV/OV32/SO when OE, CR0
     * when Rc. Signed overflow happened when a and b agree in sign and the result does not.
     */
    private void arith(int w, long result, long a, long b) {
        boolean overflow = ((a ^ result) & (b ^ result)) < 0;
        int a32 = (int) a;
        int b32 = (int) b;
        int r32 = (int) result;
        boolean overflow32 = ((a32 ^ r32) & (b32 ^ r32)) < 0;
        setResult(w, result, oe(w), overflow, overflow32);
    }

    private void setResult(int w, long result, boolean setOverflow, boolean overflow, boolean overflow32) {
        cpu.gpr[rt(w)] = result;
        if (setOverflow) {
            cpu.ov = overflow;
            cpu.ov32 = overflow32;
            cpu.so |= overflow;
        }
        if (rcBit(w)) {
            recordCr0(result);
        }
    }

    private Stop extendedDivide(Op op, int w) {
        long a = cpu.gpr[ra(w)];
        long b = cpu.gpr[rb(w)];
        java.math.BigInteger dividend;
        java.math.BigInteger divisor;
        boolean word = op == Op.DIVWE || op == Op.DIVWEU;
        boolean signed = op == Op.DIVWE || op == Op.DIVDE;
        if (word) {
            long hi = signed ? (long) (int) a : a & 0xffffffffL;
            dividend = java.math.BigInteger.valueOf(hi).shiftLeft(32);
            divisor = java.math.BigInteger.valueOf(signed ? (long) (int) b : b & 0xffffffffL);
        } else {
            dividend = (signed ? java.math.BigInteger.valueOf(a) : unsigned(a)).shiftLeft(64);
            divisor = signed ? java.math.BigInteger.valueOf(b) : unsigned(b);
        }
        boolean invalid = divisor.signum() == 0;
        long quotient = 0;
        if (!invalid) {
            java.math.BigInteger q = dividend.divide(divisor);
            int bits = word ? 32 : 64;
            java.math.BigInteger min = signed ? java.math.BigInteger.ONE.shiftLeft(bits - 1).negate() : java.math.BigInteger.ZERO;
            java.math.BigInteger max = signed ? java.math.BigInteger.ONE.shiftLeft(bits - 1).subtract(java.math.BigInteger.ONE)
                    : java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE);
            invalid = q.compareTo(min) < 0 || q.compareTo(max) > 0;
            // an overflowing quotient is undefined by the ISA; like qemu in most cases, give 0
            quotient = invalid ? 0 : word ? (signed ? (long) (int) q.longValue() : q.longValue() & 0xffffffffL) : q.longValue();
        }
        setResult(w, quotient, oe(w), invalid, invalid);
        cpu.pc += 4;
        return null;
    }

    private static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    private void logical(int w, long result) {
        cpu.gpr[ra(w)] = result;
        if (rcBit(w)) {
            recordCr0(result);
        }
    }

    /** The low word of {@code value} rotated left by {@code n}, in both halves (rlwinm and friends). */
    public static long rotl32(long value, int n) {
        long word = Integer.rotateLeft((int) value, n) & 0xffffffffL;
        return word | word << 32;
    }

    /** The ISA's MASK(mb, me) with bit 0 as the most significant. */
    public static long mask(int mb, int me) {
        long begin = -1L >>> mb;
        long end = -1L << (63 - me);
        return mb <= me ? begin & end : begin | end;
    }

    private static long popcountPer(long value, int width) {
        long result = 0;
        long fieldMask = width == 64 ? -1L : (1L << width) - 1;
        for (int i = 0; i < 64; i += width) {
            result |= (long) Long.bitCount((value >>> i) & fieldMask) << i;
        }
        return result;
    }

    private void shiftRightAlgebraicWord(int w, int n) {
        int s = (int) cpu.gpr[rt(w)];
        int result;
        boolean carry;
        if (n >= 32) {
            result = s >> 31;
            carry = s < 0;
        } else {
            result = s >> n;
            carry = s < 0 && n > 0 && (s & ((1 << n) - 1)) != 0;
        }
        cpu.ca = carry;
        cpu.ca32 = carry;
        logical(w, result);
    }

    private void shiftRightAlgebraicDouble(int w, int n) {
        long s = cpu.gpr[rt(w)];
        long result;
        boolean carry;
        if (n >= 64) {
            result = s >> 63;
            carry = s < 0;
        } else {
            result = s >> n;
            carry = s < 0 && n > 0 && (s & ((1L << n) - 1)) != 0;
        }
        cpu.ca = carry;
        cpu.ca32 = carry;
        logical(w, result);
    }

    private void loadUpdate(int w, int size, boolean signed, long ea) {
        long value = switch (size) {
            case 1 -> memory.read8(ea);
            case 2 -> signed ? (short) memory.read16(ea) : memory.read16(ea);
            case 4 -> signed ? memory.read32(ea) : memory.read32(ea) & 0xffffffffL;
            default -> memory.read64(ea);
        };
        cpu.gpr[rt(w)] = value;
        cpu.gpr[ra(w)] = ea;
    }

    private void storeUpdate(int w, int size, long ea) {
        long value = cpu.gpr[rt(w)];
        switch (size) {
            case 1 -> memory.write8(ea, (int) value);
            case 2 -> memory.write16(ea, (int) value);
            case 4 -> memory.write32(ea, (int) value);
            default -> memory.write64(ea, value);
        }
        cpu.gpr[ra(w)] = ea;
    }

    private void loadString(int rt, long ea, int count) {
        int register = rt - 1;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                register = (register + 1) & 31;
                cpu.gpr[register] = 0;
            }
            int shift = 24 - 8 * (i % 4);
            cpu.gpr[register] |= (long) memory.read8(ea + i) << shift;
        }
    }

    private void storeString(int rs, long ea, int count) {
        int register = rs - 1;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                register = (register + 1) & 31;
            }
            memory.write8(ea + i, (int) (cpu.gpr[register] >>> (24 - 8 * (i % 4))));
        }
    }

    private long reserve(long ea, int size) {
        long value = switch (size) {
            case 1 -> memory.read8(ea);
            case 2 -> memory.read16(ea);
            case 4 -> memory.read32(ea) & 0xffffffffL;
            default -> memory.read64(ea);
        };
        cpu.reservationAddress = ea;
        cpu.reservationSize = size;
        cpu.reservationValue = value;
        return value;
    }

    /**
     * Stores if this thread still holds the reservation and the memory still holds the value it
     * read (another thread's store in between clears it, as on a real machine).
     */
    private void storeConditional(long ea, int size, long value) {
        boolean success = false;
        if (cpu.reservationAddress == ea && cpu.reservationSize == size) {
            long current = switch (size) {
                case 1 -> memory.read8(ea);
                case 2 -> memory.read16(ea);
                case 4 -> memory.read32(ea) & 0xffffffffL;
                default -> memory.read64(ea);
            };
            if (current == cpu.reservationValue) {
                switch (size) {
                    case 1 -> memory.write8(ea, (int) value);
                    case 2 -> memory.write16(ea, (int) value);
                    case 4 -> memory.write32(ea, (int) value);
                    default -> memory.write64(ea, value);
                }
                success = true;
            }
        }
        cpu.reservationAddress = -1;
        cpu.setCrField(0, (success ? 2 : 0) | (cpu.so ? 1 : 0));
    }
}
