package dev.k42lens.core.layer.table;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A C flag word rendered the strace way, {@code O_RDWR|O_CREAT|O_CLOEXEC}: named bit groups in
 * declaration order (so multi-bit names such as O_SYNC must come before their parts), an optional
 * field that holds a value rather than bits (the access mode in open flags, the exit signal in clone
 * flags), and whatever bits are left over as {@code 0x...}.
 */
final class BitFlags implements Symbolic {
    private record Flag(String name, long bits) {
    }

    private final String zero;
    private final List<Flag> flags;
    private final long fieldMask;
    private final NamedValues field;
    private final boolean fieldLast;

    private BitFlags(String zero, List<Flag> flags, long fieldMask, NamedValues field, boolean fieldLast) {
        this.zero = zero;
        this.flags = List.copyOf(flags);
        this.fieldMask = fieldMask;
        this.field = field;
        this.fieldLast = fieldLast;
    }

    /** Plain flags from {@code "NAME=VALUE ..."}; {@code zero} is what an empty word prints as. */
    static BitFlags parse(String zero, String spec) {
        return new BitFlags(zero, flags(spec), 0, null, false);
    }

    /**
     * Flags plus a value field under {@code fieldMask}, printed first ({@code fieldLast} false) or
     * last. A field value with a name prints it; zero without a name prints nothing; anything else
     * prints in hex.
     */
    static BitFlags withField(String zero, long fieldMask, NamedValues field, boolean fieldLast, String spec) {
        return new BitFlags(zero, flags(spec), fieldMask, field, fieldLast);
    }

    private static List<Flag> flags(String spec) {
        List<Flag> flags = new ArrayList<>();
        for (String pair : spec.trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            flags.add(new Flag(pair.substring(0, equals), Long.decode(pair.substring(equals + 1)) & 0xffffffffL));
        }
        return flags;
    }

    @Override
    public String format(int value) {
        long rest = Integer.toUnsignedLong(value);
        StringJoiner parts = new StringJoiner("|");
        String fieldText = null;
        if (field != null) {
            int fieldValue = (int) (rest & fieldMask);
            fieldText = field.name(fieldValue).orElse(fieldValue == 0 ? null : "0x" + Integer.toHexString(fieldValue));
            rest &= ~fieldMask;
        }
        if (fieldText != null && !fieldLast) {
            parts.add(fieldText);
        }
        for (Flag flag : flags) {
            if ((rest & flag.bits) == flag.bits) {
                parts.add(flag.name);
                rest &= ~flag.bits;
            }
        }
        if (rest != 0) {
            parts.add("0x" + Long.toHexString(rest));
        }
        if (fieldText != null && fieldLast) {
            parts.add(fieldText);
        }
        return parts.length() == 0 ? zero : parts.toString();
    }
}
