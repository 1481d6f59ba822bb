package dev.k42lens.core.mem;

/**
 * A guest memory access the guest is not allowed to make: unmapped, or against the page's
 * permissions. The engine turns it into SIGSEGV (or SIGBUS) for the guest; it never reaches the user
 * as an emulator error.
 */
public final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the guest tried to do. */
    public enum Access {
        READ, WRITE, EXECUTE
    }

    /** Why it failed: Linux's SEGV_MAPERR (nothing mapped) or SEGV_ACCERR (permissions). */
    public enum Cause {
        UNMAPPED, PROTECTION
    }

    private final long address;
    private final Access access;
    private final Cause cause;

    public GuestFault(long address, Access access, Cause cause) {
        super(null, null, false, false);
        this.address = address;
        this.access = access;
        this.cause = cause;
    }

    public long address() {
        return address;
    }

    public Access access() {
        return access;
    }

    public Cause cause() {
        return cause;
    }

    @Override
    public String getMessage() {
        return String.format("%s of 0x%x: %s", access.name().toLowerCase(), address,
                cause == Cause.UNMAPPED ? "no mapping" : "permission denied");
    }
}
