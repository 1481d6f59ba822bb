package dev.k42lens.core.layer.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ppc64 Linux system calls as data, loaded from syscalls.tsv: the numbers the guest puts in r0,
 * their names and argument formats. Immutable; lookups by number index an array.
 */
public final class SyscallTable {
    private static final String RESOURCE = "syscalls.tsv";

    private static final class Ppc64 {
        static final SyscallTable TABLE = load();

        private static SyscallTable load() {
            try (InputStream in = SyscallTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing next to " + SyscallTable.class.getName());
                }
                return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(),
                        RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final SyscallDescriptor[] byNumber;
    private final Map<String, SyscallDescriptor> byName;
    private final List<SyscallDescriptor> all;

    private SyscallTable(List<SyscallDescriptor> descriptors) {
        int slots = descriptors.stream().mapToInt(SyscallDescriptor::number).max().orElse(-1) + 1;
        byNumber = new SyscallDescriptor[slots];
        Map<String, SyscallDescriptor> names = new HashMap<>();
        for (SyscallDescriptor d : descriptors) {
            if (byNumber[d.number()] != null) {
                throw new IllegalArgumentException("syscall number " + d.number() + " appears twice");
            }
            if (names.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("syscall name " + d.name() + " appears twice");
            }
            byNumber[d.number()] = d;
        }
        byName = Map.copyOf(names);
        all = Arrays.stream(byNumber).filter(d -> d != null).toList();
    }

    /** The ppc64 table (the same for big- and little-endian guests), loaded on first use. */
    public static SyscallTable ppc64() {
        return Ppc64.TABLE;
    }

    /**
     * Reads rows {@code number TAB name TAB return [TAB argument]...}; blank lines and lines starting
     * with '#' are skipped.
     *
     * @param source names the text in error messages
     * @throws IllegalArgumentException naming the line of the first malformed row
     */
    static SyscallTable parse(List<String> lines, String source) {
        List<SyscallDescriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                descriptors.add(parseRow(line.split("\t", -1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        try {
            return new SyscallTable(descriptors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static SyscallDescriptor parseRow(String[] columns) {
        if (columns.length < 3) {
            throw new IllegalArgumentException("expected number, name and return format");
        }
        List<ArgumentFormat> arguments = new ArrayList<>();
        for (int c = 3; c < columns.length; c++) {
            arguments.add(ArgumentFormat.parse(columns[c]));
        }
        int number = Integer.parseInt(columns[0]);
        if (number < 0) {
            throw new IllegalArgumentException("negative syscall number " + number);
        }
        return new SyscallDescriptor(number, columns[1], ReturnFormat.ofWord(columns[2]), arguments);
    }

    public Optional<SyscallDescriptor> byNumber(int number) {
        return number >= 0 && number < byNumber.length ? Optional.ofNullable(byNumber[number]) : Optional.empty();
    }

    public Optional<SyscallDescriptor> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The descriptor for {@code number}; a number with no row gets a stand-in named
     * {@code syscall_N} with six hex arguments, so a trace can still show what the guest passed.
     */
    public SyscallDescriptor describe(int number) {
        return byNumber(number).orElseGet(() -> new SyscallDescriptor(number,
                "syscall_" + Integer.toUnsignedString(number), ReturnFormat.INT,
                Collections.nCopies(SyscallDescriptor.MAX_ARGUMENTS, new ArgumentFormat(ArgumentKind.HEX, false, -1))));
    }

    /** Every row, by ascending number. */
    public List<SyscallDescriptor> all() {
        return all;
    }

    /** Highest number + 1: how many 8-byte slots a transfer table indexed by number needs. */
    public int slotCount() {
        return byNumber.length;
    }
}
