package dev.k42lens.core.cpu.isa;

import static dev.k42lens.core.cpu.isa.Operand.RA;
import static dev.k42lens.core.cpu.isa.Operand.RT;
import static dev.k42lens.core.cpu.isa.Operand.UIM4;
import static dev.k42lens.core.cpu.isa.Operand.VRB;
import static dev.k42lens.core.cpu.isa.Operand.VRT;
import static dev.k42lens.core.cpu.isa.VectorRegisters.bytes;
import static dev.k42lens.core.cpu.isa.VectorRegisters.set;
import static dev.k42lens.core.cpu.isa.VectorRegisters.vr;

/**
 * VMX element extracts and inserts by byte index (ISA 3.0), stated once each. A register is taken
 * as 16 bytes, byte 0 the most significant; an element reaching past byte 15 reads zeros there and
 * writes nothing there.
 */
final class VmxPermute {
    private static final int OPCODE = 4 << 26;
    /** VX form with a 4-bit index in the VRA field (its high bit 0). */
    private static final int VX_UIM4 = 0xfc1007ff;
    private static final int VX = 0xfc0007ff;

    private VmxPermute() {
    }

    static void describe(InstructionTable t) {
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
        String[] left = { null, "vextuhlx", "vextuwlx" };
        String[] right = { null, "vextuhrx", "vextuwrx" };
        for (int k = 1; k < 3; k++) {   // the byte forms, vextublx and vextubrx, are in VectorUnit yet
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

}
