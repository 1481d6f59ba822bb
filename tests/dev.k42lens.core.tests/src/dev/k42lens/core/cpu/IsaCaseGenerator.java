package dev.k42lens.core.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.math.BigInteger;
import java.util.SplittableRandom;

import dev.k42lens.core.cpu.isa.DecimalFloat;
import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Op;
import dev.k42lens.core.cpu.isa.Operand;

/**
 * Writes the per-instruction differential test program (guest/isa/build.sh runs it): for every row
 * of the instruction table the engine executes, a few cases that load GPRs, CR, XER, FPSCR, VSX
 * and VMX registers and a scratch buffer from an input record, execute the instruction, and store
 * everything to an output record. The same binary runs under qemu-user (the recorded expectation)
 * and in the engine; {@link IsaDifferentialTest} compares the records field by field.
 *
 * <p>Input record (256 bytes): r3-r8, r10, CR, XER, FPSCR, vs1-vs4, v2-v4, 64 scratch bytes.
 * Output record (272 bytes): r3-r10, CR, XER, FPSCR, VSCR (a word, in the first or second half of its
 * doubleword by byte order), vs1-vs4, v2-v4, 64 scratch bytes.
 */
public final class IsaCaseGenerator {
    public static final int INPUT_RECORD = 256;
    public static final int OUTPUT_RECORD = 272;
    private static final int CASES_PER_ROW = 3;

    /**
     * Not tested this way: control flow, system calls, traps, SPR moves, multi-register forms;
     * wait, on which qemu-user 7.2 aborts ("Unknown exception 0x10001"); hashst and hashchk, whose
     * hashes depend on each process's random key (FixedPointTest); the dcbf forms qemu refuses.
     */
    private static final Set<Op> SKIPPED = EnumSet.of(Op.NONE, Op.B, Op.BC, Op.BCLR, Op.BCCTR, Op.BCTAR, Op.SC, Op.SCV,
            Op.TW, Op.TWI, Op.TD, Op.TDI, Op.MFSPR, Op.MTSPR, Op.MFTB, Op.LMW, Op.STMW, Op.LSWI, Op.LSWX, Op.STSWI,
            Op.STSWX, Op.DCBT, Op.DCBTST, Op.NOP_HINT);

    private static final Set<Op> EXTENDED_DIVIDES = EnumSet.of(Op.DIVWE, Op.DIVWEU, Op.DIVDE, Op.DIVDEU);

    private static final double[] INTERESTING_DOUBLES = { 0.0, -0.0, 1.0, -1.5, 2.5, 3.0, 0.1, -7.25e10, 1e300, -1e-300,
        4.9e-324, 1.0 / 3, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 4503599627370497.0,
        -2147483648.5, 4294967296.75, 0.5, 1e-10,
        // next to the limits: underflow before and after rounding, single-precision overflow and denormals
        Double.MIN_NORMAL, 0x1.fffffffffffffp-1, -0x1.0000000000001p-1022, 0x0.fffffffffffffp-1022, Float.MAX_VALUE,
        0x1.ffffffp127, 0x1p-126, -0x1.fffffcp-127, 0x1.8p-149, 9.223372036854775807E18, -9.223372036854775808E18,
        1.8446744073709552E19, 2147483647.5, -2147483648.75 };
    /** NaNs with payloads, signalling and quiet: the payload survives, is quieted or is cut to single precision. */
    private static final long[] INTERESTING_NANS = { 0x7ff0000000000123L, 0xfff4000000000000L, 0x7ff8000000000456L,
        0xfff0000020000000L };
    /** The FPSCR bits an input may have set besides the rounding mode: no enable (qemu-user would raise SIGFPE). */
    private static final long FPSCR_STATUS = 0xfffff700L;
    private static final long FPSCR_EXCEPTIONS = 0x1ff80700L;

    private final SplittableRandom random;
    /** The element size of the row being generated, in bytes, from its mnemonic (vextractuw: 4). */
    private int elementBytes;
    /** The mnemonic of the row being generated. */
    private String mnemonic;
    /** The function code of an atomic memory operation, or -1. */
    private int functionCode;
    /** Whether the case is a decimal floating-point instruction's, and one on decimal128. */
    private boolean decimalCase;
    private boolean decimalQuadCase;
    /** Whether the case's FPSCR[RN] must be 0 or 2 (the modes qemu numbers as the ISA does). */
    private boolean nearestOrUpward;
    private final StringBuilder asm = new StringBuilder();
    private final StringBuilder inputs = new StringBuilder();
    private final List<String> cases = new ArrayList<>();

