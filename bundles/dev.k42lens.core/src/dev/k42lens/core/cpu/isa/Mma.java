package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.ACC;
import static dev.k42lens.core.cpu.isa.Operand.XA;
import static dev.k42lens.core.cpu.isa.Operand.XB;

import java.util.function.IntPredicate;

import dev.k42lens.core.cpu.isa.SoftFloat.Format;
import dev.k42lens.core.cpu.isa.SoftFloat.Result;
import dev.k42lens.core.cpu.isa.SoftFloat.Value;

/**
 * The POWER10 matrix-multiply assist (MMA), stated once: the accumulator moves and the outer-product
 * ("GER") families, plain and prefixed-masked. Accumulator AT is the 4 x 128-bit matrix held in
 * VSRs 4AT to 4AT+3 (row i in VSR 4AT+i), as Linux on POWER10 and qemu keep it: moving it to and
 * from the VSRs changes nothing. A GER instruction whose XA or XB lies in the accumulator is
 * illegal (objdump marks it invalid, qemu raises SIGILL), and so is xvf64ger's odd XA.
 *
 * <p>Element (i, j) of the result combines row element i of XA with column element j of XB:
 * integer forms sum 2, 4 or 8 products of halfword, byte or nibble lanes (the "s" forms saturate
 * and set VSCR[SAT]); floating-point forms round once to single (double for xvf64ger) in
 * FPSCR[RN], record exceptions but not FR, FI or FPRF, and write the accumulator even when an
 * exception is enabled (the interrupt, if any, comes after). "pp", "np", "pn", "nn": the product
 * added positive or negative, the accumulator added positive or negative; no suffix: no
 * accumulator. The prefixed forms' XMSK and YMSK pick the rows and columns computed (the others
 * become 0) and PMSK the lanes that take part.
 */
final class Mma {
    private static final int OPCODE = 59 << 26;
    /** XX3 with AT: bits 9-10 and 31 reserved. */
    private static final int XX3_ACC = 0xfc6007f9;
    /** The MMIRR prefix (type 11, subtype 9). */
    private static final int PREFIX = 0x07900000;

    private Mma() {
    }

    /** The kinds of GER element, with the lanes per 32-bit element (rank) and their prefix mask field. */
    private enum Lanes {
        NIBBLE(8, 0xffff0000), BYTE(4, 0xffff0f00), HALFWORD(2, 0xffff3f00), HALF(2, 0xffff3f00), BFLOAT16(2, 0xffff3f00),
        SINGLE(1, 0xffffff00), DOUBLE(1, 0xffffff03);

        final int rank;
        final int prefixMask;

        Lanes(int rank, int prefixMask) {
            this.rank = rank;
            this.prefixMask = prefixMask;
        }

        /** The prefix's PMSK field (all lanes for the unprefixed forms). */
        int productMask(int prefix) {
            return rank == 1 ? 1 : (prefix >>> (16 - rank)) & ((1 << rank) - 1);
        }

        /** The prefix's YMSK field: 2 bits for the two double columns, else 4. */
        int columnMask(int prefix) {
            return this == DOUBLE ? (prefix >>> 2) & 3 : prefix & 15;
        }

        int columns() {
            return this == DOUBLE ? 2 : 4;
        }
    }

    /** The masks of one execution: XMSK (rows), YMSK (columns), PMSK (lanes), each most significant bit first. */
    private record Masks(int rows, int columns, int products) {
    }

    /** How a GER form treats products and the accumulator. */
    private enum Update {
        /** No accumulator: the result is the sum of products. */
        NONE(""), PP("pp"), NP("np"), PN("pn"), NN("nn"),
        /** The integer forms' saturating variants. */
        SATURATE("s"), SATURATE_PP("spp");

        final String suffix;

        Update(String suffix) {
            this.suffix = suffix;
        }

        boolean accumulates() {
            return this != NONE && this != SATURATE;
        }

        boolean negatesProduct() {
            return this == NP || this == NN;
        }

        boolean negatesAccumulator() {
            return this == PN || this == NN;
        }
    }

