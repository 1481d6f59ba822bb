package dev.k42lens.core.cpu;

/** Why {@link Interpreter#run} returned control to the kernel side. */
public enum Stop {
    /** The instruction budget is used up; the thread can simply continue. */
    BUDGET,
    /** An {@code sc} at {@link dev.k42lens.core.cpu.isa.Cpu#pc}: the system call is the kernel's to reflect or retarget. */
    SYSTEM_CALL,
    /** The thread branched into the syscall layer's entry for a transfer-table slot. */
    LAYER_ENTRY,
    /** A memory access failed: {@link Interpreter#fault()}. */
    FAULT,
    /** An illegal or unimplemented instruction at {@link dev.k42lens.core.cpu.isa.Cpu#pc}: SIGILL. */
    ILLEGAL_INSTRUCTION,
    /**
     * A floating-point instruction raised an exception the FPSCR enables while the thread's
     * floating-point exception mode is on: SIGFPE. The instruction has completed (its target
     * left unchanged for an invalid operation or zero divide); {@link dev.k42lens.core.cpu.isa.Cpu#pc}
     * names it.
     */
    FLOATING_POINT_EXCEPTION,
    /** A trap instruction whose condition held: SIGTRAP. */
    TRAP,
    /**
     * hashchk found a hash that hashst did not store (a return address overwritten): SIGILL with
     * ILL_ILLOPN, as Linux delivers it; {@link dev.k42lens.core.cpu.isa.Cpu#pc} names the hashchk.
     */
    HASH_CHECK,
    /** An address breakpoint at {@link dev.k42lens.core.cpu.isa.Cpu#pc}, before the instruction runs. */
    BREAKPOINT
}
