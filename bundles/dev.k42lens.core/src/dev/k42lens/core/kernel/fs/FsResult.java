package dev.k42lens.core.kernel.fs;

/**
 * The outcome of a file-system operation: a value, or a Linux errno (see {@link FsErrno}). Errors
 * are ordinary results here, as they are for the guest, so no exceptions cross the syscall layer.
 */
public record FsResult<T>(T value, int errno) {
    public FsResult {
        if ((value == null) == (errno == 0)) {
            throw new IllegalArgumentException("exactly one of value and errno");
        }
    }

    public static <T> FsResult<T> ok(T value) {
        return new FsResult<>(value, 0);
    }

    public static <T> FsResult<T> error(int errno) {
        return new FsResult<>(null, errno);
    }

    public boolean isOk() {
        return errno == 0;
    }

    /** The value; asking for it after a failure is a programming error. */
    @Override
    public T value() {
        if (value == null) {
            throw new IllegalStateException("failed with " + FsErrno.name(errno));
        }
        return value;
    }

    /** The same failure, retyped for a caller that returns another kind of value. */
    public <U> FsResult<U> cast() {
        if (isOk()) {
            throw new IllegalStateException("not a failure");
        }
        return error(errno);
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + value + ")" : FsErrno.name(errno);
    }
}
