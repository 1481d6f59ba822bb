package dev.k42lens.core.cpu.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.k42lens.core.cpu.isa.IsaCoverage.State;
import dev.k42lens.core.cpu.isa.IsaInventory.Form;

/**
 * The engine's instruction table against binutils' POWER10 inventory. Every inventory form must be
 * executed by the engine, refused by qemu-user too, or named in resources/isa/not-yet-executed.txt;
 * that list may only shrink: a form the engine starts to execute must leave it (so the list stays
 * the exact to-do), and a form that stops executing fails here.
 */
class IsaInventoryTest {
    private static final Path NOT_YET = Path.of("resources", "isa", "not-yet-executed.txt");

    @Test
    void theInventoryIsBinutilsPower10SetLessPrivilegedForms() {
        List<Form> forms = IsaInventory.power10().forms();
        assertTrue(forms.size() > 2000, "binutils 2.40 lists about 2,400 user-level forms for power10: " + forms.size());
        Set<String> mnemonics = new TreeSet<>();
        for (Form f : forms) {
            assertEquals(f.opcode(), f.opcode() & f.mask(), f.mnemonic() + ": opcode bits outside its mask");
            assertTrue(IsaInventory.CATEGORIES.contains(f.category()), f.mnemonic() + ": " + f.category());
            mnemonics.add(f.mnemonic());
        }
        for (String expected : List.of("vmrglh", "vupkhsw", "vmsumubm", "vshasigmaw", "xsaddqp", "paddi", "plxv",
                "xvf32ger", "lxvp", "darn", "addpcis", "lswi", "mtfsf", "dadd", "bcdadd.")) {
            assertTrue(mnemonics.contains(expected), expected + " is in POWER10's user-level set");
        }
        for (String privileged : List.of("mtmsrd", "rfid", "tlbie", "slbmte", "hrfid", "tbegin.")) {
            assertTrue(!mnemonics.contains(privileged), privileged + " is not for user programs");
        }
        assertEquals("or", form("mr").baseForm());
        assertEquals("bc", form("beq").baseForm());
        assertEquals(null, form("or").baseForm());
    }

    @Test
    void everyFormIsExecutedRefusedByQemuTooOrOnTheToDoList() throws Exception {
        IsaCoverage coverage = IsaCoverage.power10();
        Set<String> notYet = new TreeSet<>(Files.readAllLines(NOT_YET).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList());
        Set<String> missing = new TreeSet<>();
        coverage.forms(State.MISSING).forEach(f -> missing.add(f.mnemonic()));
        List<String> problems = new ArrayList<>();
        for (String m : missing) {
            if (!notYet.contains(m)) {
                problems.add(m + ": not executed, and not on the to-do list (did it stop executing?)");
            }
        }
        for (String m : notYet) {
            if (!missing.contains(m)) {
                problems.add(m + ": on the to-do list but executed (or not in the inventory): take it off " + NOT_YET);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void coverageCountsBaseFormsByCategory() {
        List<IsaCoverage.Line> lines = IsaCoverage.power10().lines();
        assertEquals(IsaInventory.CATEGORIES, lines.stream().map(IsaCoverage.Line::category).toList());
        long bases = IsaInventory.power10().forms().stream().filter(Form::isBase).count();
        assertEquals(bases, lines.stream().mapToInt(IsaCoverage.Line::forms).sum());
        for (IsaCoverage.Line line : lines) {
            assertEquals(line.forms(), line.executed() + line.qemuRefusesToo() + line.missing(), line.category());
        }
    }

    @Test
    void aFormIsExecutedWhenTheTableDecodesItToAnOperation() {
        IsaCoverage coverage = IsaCoverage.power10();
        assertEquals(State.EXECUTED, coverage.state(form("add")));
        assertEquals(State.EXECUTED, coverage.state(form("mr")));   // an extended mnemonic, as its base
        assertEquals(State.EXECUTED, coverage.state(form("paddi")));   // prefixed: both words decode
        Form madeUp = new Form("fixed-point", "attn", 0x00000200, 0xffffffffL, false, null);   // NONE in the table
        assertEquals(State.MISSING, new IsaCoverage(IsaInventory.power10(), InstructionTable.get(), Set.of()).state(madeUp));
        assertEquals(State.QEMU_REFUSES_TOO, new IsaCoverage(IsaInventory.power10(), InstructionTable.get(), Set.of("attn"))
                .state(madeUp));
    }

    @Test
    void aMalformedInventoryLineIsRefusedWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsaInventory.parse(List.of("# header", "fixed-point\tadd\t7c000214")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IsaInventory.parse(List.of("no such category\tx\t0\t0\t-")));
    }

    private static Form form(String mnemonic) {
        return IsaInventory.power10().forms().stream().filter(f -> f.mnemonic().equals(mnemonic)).findFirst().orElseThrow();
    }
}
