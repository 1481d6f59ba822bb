package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instruction facts the debugger and the translator take from {@link Op} rather than decode by hand. */
class OpTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({ "bl, 48000101, true", "b, 48000100, false", "bla, 48000103, true", "bcl 20;31, 429f0005, true",
        "beq, 41820010, false", "blrl, 4e800021, true", "blr, 4e800020, false", "bctrl, 4e800421, true",
        "bctr, 4e800420, false", "bctarl, 4c000461, true", "addi with its last bit set, 38600001, false",
        "sc, 44000002, false" })
    void aCallIsABranchThatLinks(String what, String hex, boolean call) {
        int word = Integer.parseUnsignedInt(hex, 16);
        Instruction row = InstructionTable.get().decode(word);
        assertEquals(call, row.op().isCall(word), what);
        assertEquals(!what.startsWith("addi") && !what.equals("sc"), row.op().endsBlock(), what + " ends a block");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "fadd, fc22182a, true", "mffs, fc00048e, true", "fcmpu, fc010000, true", "lfd, c8230000, false",
        "stfd, d8230000, false", "add, 7c221a14, false", "mtfsf, fdfe0d8e, true" })
    void floatingPointStateOnlyLeavesGprsAndMemoryAlone(String what, String hex, boolean only) {
        int word = Integer.parseUnsignedInt(hex, 16);
        assertEquals(only, InstructionTable.get().decode(word).op().touchesFloatingPointStateOnly(), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "lhau, ac230002, D, 2, true, true, false, GPR", "stdx, 7c22192a, X, 8, false, false, true, GPR",
        "ld, e8230008, DS, 8, false, false, false, GPR", "stfsux, 7c221d6e, X, 4, false, true, true, SINGLE",
        "lfd, c8230000, D, 8, false, false, false, DOUBLE" })
    void aPlainLoadOrStoreDescribesHowItReachesMemory(String what, String hex, MemoryAccess.Form form, int size, boolean signed,
            boolean update, boolean store, MemoryAccess.Data data) {
        Op op = InstructionTable.get().decode(Integer.parseUnsignedInt(hex, 16)).op();
        assertEquals(new MemoryAccess(form, size, signed, update, store, data), op.memoryAccess(), what);
    }

    @org.junit.jupiter.api.Test
    void noOperationIsBothAMemoryAccessAndFloatingPointStateOnly() {
        for (Op op : Op.values()) {
            assertEquals(false, op.memoryAccess() != null && op.touchesFloatingPointStateOnly(), op.toString());
            assertEquals(false, op.touchesFloatingPointStateOnly() && !op.runsInFloatingPointUnit(), op + " outside the FPU");
        }
        assertEquals(null, Op.ADD.memoryAccess());
        assertEquals(true, Op.LFD.runsInFloatingPointUnit());
        assertEquals(false, Op.DESCRIBED.runsInFloatingPointUnit());
    }
}
