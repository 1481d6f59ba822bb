package dev.k42lens.core.cpu.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.k42lens.core.cpu.isa.IsaInventory.Form;

/**
 * How much of the {@link IsaInventory} the engine executes: each form is executed (the engine's
 * table decodes its opcode to an operation), refused by qemu-user 7.2 {@code -cpu power10} as well
 * (recorded in qemu-refuses.txt by releng/isa/probe-qemu.sh), or still missing.
 */
public final class IsaCoverage {
    private static final String QEMU_REFUSES = "qemu-refuses.txt";

    public enum State {
        EXECUTED("executed"), QEMU_REFUSES_TOO("not executed, qemu-user refuses it too"), MISSING("missing");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One category's counts of base forms. */
    public record Line(String category, int forms, int executed, int qemuRefusesToo, int missing) {
    }

    private final IsaInventory inventory;
    private final InstructionTable table;
    private final Set<String> qemuRefuses;

    public IsaCoverage(IsaInventory inventory, InstructionTable table, Set<String> qemuRefuses) {
        this.inventory = inventory;
        this.table = table;
        this.qemuRefuses = Set.copyOf(qemuRefuses);
    }

    /** The POWER10 inventory against the engine's table and qemu's recorded refusals. */
    public static IsaCoverage power10() {
        return new IsaCoverage(IsaInventory.power10(), InstructionTable.get(), loadQemuRefuses());
    }

    /**
     * Whether the table executes the form: its opcode decodes to an executed row, or (a form whose
     * all-zero operands are illegal, as lxvkq's constant 0 or an MMA source inside accumulator 0)
     * an executed row has its encoding, the row's condition on the operands aside.
     */
    public boolean executes(Form form) {
        Instruction row = form.prefixed() ? table.decodePrefixed(form.firstWord(), (int) form.opcode())
                : table.decode(form.firstWord());
        if (row != null) {
            return row.op() != Op.NONE;
        }
        return table.rows().stream().anyMatch(r -> r.op() != Op.NONE && r.isPrefixed() == form.prefixed()
                && (form.firstWord() & r.mask()) == r.value() && (!form.prefixed()
                        || ((int) form.opcode() & r.prefixedForm().suffixMask()) == r.prefixedForm().suffixValue()));
    }

    public State state(Form form) {
        if (executes(form)) {
            return State.EXECUTED;
        }
        return qemuRefuses.contains(form.mnemonic()) ? State.QEMU_REFUSES_TOO : State.MISSING;
    }

    /** Base forms per category; extended mnemonics run as their base form and are not counted. */
    public List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, List<Form>> category : inventory.baseFormsByCategory().entrySet()) {
            Map<State, Long> counts = category.getValue().stream().collect(Collectors.groupingBy(this::state, Collectors.counting()));
            lines.add(new Line(category.getKey(), category.getValue().size(), counts.getOrDefault(State.EXECUTED, 0L).intValue(),
                    counts.getOrDefault(State.QEMU_REFUSES_TOO, 0L).intValue(), counts.getOrDefault(State.MISSING, 0L).intValue()));
        }
        return lines;
    }

    /** Every form (extended mnemonics included) in {@code state}, in inventory order. */
    public List<Form> forms(State state) {
        return inventory.forms().stream().filter(f -> state(f) == state).toList();
    }

    private static Set<String> loadQemuRefuses() {
        try (InputStream in = IsaCoverage.class.getResourceAsStream(QEMU_REFUSES)) {
            if (in == null) {
                throw new IllegalStateException(QEMU_REFUSES + " is missing next to " + IsaCoverage.class.getName());
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
