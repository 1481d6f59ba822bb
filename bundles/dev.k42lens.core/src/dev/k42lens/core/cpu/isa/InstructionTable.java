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
    private static final int MD = 0xfc00001c;
    private static final int MDS = 0xfc00001e;
    private static final int DSX = 0xfc000003;
    private static final int VX = 0xfc0007ff;
    private static final int VA = 0xfc00003f;
    private static final int XX2 = 0xfc0007fc;
    private static final int XX3 = 0xfc0007f8;

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
        loadsAndStores();
        StorageControl.describe(this);
        BinaryFloatingPoint.describe(this);
        vector();
        vectorScalar();
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
        // attn stops a processor for a hardware debugger: in a user program it is an illegal instruction
        row("attn", 0x00000200, 0xffffffff, Op.NONE);
    }

    private void loadsAndStores() {
        row("lxsd", op(57) | 2, DSX, Op.LXSD, VRT, DS, RA0);
        row("lxssp", op(57) | 3, DSX, Op.LXSSP, VRT, DS, RA0);
        row("stxsd", op(61) | 2, DSX, Op.STXSD, VRT, DS, RA0);
        row("stxssp", op(61) | 3, DSX, Op.STXSSP, VRT, DS, RA0);
        row("lxv", op(61) | 1, 0xfc000007, Op.LXV, XT_DQ, DQ, RA0);
        row("stxv", op(61) | 5, 0xfc000007, Op.STXV, XT_DQ, DQ, RA0);
        Object[][] vmx = { { "lvx", 103, Op.LVX }, { "lvxl", 359, Op.LVX }, { "stvx", 231, Op.STVX },
            { "stvxl", 487, Op.STVX }, { "lvebx", 7, Op.LVEBX }, { "lvehx", 39, Op.LVEHX }, { "lvewx", 71, Op.LVEWX },
            { "stvebx", 135, Op.STVEBX }, { "stvehx", 167, Op.STVEHX }, { "stvewx", 199, Op.STVEWX },
            { "lvsl", 6, Op.LVSL }, { "lvsr", 38, Op.LVSR } };
        for (Object[] d : vmx) {
            row((String) d[0], x(31, (Integer) d[1]), XRC, (Op) d[2], VRT, RA0, RB);
        }
        Object[][] vsx = { { "lxvd2x", 844, Op.LXVD2X }, { "lxvw4x", 780, Op.LXVW4X }, { "lxvdsx", 332, Op.LXVDSX },
            { "lxsdx", 588, Op.LXSDX }, { "lxsiwzx", 12, Op.LXSIWZX }, { "lxsiwax", 76, Op.LXSIWAX },
            { "lxsspx", 524, Op.LXSSPX }, { "stxvd2x", 972, Op.STXVD2X }, { "stxvw4x", 908, Op.STXVW4X },
            { "stxsdx", 716, Op.STXSDX }, { "stxsiwx", 140, Op.STXSIWX }, { "stxsspx", 652, Op.STXSSPX },
            { "lxvx", 268, Op.LXVX }, { "stxvx", 396, Op.STXVX }, { "lxvl", 269, Op.LXVL }, { "stxvl", 397, Op.STXVL },
            { "lxvll", 301, Op.LXVLL }, { "stxvll", 429, Op.STXVLL }, { "lxvb16x", 876, Op.LXVB16X },
            { "stxvb16x", 1004, Op.STXVB16X } };
        for (Object[] d : vsx) {
            row((String) d[0], x(31, (Integer) d[1]), X, (Op) d[2], XT, RA0, RB);
        }
    }

    private void vector() {
        Object[][] vx = { { "vaddubm", 0, Op.VADDUBM }, { "vadduhm", 64, Op.VADDUHM }, { "vadduwm", 128, Op.VADDUWM },
            { "vaddudm", 192, Op.VADDUDM }, { "vadduqm", 256, Op.VADDUQM }, { "vaddubs", 512, Op.VADDUBS },
            { "vsububm", 1024, Op.VSUBUBM }, { "vsubuhm", 1088, Op.VSUBUHM }, { "vsubuwm", 1152, Op.VSUBUWM },
            { "vsubudm", 1216, Op.VSUBUDM }, { "vsubuqm", 1280, Op.VSUBUQM }, { "vsububs", 1536, Op.VSUBUBS },
            { "vand", 1028, Op.VAND }, { "vandc", 1092, Op.VANDC }, { "vxor", 1220, Op.VXOR },
            { "vorc", 1348, Op.VORC }, { "vnand", 1412, Op.VNAND }, { "veqv", 1668, Op.VEQV },
            { "vminub", 514, Op.VMINUB }, { "vmaxub", 2, Op.VMAXUB }, { "vslb", 260, Op.VSLB },
            { "vslh", 324, Op.VSLH }, { "vslw", 388, Op.VSLW }, { "vsld", 1476, Op.VSLD }, { "vsrb", 516, Op.VSRB },
            { "vsrh", 580, Op.VSRH }, { "vsrw", 644, Op.VSRW }, { "vsrd", 1732, Op.VSRD }, { "vsrab", 772, Op.VSRAB },
            { "vsl", 452, Op.VSL }, { "vsr", 708, Op.VSR }, { "vslo", 1036, Op.VSLO }, { "vsro", 1100, Op.VSRO },
            { "vbpermq", 1356, Op.VBPERMQ }, { "vmrghb", 12, Op.VMRGHB }, { "vmrglb", 268, Op.VMRGLB },
            { "vmrghw", 140, Op.VMRGHW }, { "vmrglw", 396, Op.VMRGLW }, { "vpkuhum", 14, Op.VPKUHUM },
            { "vpkuwum", 78, Op.VPKUWUM }, { "vpkudum", 1102, Op.VPKUDUM }, { "vsumsws", 1928, Op.VSUMSWS },
            { "vextublx", 1549, Op.VEXTUBLX }, { "vextubrx", 1805, Op.VEXTUBRX }, { "vmuleuw", 648, Op.VMULEUW },
            { "vmulouw", 136, Op.VMULOUW }, { "vmulesw", 904, Op.VMULESW }, { "vmulosw", 392, Op.VMULOSW },
            { "vmuluwm", 137, Op.VMULUWM }, { "vmrgew", 1932, Op.VMRGEW }, { "vmrgow", 1676, Op.VMRGOW },
            { "vsraw", 900, Op.VSRAW } };
        row("vmr", op(4) | 1156, VX, w -> Fields.ra(w) == Fields.rb(w), Op.VOR, VRT, VRA);
        row("vor", op(4) | 1156, VX, Op.VOR, VRT, VRA, VRB);
        row("vnot", op(4) | 1284, VX, w -> Fields.ra(w) == Fields.rb(w), Op.VNOR, VRT, VRA);
        row("vnor", op(4) | 1284, VX, Op.VNOR, VRT, VRA, VRB);
        for (Object[] v : vx) {
            int xo = (Integer) v[1];
            String name = (String) v[0];
            if (name.startsWith("vext")) {
                row(name, op(4) | xo, VX, (Op) v[2], RT, RA, VRB);
            } else {
                row(name, op(4) | xo, VX, (Op) v[2], VRT, VRA, VRB);
            }
        }
        Object[][] unary = { { "vgbbd", 1292, Op.VGBBD }, { "vpopcntb", 1795, Op.VPOPCNTB },
            { "vpopcnth", 1859, Op.VPOPCNTH }, { "vpopcntw", 1923, Op.VPOPCNTW }, { "vpopcntd", 1987, Op.VPOPCNTD },
            { "vclzb", 1794, Op.VCLZB }, { "vclzd", 1986, Op.VCLZD } };
        for (Object[] v : unary) {
            row((String) v[0], op(4) | (Integer) v[1], VX | 0x1f0000, (Op) v[2], VRT, VRB);
        }
        row("vclzlsbb", op(4) | 1538, VX | 0x1f0000, Op.VCLZLSBB, RT, VRB);
        row("vctzlsbb", op(4) | 1 << 16 | 1538, VX | 0x1f0000, Op.VCTZLSBB, RT, VRB);
        row("vextractbm", op(4) | 8 << 16 | 1602, VX | 0x1f0000, Op.VEXTRACTBM, RT, VRB);
        row("vspltb", op(4) | 524, VX, Op.VSPLTB, VRT, VRB, UIMM_VRA);
        row("vsplth", op(4) | 588, VX, Op.VSPLTH, VRT, VRB, UIMM_VRA);
        row("vspltw", op(4) | 652, VX, Op.VSPLTW, VRT, VRB, UIMM_VRA);
        row("vspltisb", op(4) | 780, VX | 0xf800, Op.VSPLTISB, VRT, SIMM5);
        row("vspltish", op(4) | 844, VX | 0xf800, Op.VSPLTISH, VRT, SIMM5);
        row("vspltisw", op(4) | 908, VX | 0xf800, Op.VSPLTISW, VRT, SIMM5);
        row("mfvscr", op(4) | 1540, VX | 0x1ff800, Op.MFVSCR, VRT);
        row("mtvscr", op(4) | 1604, VX | 0x3ff0000, Op.MTVSCR, VRB);
        Object[][] compare = { { "vcmpequb", 6, Op.VCMPEQUB }, { "vcmpequh", 70, Op.VCMPEQUH },
            { "vcmpequw", 134, Op.VCMPEQUW }, { "vcmpequd", 199, Op.VCMPEQUD }, { "vcmpneb", 7, Op.VCMPNEB },
            { "vcmpneh", 71, Op.VCMPNEH }, { "vcmpnew", 135, Op.VCMPNEW }, { "vcmpnezb", 263, Op.VCMPNEZB },
            { "vcmpgtub", 518, Op.VCMPGTUB }, { "vcmpgtsb", 774, Op.VCMPGTSB }, { "vcmpgtuh", 582, Op.VCMPGTUH },
            { "vcmpgtuw", 646, Op.VCMPGTUW }, { "vcmpgtsw", 902, Op.VCMPGTSW } };
        for (Object[] v : compare) {
            row((String) v[0], op(4) | (Integer) v[1], VX, (Op) v[2], VRT, VRA, VRB);
            row(v[0] + ".", op(4) | 1 << 10 | (Integer) v[1], VX, (Op) v[2], VRT, VRA, VRB);
        }
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
        row("vsel", op(4) | 42, VA, Op.VSEL, VRT, VRA, VRB, VRC);
        row("vperm", op(4) | 43, VA, Op.VPERM, VRT, VRA, VRB, VRC);
        row("vpermr", op(4) | 59, VA, Op.VPERMR, VRT, VRA, VRB, VRC);
        row("vsldoi", op(4) | 44, VA | 0x400, Op.VSLDOI, VRT, VRA, VRB, SHB);
    }

    private void vectorScalar() {
        Object[][] logical = { { "xxland", 130, Op.XXLAND }, { "xxlandc", 138, Op.XXLANDC },
            { "xxlxor", 154, Op.XXLXOR }, { "xxlorc", 170, Op.XXLORC }, { "xxlnand", 178, Op.XXLNAND },
            { "xxleqv", 186, Op.XXLEQV }, { "xxmrghw", 18, Op.XXMRGHW }, { "xxmrglw", 50, Op.XXMRGLW },
            { "xxperm", 26, Op.XXPERM }, { "xxpermr", 58, Op.XXPERMR }, { "xsadddp", 32, Op.XSADDDP },
            { "xssubdp", 40, Op.XSSUBDP }, { "xsmuldp", 48, Op.XSMULDP }, { "xsdivdp", 56, Op.XSDIVDP },
            { "xsmaddadp", 33, Op.XSMADDADP }, { "xsmsubadp", 49, Op.XSMSUBADP }, { "xsmaddmdp", 41, Op.XSMADDMDP },
            { "xsmsubmdp", 57, Op.XSMSUBMDP }, { "xsnmaddadp", 161, Op.XSNMADDADP }, { "xsnmaddmdp", 169, Op.XSNMADDMDP },
            { "xsnmsubadp", 177, Op.XSNMSUBADP }, { "xsnmsubmdp", 185, Op.XSNMSUBMDP }, { "xscpsgndp", 176, Op.XSCPSGNDP },
            { "xsmaxdp", 160, Op.XSMAXDP }, { "xsmindp", 168, Op.XSMINDP }, { "xvadddp", 96, Op.XVADDDP },
            { "xvsubdp", 104, Op.XVSUBDP }, { "xvmuldp", 112, Op.XVMULDP }, { "xvdivdp", 120, Op.XVDIVDP },
            { "xvmaddadp", 97, Op.XVMADDADP }, { "xvmaddmdp", 105, Op.XVMADDMDP }, { "xvmsubadp", 113, Op.XVMSUBADP },
            { "xvmsubmdp", 121, Op.XVMSUBMDP } };
        row("xxmr", op(60) | 146 << 3, XX3, w -> Fields.xa(w) == Fields.xb(w), Op.XXLOR, XT, XA);
        row("xxlor", op(60) | 146 << 3, XX3, Op.XXLOR, XT, XA, XB);
        row("xxlnot", op(60) | 162 << 3, XX3, w -> Fields.xa(w) == Fields.xb(w), Op.XXLNOR, XT, XA);
        row("xxlnor", op(60) | 162 << 3, XX3, Op.XXLNOR, XT, XA, XB);
        for (Object[] v : logical) {
            row((String) v[0], op(60) | (Integer) v[1] << 3, XX3, (Op) v[2], XT, XA, XB);
        }
        int permdi = op(60) | 10 << 3;
        int permdiMask = 0xfc0004f8;
        row("xxspltd", permdi, permdiMask | 0x300, w -> Fields.xa(w) == Fields.xb(w), Op.XXPERMDI, XT, XA,
                Operand.SPLTD_DOUBLEWORD);
        row("xxspltd", permdi | 3 << 8, permdiMask | 0x300, w -> Fields.xa(w) == Fields.xb(w), Op.XXPERMDI, XT, XA,
                Operand.SPLTD_DOUBLEWORD);
        row("xxmrghd", permdi, permdiMask | 0x300, Op.XXPERMDI, XT, XA, XB);
        row("xxmrgld", permdi | 3 << 8, permdiMask | 0x300, Op.XXPERMDI, XT, XA, XB);
        row("xxswapd", permdi | 2 << 8, permdiMask | 0x300, w -> Fields.xa(w) == Fields.xb(w), Op.XXPERMDI, XT, XA);
        row("xxpermdi", permdi, permdiMask, Op.XXPERMDI, XT, XA, XB, Operand.DM);
        row("xxsldwi", op(60) | 2 << 3, permdiMask, Op.XXSLDWI, XT, XA, XB, SHW);
        row("xxsel", op(60) | 3 << 4, 0xfc000030, Op.XXSEL, XT, XA, XB, XC);
        row("xxspltw", op(60) | 164 << 2, XX2 | 0x1c0000, Op.XXSPLTW, XT, XB, UIM2);
        row("xxspltib", op(60) | 360 << 1, 0xfc1807fe, Op.XXSPLTIB, XT, IMM8);
        Object[][] brev = { { "xxbrh", 7, Op.XXBRH }, { "xxbrw", 15, Op.XXBRW }, { "xxbrd", 23, Op.XXBRD },
            { "xxbrq", 31, Op.XXBRQ } };
        for (Object[] v : brev) {
            row((String) v[0], op(60) | (Integer) v[1] << 16 | 475 << 2, XX2 | 0x1f0000, (Op) v[2], XT, XB);
        }
        Object[][] unary = { { "xsabsdp", 345, Op.XSABSDP }, { "xsnegdp", 377, Op.XSNEGDP },
            { "xsnabsdp", 361, Op.XSNABSDP }, { "xscvdpsp", 265, Op.XSCVDPSP }, { "xscvspdp", 329, Op.XSCVSPDP },
            { "xscvdpspn", 267, Op.XSCVDPSPN }, { "xscvspdpn", 331, Op.XSCVSPDPN },
            { "xscvdpsxds", 344, Op.XSCVDPSXDS }, { "xscvdpsxws", 88, Op.XSCVDPSXWS },
            { "xscvdpuxds", 328, Op.XSCVDPUXDS }, { "xscvdpuxws", 72, Op.XSCVDPUXWS },
            { "xscvsxddp", 376, Op.XSCVSXDDP }, { "xscvuxddp", 360, Op.XSCVUXDDP }, { "xsrsp", 281, Op.XSRSP },
            { "xssqrtdp", 75, Op.XSSQRTDP }, { "xvcvsxwdp", 248, Op.XVCVSXWDP } };
        for (Object[] v : unary) {
            row((String) v[0], op(60) | (Integer) v[1] << 2, XX2 | 0x1f0000, (Op) v[2], XT, XB);
        }
        row("xscmpudp", op(60) | 35 << 3, XX3 | 0x600001, Op.XSCMPUDP, BF_ALWAYS, XA, XB);
        row("xscmpodp", op(60) | 43 << 3, XX3 | 0x600001, Op.XSCMPODP, BF_ALWAYS, XA, XB);
        // GPR <-> VSR moves: binutils names them after the register file the VSR lies in
        Object[][] moves = { { "mfvsrd", "mffprd", "mfvrd", 51, Op.MFVSRD }, { "mfvsrwz", "mffprwz", "mfvrwz", 115, Op.MFVSRWZ },
            { "mtvsrd", "mtfprd", "mtvrd", 179, Op.MTVSRD }, { "mtvsrwa", "mtfprwa", "mtvrwa", 211, Op.MTVSRWA },
            { "mtvsrwz", "mtfprwz", "mtvrwz", 243, Op.MTVSRWZ } };
        for (Object[] v : moves) {
            int xo = (Integer) v[3];
            boolean toVsr = ((String) v[0]).startsWith("mt");
            row((String) v[1], x(31, xo), XRC | 0xf800, (Op) v[4], toVsr ? FRT : RA, toVsr ? RA : FRT);
            row((String) v[2], x(31, xo) | 1, XRC | 0xf800, (Op) v[4], toVsr ? VRT : RA, toVsr ? RA : VRT);
        }
        row("mfvsrld", x(31, 307), X | 0xf800, Op.MFVSRLD, RA, XT);
        row("mtvsrdd", x(31, 435), X, Op.MTVSRDD, XT, RA0, RB);
        row("mtvsrws", x(31, 403), X | 0xf800, Op.MTVSRWS, XT, RA);
    }
}
