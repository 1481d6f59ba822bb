package dev.k42lens.ui.disassembly;

/** A line of the Disassembly view. */
sealed interface DisassemblyLine {
    long address();

    /** {@code symbol:} above the first instruction of a function. */
    record FunctionStart(long address, String symbol) implements DisassemblyLine {
    }

    /** One instruction word and its disassembly. */
    record Instruction(long address, int word, String text) implements DisassemblyLine {
    }

    /** A range the target could not read, with the target's reason. */
    record Unreadable(long address, int length, String reason) implements DisassemblyLine {
    }
}
