package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;

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
    @CsvSource({ "fadd, fc22182a", "fmadd., fc2218fb", "mffs, fc00048e", "fcmpu, fc010000", "mtfsf, fdfe0d8e", "mcrfs, fc1c0080" })
    void floatingPointInstructionsAreDescribedAndNameNoGpr(String what, String hex) {
        int word = Integer.parseUnsignedInt(hex, 16);
        Instruction row = InstructionTable.get().decode(word);
        assertEquals(what, row.mnemonic());
        assertEquals(Op.DESCRIBED, row.op(), what);
        // a translated region reads no GPR again after it
        assertEquals(new BitSet(), row.gprsWritten(word), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "lhau, ac230002, D, 2, true, true, false, GPR", "stdx, 7c22192a, X, 8, false, false, true, GPR",
        "ld, e8230008, DS, 8, false, false, false, GPR", "stfsux, 7c221d6e, X, 4, false, true, true, SINGLE",
        "lfd, c8230000, D, 8, false, false, false, DOUBLE" })
    void aPlainLoadOrStoreDescribesHowItReachesMemory(String what, String hex, MemoryAccess.Form form, int size, boolean signed,
            boolean update, boolean store, MemoryAccess.Data data) {
        Instruction row = InstructionTable.get().decode(Integer.parseUnsignedInt(hex, 16));
        assertEquals(new MemoryAccess(form, size, signed, update, store, data), row.semantics(), what);
    }

    /** One description: every row the engine executes states its semantics, but the branches and system calls. */
    @org.junit.jupiter.api.Test
    void everyExecutedRowButBranchesAndSystemCallsStatesItsSemantics() {
        for (Instruction row : InstructionTable.get().rows()) {
            Op op = row.op();
            boolean control = op.endsBlock() || op == Op.SC || op == Op.SCV;
            if (op == Op.NONE || op == Op.PREFIXED) {
                assertEquals(null, row.semantics(), row.mnemonic());
                assertEquals(op == Op.PREFIXED, row.isPrefixed(), row.mnemonic());
            } else {
                assertEquals(!control, row.semantics() != null, row.mnemonic() + " (" + op + ")");
            }
        }
    }
}