    static void describe(InstructionTable t) {
        t.described("dmxxmfacc", 31 << 26 | 177 << 1, 0xfc7fffff, (c, m, w) -> {
        }, ACC);
        t.described("dmxxmtacc", 31 << 26 | 1 << 16 | 177 << 1, 0xfc7fffff, (c, m, w) -> {
        }, ACC);
        t.described("dmsetaccz", 31 << 26 | 3 << 16 | 177 << 1, 0xfc7fffff, (c, m, w) -> {
            int at = accumulator(w);
            for (int r = 0; r < 4; r++) {
                VectorRegisters.setVsr(c, 4 * at + r, 0, 0);
            }
        }, ACC);
        ger(t, "xvi8ger4", 0x018, Lanes.BYTE, Update.NONE);
        ger(t, "xvi8ger4", 0x010, Lanes.BYTE, Update.PP);
        ger(t, "xvi8ger4", 0x318, Lanes.BYTE, Update.SATURATE_PP);
        ger(t, "xvi4ger8", 0x118, Lanes.NIBBLE, Update.NONE);
        ger(t, "xvi4ger8", 0x110, Lanes.NIBBLE, Update.PP);
        ger(t, "xvi16ger2", 0x258, Lanes.HALFWORD, Update.NONE);
        ger(t, "xvi16ger2", 0x358, Lanes.HALFWORD, Update.PP);
        ger(t, "xvi16ger2", 0x158, Lanes.HALFWORD, Update.SATURATE);
        ger(t, "xvi16ger2", 0x150, Lanes.HALFWORD, Update.SATURATE_PP);
        // the floating-point families: the plain form at base + 8, the accumulating ones at base + 0x200 x (pp, np, pn, nn)
        floatingGer(t, "xvf16ger2", 0x090, Lanes.HALF);
        floatingGer(t, "xvbf16ger2", 0x190, Lanes.BFLOAT16);
        floatingGer(t, "xvf32ger", 0x0d0, Lanes.SINGLE);
        floatingGer(t, "xvf64ger", 0x1d0, Lanes.DOUBLE);
    }

    private static void floatingGer(InstructionTable t, String name, int base, Lanes lanes) {
        ger(t, name, base + 8, lanes, Update.NONE);
        Update[] updates = { Update.PP, Update.NP, Update.PN, Update.NN };
        for (int k = 0; k < 4; k++) {
            ger(t, name, base + 0x200 * k, lanes, updates[k]);
        }
    }

    /** A GER form and its prefixed-masked twin, named as objdump prints them ("dm", "pmdm"). */
    private static void ger(InstructionTable t, String name, int xo, Lanes lanes, Update update) {
        String mnemonic = "dm" + name + update.suffix;
        int value = OPCODE | xo;
        IntPredicate legal = w -> Fields.xa(w) >>> 2 != accumulator(w) && Fields.xb(w) >>> 2 != accumulator(w)
                && (lanes != Lanes.DOUBLE || Fields.xa(w) % 2 == 0);
        Masks all = new Masks(15, lanes.columns() == 2 ? 3 : 15, (1 << lanes.rank) - 1);
        t.described(mnemonic, value, XX3_ACC, legal, (c, m, w) -> execute(c, w, lanes, update, all), ACC, XA, XB);
        t.prefixed("pm" + mnemonic, PREFIX, lanes.prefixMask, new Prefixed.Form(value, XX3_ACC, legal,
                (p, s, a, n) -> "a" + accumulator(s) + ",vs" + Fields.xa(s) + ",vs" + Fields.xb(s) + "," + ((p >>> 4) & 15) + ","
                        + lanes.columnMask(p) + (lanes.rank == 1 ? "" : "," + lanes.productMask(p)),
                (c, m, p, s, pc) -> execute(c, s, lanes, update, new Masks((p >>> 4) & 15, lanes.columnMask(p), lanes.productMask(p)))));
    }

    static int accumulator(int word) {
        return (word >>> 23) & 7;
    }

    private static void execute(Cpu c, int w, Lanes lanes, Update update, Masks masks) {
        int at = 4 * accumulator(w);
        int xa = Fields.xa(w);
        int xb = Fields.xb(w);
        if (lanes == Lanes.DOUBLE) {
            doubleGer(c, at, xa, xb, update, masks);
            return;
        }
        int[][] result = new int[4][4];
        int fpscr = c.fpscr;
        c.fpscr &= ~Fpscr.ENABLES;   // computed as if no exception were enabled
        c.operationFlags = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                if ((masks.rows >>> (3 - i) & 1) != 0 && (masks.columns >>> (3 - j) & 1) != 0) {
                    int a = word(c, xa, i);
                    int b = word(c, xb, j);
                    int accumulated = word(c, at + i, j);
                    result[i][j] = switch (lanes) {
                        case NIBBLE, BYTE, HALFWORD -> integerElement(c, lanes, a, b, accumulated, update, masks.products);
                        case SINGLE -> singleElement(c, a, b, accumulated, update);
                        default -> narrowElement(c, lanes == Lanes.HALF ? Format.HALF : Format.BFLOAT16, a, b, accumulated, update,
                                masks.products);
                    };
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            VectorRegisters.setVsr(c, at + i, (long) result[i][0] << 32 | result[i][1] & 0xffffffffL,
                    (long) result[i][2] << 32 | result[i][3] & 0xffffffffL);
        }
        c.fpscr = lanes == Lanes.SINGLE || lanes == Lanes.HALF || lanes == Lanes.BFLOAT16
                ? Fpscr.raise(fpscr, c.operationFlags, false) : fpscr;
    }

    /** Word {@code i} (0 the most significant) of VSR {@code vsr}. */
    private static int word(Cpu c, int vsr, int i) {
        long doubleword = c.vsr[2 * vsr + (i >> 1)];
        return (int) ((i & 1) == 0 ? doubleword >>> 32 : doubleword);
    }

