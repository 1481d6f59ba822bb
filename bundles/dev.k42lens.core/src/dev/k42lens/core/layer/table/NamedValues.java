package dev.k42lens.core.layer.table;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** An enumeration of C constants (SEEK_SET, CLOCK_MONOTONIC ...); unknown values print in decimal. */
final class NamedValues implements Symbolic {
    private final Map<Integer, String> names;

    private NamedValues(Map<Integer, String> names) {
        this.names = Map.copyOf(names);
    }

    /**
     * Parses {@code "NAME=VALUE NAME=VALUE ..."} (any white space between pairs); values are
     * decimal, 0x hex or 0-prefixed octal as in C. The first name given for a value wins.
     */
    static NamedValues parse(String spec) {
        Map<Integer, String> names = new HashMap<>();
        for (String pair : spec.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            names.putIfAbsent(Long.decode(pair.substring(equals + 1)).intValue(), pair.substring(0, equals));
        }
        return new NamedValues(names);
    }

    /** Names the values in [first, last] with {@code namer}. */
    static NamedValues range(int first, int last, IntFunction<String> namer) {
        Map<Integer, String> names = new HashMap<>();
        for (int value = first; value <= last; value++) {
            names.put(value, namer.apply(value));
        }
        return new NamedValues(names);
    }

    Optional<String> name(int value) {
        return Optional.ofNullable(names.get(value));
    }

    @Override
    public String format(int value) {
        String name = names.get(value);
        return name != null ? name : Integer.toString(value);
    }
}
