package dev.k42lens.core.layer;

import dev.k42lens.core.layer.table.Errno;

/** Ends a handler early with an errno, from inside a helper (a bad dirfd, a pointer to nowhere). */
final class LayerError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Errno errno;

    LayerError(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    Errno errno() {
        return errno;
    }
}
