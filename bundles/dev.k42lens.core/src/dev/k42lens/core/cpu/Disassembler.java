package dev.k42lens.core.cpu;

import java.util.List;
import java.util.function.LongFunction;

import dev.k42lens.core.cpu.isa.Instruction;
import dev.k42lens.core.cpu.isa.InstructionTable;
import dev.k42lens.core.cpu.isa.Operand;

/**
 * Writes instructions the way binutils' {@code objdump -d} does for ppc64: the mnemonic padded to
 * seven columns, operands in binutils' notation, branch targets as an address and
 * {@code <symbol+offset>}, and {@code .long 0x...} for a word that is no instruction.
 */
public final class Disassembler {
    private static final String[] CR_BITS = { "lt", "gt", "eq", "so" };

    private final InstructionTable table = InstructionTable.get();
    private final LongFunction<String> symbolizer;

    /**
     * @param symbolizer names an address as {@code symbol+0x1c} (without brackets), or returns null
     */
    public Disassembler(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** The mnemonic and operands of {@code word} at {@code address}, e.g. {@code "addi    r1,r1,96"}. */
    public String text(long address, int word) {
        return text(table.decode(word), address, word);
    }

    private String text(Instruction instruction, long address, int word) {
        if (instruction == null) {
            return ".long 0x" + Integer.toHexString(word);
        }
        return line(instruction.mnemonic(), operands(instruction, address, word));
    }

    /** An instruction's text and size in bytes (8 for a prefixed instruction, whose suffix has no text of its own). */
    public record Line(String text, int length) {
    }

    /**
     * The instruction at {@code address} whose first word is {@code word} and next word
     * {@code next}: a prefixed instruction when the two form one, else {@link #text(long, int)}.
     */
    public Line line(long address, int word, int next) {
        Instruction instruction = table.decodeAt(address, word, next);
        if (instruction == null || !instruction.isPrefixed()) {
            return new Line(text(instruction, address, word), 4);
        }
        String operands = instruction.prefixedForm().text().operands(word, next, address, symbolizer);
        return new Line(line(instruction.mnemonic(), operands), instruction.length());
    }

    private static String line(String mnemonic, String operands) {
        if (operands.isEmpty()) {
            return mnemonic;
        }
        StringBuilder line = new StringBuilder(mnemonic);
        do {
            line.append(' ');
        } while (line.length() < 8);
        return line.append(operands).toString();
    }

    private String operands(Instruction instruction, long address, int word) {
        List<Operand> operands = instruction.operands();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < operands.size(); i++) {
            Operand operand = operands.get(i);
            int value = operand.value(word);
            String text;
            switch (operand.kind()) {
                case GPR -> text = "r" + value;
                case GPR_OR_ZERO -> text = value == 0 ? "0" : "r" + value;
                case FPR -> text = "f" + value;
                case VR -> text = "v" + value;
                case VSR -> text = "vs" + value;
                case ACCUMULATOR -> text = "a" + value;
                case CR_FIELD -> text = "cr" + value;
                case CR_FIELD_OPTIONAL -> text = value == 0 ? null : "cr" + value;
                case CR_BIT -> text = value < 4 ? CR_BITS[value] : "4*cr" + (value >> 2) + "+" + CR_BITS[value & 3];
                case SIGNED, UNSIGNED -> text = Integer.toString(value);
                case UNSIGNED_OPTIONAL -> text = value == 0 ? null : Integer.toString(value);
                case HEX -> text = "0x" + Integer.toHexString(value);
                case BRANCH_TARGET -> text = branchTarget(address, word, operand);
                case DISPLACEMENT -> {
                    // binutils writes D(RA) as one operand: the base register follows in the table
                    Operand base = operands.get(++i);
                    int register = base.value(word);
                    text = value + "(" + (register == 0 ? "0" : "r" + register) + ")";
                }
                default -> throw new IllegalStateException(operand.kind().toString());
            }
            if (text != null) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(text);
            }
        }
        return out.toString();
    }

    private String branchTarget(long address, int word, Operand operand) {
        long displacement = operand == Operand.LI ? dev.k42lens.core.cpu.isa.Fields.li(word)
                : dev.k42lens.core.cpu.isa.Fields.bd(word);
        long target = dev.k42lens.core.cpu.isa.Fields.aa(word) ? displacement : address + displacement;
        String symbol = symbolizer.apply(target);
        String hex = Long.toHexString(target);
        return symbol == null ? hex : hex + " <" + symbol + ">";
    }
}
