package dev.k42lens.core.cpu.isa;

/**
 * Thrown by an instruction's {@link Semantics} that stops instead of completing, before it has
 * changed any register or memory: a trap whose condition held, a reserved encoding or SPR, a hash
 * check that failed. The interpreter turns it into the matching stop (SIGTRAP or SIGILL); a
 * translated region leaves before the instruction so that the interpreter runs and reports it.
 * The instances carry no stack trace: they are the guest's doing, not a bug.
 */
public final class ProgramInterrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the instruction stopped. */
    public enum Cause {
        /** A reserved form or an SPR user mode may not use: SIGILL. */
        ILLEGAL_INSTRUCTION,
        /** A trap instruction whose condition held: SIGTRAP. */
        TRAP,
        /** hashchk found a hash that hashst did not store (a return address overwritten): SIGILL, ILL_ILLOPN. */
        HASH_CHECK
    }

    public static final ProgramInterrupt ILLEGAL_INSTRUCTION = new ProgramInterrupt(Cause.ILLEGAL_INSTRUCTION);
    public static final ProgramInterrupt TRAP = new ProgramInterrupt(Cause.TRAP);
    public static final ProgramInterrupt HASH_CHECK = new ProgramInterrupt(Cause.HASH_CHECK);

    private final Cause cause;

    private ProgramInterrupt(Cause cause) {
        super(cause.name(), null, false, false);
        this.cause = cause;
    }

    public Cause interruptCause() {
        return cause;
    }
}
