package dev.k42lens.core.cpu;

import static dev.k42lens.core.cpu.isa.Fields.*;

import java.math.BigInteger;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.cpu.isa.FloatArithmetic;
import dev.k42lens.core.cpu.isa.FloatingPointBits;
import dev.k42lens.core.cpu.isa.Fpscr;
import dev.k42lens.core.cpu.isa.Op;

/**
 * The floating-point unit: FPR loads and stores, arithmetic, conversions, compares and the FPSCR.
 * Results are IEEE-754 in every rounding mode ({@link FloatArithmetic}); the FPSCR records each
 * operation's exceptions, FR, FI and result class as the ISA defines them, and an enabled invalid
 * operation or zero divide leaves the target register unchanged. The arithmetic is static, for
 * translated regions to call.
 */
public final class FloatingPoint {
    private final Cpu cpu;

    FloatingPoint(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Executes {@code op}; returns null to continue, or why to stop. Advances the PC itself. */
    Stop execute(Op op, int w, Interpreter in) {
        var memory = in.memory();
        long[] r = cpu.gpr;
        switch (op) {
            case LFS -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.ea(w))));
            case LFD -> cpu.setFpr(rt(w), memory.read64(in.ea(w)));
            case LFSX -> cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(in.eaX(w))));
            case LFDX -> cpu.setFpr(rt(w), memory.read64(in.eaX(w)));
            case LFSU, LFDU, LFSUX, LFDUX -> {
                boolean indexed = op == Op.LFSUX || op == Op.LFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.LFSU || op == Op.LFSUX) {
                    cpu.setFpr(rt(w), FloatingPointBits.singleToDouble(memory.read32(ea)));
                } else {
                    cpu.setFpr(rt(w), memory.read64(ea));
                }
                r[ra(w)] = ea;
            }
            case STFS -> memory.write32(in.ea(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFD -> memory.write64(in.ea(w), cpu.fpr(rt(w)));
            case STFSX -> memory.write32(in.eaX(w), FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
            case STFDX -> memory.write64(in.eaX(w), cpu.fpr(rt(w)));
            case STFSU, STFDU, STFSUX, STFDUX -> {
                boolean indexed = op == Op.STFSUX || op == Op.STFDUX;
                long ea = r[ra(w)] + (indexed ? r[rb(w)] : si(w));
                if (op == Op.STFSU || op == Op.STFSUX) {
                    memory.write32(ea, FloatingPointBits.storeSingle(cpu.fpr(rt(w))));
                } else {
                    memory.write64(ea, cpu.fpr(rt(w)));
                }
                r[ra(w)] = ea;
            }
            case STFIWX -> memory.write32(in.eaX(w), (int) cpu.fpr(rt(w)));
            case LFIWAX -> cpu.setFpr(rt(w), memory.read32(in.eaX(w)));
            case LFIWZX -> cpu.setFpr(rt(w), memory.read32(in.eaX(w)) & 0xffffffffL);
            case FMR -> move(w, cpu.fpr(rb(w)));
            case FNEG -> move(w, cpu.fpr(rb(w)) ^ Long.MIN_VALUE);
            case FABS -> move(w, cpu.fpr(rb(w)) & Long.MAX_VALUE);
            case FNABS -> move(w, cpu.fpr(rb(w)) | Long.MIN_VALUE);
            case FCPSGN -> move(w, (cpu.fpr(rb(w)) & Long.MAX_VALUE) | (cpu.fpr(ra(w)) & Long.MIN_VALUE));
            case FSEL -> move(w, cpu.fprDouble(ra(w)) >= 0.0 ? cpu.fpr(rc(w)) : cpu.fpr(rb(w)));
            case FADD -> fadd(cpu, w);
            case FSUB -> fsub(cpu, w);
            case FMUL -> fmul(cpu, w);
            case FDIV -> fdiv(cpu, w);
            case FSQRT -> fsqrt(cpu, w);
            case FADDS -> fadds(cpu, w);
            case FSUBS -> fsubs(cpu, w);
            case FMULS -> fmuls(cpu, w);
            case FDIVS -> fdivs(cpu, w);
            case FSQRTS -> fsqrts(cpu, w);
            case FMADD -> fmadd(cpu, w);
            case FMSUB -> fmsub(cpu, w);
            case FNMADD -> fnmadd(cpu, w);
            case FNMSUB -> fnmsub(cpu, w);
            case FMADDS -> fmadds(cpu, w);
            case FMSUBS -> fmsubs(cpu, w);
            case FNMADDS -> fnmadds(cpu, w);
            case FNMSUBS -> fnmsubs(cpu, w);
            case FRE, FRES -> {
                cpu.operationFlags = 0;
                long reciprocal = FloatArithmetic.divide(cpu, ONE, cpu.fpr(rb(w)), false);
                arithmeticResult(cpu, w, op == Op.FRES ? FloatArithmetic.roundToSingle(cpu, reciprocal) : reciprocal);
            }
            case FRSQRTE, FRSQRTES -> {
                // as qemu: the square root and its reciprocal, each rounded
                cpu.operationFlags = 0;
                long root = FloatArithmetic.squareRoot(cpu, cpu.fpr(rb(w)), false);
                long reciprocal = FloatArithmetic.divide(cpu, ONE, root, false);
                arithmeticResult(cpu, w, op == Op.FRSQRTES ? FloatArithmetic.roundToSingle(cpu, reciprocal) : reciprocal);
            }
            case FRSP -> {
                cpu.operationFlags = 0;
                arithmeticResult(cpu, w, FloatArithmetic.roundToSingle(cpu, cpu.fpr(rb(w))));
            }
            case FCTIW, FCTIWZ -> convertToInteger(w, op == Op.FCTIWZ, FloatArithmetic.WORD_MIN, FloatArithmetic.WORD_MAX);
            case FCTIWU, FCTIWUZ -> convertToInteger(w, op == Op.FCTIWUZ, BigInteger.ZERO, FloatArithmetic.UNSIGNED_WORD_MAX);
            case FCTID, FCTIDZ -> convertToInteger(w, op == Op.FCTIDZ, FloatArithmetic.DOUBLEWORD_MIN, FloatArithmetic.DOUBLEWORD_MAX);
            case FCTIDU, FCTIDUZ -> convertToInteger(w, op == Op.FCTIDUZ, BigInteger.ZERO, FloatArithmetic.UNSIGNED_DOUBLEWORD_MAX);
            case FCFID, FCFIDU, FCFIDS, FCFIDUS -> {
                cpu.operationFlags = 0;
                arithmeticResult(cpu, w, FloatArithmetic.fromInteger(cpu, cpu.fpr(rb(w)), op == Op.FCFIDU || op == Op.FCFIDUS,
                        op == Op.FCFIDS || op == Op.FCFIDUS));
            }
            case FRIN, FRIZ, FRIP, FRIM -> {
                cpu.operationFlags = 0;
                int mode = switch (op) {
                    case FRIN -> 4;
                    case FRIZ -> 1;
                    case FRIP -> 2;
                    default -> 3;
                };
                arithmeticResult(cpu, w, FloatArithmetic.roundToIntegral(cpu, cpu.fpr(rb(w)), mode, false));
            }
            case FCMPU, FCMPO -> {
                int c = FloatArithmetic.compare(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), op == Op.FCMPO);
                cpu.setCrField(bf(w), c);
            }
            case MFFS -> {
                long fpscr = cpu.fpscrDoubleword();
                switch (ra(w)) {
                    case 1 -> setFpscr(cpu, cpu.fpscr & ~Fpscr.ENABLES);   // mffsce
                    case 24 -> fpscr &= MFFSL_FIELDS;                         // mffsl
                    default -> {
                    }
                }
                cpu.setFpr(rt(w), fpscr);
                recordCr1(w);
            }
            case MFFSCRN, MFFSCRNI -> {
                int mode = op == Op.MFFSCRNI ? (w >>> 11) & 3 : (int) cpu.fpr(rb(w)) & 3; // read before FRT=FRB is written
                cpu.setFpr(rt(w), cpu.fpscrDoubleword() & Fpscr.CONTROL);
                cpu.fpscr = (cpu.fpscr & ~Fpscr.RN) | mode;
            }
            case MTFSF -> {
                boolean wholeRegister = ((w >>> 25) & 1) != 0;
                boolean upperWord = ((w >>> 16) & 1) != 0;
                int flm = wholeRegister ? 0xff : upperWord ? 0 : (w >>> 17) & 0xff;
                // the upper word holds DRN only (its field 7): the whole register, or W = 1 with field 7
                if (wholeRegister || upperWord && (w & 1 << 17) != 0) {
                    cpu.decimalRoundingMode = (int) (cpu.fpr(rb(w)) >>> 32) & 7;
                }
                int mask = 0;
                for (int i = 0; i < 8; i++) {
                    if ((flm & (0x80 >>> i)) != 0) {
                        mask |= 0xf0000000 >>> (4 * i);
                    }
                }
                setFpscr(cpu, (cpu.fpscr & ~mask) | ((int) cpu.fpr(rb(w)) & mask));
                recordCr1(w);
            }
            case MTFSFI -> {
                if (((w >>> 16) & 1) == 0) {
                    int shift = 28 - 4 * bf(w);
                    setFpscr(cpu, (cpu.fpscr & ~(0xf << shift)) | (((w >>> 12) & 0xf) << shift));
                } else if (bf(w) == 7) {
                    cpu.decimalRoundingMode = (w >>> 12) & 7;   // W = 1: the upper word, whose field 7 holds DRN
                }
                recordCr1(w);
            }
            case MTFSB0, MTFSB1 -> {
                int bit = 0x80000000 >>> rt(w);
                if ((bit & (Fpscr.FEX | Fpscr.VX)) == 0) {   // the summaries cannot be set or cleared themselves
                    int fpscr = op == Op.MTFSB1 ? cpu.fpscr | bit : cpu.fpscr & ~bit;
                    if ((bit & Fpscr.EXCEPTIONS & ~cpu.fpscr & fpscr) != 0) {
                        fpscr |= Fpscr.FX;
                    }
                    setFpscr(cpu, fpscr);
                }
                recordCr1(w);
            }
            case MCRFS -> {
                int shift = 28 - 4 * bfa(w);
                cpu.setCrField(bf(w), (cpu.fpscr >>> shift) & 15);
                // the exception bits copied are cleared (FX and the sticky exceptions)
                cpu.fpscr = Fpscr.summarized(cpu.fpscr & ~((0xf << shift) & (Fpscr.FX | Fpscr.EXCEPTIONS)));
            }
            default -> throw new IllegalStateException(op.toString());
        }
        cpu.pc += 4;
        return null;
    }

    private void move(int w, long bits) {
        cpu.setFpr(rt(w), bits);
        recordCr1(w);
    }

    // ---- arithmetic: the interpreter and translated regions call these ----------------------------

    public static void fadd(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.add(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), false, false));
    }

    public static void fsub(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.add(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), true, false));
    }

    public static void fmul(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.multiply(cpu, cpu.fpr(ra(w)), cpu.fpr(rc(w)), false));
    }

    public static void fdiv(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.divide(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), false));
    }

    public static void fsqrt(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.squareRoot(cpu, cpu.fpr(rb(w)), false));
    }

    public static void fadds(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.add(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), false, true));
    }

    public static void fsubs(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.add(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), true, true));
    }

    public static void fmuls(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.multiply(cpu, cpu.fpr(ra(w)), cpu.fpr(rc(w)), true));
    }

    public static void fdivs(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.divide(cpu, cpu.fpr(ra(w)), cpu.fpr(rb(w)), true));
    }

    public static void fsqrts(Cpu cpu, int w) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.squareRoot(cpu, cpu.fpr(rb(w)), true));
    }

    public static void fmadd(Cpu cpu, int w) {
        multiplyAdd(cpu, w, false, false, false);
    }

    public static void fmsub(Cpu cpu, int w) {
        multiplyAdd(cpu, w, true, false, false);
    }

    public static void fnmadd(Cpu cpu, int w) {
        multiplyAdd(cpu, w, false, true, false);
    }

    public static void fnmsub(Cpu cpu, int w) {
        multiplyAdd(cpu, w, true, true, false);
    }

    public static void fmadds(Cpu cpu, int w) {
        multiplyAdd(cpu, w, false, false, true);
    }

    public static void fmsubs(Cpu cpu, int w) {
        multiplyAdd(cpu, w, true, false, true);
    }

    public static void fnmadds(Cpu cpu, int w) {
        multiplyAdd(cpu, w, false, true, true);
    }

    public static void fnmsubs(Cpu cpu, int w) {
        multiplyAdd(cpu, w, true, true, true);
    }

    private static void multiplyAdd(Cpu cpu, int w, boolean subtract, boolean negate, boolean single) {
        cpu.operationFlags = 0;
        arithmeticResult(cpu, w, FloatArithmetic.multiplyAdd(cpu, cpu.fpr(ra(w)), cpu.fpr(rc(w)), cpu.fpr(rb(w)), subtract, negate,
                single));
    }

    /**
     * Writes an arithmetic result to FRT with its class (FPRF), FR, FI and the exceptions raised
     * (in {@link Cpu#operationFlags}); an enabled invalid operation or zero divide leaves FRT and
     * FPRF as they were. Rc copies FX, FEX, VX, OX to CR1.
     */
    private static void arithmeticResult(Cpu cpu, int w, long bits) {
        int flags = cpu.operationFlags;
        int fpscr = cpu.fpscr;
        if ((flags & ~INEXACT) == 0 && (fpscr & Fpscr.XE) == 0 && !rcBit(w)) {
            // the common case, at most inexact with XE off: VX and FEX stay as they are
            cpu.setFpr(rt(w), bits);
            cpu.fpscr = (fpscr & ~(Fpscr.FR | Fpscr.FI | Fpscr.FPRF)) | flags | ((flags & ~fpscr & Fpscr.XX) != 0 ? Fpscr.FX : 0)
                    | Fpscr.classOf(bits);
            return;
        }
        fpscr = Fpscr.raise(fpscr, flags, true);
        if (Fpscr.enabled(fpscr, flags & (Fpscr.INVALID | Fpscr.ZX))) {
            cpu.fpscr = fpscr;
        } else {
            cpu.setFpr(rt(w), bits);
            cpu.fpscr = Fpscr.withClass(fpscr, Fpscr.classOf(bits));
        }
        if (rcBit(w)) {
            cpu.setCrField(1, cpu.fpscr >>> 28);
        }
    }

    /**
     * fcti*: FRB converted to an integer in [min, max]; a word result is sign-extended when
     * signed, zero-extended when unsigned or when it comes from a NaN, as qemu leaves it. FPRF
     * keeps its value unless the conversion is invalid (it then says NaN, as qemu sets it).
     */
    private void convertToInteger(int w, boolean towardZero, BigInteger min, BigInteger max) {
        cpu.operationFlags = 0;
        long b = cpu.fpr(rb(w));
        long result = FloatArithmetic.toInteger(cpu, b, min, max, towardZero);
        int flags = cpu.operationFlags;
        if (max == FloatArithmetic.WORD_MAX) {
            result = Double.isNaN(Double.longBitsToDouble(b)) ? result & 0xffffffffL : (int) result;
        } else if (max == FloatArithmetic.UNSIGNED_WORD_MAX) {
            result &= 0xffffffffL;
        }
        int fpscr = Fpscr.raise(cpu.fpscr, flags, true);
        if (!Fpscr.enabled(fpscr, flags & Fpscr.INVALID)) {
            cpu.setFpr(rt(w), result);
            if ((flags & Fpscr.VXCVI) != 0) {
                fpscr = Fpscr.withClass(fpscr, Fpscr.QUIET_NAN);
            }
        }
        cpu.fpscr = fpscr;
        recordCr1(w);
    }

    private static final long ONE = Double.doubleToRawLongBits(1.0);
    private static final int INEXACT = Fpscr.XX | Fpscr.FI | Fpscr.FR;
    /** What mffsl reads: the rounding modes, enables, NI and the status FR, FI, FPRF. */
    private static final long MFFSL_FIELDS = Fpscr.CONTROL | Fpscr.FR | Fpscr.FI | Fpscr.FPRF;

    /**
     * Writes the FPSCR from mtfsf, mtfsfi, mtfsb0/1, mffsce: VX and FEX follow the bits written.
     * An enabled exception left pending counts as raised here (for the program interrupt).
     */
    private static void setFpscr(Cpu cpu, int value) {
        cpu.fpscr = Fpscr.summarized(value & ~Fpscr.RESERVED);
        cpu.operationFlags = (cpu.fpscr & Fpscr.FEX) != 0 ? cpu.fpscr & Fpscr.EXCEPTIONS : 0;
    }

    private void recordCr1(int w) {
        if (rcBit(w)) {
            cpu.setCrField(1, cpu.fpscr >>> 28);
        }
    }
}
