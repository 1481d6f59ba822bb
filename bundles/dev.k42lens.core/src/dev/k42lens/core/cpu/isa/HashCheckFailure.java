package dev.k42lens.core.cpu.isa;

/**
 * Thrown by hashchk's semantics when the hash in memory is not the one hashst would store: a
 * return address was overwritten (ROP protection). The interpreter turns it into
 * {@link dev.k42lens.core.cpu.Stop#HASH_CHECK}; it carries no stack trace, as it is no bug.
 */
public final class HashCheckFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final HashCheckFailure INSTANCE = new HashCheckFailure();

    private HashCheckFailure() {
        super("hashchk: the hash does not match", null, false, false);
    }
}