    // ---- integer -----------------------------------------------------------------------------------

    /**
     * The sum of the products of a's and b's lanes that PMSK selects (a's lanes signed; b's signed
     * except for bytes), plus the accumulator when the form accumulates, saturated or wrapped.
     */
    private static int integerElement(Cpu c, Lanes lanes, int a, int b, int accumulated, Update update, int products) {
        int bits = 32 / lanes.rank;
        long sum = 0;
        for (int k = 0; k < lanes.rank; k++) {
            if ((products >>> (lanes.rank - 1 - k) & 1) != 0) {
                int shift = 32 - bits * (k + 1);
                long x = a << (32 - bits - shift) >> (32 - bits);
                long y = lanes == Lanes.BYTE ? (b >>> shift) & 0xff : b << (32 - bits - shift) >> (32 - bits);
                sum += x * y;
            }
        }
        if (update.accumulates()) {
            sum += accumulated;
        }
        if (update == Update.SATURATE || update == Update.SATURATE_PP) {
            if (sum != (int) sum) {
                c.vscr |= 1;
                return sum < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
        }
        return (int) sum;
    }

    // ---- floating point ----------------------------------------------------------------------------

    /** A single-precision element: a x b rounded, or a x b +- accumulator with one rounding. */
    private static int singleElement(Cpu c, int a, int b, int accumulated, Update update) {
        long x = FloatingPointBits.singleToDouble(a);
        long y = FloatingPointBits.singleToDouble(b);
        long r = update == Update.NONE ? FloatArithmetic.multiply(c, x, y, true)
                : FloatArithmetic.multiplyAdd(c, x, y, FloatingPointBits.singleToDouble(accumulated),
                        update.negatesProduct() != update.negatesAccumulator(), update.negatesProduct(), true);
        return FloatingPointBits.storeSingle(r);
    }

    /**
     * A half or bfloat16 element: the two products of the lanes PMSK selects (a zero for the
     * others) summed and, for the accumulating forms, the negated or not sum added to the
     * accumulator, computed exactly (in {@link Format#UNBOUNDED}) and rounded once to single.
     */
    private static int narrowElement(Cpu c, Format format, int a, int b, int accumulated, Update update, int products) {
        int exact = c.fpscr;
        Value sum = null;
        for (int k = 0; k < 2; k++) {
            Value product = (products >>> (1 - k) & 1) == 0 ? widened(c, Format.SINGLE, 0)
                    : outcome(c, SoftFloat.multiply(Format.UNBOUNDED, Format.UNBOUNDED, widened(c, format, a >>> (16 - 16 * k)),
                            widened(c, format, b >>> (16 - 16 * k)), exact));
            sum = sum == null ? product : outcome(c, SoftFloat.add(Format.UNBOUNDED, Format.UNBOUNDED, sum, product, false, exact));
        }
        if (update.accumulates()) {
            if (update.negatesProduct()) {
                sum = SoftFloat.negated(Format.UNBOUNDED, sum);
            }
            sum = outcome(c, SoftFloat.add(Format.UNBOUNDED, Format.UNBOUNDED, sum, widened(c, Format.SINGLE, accumulated),
                    update.negatesAccumulator(), exact));
        }
        Result rounded = SoftFloat.convert(Format.SINGLE, Format.UNBOUNDED, sum, exact);
        c.operationFlags |= rounded.flags();
        return rounded.bits().intValue();
    }

    /** The low bits of {@code bits} as a {@code format} value, made exact in UNBOUNDED (an SNaN quieted, VXSNAN). */
    private static Value widened(Cpu c, Format format, int bits) {
        return outcome(c, SoftFloat.convert(Format.UNBOUNDED, format, SoftFloat.unpack(format, bits), 0));
    }

    private static Value outcome(Cpu c, Result r) {
        c.operationFlags |= r.flags();
        return SoftFloat.unpack(Format.UNBOUNDED, r.bits());
    }

    /** xvf64ger*: the 4 x 2 doubles of the accumulator from XAp's four doublewords and XB's two. */
    private static void doubleGer(Cpu c, int at, int xa, int xb, Update update, Masks masks) {
        long[][] result = new long[4][2];
        int fpscr = c.fpscr;
        c.fpscr &= ~Fpscr.ENABLES;
        c.operationFlags = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                if ((masks.rows >>> (3 - i) & 1) != 0 && (masks.columns >>> (1 - j) & 1) != 0) {
                    long a = c.vsr[2 * xa + i];
                    long b = c.vsr[2 * xb + j];
                    result[i][j] = update == Update.NONE ? FloatArithmetic.multiply(c, a, b, false)
                            : FloatArithmetic.multiplyAdd(c, a, b, c.vsr[2 * (at + i) + j],
                                    update.negatesProduct() != update.negatesAccumulator(), update.negatesProduct(), false);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            VectorRegisters.setVsr(c, at + i, result[i][0], result[i][1]);
        }
        c.fpscr = Fpscr.raise(fpscr, c.operationFlags, false);
    }
}
