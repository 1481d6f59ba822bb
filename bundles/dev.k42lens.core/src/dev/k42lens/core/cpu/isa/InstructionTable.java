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
    private static final int OP = 0xfc000000;
    private static final int X = 0xfc0007fe;
    private static final int XRC = 0xfc0007ff;
    private static final int A = 0xfc00003e;
    private static final int ARC = 0xfc00003f;
    private static final int MD = 0xfc00001c;
    private static final int MDS = 0xfc00001e;
    private static final int DSX = 0xfc000003;
    private static final int VA = 0xfc00003f;

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
        specialPurposeRegisters();
        arithmetic();
        compareAndTrap();
        logical();
        rotateAndShift();
        loadsAndStores();
        storageControl();
        floatingPoint();
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

    /** A row that states its semantics: {@link Op#DESCRIBED}. */
    void described(String mnemonic, int value, int mask, Semantics semantics, Operand... operands) {
        described(mnemonic, value, mask, null, semantics, operands);
    }

    /** A described row that matches only the words {@code condition} accepts (the others are reserved: illegal). */
    void described(String mnemonic, int value, int mask, IntPredicate condition, Semantics semantics, Operand... operands) {
        rows.add(new Instruction(rows.size(), mnemonic, value, mask, condition, Op.DESCRIBED, Arrays.asList(operands), semantics,
                null));
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

    private static int op(int primary) {
        return primary << 26;
    }

    private static int x(int primary, int xo) {
        return op(primary) | xo << 1;
    }

    /** An X-form row and its record ("dot") form. */
    private void xrc(String mnemonic, int primary, int xo, Op op, Operand... operands) {
        row(mnemonic, x(primary, xo), XRC, op, operands);
        row(mnemonic + ".", x(primary, xo) | 1, XRC, op, operands);
    }

    /** An XO-form row in its four variants: plain, record, overflow-enable, both. */
    private void xo(String mnemonic, int xo9, Op op, Operand... operands) {
        xrc(mnemonic, 31, xo9, op, operands);
        xrc(mnemonic + "o", 31, xo9 | 0x200, op, operands);
    }

    private static IntPredicate field(java.util.function.IntUnaryOperator f, int v) {
        return w -> f.applyAsInt(w) == v;
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
        row("isync", x(19, 150), 0xffffffff, Op.ISYNC);
        // attn stops a processor for a hardware debugger: in a user program it is an illegal instruction
        row("attn", 0x00000200, 0xffffffff, Op.NONE);
        row("mfcr", x(31, 19), 0xfc1fffff, Op.MFCR, RT);
        row("mfocrf", x(31, 19) | 0x100000, 0xfc100fff, Op.MFOCRF, RT, FXM);
        row("mtcr", x(31, 144) | 0xff << 12, 0xfc1fffff, Op.MTCRF, RS);
        row("mtcrf", x(31, 144), 0xfc100fff, Op.MTCRF, FXM, RS);
        row("mtocrf", x(31, 144) | 0x100000, 0xfc100fff, Op.MTOCRF, FXM, RS);
    }

    private void specialPurposeRegisters() {
        String[][] sprs = { { "1", "xer" }, { "8", "lr" }, { "9", "ctr" }, { "256", "vrsave" }, { "3", "dscr" },
            { "17", "dscr" }, { "815", "tar" } };
        for (String[] spr : sprs) {
            int n = Integer.parseInt(spr[0]);
            int encoded = ((n & 31) << 16) | ((n >> 5) << 11);
            row("mf" + spr[1], x(31, 339) | encoded, 0xfc1fffff, Op.MFSPR, RT);
            row("mt" + spr[1], x(31, 467) | encoded, 0xfc1fffff, Op.MTSPR, RS);
        }
        row("mftb", x(31, 339) | (268 & 31) << 16 | (268 >> 5) << 11, 0xfc1fffff, Op.MFSPR, RT);
        row("mftbu", x(31, 339) | (269 & 31) << 16 | (269 >> 5) << 11, 0xfc1fffff, Op.MFSPR, RT);
        row("mfpvr", x(31, 339) | (287 & 31) << 16 | (287 >> 5) << 11, 0xfc1fffff, Op.MFSPR, RT);
        row("mfspr", x(31, 339), XRC, Op.MFSPR, RT, SPR);
        row("mtspr", x(31, 467), XRC, Op.MTSPR, SPR, RS);
        row("mftb", x(31, 371) | (268 & 31) << 16 | (268 >> 5) << 11, 0xfc1fffff, Op.MFTB, RT);
        row("mftbu", x(31, 371) | (269 & 31) << 16 | (269 >> 5) << 11, 0xfc1fffff, Op.MFTB, RT);
        row("mftb", x(31, 371), XRC, Op.MFTB, RT, SPR);
    }

    private void arithmetic() {
        row("li", op(14), 0xfc1f0000, Op.ADDI, RT, SI);
        row("addi", op(14), OP, Op.ADDI, RT, RA0, SI);
        row("lis", op(15), 0xfc1f0000, Op.ADDIS, RT, SI);
        // addpcis RT,D: the next instruction's address + D << 16; lnia is D = 0
        row("lnia", x(19, 2), 0xfc1fffff, Op.ADDPCIS, RT);
        row("addpcis", x(19, 2), 0xfc00003e, Op.ADDPCIS, RT, DX);
        row("addis", op(15), OP, Op.ADDIS, RT, RA0, SI);
        row("addic", op(12), OP, Op.ADDIC, RT, RA, SI);
        row("addic.", op(13), OP, Op.ADDIC_RC, RT, RA, SI);
        row("subfic", op(8), OP, Op.SUBFIC, RT, RA, SI);
        row("mulli", op(7), OP, Op.MULLI, RT, RA, SI);
        xo("add", 266, Op.ADD, RT, RA, RB);
        xo("addc", 10, Op.ADDC, RT, RA, RB);
        xo("adde", 138, Op.ADDE, RT, RA, RB);
        xo("addme", 234, Op.ADDME, RT, RA);
        xo("addze", 202, Op.ADDZE, RT, RA);
        xo("subf", 40, Op.SUBF, RT, RA, RB);
        xo("subfc", 8, Op.SUBFC, RT, RA, RB);
        xo("subfe", 136, Op.SUBFE, RT, RA, RB);
        xo("subfme", 232, Op.SUBFME, RT, RA);
        xo("subfze", 200, Op.SUBFZE, RT, RA);
        xo("neg", 104, Op.NEG, RT, RA);
        xo("mullw", 235, Op.MULLW, RT, RA, RB);
        xo("mulld", 233, Op.MULLD, RT, RA, RB);
        xrc("mulhw", 31, 75, Op.MULHW, RT, RA, RB);
        xrc("mulhwu", 31, 11, Op.MULHWU, RT, RA, RB);
        xrc("mulhd", 31, 73, Op.MULHD, RT, RA, RB);
        xrc("mulhdu", 31, 9, Op.MULHDU, RT, RA, RB);
        xo("divw", 491, Op.DIVW, RT, RA, RB);
        xo("divwu", 459, Op.DIVWU, RT, RA, RB);
        xo("divd", 489, Op.DIVD, RT, RA, RB);
        xo("divdu", 457, Op.DIVDU, RT, RA, RB);
        xo("divwe", 427, Op.DIVWE, RT, RA, RB);
        xo("divweu", 395, Op.DIVWEU, RT, RA, RB);
        xo("divde", 425, Op.DIVDE, RT, RA, RB);
        xo("divdeu", 393, Op.DIVDEU, RT, RA, RB);
        row("maddhd", op(4) | 48, VA, Op.MADDHD, RT, RA, RB, RC);
        row("maddhdu", op(4) | 49, VA, Op.MADDHDU, RT, RA, RB, RC);
        row("maddld", op(4) | 51, VA, Op.MADDLD, RT, RA, RB, RC);
    }

    private void compareAndTrap() {
        row("cmpwi", op(11), 0xfc600000, Op.CMPI, BF, RA, SI);
        row("cmpdi", op(11) | 1 << 21, 0xfc600000, Op.CMPI, BF, RA, SI);
        row("cmplwi", op(10), 0xfc600000, Op.CMPLI, BF, RA, UI);
        row("cmpldi", op(10) | 1 << 21, 0xfc600000, Op.CMPLI, BF, RA, UI);
        row("cmpw", x(31, 0), 0xfc6007ff, Op.CMP, BF, RA, RB);
        row("cmpd", x(31, 0) | 1 << 21, 0xfc6007ff, Op.CMP, BF, RA, RB);
        row("cmplw", x(31, 32), 0xfc6007ff, Op.CMPL, BF, RA, RB);
        row("cmpld", x(31, 32) | 1 << 21, 0xfc6007ff, Op.CMPL, BF, RA, RB);
        row("trap", x(31, 4) | 31 << 21, 0xffffffff, Op.TW);
        row("tw", x(31, 4), XRC, Op.TW, TO, RA, RB);
        row("td", x(31, 68), XRC, Op.TD, TO, RA, RB);
        row("twi", op(3), OP, Op.TWI, TO, RA, SI);
        row("tdi", op(2), OP, Op.TDI, TO, RA, SI);
        row("isellt", op(31) | 15 << 1, 0xfc0007ff, Op.ISEL, RT, RA0, RB);
        row("iselgt", op(31) | 1 << 6 | 15 << 1, 0xfc0007ff, Op.ISEL, RT, RA0, RB);
        row("iseleq", op(31) | 2 << 6 | 15 << 1, 0xfc0007ff, Op.ISEL, RT, RA0, RB);
        row("isel", op(31) | 15 << 1, 0xfc00003f, Op.ISEL, RT, RA0, RB, CRB_C);
    }

    private void logical() {
        row("andi.", op(28), OP, Op.ANDI_RC, RA, RS, UI);
        row("andis.", op(29), OP, Op.ANDIS_RC, RA, RS, UI);
        row("nop", op(24), 0xffffffff, Op.ORI);
        row("ori", op(24), OP, Op.ORI, RA, RS, UI);
        row("oris", op(25), OP, Op.ORIS, RA, RS, UI);
        row("xnop", op(26), 0xffffffff, Op.XORI);
        row("xori", op(26), OP, Op.XORI, RA, RS, UI);
        row("xoris", op(27), OP, Op.XORIS, RA, RS, UI);
        xrc("and", 31, 28, Op.AND, RA, RS, RB);
        xrc("andc", 31, 60, Op.ANDC, RA, RS, RB);
        row("mr", x(31, 444), XRC, w -> Fields.rt(w) == Fields.rb(w), Op.OR, RA, RS);
        row("mr.", x(31, 444) | 1, XRC, w -> Fields.rt(w) == Fields.rb(w), Op.OR, RA, RS);
        xrc("or", 31, 444, Op.OR, RA, RS, RB);
        xrc("orc", 31, 412, Op.ORC, RA, RS, RB);
        xrc("xor", 31, 316, Op.XOR, RA, RS, RB);
        xrc("nand", 31, 476, Op.NAND, RA, RS, RB);
        row("not", x(31, 124), XRC, w -> Fields.rt(w) == Fields.rb(w), Op.NOR, RA, RS);
        row("not.", x(31, 124) | 1, XRC, w -> Fields.rt(w) == Fields.rb(w), Op.NOR, RA, RS);
        xrc("nor", 31, 124, Op.NOR, RA, RS, RB);
        xrc("eqv", 31, 284, Op.EQV, RA, RS, RB);
        xrc("extsb", 31, 954, Op.EXTSB, RA, RS);
        xrc("extsh", 31, 922, Op.EXTSH, RA, RS);
        xrc("extsw", 31, 986, Op.EXTSW, RA, RS);
        xrc("cntlzw", 31, 26, Op.CNTLZW, RA, RS);
        xrc("cntlzd", 31, 58, Op.CNTLZD, RA, RS);
        xrc("cnttzw", 31, 538, Op.CNTTZW, RA, RS);
        xrc("cnttzd", 31, 570, Op.CNTTZD, RA, RS);
        row("popcntb", x(31, 122), XRC, Op.POPCNTB, RA, RS);
        row("popcntw", x(31, 378), XRC, Op.POPCNTW, RA, RS);
        row("popcntd", x(31, 506), XRC, Op.POPCNTD, RA, RS);
        row("prtyw", x(31, 154), XRC, Op.PRTYW, RA, RS);
        row("prtyd", x(31, 186), XRC, Op.PRTYD, RA, RS);
        row("cmpb", x(31, 508), XRC, Op.CMPB, RA, RS, RB);
        row("bpermd", x(31, 252), XRC, Op.BPERMD, RA, RS, RB);
    }

    private void rotateAndShift() {
        for (int rc = 0; rc < 2; rc++) {
            String dot = rc == 0 ? "" : ".";
            int rlwinm = op(21) | rc;
            int m = 0xfc000001;
            row("rotlwi" + dot, rlwinm | 31 << 1, m | 0x7fe, Op.RLWINM, RA, RS, SH);
            row("clrlwi" + dot, rlwinm | 31 << 1, m | 0xf83e, Op.RLWINM, RA, RS, MB);
            row("slwi" + dot, rlwinm, m | 0x7c0, w -> Fields.rb(w) != 0 && Fields.me(w) == 31 - Fields.rb(w),
                    Op.RLWINM, RA, RS, SH);
            row("srwi" + dot, rlwinm | 31 << 1, m | 0x3e, w -> Fields.rc(w) != 0 && Fields.rb(w) == 32 - Fields.rc(w),
                    Op.RLWINM, RA, RS, SRWI_N);
            row("clrrwi" + dot, rlwinm, m | 0xffc0, Op.RLWINM, RA, RS, CLRRWI_N);
            row("rlwinm" + dot, rlwinm, m, Op.RLWINM, RA, RS, SH, MB, ME);
            row("rlwimi" + dot, op(20) | rc, m, Op.RLWIMI, RA, RS, SH, MB, ME);
            row("rotlw" + dot, op(23) | rc | 31 << 1, m | 0x7fe, Op.RLWNM, RA, RS, RB);
            row("rlwnm" + dot, op(23) | rc, m, Op.RLWNM, RA, RS, RB, MB, ME);

            int md = 0xfc00001d;
            row("rotldi" + dot, op(30) | rc, md | 0x7e0, Op.RLDICL, RA, RS, SH6);
            row("clrldi" + dot, op(30) | rc, md | 0xf802, Op.RLDICL, RA, RS, MB6);
            row("srdi" + dot, op(30) | rc, md, w -> Fields.mb6(w) != 0 && Fields.sh6(w) == 64 - Fields.mb6(w),
                    Op.RLDICL, RA, RS, MB6);
            row("rldicl" + dot, op(30) | rc, md, Op.RLDICL, RA, RS, SH6, MB6);
            row("clrrdi" + dot, op(30) | 1 << 2 | rc, md | 0xf802, Op.RLDICR, RA, RS, CLRRDI_N);
            row("sldi" + dot, op(30) | 1 << 2 | rc, md, w -> Fields.mb6(w) == 63 - Fields.sh6(w), Op.RLDICR, RA, RS, SH6);
            row("rldicr" + dot, op(30) | 1 << 2 | rc, md, Op.RLDICR, RA, RS, SH6, MB6);
            row("rldic" + dot, op(30) | 2 << 2 | rc, md, Op.RLDIC, RA, RS, SH6, MB6);
            row("rldimi" + dot, op(30) | 3 << 2 | rc, md, Op.RLDIMI, RA, RS, SH6, MB6);
            row("rotld" + dot, op(30) | 8 << 1 | rc, 0xfc0007ff, Op.RLDCL, RA, RS, RB);
            row("rldcl" + dot, op(30) | 8 << 1 | rc, MDS | 1, Op.RLDCL, RA, RS, RB, MB6);
            row("rldcr" + dot, op(30) | 9 << 1 | rc, MDS | 1, Op.RLDCR, RA, RS, RB, MB6);
            row("sradi" + dot, op(31) | 413 << 2 | rc, 0xfc0007fd, Op.SRADI, RA, RS, SH6);
            row("extswsli" + dot, op(31) | 445 << 2 | rc, 0xfc0007fd, Op.EXTSWSLI, RA, RS, SH6);
        }
        xrc("slw", 31, 24, Op.SLW, RA, RS, RB);
        xrc("srw", 31, 536, Op.SRW, RA, RS, RB);
        xrc("sraw", 31, 792, Op.SRAW, RA, RS, RB);
        xrc("srawi", 31, 824, Op.SRAWI, RA, RS, SH);
        xrc("sld", 31, 27, Op.SLD, RA, RS, RB);
        xrc("srd", 31, 539, Op.SRD, RA, RS, RB);
        xrc("srad", 31, 794, Op.SRAD, RA, RS, RB);
    }

    private void loadsAndStores() {
        Object[][] dForm = { { "lwz", 32, Op.LWZ }, { "lwzu", 33, Op.LWZU }, { "lbz", 34, Op.LBZ },
            { "lbzu", 35, Op.LBZU }, { "stw", 36, Op.STW }, { "stwu", 37, Op.STWU }, { "stb", 38, Op.STB },
            { "stbu", 39, Op.STBU }, { "lhz", 40, Op.LHZ }, { "lhzu", 41, Op.LHZU }, { "lha", 42, Op.LHA },
            { "lhau", 43, Op.LHAU }, { "sth", 44, Op.STH }, { "sthu", 45, Op.STHU }, { "lmw", 46, Op.LMW },
            { "stmw", 47, Op.STMW } };
        for (Object[] d : dForm) {
            row((String) d[0], op((Integer) d[1]), OP, (Op) d[2], RT, D, RA0);
        }
        Object[][] fpForm = { { "lfs", 48, Op.LFS }, { "lfsu", 49, Op.LFSU }, { "lfd", 50, Op.LFD },
            { "lfdu", 51, Op.LFDU }, { "stfs", 52, Op.STFS }, { "stfsu", 53, Op.STFSU }, { "stfd", 54, Op.STFD },
            { "stfdu", 55, Op.STFDU } };
        for (Object[] d : fpForm) {
            row((String) d[0], op((Integer) d[1]), OP, (Op) d[2], FRT, D, RA0);
        }
        row("ld", op(58), DSX, Op.LD, RT, DS, RA0);
        row("ldu", op(58) | 1, DSX, Op.LDU, RT, DS, RA0);
        row("lwa", op(58) | 2, DSX, Op.LWA, RT, DS, RA0);
        row("std", op(62), DSX, Op.STD, RS, DS, RA0);
        row("stdu", op(62) | 1, DSX, Op.STDU, RS, DS, RA0);
        Object[][] xForm = { { "lbzx", 87, Op.LBZX }, { "lbzux", 119, Op.LBZUX }, { "lhzx", 279, Op.LHZX },
            { "lhzux", 311, Op.LHZUX }, { "lhax", 343, Op.LHAX }, { "lhaux", 375, Op.LHAUX }, { "lwzx", 23, Op.LWZX },
            { "lwzux", 55, Op.LWZUX }, { "lwax", 341, Op.LWAX }, { "lwaux", 373, Op.LWAUX }, { "ldx", 21, Op.LDX },
            { "ldux", 53, Op.LDUX }, { "stbx", 215, Op.STBX }, { "stbux", 247, Op.STBUX }, { "sthx", 407, Op.STHX },
            { "sthux", 439, Op.STHUX }, { "stwx", 151, Op.STWX }, { "stwux", 183, Op.STWUX }, { "stdx", 149, Op.STDX },
            { "stdux", 181, Op.STDUX }, { "lhbrx", 790, Op.LHBRX }, { "lwbrx", 534, Op.LWBRX },
            { "ldbrx", 532, Op.LDBRX }, { "sthbrx", 918, Op.STHBRX }, { "stwbrx", 662, Op.STWBRX },
            { "stdbrx", 660, Op.STDBRX }, { "lswx", 533, Op.LSWX }, { "stswx", 661, Op.STSWX } };
        for (Object[] d : xForm) {
            row((String) d[0], x(31, (Integer) d[1]), XRC, (Op) d[2], RT, RA0, RB);
        }
        Object[][] reserve = { { "lbarx", 52, Op.LBARX }, { "lharx", 116, Op.LHARX }, { "lwarx", 20, Op.LWARX },
            { "ldarx", 84, Op.LDARX } };
        for (Object[] d : reserve) {
            row((String) d[0], x(31, (Integer) d[1]), X, (Op) d[2], RT, RA0, RB, EH);
        }
        row("stbcx.", x(31, 694) | 1, XRC, Op.STBCX, RS, RA0, RB);
        row("sthcx.", x(31, 726) | 1, XRC, Op.STHCX, RS, RA0, RB);
        row("stwcx.", x(31, 150) | 1, XRC, Op.STWCX, RS, RA0, RB);
        row("stdcx.", x(31, 214) | 1, XRC, Op.STDCX, RS, RA0, RB);
        row("lswi", x(31, 597), XRC, Op.LSWI, RT, RA0, NB);
        row("stswi", x(31, 725), XRC, Op.STSWI, RS, RA0, NB);
        Object[][] fpX = { { "lfsx", 535, Op.LFSX }, { "lfsux", 567, Op.LFSUX }, { "lfdx", 599, Op.LFDX },
            { "lfdux", 631, Op.LFDUX }, { "stfsx", 663, Op.STFSX }, { "stfsux", 695, Op.STFSUX },
            { "stfdx", 727, Op.STFDX }, { "stfdux", 759, Op.STFDUX }, { "stfiwx", 983, Op.STFIWX },
            { "lfiwax", 855, Op.LFIWAX }, { "lfiwzx", 887, Op.LFIWZX } };
        for (Object[] d : fpX) {
            row((String) d[0], x(31, (Integer) d[1]), XRC, (Op) d[2], FRT, RA0, RB);
        }
    }

    private void storageControl() {
        row("hwsync", x(31, 598), 0xffffffff, Op.SYNC);
        row("lwsync", x(31, 598) | 1 << 21, 0xffffffff, Op.SYNC);
        row("ptesync", x(31, 598) | 2 << 21, 0xffffffff, Op.SYNC);
        row("sync", x(31, 598), 0xff9fffff, Op.SYNC, L2);
        row("eieio", x(31, 854), 0xffffffff, Op.EIEIO);
        // binutils' default ppc64 dialect names the TH=0 forms after their e500mc spelling
        row("dcbtct", x(31, 278), 0xffe007ff, Op.DCBT, RA0, RB);
        row("dcbt", x(31, 278), XRC, Op.DCBT, RA0, RB, TH);
        row("dcbtstct", x(31, 246), 0xffe007ff, Op.DCBTST, RA0, RB);
        row("dcbtst", x(31, 246), XRC, Op.DCBTST, RA0, RB, TH);
        row("dcbz", x(31, 1014), 0xffe007ff, Op.DCBZ, RA0, RB);
        row("dcbst", x(31, 54), 0xffe007ff, Op.DCBST, RA0, RB);
        row("dcbf", x(31, 86), 0xffe007ff, Op.DCBF, RA0, RB);
        // dcbf's other L values: flush the line local (1) or for persistence (3), the persistent-storage
        // flush and store (4, 6): nothing to do where stores are visible at once
        row("dcbfl", x(31, 86) | 1 << 21, 0xffe007ff, Op.DCBF, RA0, RB);
        row("dcbflp", x(31, 86) | 3 << 21, 0xffe007ff, Op.DCBF, RA0, RB);
        row("dcbfps", x(31, 86) | 4 << 21, 0xffe007ff, Op.DCBF, RA0, RB);
        row("dcbstps", x(31, 86) | 6 << 21, 0xffe007ff, Op.DCBF, RA0, RB);
        row("icbi", x(31, 982), 0xffe007ff, Op.ICBI, RA0, RB);
        row("yield", x(31, 444) | 27 << 21 | 27 << 16 | 27 << 11, 0xffffffff, Op.NOP_HINT);
        row("mdoio", x(31, 444) | 29 << 21 | 29 << 16 | 29 << 11, 0xffffffff, Op.NOP_HINT);
        row("mdoom", x(31, 444) | 30 << 21 | 30 << 16 | 30 << 11, 0xffffffff, Op.NOP_HINT);
    }

    private void floatingPoint() {
        Object[][] a = { { "fdiv", 18, Op.FDIV, Op.FDIVS }, { "fsub", 20, Op.FSUB, Op.FSUBS },
            { "fadd", 21, Op.FADD, Op.FADDS } };
        for (int rc = 0; rc < 2; rc++) {
            String dot = rc == 0 ? "" : ".";
            for (Object[] f : a) {
                int xo = (Integer) f[1];
                row(f[0] + dot, op(63) | xo << 1 | rc, ARC | 0x7c0, (Op) f[2], FRT, FRA, FRB);
                row(f[0] + "s" + dot, op(59) | xo << 1 | rc, ARC | 0x7c0, (Op) f[3], FRT, FRA, FRB);
            }
            row("fsqrt" + dot, op(63) | 22 << 1 | rc, ARC | 0x1f07c0, Op.FSQRT, FRT, FRB);
            row("fsqrts" + dot, op(59) | 22 << 1 | rc, ARC | 0x1f07c0, Op.FSQRTS, FRT, FRB);
            row("fsel" + dot, op(63) | 23 << 1 | rc, ARC, Op.FSEL, FRT, FRA, FRC, FRB);
            row("fre" + dot, op(63) | 24 << 1 | rc, ARC | 0x1f07c0, Op.FRE, FRT, FRB);
            row("fres" + dot, op(59) | 24 << 1 | rc, ARC | 0x1f07c0, Op.FRES, FRT, FRB);
            row("fmul" + dot, op(63) | 25 << 1 | rc, ARC | 0xf800, Op.FMUL, FRT, FRA, FRC);
            row("fmuls" + dot, op(59) | 25 << 1 | rc, ARC | 0xf800, Op.FMULS, FRT, FRA, FRC);
            row("frsqrte" + dot, op(63) | 26 << 1 | rc, ARC | 0x1f07c0, Op.FRSQRTE, FRT, FRB);
            row("frsqrtes" + dot, op(59) | 26 << 1 | rc, ARC | 0x1f07c0, Op.FRSQRTES, FRT, FRB);
            Object[][] fma = { { "fmsub", 28, Op.FMSUB, Op.FMSUBS }, { "fmadd", 29, Op.FMADD, Op.FMADDS },
                { "fnmsub", 30, Op.FNMSUB, Op.FNMSUBS }, { "fnmadd", 31, Op.FNMADD, Op.FNMADDS } };
            for (Object[] f : fma) {
                int xo = (Integer) f[1];
                row(f[0] + dot, op(63) | xo << 1 | rc, ARC, (Op) f[2], FRT, FRA, FRC, FRB);
                row(f[0] + "s" + dot, op(59) | xo << 1 | rc, ARC, (Op) f[3], FRT, FRA, FRC, FRB);
            }
            Object[][] unary = { { "fneg", 40, Op.FNEG }, { "fmr", 72, Op.FMR }, { "fnabs", 136, Op.FNABS },
                { "fabs", 264, Op.FABS }, { "frsp", 12, Op.FRSP }, { "fctiw", 14, Op.FCTIW },
                { "fctiwz", 15, Op.FCTIWZ }, { "fctiwu", 142, Op.FCTIWU }, { "fctiwuz", 143, Op.FCTIWUZ },
                { "fctid", 814, Op.FCTID }, { "fctidz", 815, Op.FCTIDZ }, { "fctidu", 942, Op.FCTIDU },
                { "fctiduz", 943, Op.FCTIDUZ }, { "fcfid", 846, Op.FCFID }, { "fcfidu", 974, Op.FCFIDU },
                { "frin", 392, Op.FRIN }, { "friz", 424, Op.FRIZ }, { "frip", 456, Op.FRIP },
                { "frim", 488, Op.FRIM } };
            for (Object[] f : unary) {
                row(f[0] + dot, x(63, (Integer) f[1]) | rc, XRC | 0x1f0000, (Op) f[2], FRT, FRB);
            }
            row("fcfids" + dot, x(59, 846) | rc, XRC | 0x1f0000, Op.FCFIDS, FRT, FRB);
            row("fcfidus" + dot, x(59, 974) | rc, XRC | 0x1f0000, Op.FCFIDUS, FRT, FRB);
            row("fcpsgn" + dot, x(63, 8) | rc, XRC, Op.FCPSGN, FRT, FRA, FRB);
            row("mffs" + dot, x(63, 583) | rc, XRC | 0x1ff800, Op.MFFS, FRT);
            if (rc == 0) {
                // ISA 3.0 forms that read the FPSCR and, for the crn forms, set the rounding mode
                row("mffsce", x(63, 583) | 1 << 16, XRC | 0x1ff800, Op.MFFS, FRT);
                row("mffscrn", x(63, 583) | 22 << 16, XRC | 0x1f0000, Op.MFFSCRN, FRT, FRB);
                row("mffscrni", x(63, 583) | 23 << 16, XRC | 0x1fe000, Op.MFFSCRNI, FRT, RM);
                row("mffsl", x(63, 583) | 24 << 16, XRC | 0x1ff800, Op.MFFS, FRT);
                // the decimal rounding mode: read the control fields, set DRN from FRB's bits 29-31 or the immediate
                described("mffscdrn", x(63, 583) | 20 << 16, XRC | 0x1f0000, (c, m, w) -> {
                    long frb = c.fpr(Fields.rb(w));
                    c.setFpr(Fields.rt(w), c.fpscrDoubleword() & Fpscr.CONTROL);
                    c.decimalRoundingMode = (int) (frb >>> 32) & 7;
                }, FRT, FRB);
                described("mffscdrni", x(63, 583) | 21 << 16, XRC | 0x1fc000, (c, m, w) -> {
                    c.setFpr(Fields.rt(w), c.fpscrDoubleword() & Fpscr.CONTROL);
                    c.decimalRoundingMode = DRM.value(w);
                }, FRT, DRM);
            }
            row("mtfsf" + dot, x(63, 711) | rc, XRC | 0x2010000, Op.MTFSF, FLM, FRB);
            row("mtfsf" + dot, x(63, 711) | rc, XRC, Op.MTFSF, FLM, FRB, MTFSF_L, MTFSF_W);
            row("mtfsfi" + dot, x(63, 134) | rc, XRC | 0x7e0800, Op.MTFSFI, FPSCR_FIELD, U4, MTFSF_W);
            row("mtfsb0" + dot, x(63, 70) | rc, XRC | 0x1ff800, Op.MTFSB0, FPSCR_BIT);
            row("mtfsb1" + dot, x(63, 38) | rc, XRC | 0x1ff800, Op.MTFSB1, FPSCR_BIT);
        }
        row("fcmpu", x(63, 0), 0xfc6007ff, Op.FCMPU, BF_ALWAYS, FRA, FRB);
        row("fcmpo", x(63, 32), 0xfc6007ff, Op.FCMPO, BF_ALWAYS, FRA, FRB);
        row("mcrfs", x(63, 64), 0xfc63ffff, Op.MCRFS, BF_ALWAYS, BFA);
    }
}
