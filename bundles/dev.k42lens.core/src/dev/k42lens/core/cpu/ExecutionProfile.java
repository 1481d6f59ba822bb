package dev.k42lens.core.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;

/**
 * Counts, by instruction, the work done outside translated code: the instructions the interpreter
 * ran and the calls translated regions made of an instruction's semantics (their <em>callouts</em>:
 * instructions not generated inline). One profile serves every thread of a run (one thread runs
 * guest code at a time); counting costs nothing unless a profile is set.
 */
public final class ExecutionProfile {
    private final List<Instruction> rows = InstructionTable.get().rows();
    /** Per table row: instructions the interpreter ran. */
    final long[] interpreted = new long[rows.size()];
    /** Per table row: calls of its semantics from translated regions (the translator's code increments these). */
    final long[] calledOut = new long[rows.size()];

    /** The interpreter's instructions of {@code mnemonic} (every form of it). */
    public long interpreted(String mnemonic) {
        return sum(interpreted, mnemonic);
    }

    /** The callouts of {@code mnemonic} from translated regions (every form of it). */
    public long calledOut(String mnemonic) {
        return sum(calledOut, mnemonic);
    }

    /**
     * Two lines: the interpreter's instructions and the callouts, each its total and its
     * {@code top} most frequent mnemonics with counts and shares.
     */
    public List<String> report(int top) {
        return List.of(line("interpreted", "instructions", interpreted, top),
                line("called out of translated regions", "calls", calledOut, top));
    }

    private String line(String what, String unit, long[] counts, int top) {
        Map<String, Long> byMnemonic = new LinkedHashMap<>();
        long total = 0;
        for (Instruction row : rows) {
            if (counts[row.index()] != 0) {
                byMnemonic.merge(row.mnemonic(), counts[row.index()], Long::sum);
                total += counts[row.index()];
            }
        }
        List<String> most = new ArrayList<>();
        long all = total;
        byMnemonic.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> most.add(String.format("%s %d (%.1f%%)", e.getKey(), e.getValue(), 100.0 * e.getValue() / all)));
        return String.format("%s: %d %s%s%s", what, total, unit, most.isEmpty() ? "" : "; most: ", String.join(", ", most));
    }

    private long sum(long[] counts, String mnemonic) {
        long total = 0;
        for (Instruction row : rows) {
            if (row.mnemonic().equals(mnemonic)) {
                total += counts[row.index()];
            }
        }
        return total;
    }
}
