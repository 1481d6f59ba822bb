package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The user-mode Power ISA as this engine knows it: one table that both the interpreter (through
 * {@link Instruction#op()}) and the disassembler (through the mnemonics and operands) read. Rows
 * are tried in order within their primary opcode, extended mnemonics first, as binutils does, so
 * that the disassembly reads like {@code objdump -d}.
 */
public final class InstructionTable {
    private static final int XRC = 0xfc0007ff;

    private static final InstructionTable INSTANCE = new InstructionTable();

    private final List<Instruction> rows = new ArrayList<>();
    private final List<Instruction> prefixedRows = new ArrayList<>();
    private final Instruction[][] byPrimary = new Instruction[64][];

    public static InstructionTable get() {
        return INSTANCE;
    }

    private InstructionTable() {
        branches();
        conditionRegister();
        SpecialPurposeRegisters.describe(this);
        FixedPointArithmetic.describe(this);
        FixedPointLogical.describe(this);
        LoadsAndStores.describe(this);
        StorageControl.describe(this);
        BinaryFloatingPoint.describe(this);
        VectorLogical.describe(this);
        VmxMoves.describe(this);
        VmxInteger.describe(this);
        VmxPermute.describe(this);
        VmxCrypto.describe(this);
        VmxFloat.describe(this);
        VsxFloat.describe(this);
        VsxMoves.describe(this);
        VsxQuad.describe(this);
        VmxWide.describe(this);
        VmxMasks.describe(this);
        Mma.describe(this);
        VmxBcd.describe(this);
        AtomicMemory.describe(this);
        DecimalFloatingPoint.describe(this);
        VsxPermute.describe(this);
        FixedPoint.describe(this);
        VectorPairs.describe(this);
        Prefixed.describe(this);
        List<List<Instruction>> buckets = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            buckets.add(new ArrayList<>());
        }
        for (Instruction row : rows) {
            if (!row.isPrefixed()) {   // a prefix word alone is no instruction: decodePrefixed matches both words
                buckets.get(row.value() >>> 26).add(row);
            }
        }
        for (int i = 0; i < 64; i++) {
            byPrimary[i] = buckets.get(i).toArray(new Instruction[0]);
        }
    }

    /** Every row, in priority order. */
    public List<Instruction> rows() {
        return List.copyOf(rows);
    }

    /** The first row that matches {@code word}, or null for an unknown or illegal instruction. */
    public Instruction decode(int word) {
        for (Instruction row : byPrimary[word >>> 26]) {
            if (row.matches(word)) {
                return row;
            }
        }
        return null;
    }

    /** The prefixed instruction {@code prefix} and {@code suffix} form, or null for none. */
    public Instruction decodePrefixed(int prefix, int suffix) {
        for (Instruction row : prefixedRows) {
            Prefixed.Form form = row.prefixedForm();
            if ((prefix & row.mask()) == row.value() && form.matches(suffix)) {
                return row;
            }
        }
        return null;
    }

    /**
     * Whether the instruction at {@code address} starting with {@code word} has a suffix in the
     * next word: a prefix (primary opcode 1) not in the last word of a 64-byte block, which a
     * prefixed instruction may not cross.
     */
    public static boolean hasSuffix(long address, int word) {
        return word >>> 26 == 1 && (address & 63) != 60;
    }

    /**
     * The instruction at {@code address} whose first word is {@code word}, {@code next} the word
     * after it (read only when {@link #hasSuffix}): a prefixed row, a word row, or null for none.
     */
    public Instruction decodeAt(long address, int word, int next) {
        return hasSuffix(address, word) ? decodePrefixed(word, next) : decode(word);
    }

    public Instruction row(int index) {
        return rows.get(index);
    }

    // ---- table construction -------------------------------------------------------------------

    private void row(String mnemonic, int value, int mask, IntPredicate condition, Op op, Operand... operands) {
        rows.add(new Instruction(rows.size(), mnemonic, value, mask, condition, op, Arrays.asList(operands), null, null));
    }

    /**
     * A row with its semantics and operation: {@link Op#DESCRIBED}, or the operation a translated
     * region generates bytecode for itself; {@code condition} (null for none) narrows the match.
     */
    void row(String mnemonic, int value, int mask, IntPredicate condition, Op op, Semantics semantics, Operand... operands) {
        rows.add(new Instruction(rows.size(), mnemonic, value, mask, condition, op, Arrays.asList(operands), semantics, null));
    }

    /** An X-form row and its record ("dot") form, with their semantics. */
    void xrc(String mnemonic, int primary, int xo, Op op, Semantics semantics, Operand... operands) {
        row(mnemonic, x(primary, xo), XRC, null, op, semantics, operands);
        row(mnemonic + ".", x(primary, xo) | 1, XRC, null, op, semantics, operands);
    }

    /** An XO-form row in its four variants (plain, record, overflow-enable, both), with their semantics. */
    void xo(String mnemonic, int xo9, Op op, Semantics semantics, Operand... operands) {
        xrc(mnemonic, 31, xo9, op, semantics, operands);
        xrc(mnemonic + "o", 31, xo9 | 0x200, op, semantics, operands);
    }

    /** A row that states its semantics: {@link Op#DESCRIBED}. */
    void described(String mnemonic, int value, int mask, Semantics semantics, Operand... operands) {
        described(mnemonic, value, mask, null, semantics, operands);
    }

    /** A described row that matches only the words {@code condition} accepts (the others are reserved: illegal). */
    void described(String mnemonic, int value, int mask, IntPredicate condition, Semantics semantics, Operand... operands) {
        row(mnemonic, value, mask, condition, Op.DESCRIBED, semantics, operands);
    }

    /** A prefixed instruction: {@code value} and {@code mask} match the prefix, {@code form} the suffix. */
    void prefixed(String mnemonic, int value, int mask, Prefixed.Form form) {
        Instruction row = new Instruction(rows.size(), mnemonic, value, mask, null, Op.PREFIXED, List.of(), null, form);
        rows.add(row);
        prefixedRows.add(row);
    }

    private void row(String mnemonic, int value, int mask, Op op, Operand... operands) {
        row(mnemonic, value, mask, null, op, operands);
    }

    static int op(int primary) {
        return primary << 26;
    }

    static int x(int primary, int xo) {
        return op(primary) | xo << 1;
    }

    private void branches() {
        row("b", op(18), 0xfc000003, Op.B, LI);
        row("bl", op(18) | 1, 0xfc000003, Op.B, LI);
        row("ba", op(18) | 2, 0xfc000003, Op.B, LI);
        row("bla", op(18) | 3, 0xfc000003, Op.B, LI);
        String[] trueNames = { "lt", "gt", "eq", "so" };
        String[] falseNames = { "ge", "le", "ne", "ns" };
        // BO values with a simple mnemonic: branch on CR bit true/false, with the ISA 2.0 "at" hints.
        int[][] conditional = { { 12, 0 }, { 14, '-' }, { 15, '+' }, { 4, 0 }, { 6, '-' }, { 7, '+' } };
        int[][] counter = { { 16, 0 }, { 24, '-' }, { 25, '+' }, { 18, 0 }, { 26, '-' }, { 27, '+' } };
        String[] suffixes = { "", "l", "a", "la" };
        for (int kind = 0; kind < 3; kind++) {
            // kind 0: bc (target), 1: bclr, 2: bcctr
            int base = kind == 0 ? op(16) : x(19, kind == 1 ? 16 : 528);
            int conditionalMask = kind == 0 ? 0xffe30000 | 3 : 0xffe3ffff;
            int counterMask = kind == 0 ? 0xffe00003 : 0xffe0ffff; // these ignore BI
            Op operation = kind == 0 ? Op.BC : kind == 1 ? Op.BCLR : Op.BCCTR;
            String infix = kind == 0 ? "" : kind == 1 ? "lr" : "ctr";
            int variants = kind == 0 ? 4 : 2;
            for (int[] bo : counter) {
                if (kind == 2) {
                    break; // bcctr cannot decrement CTR
                }
                String name = (bo[0] < 18 || bo[0] == 24 || bo[0] == 25 ? "bdnz" : "bdz") + infix;
                for (int v = 0; v < variants; v++) {
                    String hint = bo[1] == 0 ? "" : String.valueOf((char) bo[1]);
                    int value = base | bo[0] << 21 | v;
                    if (kind == 0) {
                        row(name + suffixes[v] + hint, value, counterMask, operation, BD);
                    } else {
                        row(name + suffixes[v] + hint, value, counterMask, operation);
                    }
                }
            }
            for (int[] bo : conditional) {
                String[] names = bo[0] >= 12 ? trueNames : falseNames;
                for (int bit = 0; bit < 4; bit++) {
                    for (int v = 0; v < variants; v++) {
                        String hint = bo[1] == 0 ? "" : String.valueOf((char) bo[1]);
                        int value = base | bo[0] << 21 | bit << 16 | v;
                        if (kind == 0) {
                            row("b" + names[bit] + suffixes[v] + hint, value, conditionalMask, operation, BI_FIELD, BD);
                        } else {
                            row("b" + names[bit] + infix + suffixes[v] + hint, value, conditionalMask, operation, BI_FIELD);
                        }
                    }
                }
            }
        }
        row("blr", x(19, 16) | 20 << 21, 0xffffffff, Op.BCLR);
        row("blrl", x(19, 16) | 20 << 21 | 1, 0xffffffff, Op.BCLR);
        row("bctr", x(19, 528) | 20 << 21, 0xffffffff, Op.BCCTR);
        row("bctrl", x(19, 528) | 20 << 21 | 1, 0xffffffff, Op.BCCTR);
        row("bc", op(16), 0xfc000003, Op.BC, BO, BI, BD);
        row("bcl", op(16) | 1, 0xfc000003, Op.BC, BO, BI, BD);
        row("bca", op(16) | 2, 0xfc000003, Op.BC, BO, BI, BD);
        row("bcla", op(16) | 3, 0xfc000003, Op.BC, BO, BI, BD);
        row("bclr", x(19, 16), 0xfc00e7ff, Op.BCLR, BO, BI, BH);
        row("bclrl", x(19, 16) | 1, 0xfc00e7ff, Op.BCLR, BO, BI, BH);
        row("bcctr", x(19, 528), 0xfc00e7ff, Op.BCCTR, BO, BI, BH);
        row("bcctrl", x(19, 528) | 1, 0xfc00e7ff, Op.BCCTR, BO, BI, BH);
        row("bctar", x(19, 560), 0xfc00e7ff, Op.BCTAR, BO, BI, BH);
        row("bctarl", x(19, 560) | 1, 0xfc00e7ff, Op.BCTAR, BO, BI, BH);
        row("sc", op(17) | 2, 0xfffff01f, Op.SC, LEV);
        row("scv", op(17) | 1, 0xfffff01f, Op.SCV, LEV_ALWAYS);
    }

    private void conditionRegister() {
        ConditionRegister.describe(this);
        // attn stops a processor for a hardware debugger: in a user program it is an illegal instruction
        row("attn", 0x00000200, 0xffffffff, Op.NONE);
    }
}
