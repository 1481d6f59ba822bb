package dev.k42lens.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.cpu.isa.Cpu;
import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

/**
 * FPSCR[DRN], the decimal rounding mode in the FPSCR's upper word: set by mtfsfi and mtfsf with
 * W = 1, by mffscdrn(i); read by mffs, mffsl and the mffsc*rn forms (the differential test runs
 * with the upper word untouched: its mtfsf cases write the lower word only).
 */
class DecimalRoundingModeTest {
    private static final long CODE = 0x10000;

    @Test
    void theUpperWordHoldsTheDecimalRoundingMode() {
        int[] program = { 0xff81510c,   // mtfsfi 7,5,1: DRN = 5
            0xfc20048e,                 // mffs f1
            0xfc551c8e,                 // mffscdrni f2,3: f2 = the control fields, DRN = 3
            0xfc74248e,                 // mffscdrn f3,f4: DRN = f4's bits 29-31
            0xfc032d8e,                 // mtfsf 1,f5,0,1: field 7 of the upper word, DRN = f5's
            0xfcd8048e,                 // mffsl f6
            0xfcf6448e };               // mffscrn f7,f8
        GuestMemory memory = new GuestMemory(true);
        memory.map(CODE, GuestMemory.PAGE_SIZE, Protection.RX, "code");
        for (int i = 0; i < program.length; i++) {
            memory.write32Raw(CODE + 4L * i, program[i]);
        }
        Cpu cpu = new Cpu();
        cpu.pc = CODE;
        cpu.fpscr = 0x82000000 | 0x80 | 2;   // FX, XX, VE, RN = 2
        cpu.setFpr(4, 6L << 32);
        cpu.setFpr(5, 1L << 32);
        cpu.setFpr(8, 1);
        Interpreter interpreter = new Interpreter(cpu, memory, () -> 0);
        interpreter.run(1);
        assertEquals(5, cpu.decimalRoundingMode);
        interpreter.run(1);
        assertEquals(5L << 32 | 0x82000082L, cpu.fpr(1), "mffs: the whole register");
        interpreter.run(1);
        assertEquals(5L << 32 | 0x82L, cpu.fpr(2), "mffscdrni: DRN, enables, NI, RN only");
        assertEquals(3, cpu.decimalRoundingMode);
        interpreter.run(1);
        assertEquals(3L << 32 | 0x82L, cpu.fpr(3));
        assertEquals(6, cpu.decimalRoundingMode);
        interpreter.run(1);
        assertEquals(1, cpu.decimalRoundingMode);
        assertEquals(0x82000082, cpu.fpscr, "the lower word is not written");
        interpreter.run(1);
        assertEquals(1L << 32 | 0x82L, cpu.fpr(6), "mffsl reads DRN too");
        interpreter.run(1);
        assertEquals(1L << 32 | 0x82L, cpu.fpr(7));
        assertEquals(1, cpu.fpscr & 3, "mffscrn set RN");
    }
}
