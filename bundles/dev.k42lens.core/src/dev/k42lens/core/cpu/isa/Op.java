package dev.k42lens.core.cpu.isa;

/**
 * What the engine's two executors need to know of a table row beyond its semantics. The branches
 * and system calls ({@link #B} to {@link #SCV}) change the PC, which no semantics does: the
 * interpreter performs them itself and a translated region links them. The fixed-point, CR/SPR
 * move and {@link #HINT} operations are those a translated region generates bytecode for itself
 * (with the registers in JVM locals), where that measured faster than calling the semantics; their
 * rows carry semantics too, which the interpreter runs. {@link #DESCRIBED} is every other row: both
 * executors run its semantics. Extended mnemonics share their base row's operation (li is ADDI).
 * {@link #NONE} marks instructions the disassembler knows but the engine does not execute: running
 * one raises SIGILL naming it.
 */
public enum Op {
    NONE,
    /** The row's {@link Semantics} is all there is to it, for the interpreter and for a translated region. */
    DESCRIBED,
    /** A POWER10 prefixed instruction: its row states the suffix and the semantics ({@link Prefixed}). */
    PREFIXED,
    // branches and system calls
    B, BC, BCLR, BCCTR, BCTAR, SC, SCV,
    // condition register and special purpose registers
    MFCR, MFSPR, MTSPR,
    // fixed-point arithmetic
    ADDI, ADDIS, ADDPCIS, ADDIC, ADDIC_RC, SUBFIC, MULLI, ADD, ADDC, ADDE, ADDME, ADDZE, SUBF, SUBFC, SUBFE, SUBFME,
    SUBFZE, NEG, MULLD, MULHD, MULHDU, MULLW, MULHW, MULHWU,
    // compare
    CMPI, CMPLI, CMP, CMPL, ISEL,
    // logical
    ANDI_RC, ANDIS_RC, ORI, ORIS, XORI, XORIS, AND, ANDC, OR, ORC, XOR, NAND, NOR, EQV, EXTSB, EXTSH, EXTSW,
    CNTLZW, CNTLZD,
    // rotate and shift
    RLWINM, RLWIMI, RLWNM, RLDICL, RLDICR, RLDIC, RLDIMI, SLW, SRW, SLD, SRD, SRAWI, SRADI,
    /**
     * A storage barrier or cache hint (sync, isync, dcbt, icbi, ...): nothing to do where one thread
     * runs at a time and every store is visible at once, so a translated region emits nothing.
     */
    HINT;

    /** Whether control may leave straight-line code after this instruction (a branch). */
    public boolean endsBlock() {
        return this == B || this == BC || this == BCLR || this == BCCTR || this == BCTAR;
    }

    /** Whether {@code word}, an instruction of this operation, is a call: a branch with LK set (bl, bcl, bclrl, bcctrl, bctarl). */
    public boolean isCall(int word) {
        return endsBlock() && (word & 1) != 0;   // LK is the last bit of every branch form
    }
}
