package dev.k42lens.core.kernel.fs;

/**
 * How the host working directory appears in the guest: at its own path, writable or read-only, or
 * not at all (the guest then starts in "/"). Read-only unless the user asks: a guest that may write
 * there can change the user's own files and scripts, which the host may run later.
 */
public enum CwdMount {
    READ_WRITE("rw"), READ_ONLY("ro"), NONE("none");

    public static final CwdMount DEFAULT = READ_ONLY;

    private final String option;

    CwdMount(String option) {
        this.option = option;
    }

    /** The command-line and launch-configuration form: rw, ro or none. */
    public String option() {
        return option;
    }

    /** Parses {@link #option()}; IllegalArgumentException for anything else. */
    public static CwdMount parse(String option) {
        for (CwdMount mount : values()) {
            if (mount.option.equals(option)) {
                return mount;
            }
        }
        throw new IllegalArgumentException("the working directory mount must be rw, ro or none: " + option);
    }
}