    private IsaCaseGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Arguments: the output directory, the seed, then mnemonics to leave out (ones the assembler refuses). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        IsaCaseGenerator generator = new IsaCaseGenerator(Long.parseLong(args[1]));
        Set<String> excluded = Set.of(java.util.Arrays.copyOfRange(args, 2, args.length));
        for (Instruction row : InstructionTable.get().rows()) {
            if (!SKIPPED.contains(row.op()) && !excluded.contains(row.mnemonic()) && !row.mnemonic().matches("wait|hashst|hashchk|dcbflp|dcbfps|dcbstps")
                    && row.operands().stream().noneMatch(o -> o.kind() == Operand.Kind.BRANCH_TARGET)) {
                // the decimal instructions branch on many operand kinds: more cases for them
                int count = row.mnemonic().startsWith("bcd") || isDecimal(row) ? 4 * CASES_PER_ROW : CASES_PER_ROW;
                for (int i = 0; i < count; i++) {
                    generator.emitCase(row);
                }
            }
        }
        generator.write(out);
    }

    private static boolean accessesMemory(Instruction row) {
        String op = row.op().name();
        return row.operands().contains(Operand.D) || row.operands().contains(Operand.DS) || row.operands().contains(Operand.DQ)
                || op.startsWith("L") || op.startsWith("ST") || op.startsWith("DCB") || op.equals("ICBI")
                || row.op() == Op.DESCRIBED && row.mnemonic().matches("(l|st)\\w+\\.?|dcbzl");
    }

    private void emitCase(Instruction row) {
        boolean memory = accessesMemory(row);
        String m = row.mnemonic();
        mnemonic = m;
        String element = m.matches("vextu[bhw][lr]x|vins[bhwd]v?[lr]x") ? m.substring(m.startsWith("vins") ? 4 : 5, m.startsWith("vins") ? 5 : 6)
                : m.matches("vextd[ud][bhwd]?v[lr]x") ? (m.startsWith("vextdd") ? "d" : m.substring(6, 7)) : m.substring(m.length() - 1);
        elementBytes = element.equals("d") ? 8 : element.equals("w") ? 4 : element.equals("h") ? 2 : 1;
        List<String> operands = row.isPrefixed() ? prefixedOperands(m) : new ArrayList<>();
        List<Operand> list = row.operands();
        for (int i = 0; i < list.size(); i++) {
            Operand operand = list.get(i);
            if (operand.kind() == Operand.Kind.DISPLACEMENT) {
                operands.add(16 * random.nextInt(4) + "(9)"); // D(RA): an aligned offset from the scratch base in r9
                i++;
            } else {
                operands.add(value(operand, memory));
            }
        }
        if (m.matches("xsrqpi|xsrqpix|xsrqpxp") && operands.get(0).equals("0") && operands.get(3).matches("[12]")) {
            operands.set(3, "3");   // R = 0 with RMC 1 or 2 is reserved
        }
        // R = 0, RMC = 3 rounds in FPSCR[RN], which qemu 7.2 takes for its own mode numbering (1 and 3 swapped)
        nearestOrUpward = m.matches("xsrqpi|xsrqpix|xsrqpxp") && operands.get(0).equals("0") && operands.get(3).equals("3");
        if (m.matches("p?(lq|stq)|lqarx|stqcx\\.")) {
            // an even-odd register pair the output record holds (r4:r5 or r6:r7), not the base register
            operands.set(0, random.nextBoolean() ? "4" : "6");
        }
        if (m.startsWith("vdive")) {
            // the extended divides: a dividend (v3) smaller than the divisor (v4), or the quotient is undefined
            operands.set(1, "3");
            operands.set(2, "4");
        }
        if (m.startsWith("mtfsfi")) {
            // field 6 holds VE, OE, UE, ZE and field 7 XE: written as 0
            int field = Integer.parseInt(operands.get(0));
            int bits = Integer.parseInt(operands.get(1));
            operands.set(1, Integer.toString(field == 6 ? 0 : field == 7 ? bits & 7 : bits));
        }
        boolean extendedDivide = EXTENDED_DIVIDES.contains(row.op());
        if (extendedDivide) {
            // keep the quotient defined (the ISA leaves an overflowing one undefined): |RA| < |RB|, RA != RB
            int ra = list.indexOf(Operand.RA);
            int rb = list.indexOf(Operand.RB);
            operands.set(ra, "3");
            operands.set(rb, "4");
        }
        if (m.startsWith("bcd")) {
            // a target apart from the sources: qemu 7.2 reads some sources after writing the target
            List<String> sources = operands.subList(1, list.contains(Operand.VRA) ? 3 : 2);
            operands.set(0, List.of("2", "3", "4").stream().filter(v -> !sources.contains(v)).findFirst().orElseThrow());
        }
        functionCode = list.contains(Operand.FC) ? Integer.parseInt(operands.get(list.indexOf(Operand.FC))) : -1;
        String[] accumulatorCopies = { "", "" };
        decimalCase = isDecimal(row);
        decimalQuadCase = decimalQuad(row);
        String decimalMode = decimalCase ? "  mffscdrni 0," + random.nextInt(8) + "\n" : "";
        if (decimalQuad(row)) {
            // decimal128 operands are even-odd FPR pairs: f0:f1 (f0 a copy of f4, shown in vs4 afterwards) or f2:f3
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).kind() == Operand.Kind.FPR) {
                    operands.set(i, random.nextBoolean() ? "0" : "2");
                }
            }
            accumulatorCopies = new String[] { "  xxlor 0,4,4\n", "  xxlor 4,0,0\n" };
        }
        if (list.contains(Operand.ACC) || m.startsWith("pmdmxv")) {
            accumulatorCopies = accumulatorCase(operands, operands.size() > 1, m.contains("f64"));
        }
        String text = row.mnemonic() + (operands.isEmpty() ? "" : " " + String.join(",", operands));
        cases.add(text);
        asm.append("  # case ").append(cases.size() - 1).append(": ").append(text).append('\n');
        for (int i = 0; i < 8; i++) {
            asm.append("  ld 0,").append(192 + 8 * i).append("(30)\n  std 0,").append(8 * i).append("(29)\n");
        }
        for (int r = 3; r <= 8; r++) {
            asm.append("  ld ").append(r).append(',').append(8 * (r - 3)).append("(30)\n");
        }
        asm.append("  mr 9,29\n  ld 10,48(30)\n  ld 0,56(30)\n  mtcrf 255,0\n  ld 0,64(30)\n  mtxer 0\n");
        asm.append("  lfd 0,72(30)\n  mtfsf 255,0\n");
        for (int v = 1; v <= 4; v++) {
            asm.append("  li 0,").append(64 + 16 * v).append("\n  lxvd2x ").append(v).append(",30,0\n");
        }
        for (int v = 2; v <= 4; v++) {
            asm.append("  li 0,").append(112 + 16 * v).append("\n  lvx ").append(v).append(",30,0\n");
        }
        if (m.startsWith("bcd")) {
            // decimal operands are laid out high doubleword first: little-endian lvx loads them swapped
            asm.append("#ifdef __LITTLE_ENDIAN__\n  xxswapd 34,34\n  xxswapd 35,35\n  xxswapd 36,36\n#endif\n");
        }
        // VSCR starts each case with SAT clear (it is sticky) and NJ set or not (VMX floating point
        // flushes denormals with NJ, as Linux starts processes), and is recorded after it
        asm.append(random.nextBoolean() ? "  vxor 5,5,5\n  mtvscr 5\n" : "  vspltisw 5,1\n  vspltisw 6,-16\n  vslw 5,5,6\n  mtvscr 5\n");
        if (m.matches("vins[bhwd]v?[lr]x")) {
            // a byte index (in RA) at which the element fits
            asm.append("  li ").append(operands.get(1)).append(',').append(random.nextInt(17 - elementBytes)).append('\n');
        }
        if (m.matches("vextd[ud][bhwd]?v[lr]x")) {
            // a byte index (in RC) at which the element fits the register pair
            asm.append("  li ").append(operands.get(3)).append(',').append(random.nextInt(33 - elementBytes)).append('\n');
        }
        if (m.matches("vextu[hw][lr]x")) {
            // an index whose element fits the register (RA is an input register: set it here)
            asm.append("  li ").append(operands.get(1)).append(',').append(random.nextInt(17 - elementBytes)).append('\n');
        }
        asm.append(decimalMode).append(accumulatorCopies[0]).append("  ").append(text).append('\n').append(accumulatorCopies[1]);
        asm.append("  mfvscr 5\n  vspltw 5,5,3\n  li 0,88\n  stvewx 5,31,0\n");
        for (int r = 3; r <= 10; r++) {
            asm.append("  std ").append(r).append(',').append(8 * (r - 3)).append("(31)\n");
        }
        asm.append("  mfcr 0\n  std 0,64(31)\n  mfxer 0\n  std 0,72(31)\n  mffs 0\n  stfd 0,80(31)\n");
        for (int v = 1; v <= 4; v++) {
            asm.append("  li 0,").append(80 + 16 * v).append("\n  stxvd2x ").append(v).append(",31,0\n");
        }
        for (int v = 2; v <= 4; v++) {
            asm.append("  li 0,").append(128 + 16 * v).append("\n  stvx ").append(v).append(",31,0\n");
        }
        for (int i = 0; i < 8; i++) {
            asm.append("  ld 0,").append(8 * i).append("(29)\n  std 0,").append(208 + 8 * i).append("(31)\n");
        }
        asm.append("  addi 30,30,").append(INPUT_RECORD).append("\n  addi 31,31,").append(OUTPUT_RECORD).append('\n');
        // qemu 7.2's fres answers 0.5 for a zero operand, where the ISA gives an infinity: no zero FPR inputs for it
        emitInput(extendedDivide, m.startsWith("fres"));
    }

    /**
     * Operands for a prefixed row, which states its text instead of listing operands: a register
     * of the kind its mnemonic moves, and a scratch address from r9 or (R=1) relative to the
     * instruction, or an immediate.
     */
    private List<String> prefixedOperands(String mnemonic) {
        List<String> operands = new ArrayList<>();
        String address = random.nextBoolean() ? 8 * random.nextInt(7) + "(9)" : "isa_scratch+" + 8 * random.nextInt(7) + "@pcrel";
        switch (mnemonic) {
            case "pnop" -> {
            }
            case "pli" -> operands.addAll(List.of(value(Operand.RT, false), Long.toString(immediate34())));
            case "pla" -> operands.addAll(List.of(value(Operand.RT, false), "isa_scratch+" + random.nextInt(64) + "@pcrel"));
            case "paddi" -> operands.addAll(List.of(value(Operand.RT, false), value(Operand.RA, false),
                    Long.toString(immediate34())));
            case "xxsplti32dx" -> operands.addAll(List.of(value(Operand.XT, false), Integer.toString(random.nextInt(2)),
                    Integer.toUnsignedString(random.nextInt())));
            case "xxspltiw" -> operands.addAll(List.of(value(Operand.XT, false), Integer.toUnsignedString(random.nextInt())));
            case "xxspltidp" -> {
                // a single-precision value that is not denormal (the ISA leaves those undefined)
                int bits = random.nextInt(4) == 0 ? new int[] { 0, 0x80000000, 0x7f800000, 0x7fc00000 }[random.nextInt(4)]
                        : random.nextInt() & 0x807fffff | (1 + random.nextInt(254)) << 23;
                operands.addAll(List.of(value(Operand.XT, false), Integer.toUnsignedString(bits)));
            }
            case "xxblendvb", "xxblendvh", "xxblendvw", "xxblendvd", "xxpermx", "xxeval" -> {
                for (Operand register : new Operand[] { Operand.XT, Operand.XA, Operand.XB, Operand.XC }) {
                    operands.add(value(register, false));
                }
                if (!mnemonic.startsWith("xxblendv")) {
                    operands.add(Integer.toString(random.nextInt(mnemonic.equals("xxpermx") ? 8 : 256)));
                }
            }
            default -> {
                if (mnemonic.startsWith("pmdmxv")) {
                    // accumulator and sources (accumulatorCase picks them), XMSK, YMSK and the rank's PMSK
                    boolean doubles = mnemonic.contains("f64");
                    operands.addAll(List.of("0", "0", "0", Integer.toString(mask(4)), Integer.toString(mask(doubles ? 2 : 4))));
                    int rank = mnemonic.contains("i4") ? 8 : mnemonic.contains("i8") ? 4 : mnemonic.contains("16") ? 2 : 1;
                    if (rank > 1) {
                        operands.add(Integer.toString(mask(rank)));
                    }
                    return operands;
                }
                Operand register = mnemonic.matches("p(l|st)fs|p(l|st)fd") ? Operand.FRT
                        : mnemonic.matches("p(l|st)xs(d|sp)") ? Operand.VRT
                        : mnemonic.matches("p(l|st)xv") ? Operand.XT
                        : mnemonic.matches("p(l|st)xvp") ? Operand.XTP : Operand.RT;
                operands.addAll(List.of(value(register, true), address));
            }
        }
        return operands;
    }

    /** A decimal floating-point instruction (primary opcode 59 or 63, a "d" mnemonic). */
    private static boolean isDecimal(Instruction row) {
        int primary = row.value() >>> 26;
        return (primary == 59 || primary == 63) && row.mnemonic().startsWith("d") && row.op() == Op.DESCRIBED;
    }

    /** One on decimal128 (primary opcode 63). */
    private static boolean decimalQuad(Instruction row) {
        return isDecimal(row) && row.value() >>> 26 == 63;
    }

    /**
     * Decimal operands for f1-f4 (vs1-vs4's first doublewords: words 10, 12, 14, 16): each a
     * decimal64, or for the q forms the pairs f2:f3 and f0:f1 (f0 is f4's copy) decimal128s.
     * Values near one another (a shared exponent, often the same digits) so that sums cancel and
     * quotients come out exact, around the subnormal and overflow limits, zeros of any exponent,
     * infinities, NaNs with payloads, and raw random encodings.
     */
    private void emitDecimalOperands(long[] words, boolean quad) {
        DecimalFloat.Format f = quad ? DecimalFloat.Format.EXTENDED : DecimalFloat.Format.LONG;
        int digits = quad ? 34 : 16;
        int limit = quad ? 6111 : 369;
        int base = switch (random.nextInt(6)) {
            case 0 -> -limit - digits + 1 + random.nextInt(8);     // subnormal
            case 1 -> limit - random.nextInt(8);                     // near overflow
            default -> random.nextInt(-12, 12);
        };
        java.math.BigInteger shared = randomCoefficient(digits);
        BigInteger[] values = new BigInteger[quad ? 2 : 4];
        for (int i = 0; i < values.length; i++) {
            int kind = random.nextInt(13);
            if (kind == 12) {
                // a small integer: an exponent for diex, a significance for drrnd and dtstsf, an integer for dcffix
                values[i] = BigInteger.valueOf(random.nextInt(-3, quad ? 12300 : 800)).and(BigInteger.ONE.shiftLeft(quad ? 128 : 64).subtract(BigInteger.ONE));
                continue;
            }
            DecimalFloat.Value v = switch (kind) {
                case 0 -> null;
                case 1 -> new DecimalFloat.Value(DecimalFloat.Kind.FINITE, random.nextBoolean(), BigInteger.ZERO,
                        Math.max(-limit - digits + 1, Math.min(limit, base + random.nextInt(-3, 4))));
                case 2 -> new DecimalFloat.Value(DecimalFloat.Kind.INFINITY, random.nextBoolean(), BigInteger.ZERO, 0);
                case 3 -> new DecimalFloat.Value(random.nextBoolean() ? DecimalFloat.Kind.QUIET_NAN : DecimalFloat.Kind.SIGNALLING_NAN,
                        random.nextBoolean(), BigInteger.valueOf(random.nextInt(1000)), 0);
                default -> new DecimalFloat.Value(DecimalFloat.Kind.FINITE, random.nextBoolean(),
                        kind < 7 ? shared.add(BigInteger.valueOf(random.nextInt(-2, 3))).abs().mod(BigInteger.TEN.pow(digits))
                                : randomCoefficient(digits),
                        Math.max(-limit - digits + 1, Math.min(limit, base + random.nextInt(-3, 4))));
            };
            values[i] = v == null ? new BigInteger(quad ? 128 : 64, new java.util.Random(random.nextLong())) : DecimalFloat.encode(f, v);
        }
        if (quad) {
            words[12] = values[0].shiftRight(64).longValue();   // f2:f3
            words[14] = values[0].longValue();
            words[16] = values[1].shiftRight(64).longValue();   // f0:f1, f0 copied from f4
            words[10] = values[1].longValue();
        } else {
            for (int i = 0; i < 4; i++) {
                words[10 + 2 * i] = values[i].longValue();
            }
        }
    }

    private BigInteger randomCoefficient(int digits) {
        int length = random.nextBoolean() ? random.nextInt(1, 4) : random.nextInt(1, digits + 2);
        BigInteger c = BigInteger.ZERO;
        for (int i = 0; i < length; i++) {
            c = c.multiply(BigInteger.TEN).add(BigInteger.valueOf(random.nextInt(10)));
        }
        return c.mod(BigInteger.TEN.pow(digits));
    }

    /** A mask field of {@code bits} bits: often all ones (as the unprefixed forms use), else random. */
    private int mask(int bits) {
        return random.nextBoolean() ? (1 << bits) - 1 : random.nextInt(1 << bits);
    }

    /**
     * The MMA forms: an accumulator AT (VSRs 4AT-4AT+3), sources that do not overlap it, and the
     * copies that make the accumulator's rows the record's vs1-vs4 (in before, out after): AT 0
     * takes vs4 into vs0 and gives it back (its rows 1-3 are vs1-vs3 already), AT 1 shifts vs1-vs4
     * up into vs4-vs7 and back, the others copy vs1-vs4 in and out.
     */
    private String[] accumulatorCase(List<String> operands, boolean hasSources, boolean pairedA) {
        int at = random.nextInt(8);
        operands.set(0, Integer.toString(at));
        if (hasSources) {
            List<Integer> sources = exactNarrowSums() ? List.of(34, 35, 36) : at == 0 ? List.of(4, 34, 35, 36) : at == 1 ? List.of(1, 2, 3, 34, 35, 36)
                    : List.of(1, 2, 3, 4, 34, 35, 36);
            List<Integer> pairs = at == 0 ? List.of(34, 36) : List.of(2, 34, 36);
            List<Integer> a = pairedA ? pairs : sources;
            operands.set(1, Integer.toString(a.get(random.nextInt(a.size()))));
            operands.set(2, Integer.toString(sources.get(random.nextInt(sources.size()))));
        }
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        if (at == 0) {
            in.append("  xxlor 0,4,4\n");
            out.append("  xxlor 4,0,0\n");
        } else {
            for (int r = 3; r >= 0; r--) {
                in.append("  xxlor ").append(4 * at + r).append(',').append(1 + r).append(',').append(1 + r).append('\n');
            }
            for (int r = 0; r < 4; r++) {
                out.append("  xxlor ").append(1 + r).append(',').append(4 * at + r).append(',').append(4 * at + r).append('\n');
            }
        }
        return new String[] { in.toString(), out.toString() };
    }

    /**
     * The accumulating half-precision and bfloat16 GERs: qemu 7.2 rounds the sum of products to
     * single, then rounds again adding the accumulator (the ISA rounds once), and prefers the second
     * product's NaN over the first's. Their inputs keep every step exact: sources (vs34-vs36) of
     * +-k x 2^e lanes, k < 16, |e| <= 3, or a zero or an infinity; accumulators (vs1-vs4) of
     * +-k x 2^e, k < 16, |e| <= 6, or a zero, an infinity or a NaN. MmaTest checks the single rounding.
     */
    private boolean exactNarrowSums() {
        return mnemonic.matches("(pm)?dmxv(bf)?f?16ger2(pp|np|pn|nn)");
    }

    private long exactLanes(boolean bfloat16) {
        long lanes = 0;
        for (int i = 0; i < 4; i++) {
            float value = random.nextInt(8) == 0 ? new float[] { 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY }[random.nextInt(4)]
                    : (random.nextBoolean() ? -1 : 1) * random.nextInt(1, 16) * (float) Math.scalb(1.0, random.nextInt(-3, 4));
            int half = bfloat16 ? Float.floatToRawIntBits(value) >>> 16 : Float.floatToFloat16(value) & 0xffff;
            lanes = lanes << 16 | half;
        }
        return lanes;
    }

    private long exactSingles() {
        long words = 0;
        for (int i = 0; i < 2; i++) {
            int bits = random.nextInt(8) == 0 ? new int[] { 0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00123, 0x7fa00000 }[random.nextInt(6)]
                    : Float.floatToRawIntBits((random.nextBoolean() ? -1 : 1) * random.nextInt(1, 16) * (float) Math.scalb(1.0, random.nextInt(-6, 7)));
            words = words << 32 | bits & 0xffffffffL;
        }
        return words;
    }

    /**
     * A decimal instruction's operand (high doubleword, low doubleword): signed packed decimal of
     * any length with a plus or minus sign code, or with a digit where the sign code goes (valid
     * unsigned, invalid signed); a shift count or length in byte 7 / halfword 3 over decimal
     * digits; national or zoned decimal for the conversions from them; a signed quadword.
     */
    private long[] decimalOperand() {
        int kind = random.nextInt(10);
        long hi = 0;
        long lo = 0;
        int digits = random.nextBoolean() ? random.nextInt(1, 8) : random.nextInt(32);
        for (int n = 1; n <= digits; n++) {
            long digit = random.nextInt(10);
            if (n < 16) {
                lo |= digit << 4 * n;
            } else {
                hi |= digit << 4 * (n - 16);
            }
        }
        lo |= kind == 0 ? random.nextInt(10) : 0xa + random.nextInt(6);
        if (kind == 1 || kind == 2) {
            // a count or length; its nibbles are invalid digits when it is negative or has a hex digit above 9, except
            // for bcdadd./bcdsub., where qemu 7.2 takes operands of opposite signs with an invalid digit for equal
            // magnitudes and answers zero, and bcdctn./bcdctz., where it checks only the 7 or 16 digits it converts
            // (the ISA says invalid; VmxBcdTest checks those): for them the count is written in decimal digits
            int count = random.nextInt(-36, 37);
            if (mnemonic.matches("bcd(add|sub|ctn|ctz)\\.")) {
                count = Integer.parseInt(Integer.toString(Math.abs(count)), 16);
            }
            hi = hi & ~0xffffL | count & 0xffffL;
        } else if (kind == 3 && mnemonic.startsWith("bcdcfn")) {
            hi = 0;
            lo = random.nextBoolean() ? 0x2b : 0x2d;
            for (int n = 1; n < 8; n++) {
                long half = 0x30 + random.nextInt(10);
                hi |= n >= 4 ? half << 16 * (n - 4) : 0;
                lo |= n < 4 ? half << 16 * n : 0;
            }
        } else if (kind == 3 && mnemonic.startsWith("bcdcfz")) {
            long zone = random.nextBoolean() ? 0x3 : 0xf;
            for (int k = 0; k < 16; k++) {
                long b = zone << 4 | random.nextInt(10);
                hi = k >= 8 ? hi | b << 8 * (k - 8) : hi;
                lo = k < 8 ? lo | b << 8 * k : lo;
            }
            lo = lo & ~0xf0L | (long) new int[] { 0x3, 0x7, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf }[random.nextInt(8)] << 4;
        } else if (kind == 4 && mnemonic.startsWith("bcdcfsq")) {
            hi = random.nextBoolean() ? (random.nextBoolean() ? 0 : -1) : random.nextLong() >> random.nextInt(64);
            lo = random.nextLong();
        }
        return new long[] { hi, lo };
    }

    /** The doubleword with each word's low half (a second lane) made 1.0 where it is a NaN. */
    private static long withoutSecondLaneNaNs(long doubleword, boolean bfloat16) {
        long result = doubleword;
        for (int shift = 0; shift < 64; shift += 32) {
            int lane = (int) (doubleword >>> shift) & 0xffff;
            boolean nan = bfloat16 ? (lane & 0x7f80) == 0x7f80 && (lane & 0x7f) != 0 : (lane & 0x7c00) == 0x7c00 && (lane & 0x3ff) != 0;
            if (nan) {
                result = result & ~(0xffffL << shift) | (long) (bfloat16 ? 0x3f80 : 0x3c00) << shift;
            }
        }
        return result;
    }

    /** The doubleword with every nibble 0xA made 0xB. */
    private static long withoutNibbleA(long value) {
        long result = value;
        for (int n = 0; n < 16; n++) {
            if ((value >>> 4 * n & 15) == 0xa) {
                result |= 1L << 4 * n;
            }
        }
        return result;
    }

    /** {@code count} random BCD digits, the last in the low nibble. */
    private long decimalDigits(int count) {
        long digits = 0;
        for (int i = 0; i < count; i++) {
            digits = digits << 4 | random.nextInt(10);
        }
        return digits;
    }

    /** A 34-bit signed immediate: small, or anywhere in the range. */
    private long immediate34() {
        return random.nextBoolean() ? random.nextInt(-1000, 1000) : random.nextLong(-(1L << 33), 1L << 33);
    }

    private String value(Operand operand, boolean memory) {
        return switch (operand) {
            case RT, RT_FIRST, RS, RC -> Integer.toString(3 + random.nextInt(6));
            case RA -> Integer.toString(memory ? 9 : 3 + random.nextInt(6));
            case RA0 -> "9";
            case RB -> Integer.toString(memory ? 10 : 3 + random.nextInt(6));
            case FRT, FRA, FRB, FRC -> Integer.toString(1 + random.nextInt(4));
            case VRT, VRA, VRB, VRC -> Integer.toString(2 + random.nextInt(3));
            case XTP -> random.nextBoolean() ? "2" : "34";   // a pair the output record holds: vs2:vs3 or v2:v3
            case XT, XT_DQ, XA, XB, XC -> Integer.toString(random.nextBoolean() ? 1 + random.nextInt(4) : 34 + random.nextInt(3));
            case BF, BF_ALWAYS, BFA, FPSCR_FIELD -> Integer.toString(random.nextInt(8));
            case CRB_T, CRB_A, CRB_B, CRB_C -> Integer.toString(random.nextInt(32));
            case L -> Integer.toString(random.nextInt(2));
            case SI -> Integer.toString(random.nextBoolean() ? random.nextInt(-32768, 32768) : random.nextInt(-8, 8));
            case UI -> Integer.toString(random.nextInt(65536));
            case SH, MB, ME -> Integer.toString(random.nextInt(32));
            case SRWI_N, CLRRWI_N -> Integer.toString(1 + random.nextInt(31));
            case SH6, MB6 -> Integer.toString(random.nextInt(64));
            case CLRRDI_N -> Integer.toString(1 + random.nextInt(63));
            case FXM -> Integer.toString(1 << random.nextInt(8));
            case SIMM5 -> Integer.toString(random.nextInt(-16, 16));
            case UIMM_VRA -> Integer.toString(random.nextInt(4));
            case SHB -> Integer.toString(random.nextInt(16));
            case DM, SHW, UIM2 -> Integer.toString(random.nextInt(4));
            case IMM8 -> Integer.toString(random.nextInt(256));
            case EH, L2, MTFSF_L, MTFSF_W, LEV, LEV_ALWAYS, TH, BH -> "0";
            case RM -> Integer.toString(random.nextInt(4));
            case FLM -> "255";
            case U4 -> Integer.toString(random.nextInt(16));
            case SPLTD_DOUBLEWORD, SHA_ST -> Integer.toString(random.nextInt(2));
            case SHA_SIX -> Integer.toString(random.nextInt(16));
            // an element index whose element fits the register: the ISA leaves the others undefined
            case UIM4 -> Integer.toString(random.nextInt(17 - elementBytes));
            // mtfsb1 sets any bit but an enable (VE, OE, UE, ZE, XE: bits 24-28)
            case DCMX, DCMX_SPLIT -> Integer.toString(random.nextInt(128));
            case R -> Integer.toString(random.nextInt(2));
            case DST_STREAM -> Integer.toString(random.nextInt(4));
            case MP -> Integer.toString(random.nextInt(2));
            case CY -> "0";
            case RANDOM_KIND -> Integer.toString(random.nextInt(4));
            case GATHER_N -> Integer.toString(2 + random.nextInt(6));
            case BM16 -> Integer.toString(random.nextInt(1 << 16));
            case SH3 -> Integer.toString(random.nextInt(8));
            case RMC -> Integer.toString(random.nextInt(4));
            // lxvkq's defined constants: 1-9 and 16-24 (the others are reserved)
            case ACC -> "0";   // accumulatorCase picks it
            case PS -> Integer.toString(random.nextInt(2));
            case FC -> {
                int[] functions = mnemonic.startsWith("l") ? new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 24, 25, 28 }
                        : new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 24 };
                yield Integer.toString(functions[random.nextInt(functions.length)]);
            }
            case DX -> Integer.toString(random.nextInt(-32768, 32768));
            case DRM -> Integer.toString(random.nextInt(8));
            case DCM, UIM6 -> Integer.toString(random.nextInt(64));
            case SHIFT_DIGITS -> Integer.toString(random.nextBoolean() ? random.nextInt(20) : random.nextInt(64));
            case TE -> Integer.toString(random.nextInt(-16, 16));
            case SP -> Integer.toString(random.nextInt(4));
            case S -> Integer.toString(random.nextInt(2));
            case UIM5 -> Integer.toString(random.nextBoolean() ? 1 + random.nextInt(9) : 16 + random.nextInt(9));
            case FPSCR_BIT -> {
                int bit = random.nextInt(mnemonic.startsWith("mtfsb1") ? 27 : 32);
                yield Integer.toString(mnemonic.startsWith("mtfsb1") && bit >= 24 ? bit + 5 : bit);
            }
            case NB, TO, SPR, BO, BI, BI_FIELD, LI, BD, D, DS, DQ, DW, WORD -> throw new IllegalStateException(operand.toString());
        };
    }

    private void emitInput(boolean definedDivide, boolean noZeroFloats) {
        long[] words = new long[32];
        for (int i = 0; i < 6; i++) {
            words[i] = interestingLong();
        }
        if (definedDivide) {
            words[0] = random.nextInt(-1000, 1000); // r3, the dividend's high part
            words[1] = (random.nextBoolean() ? 1 : -1) * (random.nextLong(1L << 40, 1L << 62) | 0x40000000L); // r4
        }
        words[6] = 16L * random.nextInt(4); // r10: an offset from the scratch base for indexed accesses
        words[7] = random.nextLong() & 0xffffffffL; // CR
        words[8] = (long) random.nextInt(8) << 29; // XER: SO, OV, CA
        // FPSCR: a rounding mode, and often sticky exceptions, FR, FI and a class already set
        words[9] = random.nextInt(4) | (random.nextBoolean() ? random.nextLong() & FPSCR_STATUS : 0);
        if (nearestOrUpward) {
            words[9] &= ~1L;
        }
        if ((words[9] & FPSCR_EXCEPTIONS) != 0) {
            words[9] |= 0x80000000L;   // FX, as a program finds it after an exception
        }
        for (int i = 10; i < 24; i++) {
            int kind = random.nextInt(12);
            words[i] = kind < 4 ? random.nextLong() : kind == 4 ? INTERESTING_NANS[random.nextInt(INTERESTING_NANS.length)]
                    : Double.doubleToRawLongBits(INTERESTING_DOUBLES[random.nextInt(INTERESTING_DOUBLES.length)]);
        }
        for (int i = 10; i < 18 && noZeroFloats; i++) {
            if ((words[i] & Long.MAX_VALUE) == 0) {
                words[i] = Double.doubleToRawLongBits(1.5);
            }
        }
        for (int i = 10; i < 18 && mnemonic.startsWith("mtfsf"); i++) {
            words[i] &= FPSCR_STATUS | 3 | 0xffffffff00000000L;   // FPRs written to the FPSCR enable nothing
        }
        for (int i = 18; i < 24; i += 2) {
            // VMX inputs whose bytes often repeat, so that compares find both equal and unequal lanes
            long pattern = random.nextLong();
            words[i] = random.nextBoolean() ? pattern : words[i];
            words[i + 1] = random.nextBoolean() ? pattern & 0xff00ff00ff00ff00L : words[i + 1];
        }
        if (mnemonic.matches("xvcv[sd]p[su]x[wd]s")) {
            // qemu 7.2 gives the element after an invalid conversion the NaN result too: every
            // element but the last converts validly (small values, as singles and as doubles);
            // the VMX registers' doublewords lie in memory in either order, so both are kept valid
            boolean words4 = mnemonic.startsWith("xvcvspsxw") || mnemonic.startsWith("xvcvspuxw");
            for (int i = 10; i < 24; i += 2) {
                words[i] = 0x4008000000000000L + random.nextInt(1 << 16);
                words[i + 1] = i >= 18 ? 0x4010000000000000L + random.nextInt(1 << 16)
                        : words4 ? 0x4040000000000000L | (words[i + 1] & 0xffffffffL) : words[i + 1];
            }
        }
        if (mnemonic.matches("v(div|mod)[a-z]*")) {
            // divisors neither zero nor -1 (undefined quotients): bit 30 (62) of each word (doubleword) set, bit 29 (61) clear;
            // the extended divides' dividends (v3): words below 2^28
            for (int i = 18; i < 24; i++) {
                words[i] = (words[i] | 0x4000000040000000L) & ~0x2000000020000000L;
            }
            if (mnemonic.startsWith("vdive")) {
                for (int i = 20; i < 22; i++) {
                    words[i] = (long) random.nextInt(1 << 28) << 32 | random.nextInt(1 << 28);
                }
            }
        }
        if (mnemonic.equals("xststdcsp")) {
            // qemu 7.2 classes values below single precision's normal range otherwise than the ISA
            for (int i = 10; i < 24; i++) {
                double v = Math.abs(Double.longBitsToDouble(words[i]));
                if (v != 0 && v < Float.MIN_NORMAL) {
                    words[i] = Double.doubleToRawLongBits(-2.5);
                }
            }
        }
        if (decimalCase) {
            emitDecimalOperands(words, decimalQuadCase);
            for (int i = 10; i < 18; i += 2) {
                if (mnemonic.startsWith("dctdp") && (words[i] & 0x7e000000L) == 0x7e000000L) {
                    words[i] &= ~0x02000000L;   // qemu 7.2 converts a signalling decimal32 NaN unchanged, without VXSNAN
                }
                if (mnemonic.startsWith("drsp") && (words[i] & 0x7c00000000000000L) == 0x7c00000000000000L) {
                    words[i] &= 0xfc00000000000000L;   // and rounds a NaN to decimal32 keeping it signalling: quiet NaNs, short payloads
                }
                if (mnemonic.startsWith("denbcd")) {
                    words[i] = withoutNibbleA(words[i]);   // qemu 7.2 takes a nibble 0xA for a digit (ten)
                }
            }
        }
        if (mnemonic.startsWith("bcd")) {
            for (int i = 18; i < 24; i += 2) {
                long[] operand = decimalOperand();
                words[i] = operand[0];
                words[i + 1] = operand[1];
            }
        }
        if (exactNarrowSums()) {
            for (int i = 10; i < 24; i++) {
                words[i] = i < 18 ? exactSingles() : exactLanes(mnemonic.contains("bf16"));
            }
        }
        for (int i = 24; i < 32; i++) {
            words[i] = random.nextLong();
        }
        if (functionCode == 25 || functionCode == 24 && mnemonic.startsWith("st") && random.nextBoolean()) {
            // fetch and increment equal: equal first and second elements, and the bounded forms (random) unequal ones,
            // so that they succeed: when they fail qemu 7.2 loads 0xffffffff80000000 for either size, the ISA the most
            // negative element (AtomicMemoryTest); store twin: half the time equal
            boolean word = mnemonic.matches("lwat|stwat");
            words[24] = word ? (words[24] & 0xffffffffL) * 0x100000001L : words[24];
            words[25] = word ? words[25] : words[24];
        }
        if (mnemonic.matches("lwat|stwat") && (functionCode == 5 || functionCode == 7)) {
            // qemu 7.2 compares words for the signed maximum and minimum as unsigned: operands and memory of one sign
            for (int i = 0; i < 6; i++) {
                words[i] &= ~0x80000000L;
            }
            words[24] &= ~0x8000000080000000L;
        }
        if (mnemonic.matches("(pm)?dmxv(bf)?f?16ger2")) {
            // the plain half-precision GERs: qemu 7.2 prefers the second product's NaN; no NaN in the second lanes
            for (int i = 10; i < 24; i++) {
                words[i] = withoutSecondLaneNaNs(words[i], mnemonic.contains("bf16"));
            }
        }
        if (mnemonic.equals("cbcdtd")) {
            for (int i = 0; i < 6; i++) {
                words[i] = random.nextLong() & 0xff000000ff000000L | decimalDigits(6) << 32 | decimalDigits(6);
            }
        }
        if (mnemonic.equals("vexptefp")) {
            // 2^x where qemu 7.2's series is exact: |x| <= 2, and the specials
            for (int i = 18; i < 24; i++) {
                long pair = 0;
                for (int k = 0; k < 2; k++) {
                    float x = random.nextInt(6) == 0 ? new float[] { 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f,
                        Float.NaN }[random.nextInt(6)] : (float) random.nextDouble(-2, 2);
                    pair = pair << 32 | Float.floatToRawIntBits(x) & 0xffffffffL;
                }
                words[i] = pair;
            }
        }
        for (long w : words) {
            inputs.append("  .quad 0x").append(Long.toHexString(w)).append('\n');
        }
    }

    private long interestingLong() {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(-300, 300);
            case 2 -> 1L << random.nextInt(64);
            case 3 -> random.nextInt() & 0xffffffffL;
            case 4 -> new long[] { 0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x80000000L, 0x7fffffffL, 0xffffffffL }[random.nextInt(7)];
            default -> random.nextLong() >> random.nextInt(64);
        };
    }

    private void write(Path out) throws IOException {
        Files.createDirectories(out);
        StringBuilder s = new StringBuilder();
        s.append("# Generated by dev.k42lens.core.cpu.IsaCaseGenerator (guest/isa/build.sh); do not edit.\n");
        s.append("  .section .rodata\n  .balign 16\nisa_inputs:\n").append(inputs);
        s.append("  .balign 8\n  .globl isa_case_count\nisa_case_count:\n  .quad ").append(cases.size()).append('\n');
        s.append("  .bss\n  .balign 16\n  .globl isa_outputs\nisa_outputs:\n  .space ").append(OUTPUT_RECORD * cases.size())
                .append('\n');
        s.append("  .balign 128\nisa_scratch:\n  .space 256\n");
        s.append("  .text\n  .globl isa_cases\nisa_cases:\n");
        s.append("  std 29,-24(1)\n  std 30,-16(1)\n  std 31,-8(1)\n  mfcr 12\n  stw 12,-28(1)\n");
        s.append("  lis 30,isa_inputs@ha\n  addi 30,30,isa_inputs@l\n  lis 31,isa_outputs@ha\n  addi 31,31,isa_outputs@l\n");
        s.append("  lis 29,isa_scratch@ha\n  addi 29,29,isa_scratch@l\n");
        s.append(asm);
        s.append("  lwz 12,-28(1)\n  mtcrf 255,12\n  ld 29,-24(1)\n  ld 30,-16(1)\n  ld 31,-8(1)\n  blr\n");
        Files.writeString(out.resolve("isa-cases.S"), s);
        Files.write(out.resolve("isa-cases.txt"), cases);
    }
}
