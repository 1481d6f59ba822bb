package dev.k42lens.core.cpu.isa;

/**
 * The instruction fields of the Power ISA, extracted from a 32-bit instruction word. Bit numbers in
 * the comments are the ISA's (bit 0 is the most significant). The decoder table, the disassembler
 * and the interpreter all read fields through these methods, so that a field is defined once.
 */
public final class Fields {
    private Fields() {
    }

    public static int primary(int w) {
        return w >>> 26;
    }

    /** RT, RS, FRT, FRS, VRT, BO, TO, or the low five bits of XT (bits 6-10). */
    public static int rt(int w) {
        return (w >>> 21) & 31;
    }

    /** RA, FRA, VRA, BI (bits 11-15). */
    public static int ra(int w) {
        return (w >>> 16) & 31;
    }

    /** RB, FRB, VRB, SH (bits 16-20). */
    public static int rb(int w) {
        return (w >>> 11) & 31;
    }

    /** FRC, VRC, MB of M-forms (bits 21-25). */
    public static int rc(int w) {
        return (w >>> 6) & 31;
    }

    /** ME of M-forms (bits 26-30). */
    public static int me(int w) {
        return (w >>> 1) & 31;
    }

    /** BF, the CR field a compare writes (bits 6-8). */
    public static int bf(int w) {
        return (w >>> 23) & 7;
    }

    /** BFA, the CR field mcrf reads (bits 11-13). */
    public static int bfa(int w) {
        return (w >>> 18) & 7;
    }

    /** L of compares (bit 10): 1 compares doublewords. */
    public static int cmpL(int w) {
        return (w >>> 21) & 1;
    }

    /** Signed 16-bit immediate SI / D. */
    public static int si(int w) {
        return (short) w;
    }

    /** Unsigned 16-bit immediate UI. */
    public static int ui(int w) {
        return w & 0xffff;
    }

    /** DS displacement of DS-form loads and stores, already multiplied by 4. */
    public static int ds(int w) {
        return (short) (w & 0xfffc);
    }

    /** DQ displacement of DQ-form vector loads and stores, already multiplied by 16. */
    public static int dq(int w) {
        return (short) (w & 0xfff0);
    }

    /** Extended opcode of X/XO/XL/XFX-forms (bits 21-30). */
    public static int xo10(int w) {
        return (w >>> 1) & 0x3ff;
    }

    /** Extended opcode of XO-forms without OE (bits 22-30). */
    public static int xo9(int w) {
        return (w >>> 1) & 0x1ff;
    }

    /** Extended opcode of A-forms (bits 26-30). */
    public static int xo5(int w) {
        return (w >>> 1) & 31;
    }

    /** Rc, the record bit (bit 31). */
    public static boolean rcBit(int w) {
        return (w & 1) != 0;
    }

    /** OE, the overflow-enable bit of XO-forms (bit 21). */
    public static boolean oe(int w) {
        return (w & 0x400) != 0;
    }

    /** LK, the link bit of branches (bit 31). */
    public static boolean lk(int w) {
        return (w & 1) != 0;
    }

    /** AA, the absolute-address bit of branches (bit 30). */
    public static boolean aa(int w) {
        return (w & 2) != 0;
    }

    /** LI of I-form branches, sign-extended byte displacement. */
    public static long li(int w) {
        return (w << 6) >> 6 & ~3L;
    }

    /** BD of B-form branches, sign-extended byte displacement. */
    public static long bd(int w) {
        return (short) (w & 0xfffc);
    }

    /** SPR number of mfspr/mtspr (the two halves swapped in the encoding). */
    public static int spr(int w) {
        return ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
    }

    /** FXM field mask of mtcrf/mtocrf/mfocrf (bits 12-19). */
    public static int fxm(int w) {
        return (w >>> 12) & 0xff;
    }

    /** Six-bit shift of MD/XS-forms: sh[0:4] in bits 16-20, sh5 in bit 30. */
    public static int sh6(int w) {
        return ((w >>> 11) & 31) | ((w << 4) & 32);
    }

    /** Six-bit mask begin/end of MD/MDS-forms: mb[0:4] in bits 21-25, mb5 in bit 26. */
    public static int mb6(int w) {
        return ((w >>> 6) & 31) | (w & 32);
    }

    /** Extended opcode of MD-forms (bits 27-29). */
    public static int xoMd(int w) {
        return (w >>> 2) & 7;
    }

    /** Extended opcode of MDS-forms (bits 27-30). */
    public static int xoMds(int w) {
        return (w >>> 1) & 15;
    }

    /** Extended opcode of DS-forms (bits 30-31). */
    public static int xoDs(int w) {
        return w & 3;
    }

    /** VSX target/source register XT/XS (TX in bit 31 selects the upper 32). */
    public static int xt(int w) {
        return ((w >>> 21) & 31) | ((w & 1) << 5);
    }

    /** VSX XT of DQ-form loads/stores and of XX1 forms with TX in bit 28. */
    public static int xtDq(int w) {
        return ((w >>> 21) & 31) | ((w & 8) << 2);
    }

    /** VSX source XA (AX in bit 29). */
    public static int xa(int w) {
        return ((w >>> 16) & 31) | ((w & 4) << 3);
    }

    /** VSX source XB (BX in bit 30). */
    public static int xb(int w) {
        return ((w >>> 11) & 31) | ((w & 2) << 4);
    }

    /** VSX source XC (CX in bit 28). */
    public static int xc(int w) {
        return ((w >>> 6) & 31) | ((w & 8) << 2);
    }

    /** Extended opcode of VA-forms (bits 26-31). */
    public static int xoVa(int w) {
        return w & 63;
    }

    /** Extended opcode of VX-forms (bits 21-31). */
    public static int xoVx(int w) {
        return w & 0x7ff;
    }

    /** Five-bit signed immediate of vspltis[bhw] (the VRA position). */
    public static int simm5(int w) {
        return ((w >>> 16) & 31) << 27 >> 27;
    }

    /** NB, the byte count of lswi/stswi (0 means 32). */
    public static int nb(int w) {
        int nb = (w >>> 11) & 31;
        return nb == 0 ? 32 : nb;
    }
}
