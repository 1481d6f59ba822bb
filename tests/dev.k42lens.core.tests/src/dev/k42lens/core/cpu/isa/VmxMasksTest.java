package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.k42lens.core.mem.GuestMemory;

/** vgnb's reserved N values, which the differential cases (N 2-7, as the assembler takes) never reach. */
class VmxMasksTest {
    /** vgnb RT,VRB,N: primary 4, RT, N in bits 13-15, VRB, extended opcode 0x4cc. */
    private static int vgnb(int rt, int n, int vrb) {
        return 4 << 26 | rt << 21 | n << 16 | vrb << 11 | 0x4cc;
    }

    private static void execute(Cpu c, int word) {
        InstructionTable.get().decode(word).semantics().execute(c, new GuestMemory(true), word);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void vgnbWithAnUndefinedStrideLeavesRtAsItWas() {
        Cpu c = new Cpu();
        c.vsr[2 * (32 + 2)] = 0xaaaa_aaaa_aaaa_aaaaL;
        c.vsr[2 * (32 + 2) + 1] = -1;
        for (int n = 0; n < 2; n++) {
            c.gpr[3] = 0x1234;
            execute(c, vgnb(3, n, 2));   // before: N 0 looped for ever
            assertEquals(0x1234, c.gpr[3], "N " + n);
        }
        execute(c, vgnb(3, 2, 2));
        // the even bits: 32 ones from the first doubleword (1010...), then 32 ones, in RT's high 64 bits
        assertEquals(-1L, c.gpr[3]);
    }
}
