package dev.k42lens.core.layer.table;

/** Renders a C {@code int} argument symbolically: a flag set, an enumeration, a signal number. */
@FunctionalInterface
interface Symbolic {
    String format(int value);
}
