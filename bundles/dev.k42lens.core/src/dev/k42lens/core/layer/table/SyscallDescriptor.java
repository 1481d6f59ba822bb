package dev.k42lens.core.layer.table;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one ppc64 system call number is: its Linux name, the formats of its arguments (r3 upwards)
 * and of its result. Says nothing about whether or how the emulator implements it.
 */
public record SyscallDescriptor(int number, String name, ReturnFormat returnFormat, List<ArgumentFormat> arguments) {
    /** r3..r8. */
    public static final int MAX_ARGUMENTS = 6;

    public SyscallDescriptor {
        arguments = List.copyOf(arguments);
        if (arguments.size() > MAX_ARGUMENTS) {
            throw new IllegalArgumentException(name + " has more than " + MAX_ARGUMENTS + " arguments");
        }
        for (int i = 0; i < arguments.size(); i++) {
            int index = arguments.get(i).index();
            if (index == i || index >= arguments.size()) {
                throw new IllegalArgumentException(name + " argument " + i + " refers to argument " + index);
            }
        }
    }

    public int argumentCount() {
        return arguments.size();
    }

    /** The table row in prose, e.g. {@code openat(dirfd, path, open_flags, mode) = fd}. */
    public String signature() {
        return arguments.stream().map(ArgumentFormat::toString).collect(Collectors.joining(", ", name + "(", ")"))
                + " = " + returnFormat.word();
    }
}
