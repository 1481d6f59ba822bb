package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.SHB;
import static dev.k42lens.core.cpu.isa.Operand.SIMM5;
import static dev.k42lens.core.cpu.isa.Operand.UIM4;
import static dev.k42lens.core.cpu.isa.Operand.UIMM_VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRA;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRC;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.bytes;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

/**
 * VMX permutes, stated once each: the byte permutes, the shift of two registers by octets, the
 * splats, and the element extracts and inserts by byte index (ISA 3.0); the VSX permutes
 * ({@link VsxPermute}) share the operations on any VSRs. A register is taken as 16 bytes, byte 0
 * the most significant; an element reaching past byte 15 reads zeros there and writes nothing
 * there.
 */
final class VmxPermute {
    private static final int OPCODE = 4 << 26;
    /** VX form with a 4-bit index in the VRA field (its high bit 0). */
    private static final int VX_UIM4 = 0xfc1007ff;
    private static final int VX = 0xfc0007ff;
    private static final int VA = 0xfc00003f;

    private VmxPermute() {
    }

    static void describe(InstructionTable t) {
        // vpermr counts the bytes of VRA || VRB from the right
        for (boolean reversed : new boolean[] { false, true }) {
            t.described(reversed ? "vpermr" : "vperm", OPCODE | (reversed ? 59 : 43), VA, (c, m, w) -> permute(c, 32 + Fields.rt(w),
                    32 + Fields.ra(w), 32 + Fields.rb(w), 32 + Fields.rc(w), reversed), VRT, VRA, VRB, VRC);
        }
        t.described("vsldoi", OPCODE | 44, VA | 0x400, (c, m, w) -> shiftLeftOctets(c, 32 + Fields.rt(w), 32 + Fields.ra(w),
                32 + Fields.rb(w), SHB.value(w)), VRT, VRA, VRB, SHB);
        String[] names = { "b", "h", "w" };
        for (int k = 0; k < 3; k++) {
            int size = 1 << k;
            // vsplt?: VRB's element UIM (its low bits) in every element; vspltis?: the sign-extended SIMM
            t.described("vsplt" + names[k], OPCODE | 524 + 64 * k, VX, (c, m, w) -> splat(c, 32 + Fields.rt(w), 32 + Fields.rb(w), size,
                    Fields.ra(w) & (16 / size - 1)), VRT, VRB, UIMM_VRA);
            t.described("vspltis" + names[k], OPCODE | 780 + 64 * k, VX | 0xf800, (c, m, w) -> {
                long d = VectorRegisters.replicate(Fields.simm5(w), size);
                set(c, Fields.rt(w), d, d);
            }, VRT, SIMM5);
        }
        int[] sizes = { 1, 2, 4, 8 };
        String[] extract = { "vextractub", "vextractuh", "vextractuw", "vextractd" };
        String[] insert = { "vinsertb", "vinserth", "vinsertw", "vinsertd" };
        for (int k = 0; k < 4; k++) {
            int size = sizes[k];
            // VRT doubleword 0 = the element at byte UIM of VRB, zero-extended; doubleword 1 = 0
            t.described(extract[k], OPCODE | 525 + 64 * k, VX_UIM4, (c, m, w) -> {
                byte[] b = bytes(c, Fields.rb(w));
                set(c, Fields.rt(w), element(b, (w >>> 16) & 15, size), 0);
            }, VRT, VRB, UIM4);
            // the element in the low bytes of VRB's doubleword 0 goes to byte UIM of VRT; the rest of VRT stays
            t.described(insert[k], OPCODE | 781 + 64 * k, VX_UIM4, (c, m, w) -> {
                long source = c.vsr[vr(Fields.rb(w))];
                byte[] target = bytes(c, Fields.rt(w));
                int at = (w >>> 16) & 15;
                for (int i = 0; i < size && at + i < 16; i++) {
                    target[at + i] = (byte) (source >>> (8 * (size - 1 - i)));
                }
                set(c, Fields.rt(w), target);
            }, VRT, VRB, UIM4);
        }
        String[] left = { "vextublx", "vextuhlx", "vextuwlx" };
        String[] right = { "vextubrx", "vextuhrx", "vextuwrx" };
        for (int k = 0; k < 3; k++) {
            int size = sizes[k];
            // RT = the element at byte index RA[60:63] of VRB, counted from the left or from the right
            t.described(left[k], OPCODE | 1549 + 64 * k, VX, (c, m, w) -> {
                c.gpr[Fields.rt(w)] = element(bytes(c, Fields.rb(w)), (int) c.gpr[Fields.ra(w)] & 15, size);
            }, RT, RA, VRB);
            t.described(right[k], OPCODE | 1805 + 64 * k, VX, (c, m, w) -> {
                byte[] b = bytes(c, Fields.rb(w));
                int from = 16 - size - ((int) c.gpr[Fields.ra(w)] & 15);
                long value = 0;
                for (int i = 0; i < size; i++) {
                    value = value << 8 | (from + i >= 0 ? b[from + i] & 0xff : 0);
                }
                c.gpr[Fields.rt(w)] = value;
            }, RT, RA, VRB);
        }
    }

    /** The {@code size} bytes of {@code b} from {@code at}, big-endian, zeros past the end. */
    private static long element(byte[] b, int at, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (at + i < 16 ? b[at + i] & 0xff : 0);
        }
        return value;
    }

    /**
     * vperm, vpermr, xxperm, xxpermr: byte i of VSR {@code target} is the byte of VSR first || VSR
     * second that the low five bits of byte i of VSR {@code control} index (from the right when
     * {@code reversed}).
     */
    static void permute(Cpu c, int target, int first, int second, int control, boolean reversed) {
        byte[] a = VectorRegisters.vsrBytes(c, first);
        byte[] b = VectorRegisters.vsrBytes(c, second);
        byte[] s = VectorRegisters.vsrBytes(c, control);
        byte[] r = new byte[16];
        for (int i = 0; i < 16; i++) {
            int index = reversed ? 31 - (s[i] & 31) : s[i] & 31;
            r[i] = index < 16 ? a[index] : b[index - 16];
        }
        VectorRegisters.setVsrBytes(c, target, r);
    }

    /** vsldoi, xxsldwi: VSR {@code target} = bytes {@code n} to n + 15 of VSR first || VSR second. */
    static void shiftLeftOctets(Cpu c, int target, int first, int second, int n) {
        byte[] a = VectorRegisters.vsrBytes(c, first);
        byte[] b = VectorRegisters.vsrBytes(c, second);
        byte[] r = new byte[16];
        for (int i = 0; i < 16; i++) {
            int k = i + n;
            r[i] = k < 16 ? a[k] : b[k - 16];
        }
        VectorRegisters.setVsrBytes(c, target, r);
    }

    /** vsplt?, xxspltw: element {@code index} of {@code size} bytes of VSR {@code source} in every element of VSR {@code target}. */
    static void splat(Cpu c, int target, int source, int size, int index) {
        long d = VectorRegisters.replicate(element(VectorRegisters.vsrBytes(c, source), index * size, size), size);
        VectorRegisters.setVsr(c, target, d, d);
    }
}
