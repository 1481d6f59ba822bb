package dev.k42lens.core.cpu.isa;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an instruction does: the interpreter switches on it. Extended mnemonics share the operation
 * of their base instruction (li is ADDI), so aliases never need code of their own. {@link #NONE}
 * marks instructions the disassembler knows but the engine does not execute: running one raises
 * SIGILL naming it.
 */
public enum Op {
    NONE,
    /** The row states its own {@link Semantics} (instruction families described in one place). */
    DESCRIBED,
    /** A POWER10 prefixed instruction: its row states the suffix and the semantics ({@link Prefixed}). */
    PREFIXED,
    // branches and system calls
    B, BC, BCLR, BCCTR, BCTAR, SC, SCV,
    // condition register
    MFCR, MFOCRF, MTCRF, MTOCRF,
    // special purpose registers
    MFSPR, MTSPR, MFTB,
    // fixed-point arithmetic
    ADDI, ADDIS, ADDPCIS, ADDIC, ADDIC_RC, SUBFIC, MULLI, ADD, ADDC, ADDE, ADDME, ADDZE, SUBF, SUBFC, SUBFE, SUBFME,
    SUBFZE, NEG, MULLW, MULLD, MULHW, MULHWU, MULHD, MULHDU, DIVW, DIVWU, DIVD, DIVDU, DIVWE, DIVWEU, DIVDE,
    DIVDEU, MADDHD, MADDHDU, MADDLD,
    // compare, trap
    CMPI, CMPLI, CMP, CMPL, TWI, TDI, TW, TD, ISEL,
    // logical
    ANDI_RC, ANDIS_RC, ORI, ORIS, XORI, XORIS, AND, ANDC, OR, ORC, XOR, NAND, NOR, EQV, EXTSB, EXTSH, EXTSW,
    CNTLZW, CNTLZD, CNTTZW, CNTTZD, POPCNTB, POPCNTW, POPCNTD, PRTYW, PRTYD, CMPB, BPERMD,
    // rotate and shift
    RLWINM, RLWIMI, RLWNM, RLDICL, RLDICR, RLDIC, RLDIMI, RLDCL, RLDCR, SLW, SRW, SRAW, SRAWI, SLD, SRD,
    SRAD, SRADI, EXTSWSLI,
    // loads and stores
    LBZ, LBZU, LHZ, LHZU, LHA, LHAU, LWZ, LWZU, LWA, LD, LDU, STB, STBU, STH, STHU, STW, STWU, STD, STDU,
    LBZX, LBZUX, LHZX, LHZUX, LHAX, LHAUX, LWZX, LWZUX, LWAX, LWAUX, LDX, LDUX, STBX, STBUX, STHX, STHUX,
    STWX, STWUX, STDX, STDUX, LHBRX, LWBRX, LDBRX, STHBRX, STWBRX, STDBRX, LMW, STMW, LSWI, LSWX, STSWI,
    STSWX, LBARX, LHARX, LWARX, LDARX, STBCX, STHCX, STWCX, STDCX,
    // storage control
    SYNC, EIEIO, ISYNC, DCBT, DCBTST, DCBZ, DCBST, DCBF, ICBI, NOP_HINT,
    // floating point loads and stores
    LFS, LFSU, LFD, LFDU, STFS, STFSU, STFD, STFDU, LFSX, LFSUX, LFDX, LFDUX, STFSX, STFSUX, STFDX, STFDUX,
    STFIWX, LFIWAX, LFIWZX,
    // floating point
    FMR, FNEG, FABS, FNABS, FCPSGN, FADD, FSUB, FMUL, FDIV, FSQRT, FMADD, FMSUB, FNMADD, FNMSUB, FADDS, FSUBS,
    FMULS, FDIVS, FSQRTS, FMADDS, FMSUBS, FNMADDS, FNMSUBS, FSEL, FRE, FRES, FRSQRTE, FRSQRTES, FRSP, FCTIW,
    FCTIWZ, FCTIWU, FCTIWUZ, FCTID, FCTIDZ, FCTIDU, FCTIDUZ, FCFID, FCFIDU, FCFIDS, FCFIDUS, FRIN, FRIZ, FRIP,
    FRIM, FCMPU, FCMPO, MFFS, MFFSCRN, MFFSCRNI, MTFSF, MTFSFI, MTFSB0, MTFSB1, MCRFS;

    /**
     * Floating-point arithmetic, moves, conversions, compares and FPSCR instructions: they read and
     * write FPRs, the FPSCR and CR fields only, never a GPR, LR, CTR or memory.
     */
    private static final Set<Op> FLOATING_POINT_STATE_ONLY = EnumSet.of(
            FMR, FNEG, FABS, FNABS, FCPSGN, FADD, FSUB, FMUL, FDIV, FSQRT, FMADD, FMSUB, FNMADD, FNMSUB, FADDS,
            FSUBS, FMULS, FDIVS, FSQRTS, FMADDS, FMSUBS, FNMADDS, FNMSUBS, FSEL, FRE, FRES, FRSQRTE, FRSQRTES, FRSP,
            FCTIW, FCTIWZ, FCTIWU, FCTIWUZ, FCTID, FCTIDZ, FCTIDU, FCTIDUZ, FCFID, FCFIDU, FCFIDS, FCFIDUS, FRIN,
            FRIZ, FRIP, FRIM, FCMPU, FCMPO, MFFS, MFFSCRN, MFFSCRNI, MTFSF, MTFSFI, MTFSB0, MTFSB1, MCRFS);

    /** The FPU's operations (FloatingPoint executes them): FPR loads and stores, arithmetic, conversions, FPSCR moves. */
    private static final Set<Op> FLOATING_POINT_UNIT = EnumSet.of(
            LFS, LFSU, LFD, LFDU, STFS, STFSU, STFD, STFDU, LFSX, LFSUX, LFDX, LFDUX, STFSX, STFSUX, STFDX, STFDUX,
            STFIWX, LFIWAX, LFIWZX, FMR, FNEG, FABS, FNABS, FCPSGN, FADD, FSUB, FMUL, FDIV, FSQRT, FMADD, FMSUB, FNMADD,
            FNMSUB, FADDS, FSUBS, FMULS, FDIVS, FSQRTS, FMADDS, FMSUBS, FNMADDS, FNMSUBS, FSEL, FRE, FRES, FRSQRTE,
            FRSQRTES, FRSP, FCTIW, FCTIWZ, FCTIWU, FCTIWUZ, FCTID, FCTIDZ, FCTIDU, FCTIDUZ, FCFID, FCFIDU, FCFIDS,
            FCFIDUS, FRIN, FRIZ, FRIP, FRIM, FCMPU, FCMPO, MFFS, MFFSCRN, MFFSCRNI, MTFSF, MTFSFI, MTFSB0, MTFSB1, MCRFS);

    /** The plain loads and stores: how each reaches memory (the update forms write the address back to RA). */
    private static final java.util.Map<Op, MemoryAccess> ACCESSES = new java.util.EnumMap<>(Op.class);

    static {
        MemoryAccess.Form d = MemoryAccess.Form.D;
        MemoryAccess.Form ds = MemoryAccess.Form.DS;
        MemoryAccess.Form x = MemoryAccess.Form.X;
        Object[][] gprs = { // operation, form, size, signed, update, store
            { LBZ, d, 1, false, false, false }, { LHZ, d, 2, false, false, false }, { LHA, d, 2, true, false, false },
            { LWZ, d, 4, false, false, false }, { LWA, ds, 4, true, false, false }, { LD, ds, 8, false, false, false },
            { LBZU, d, 1, false, true, false }, { LHZU, d, 2, false, true, false }, { LHAU, d, 2, true, true, false },
            { LWZU, d, 4, false, true, false }, { LDU, ds, 8, false, true, false }, { LBZX, x, 1, false, false, false },
            { LHZX, x, 2, false, false, false }, { LHAX, x, 2, true, false, false }, { LWZX, x, 4, false, false, false },
            { LWAX, x, 4, true, false, false }, { LDX, x, 8, false, false, false }, { LBZUX, x, 1, false, true, false },
            { LHZUX, x, 2, false, true, false }, { LHAUX, x, 2, true, true, false }, { LWZUX, x, 4, false, true, false },
            { LWAUX, x, 4, true, true, false }, { LDUX, x, 8, false, true, false }, { STB, d, 1, false, false, true },
            { STH, d, 2, false, false, true }, { STW, d, 4, false, false, true }, { STD, ds, 8, false, false, true },
            { STBU, d, 1, false, true, true }, { STHU, d, 2, false, true, true }, { STWU, d, 4, false, true, true },
            { STDU, ds, 8, false, true, true }, { STBX, x, 1, false, false, true }, { STHX, x, 2, false, false, true },
            { STWX, x, 4, false, false, true }, { STDX, x, 8, false, false, true }, { STBUX, x, 1, false, true, true },
            { STHUX, x, 2, false, true, true }, { STWUX, x, 4, false, true, true }, { STDUX, x, 8, false, true, true } };
        for (Object[] g : gprs) {
            ACCESSES.put((Op) g[0], new MemoryAccess((MemoryAccess.Form) g[1], (Integer) g[2], (Boolean) g[3], (Boolean) g[4],
                    (Boolean) g[5], MemoryAccess.Data.GPR));
        }
        Object[][] fprs = { // operation, form, single, update, store
            { LFS, d, true, false, false }, { LFSU, d, true, true, false }, { LFSX, x, true, false, false },
            { LFSUX, x, true, true, false }, { LFD, d, false, false, false }, { LFDU, d, false, true, false },
            { LFDX, x, false, false, false }, { LFDUX, x, false, true, false }, { STFS, d, true, false, true },
            { STFSU, d, true, true, true }, { STFSX, x, true, false, true }, { STFSUX, x, true, true, true },
            { STFD, d, false, false, true }, { STFDU, d, false, true, true }, { STFDX, x, false, false, true },
            { STFDUX, x, false, true, true } };
        for (Object[] f : fprs) {
            boolean single = (Boolean) f[2];
            ACCESSES.put((Op) f[0], new MemoryAccess((MemoryAccess.Form) f[1], single ? 4 : 8, false, (Boolean) f[3], (Boolean) f[4],
                    single ? MemoryAccess.Data.SINGLE : MemoryAccess.Data.DOUBLE));
        }
    }

    /** Loads and stores of several GPRs, beyond those the instruction's fields name. */
    private static final Set<Op> MULTIPLE_REGISTERS = EnumSet.of(LMW, STMW, LSWI, LSWX, STSWI, STSWX);

    /** Whether control may leave straight-line code after this instruction (a branch). */
    public boolean endsBlock() {
        return this == B || this == BC || this == BCLR || this == BCCTR || this == BCTAR;
    }

    /** Whether {@code word}, an instruction of this operation, is a call: a branch with LK set (bl, bcl, bclrl, bcctrl, bctarl). */
    public boolean isCall(int word) {
        return endsBlock() && (word & 1) != 0;   // LK is the last bit of every branch form
    }

    /** How this plain load or store reaches memory, or null for any other operation. */
    public MemoryAccess memoryAccess() {
        return ACCESSES.get(this);
    }

    /** Whether the FPU executes this (FPR loads and stores included). */
    public boolean runsInFloatingPointUnit() {
        return FLOATING_POINT_UNIT.contains(this);
    }

    /** Whether this touches only FPRs, the FPSCR and CR fields. */
    public boolean touchesFloatingPointStateOnly() {
        return FLOATING_POINT_STATE_ONLY.contains(this);
    }

    /** Whether this reads or writes GPRs beyond those its fields name. */
    public boolean touchesMultipleRegisters() {
        return MULTIPLE_REGISTERS.contains(this);
    }
}
