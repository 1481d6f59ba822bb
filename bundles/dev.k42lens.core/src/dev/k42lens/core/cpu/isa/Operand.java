package dev.k42lens.core.cpu.isa;

import java.util.function.IntUnaryOperator;

/**
 * An operand of an instruction as the disassembler prints it, in binutils' notation: where its
 * value comes from in the instruction word and how it is written.
 */
public enum Operand {
    RT(Kind.GPR, Fields::rt),
    /** RT, the first of several GPRs written: lq's even-odd pair, lmw's and the string loads' run of registers. */
    RT_FIRST(Kind.GPR, Fields::rt),
    RS(Kind.GPR, Fields::rt),
    RA(Kind.GPR, Fields::ra),
    /** RA where register 0 means the value 0 (printed "0"). */
    RA0(Kind.GPR_OR_ZERO, Fields::ra),
    RB(Kind.GPR, Fields::rb),
    /** The third source GPR of the multiply-add forms (bits 21-25). */
    RC(Kind.GPR, Fields::rc),
    FRT(Kind.FPR, Fields::rt),
    FRA(Kind.FPR, Fields::ra),
    FRB(Kind.FPR, Fields::rb),
    FRC(Kind.FPR, Fields::rc),
    VRT(Kind.VR, Fields::rt),
    VRA(Kind.VR, Fields::ra),
    VRB(Kind.VR, Fields::rb),
    VRC(Kind.VR, Fields::rc),
    XT(Kind.VSR, Fields::xt),
    XT_DQ(Kind.VSR, Fields::xtDq),
    /** The even VSR of a register pair (lxvp, stxvp, plxvp): 32 x TX + 2 x Tp. */
    XTP(Kind.VSR, VectorPairs::pair),
    XA(Kind.VSR, Fields::xa),
    /** hashst/hashchk's negative doubleword offset, -512 to -8: D(RA), the base register follows. */
    DW(Kind.DISPLACEMENT, w -> ((w & 1) << 8 | Fields.rt(w) << 3) - 512),
    /** The data class or group mask of dtstdc/dtstdg (bits 16-21). */
    DCM(Kind.UNSIGNED, w -> (w >>> 10) & 0x3f),
    /** dscli/dscri's shift in digits (bits 16-21). */
    SHIFT_DIGITS(Kind.UNSIGNED, w -> (w >>> 10) & 0x3f),
    /** dquai's target exponent TE (bits 11-15), a signed 5-bit value. */
    TE(Kind.SIGNED, w -> Fields.ra(w) << 27 >> 27),
    /** ddedpd's SP (bits 11-12): signed (2) with the preferred plus code 0xF (3) or 0xC (2). */
    SP(Kind.UNSIGNED, w -> (w >>> 19) & 3),
    /** denbcd's S (bit 11): the BCD operand has a sign code. */
    S(Kind.UNSIGNED, w -> (w >>> 20) & 1),
    /** dtstsfi's reference significance (bits 10-15). */
    UIM6(Kind.UNSIGNED, w -> (w >>> 16) & 0x3f),
    /** mffscdrni's decimal rounding mode (bits 18-20). */
    DRM(Kind.UNSIGNED, w -> (w >>> 11) & 7),
    /** The function code of the atomic memory operations (the RB field). */
    FC(Kind.UNSIGNED, Fields::rb),
    /** addpcis's D: d0 (bits 16-25), d1 (11-15) and d2 (31), a signed 16-bit immediate. */
    DX(Kind.SIGNED, w -> (short) (((w >>> 6) & 0x3ff) << 6 | ((w >>> 16) & 0x1f) << 1 | (w & 1))),
    /** The preferred-sign bit of the decimal (BCD) instructions. */
    PS(Kind.UNSIGNED, w -> (w >>> 9) & 1),
    /** An MMA accumulator (bits 6-8), printed "a" and its number. */
    ACC(Kind.ACCUMULATOR, Mma::accumulator),
    XB(Kind.VSR, Fields::xb),
    XC(Kind.VSR, Fields::xc),
    /** XX3 DM field of xxpermdi (bits 22-23). */
    DM(Kind.UNSIGNED, w -> (w >>> 8) & 3),
    /** xxspltd's doubleword: 0 for DM 0, 1 for DM 3. */
    SPLTD_DOUBLEWORD(Kind.UNSIGNED, w -> ((w >>> 8) & 3) == 3 ? 1 : 0),
    /** SHW field of xxsldwi. */
    SHW(Kind.UNSIGNED, w -> (w >>> 8) & 3),
    /** UIM of xxspltw (bits 14-15). */
    UIM2(Kind.UNSIGNED, w -> (w >>> 16) & 3),
    /** vshasigma's ST: the lower-case (0) or upper-case (1) SHA functions. */
    SHA_ST(Kind.UNSIGNED, w -> (w >>> 15) & 1),
    /** vshasigma's SIX: which function each element gets. */
    SHA_SIX(Kind.UNSIGNED, w -> (w >>> 11) & 15),
    /** A 4-bit byte index in the VRA field (vextractub, vinsertw, ...). */
    UIM4(Kind.UNSIGNED, w -> (w >>> 16) & 15),
    /** IMM8 of xxspltib. */
    IMM8(Kind.UNSIGNED, w -> (w >>> 11) & 0xff),
    /** UIM of vsplt[bhw] (in the VRA position). */
    UIMM_VRA(Kind.UNSIGNED, Fields::ra),
    /** SHB of vsldoi (bits 22-25). */
    SHB(Kind.UNSIGNED, w -> (w >>> 6) & 15),
    SIMM5(Kind.SIGNED, Fields::simm5),
    /** CR field written by a compare; omitted when it is cr0. */
    BF(Kind.CR_FIELD_OPTIONAL, Fields::bf),
    /** CR field, always printed (mcrf, mffs-style). */
    BF_ALWAYS(Kind.CR_FIELD, Fields::bf),
    BFA(Kind.CR_FIELD, Fields::bfa),
    /** R of the quad-precision rounding instructions (bit 15): a rounding mode named by RMC. */
    R(Kind.UNSIGNED, w -> (w >>> 16) & 1),
    /** RMC of the quad-precision rounding instructions (bits 21-22). */
    RMC(Kind.UNSIGNED, w -> (w >>> 9) & 3),
    /** L of darn (bits 14-15): 32-bit, 64-bit conditioned or raw random number. */
    RANDOM_KIND(Kind.UNSIGNED, w -> (w >>> 16) & 3),
    /** N of vgnb (bits 13-15): gather every Nth bit. */
    GATHER_N(Kind.UNSIGNED, w -> (w >>> 16) & 7),
    /** CY of addex (bits 21-22): which carry; only 0 (OV) is defined. */
    CY(Kind.UNSIGNED, w -> (w >>> 9) & 3),
    /** MP of vcntmb*: count elements whose most significant bit is 1 (or 0). */
    MP(Kind.UNSIGNED, w -> (w >>> 16) & 1),
    /** The 16-bit byte mask of mtvsrbmi, split b0 (bits 16-25), b1 (11-15), b2 (31); printed signed, as objdump does. */
    BM16(Kind.SIGNED, w -> (short) (((w >>> 6) & 0x3ff) << 6 | ((w >>> 16) & 0x1f) << 1 | (w & 1))),
    /** SH of vsldbi and vsrdbi (bits 23-25): a bit shift of 0-7. */
    SH3(Kind.UNSIGNED, w -> (w >>> 6) & 7),
    /** STRM of the data-stream hints (bits 9-10). */
    DST_STREAM(Kind.UNSIGNED, w -> (w >>> 21) & 3),
    /** A 5-bit unsigned immediate in the RB position (lxvkq's constant). */
    UIM5(Kind.UNSIGNED, Fields::rb),
    /** The data class mask of xststdc[sd]p (bits 9-15). */
    DCMX(Kind.UNSIGNED, w -> (w >>> 16) & 0x7f),
    /** The data class mask of xvtstdc[sd]p, split: dc (bit 25), dm (bit 29), dx (bits 11-15). */
    DCMX_SPLIT(Kind.UNSIGNED, w -> (w & 0x40) | ((w << 3) & 0x20) | ((w >>> 16) & 0x1f)),
    /** An FPSCR field (mtfsfi), written as a plain number. */
    FPSCR_FIELD(Kind.UNSIGNED, Fields::bf),
    /** L of the generic compare forms. */
    L(Kind.UNSIGNED, Fields::cmpL),
    SI(Kind.SIGNED, Fields::si),
    UI(Kind.UNSIGNED, Fields::ui),
    /** D(RA) of D-form loads and stores. */
    D(Kind.DISPLACEMENT, Fields::si),
    /** DS(RA) of DS-form loads and stores. */
    DS(Kind.DISPLACEMENT, Fields::ds),
    /** DQ(RA) of DQ-form vector loads and stores. */
    DQ(Kind.DISPLACEMENT, Fields::dq),
    /** Target of an I-form branch. */
    LI(Kind.BRANCH_TARGET, w -> 0),
    /** Target of a B-form branch. */
    BD(Kind.BRANCH_TARGET, w -> 0),
    BO(Kind.UNSIGNED, Fields::rt),
    BI(Kind.UNSIGNED, Fields::ra),
    /** The CR field of a conditional branch's BI; omitted when it is cr0. */
    BI_FIELD(Kind.CR_FIELD_OPTIONAL, w -> Fields.ra(w) >> 2),
    /** A CR bit of the CR-logical instructions and isel, as binutils writes it: 4*cr7+eq. */
    CRB_T(Kind.CR_BIT, Fields::rt),
    CRB_A(Kind.CR_BIT, Fields::ra),
    CRB_B(Kind.CR_BIT, Fields::rb),
    CRB_C(Kind.CR_BIT, Fields::rc),
    BH(Kind.UNSIGNED, w -> (w >>> 11) & 3),
    SH(Kind.UNSIGNED, Fields::rb),
    MB(Kind.UNSIGNED, Fields::rc),
    ME(Kind.UNSIGNED, Fields::me),
    SH6(Kind.UNSIGNED, Fields::sh6),
    MB6(Kind.UNSIGNED, Fields::mb6),
    /** n of srwi: the MB field. */
    SRWI_N(Kind.UNSIGNED, Fields::rc),
    /** n of clrrwi: 31 - ME. */
    CLRRWI_N(Kind.UNSIGNED, w -> 31 - Fields.me(w)),
    /** n of clrrdi: 63 - ME (the ME of MD-forms sits where MB6 is). */
    CLRRDI_N(Kind.UNSIGNED, w -> 63 - Fields.mb6(w)),
    SPR(Kind.UNSIGNED, Fields::spr),
    FXM(Kind.UNSIGNED, Fields::fxm),
    TO(Kind.UNSIGNED, Fields::rt),
    NB(Kind.UNSIGNED, w -> (w >>> 11) & 31),
    /** L field of sync (bits 9-10) and similar two-bit fields printed as numbers. */
    L2(Kind.UNSIGNED, w -> (w >>> 21) & 3),
    /** TH of dcbt/dcbtst (in the RT position). */
    TH(Kind.UNSIGNED, Fields::rt),
    /** FLM of mtfsf (bits 7-14). */
    FLM(Kind.UNSIGNED, w -> (w >>> 17) & 0xff),
    /** L of mtfsf (bit 6): set the whole FPSCR, ignoring FLM. */
    MTFSF_L(Kind.UNSIGNED, w -> (w >>> 25) & 1),
    /** W of mtfsf (bit 15): the fields are in the FPSCR's upper word; printed only when set. */
    MTFSF_W(Kind.UNSIGNED_OPTIONAL, w -> (w >>> 16) & 1),
    /** U of mtfsfi (bits 16-19). */
    U4(Kind.UNSIGNED, w -> (w >>> 12) & 15),
    /** BT of mtfsb0/mtfsb1. */
    FPSCR_BIT(Kind.UNSIGNED, Fields::rt),
    /** LEV of sc (bits 20-26). */
    LEV(Kind.UNSIGNED_OPTIONAL, w -> (w >>> 5) & 0x7f),
    /** LEV of scv, which binutils always prints. */
    LEV_ALWAYS(Kind.UNSIGNED, w -> (w >>> 5) & 0x7f),
    /** EH, the exclusive-access hint of the reserving loads (bit 31); printed only when set. */
    EH(Kind.UNSIGNED_OPTIONAL, w -> w & 1),
    /** RM of mffscrni: the new rounding mode (bits 19-20). */
    RM(Kind.UNSIGNED, w -> (w >>> 11) & 3),
    /** A raw 32-bit word (.long). */
    WORD(Kind.HEX, w -> w);

    /** How an operand's value is written. */
    public enum Kind {
        GPR, GPR_OR_ZERO, FPR, VR, VSR, CR_FIELD, CR_FIELD_OPTIONAL, CR_BIT, SIGNED, UNSIGNED,
        UNSIGNED_OPTIONAL, DISPLACEMENT, BRANCH_TARGET, HEX, ACCUMULATOR
    }

    private final Kind kind;
    private final IntUnaryOperator extractor;

    Operand(Kind kind, IntUnaryOperator extractor) {
        this.kind = kind;
        this.extractor = extractor;
    }

    public Kind kind() {
        return kind;
    }

    public int value(int word) {
        return extractor.applyAsInt(word);
    }
}
