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
    SUBFZE, NEG, MULLD, MULHD, MULHDU,
    // compare
    CMPI, CMPLI, CMP, CMPL, ISEL,
    // logical
    ANDI_RC, ANDIS_RC, ORI, ORIS, XORI, XORIS, AND, ANDC, OR, ORC, XOR, NAND, NOR, EQV, EXTSB, EXTSH, EXTSW,
    CNTLZW, CNTLZD,
    // rotate and shift
    RLWINM, RLWIMI, RLWNM, RLDICL, RLDICR, RLDIC, RLDIMI, SLW, SRW, SLD, SRD,
    /**
     * A storage barrier or cache hint (sync, isync, dcbt, icbi, ...): nothing to do where one thread
     * runs at a time and every store is visible at once, so a translated region emits nothing.
     */
    HINT,
    // vector (VMX) loads, stores and moves
    LVX, STVX, LVEBX, LVEHX, LVEWX, STVEBX, STVEHX, STVEWX, LVSL, LVSR, MFVSCR, MTVSCR,
    // vector integer and logical
    VADDUBM, VADDUHM, VADDUWM, VADDUDM, VADDUQM, VADDUBS, VSUBUBM, VSUBUHM, VSUBUWM, VSUBUDM, VSUBUQM,
    VSUBUBS, VAND, VANDC, VOR, VNOR, VXOR, VORC, VNAND, VEQV, VSEL, VPERM, VPERMR, VSLDOI, VSPLTB, VSPLTH,
    VSPLTW, VSPLTISB, VSPLTISH, VSPLTISW, VCMPEQUB, VCMPEQUH, VCMPEQUW, VCMPEQUD, VCMPNEB, VCMPNEH,
    VCMPNEW, VCMPNEZB, VCMPGTUB, VCMPGTSB, VCMPGTUH, VCMPGTUW, VCMPGTSW, VMINUB, VMAXUB, VSLB, VSLH, VSLW,
    VSLD, VSRB, VSRH, VSRW, VSRD, VSRAB, VSL, VSR, VSLO, VSRO, VGBBD, VBPERMQ, VPOPCNTB, VPOPCNTH,
    VPOPCNTW, VPOPCNTD, VCLZB, VCLZD, VCTZLSBB, VCLZLSBB, VEXTUBLX, VEXTUBRX, VMRGHB, VMRGLB, VMRGHW,
    VMRGLW, VPKUHUM, VPKUWUM, VPKUDUM, VSUMSWS, VEXTRACTBM, VMULEUW, VMULOUW, VMULESW, VMULOSW, VMULUWM, VMRGEW, VMRGOW, VSRAW,
    // VSX loads, stores and moves
    LXVD2X, LXVW4X, LXVDSX, LXSDX, LXSIWZX, LXSIWAX, LXSSPX, STXVD2X, STXVW4X, STXSDX, STXSIWX, STXSSPX,
    LXVX, STXVX, LXVL, STXVL, LXVLL, STXVLL, LXVB16X, STXVB16X, LXV, STXV, LXSD, STXSD, LXSSP, STXSSP,
    MFVSRD, MFVSRWZ, MTVSRD, MTVSRWA, MTVSRWZ, MFVSRLD, MTVSRDD, MTVSRWS,
    // VSX logical, permute and scalar
    XXLOR, XXLXOR, XXLNOR, XXLAND, XXLANDC, XXLORC, XXLNAND, XXLEQV, XXSEL, XXPERMDI, XXSLDWI, XXMRGHW,
    XXMRGLW, XXSPLTW, XXSPLTIB, XXPERM, XXPERMR, XXBRD, XXBRW, XXBRH, XXBRQ, XVADDDP, XVSUBDP, XVMULDP, XVDIVDP,
    XVMADDADP, XVMADDMDP, XVMSUBADP, XVMSUBMDP, XVCVSXWDP, XSADDDP, XSSUBDP, XSMULDP,
    XSDIVDP, XSMADDADP, XSMSUBADP, XSMADDMDP, XSMSUBMDP, XSNMADDADP, XSNMADDMDP, XSNMSUBADP, XSNMSUBMDP, XSCMPUDP, XSCMPODP, XSCPSGNDP, XSABSDP, XSNEGDP, XSNABSDP, XSCVDPSP,
    XSCVSPDP, XSCVDPSPN, XSCVSPDPN, XSCVDPSXDS, XSCVDPSXWS, XSCVDPUXDS, XSCVDPUXWS, XSCVSXDDP, XSCVUXDDP,
    XSRSP, XSMAXDP, XSMINDP, XSSQRTDP;

    /** Whether control may leave straight-line code after this instruction (a branch). */
    public boolean endsBlock() {
        return this == B || this == BC || this == BCLR || this == BCCTR || this == BCTAR;
    }

    /** Whether {@code word}, an instruction of this operation, is a call: a branch with LK set (bl, bcl, bclrl, bcctrl, bctarl). */
    public boolean isCall(int word) {
        return endsBlock() && (word & 1) != 0;   // LK is the last bit of every branch form
    }
}
