package dev.k42lens.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class CpuModelTest {
    @Test
    void advertisesTheCapabilitiesQemuReports() {
        assertEquals(0x48000000L, CpuModel.POWER5_PLUS.hwcap());
        assertEquals(0, CpuModel.POWER5_PLUS.hwcap2());
        assertEquals(0x58000580L, CpuModel.POWER8.hwcap());
        assertEquals(0x8e000000L, CpuModel.POWER8.hwcap2());
        assertEquals(0x58000580L, CpuModel.POWER9.hwcap());
        assertEquals(0x8ee00000L, CpuModel.POWER9.hwcap2());
        for (CpuModel model : CpuModel.values()) {
            assertEquals(0, model.hwcap2() & 0x40000000L, model + " must not offer HTM");
            assertEquals(0, model.hwcap2() & 0x00100000L, model + " must not offer scv");
        }
    }

    @Test
    void littleEndianNeedsPower8() {
        assertFalse(CpuModel.POWER5_PLUS.runsLittleEndian());
        assertTrue(CpuModel.POWER8.runsLittleEndian());
        assertTrue(CpuModel.POWER9.runsLittleEndian());
        assertEquals(CpuModel.POWER5_PLUS, CpuModel.defaultFor(ByteOrder.BIG_ENDIAN));
        assertEquals(CpuModel.POWER9, CpuModel.defaultFor(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void findsModelsByTheirPlatformName() {
        assertEquals(CpuModel.POWER5_PLUS, CpuModel.forName("power5+"));
        assertEquals(CpuModel.POWER8, CpuModel.forName("POWER8"));
        assertEquals(CpuModel.POWER9, CpuModel.forName("Power9"));
        assertEquals("unknown CPU model 'power7': choose one of power5+, power8, power9",
                assertThrows(IllegalArgumentException.class, () -> CpuModel.forName("power7")).getMessage());
    }
}
