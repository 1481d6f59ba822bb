package dev.k42lens.core.layer.table;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A system call as decoded when it entered: its input arguments are rendered from guest memory as it
 * was then (a later write cannot change what the trace shows); outputs still show as pointers until
 * {@link SyscallFormatter#exit} decodes them.
 */
public final class EnteredCall {
    private final SyscallDescriptor call;
    private final long[] arguments;
    private final List<String> argumentTexts;
    private final List<String> paths;

    EnteredCall(SyscallDescriptor call, long[] arguments, List<String> argumentTexts, List<String> paths) {
        this.call = call;
        this.arguments = arguments.clone();
        this.argumentTexts = List.copyOf(argumentTexts);
        this.paths = List.copyOf(paths);
    }

    public SyscallDescriptor call() {
        return call;
    }

    /** The raw register value of argument {@code index} (r3 + index). */
    public long argument(int index) {
        return arguments[index];
    }

    long[] arguments() {
        return arguments.clone();
    }

    /** Each argument as printed at entry; empty for one that strace would leave out. */
    public List<String> argumentTexts() {
        return argumentTexts;
    }

    /** The complete (untruncated) file names the call was given, in argument order. */
    public List<String> paths() {
        return paths;
    }

    /** The unfinished call: {@code read(3, 0x10020000, 4096)}. */
    @Override
    public String toString() {
        return line(call, argumentTexts);
    }

    static String line(SyscallDescriptor call, List<String> argumentTexts) {
        return argumentTexts.stream().filter(text -> !text.isEmpty())
                .collect(Collectors.joining(", ", call.name() + "(", ")"));
    }
}
