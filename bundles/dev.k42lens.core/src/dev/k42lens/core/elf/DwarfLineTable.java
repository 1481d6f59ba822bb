package dev.k42lens.core.elf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The DWARF line-number table of an ELF file (.debug_line, versions 2 to 5): which source line each
 * code address belongs to, for source-level stepping. Addresses are link-time ones. A file without
 * the section, or whose table cannot be read, simply has no lines.
 */
public final class DwarfLineTable {
    /** Where an address's code came from. */
    public record SourceLine(String file, int line) {
    }

    /**
     * One row of the decoded table: code from {@code address} up to the next row's address belongs to
     * {@code file}:{@code line}; {@code statement} marks a recommended breakpoint (a line's start);
     * {@code endSequence} rows only close the preceding range.
     */
    record Row(long address, String file, int line, boolean statement, boolean endSequence) {
    }

    private static final DwarfLineTable EMPTY = new DwarfLineTable(List.of());
    private final Row[] rows;

    private DwarfLineTable(List<Row> rows) {
        // stable: at one address, the end of a sequence sorts before the rows that start the next
        this.rows = rows.stream().sorted(Comparator.comparingLong(Row::address).thenComparing(r -> !r.endSequence()))
                .toArray(Row[]::new);
    }

    public static DwarfLineTable of(ElfFile elf) {
        Optional<ElfSection> section = elf.section(".debug_line");
        if (section.isEmpty()) {
            return EMPTY;
        }
        try {
            byte[] lineStrings = elf.section(".debug_line_str").map(s -> data(elf, s)).orElse(new byte[0]);
            byte[] strings = elf.section(".debug_str").map(s -> data(elf, s)).orElse(new byte[0]);
            ByteBuffer data = ByteBuffer.wrap(elf.sectionData(section.get())).order(elf.byteOrder());
            List<Row> rows = new ArrayList<>();
            while (data.remaining() > 4) {
                new UnitReader(data, lineStrings, strings).readInto(rows);
            }
            return new DwarfLineTable(rows);
        } catch (ElfException | RuntimeException e) {
            return EMPTY; // a damaged table costs source stepping, never the run
        }
    }

    private static byte[] data(ElfFile elf, ElfSection section) {
        try {
            return elf.sectionData(section);
        } catch (ElfException e) {
            return new byte[0];
        }
    }

    public boolean isEmpty() {
        return rows.length == 0;
    }

    /** The source line of the code at link-time {@code address}, if the table covers it. */
    public Optional<SourceLine> lineAt(long address) {
        int i = rowAtOrBefore(address);
        if (i < 0 || rows[i].endSequence()) {
            return Optional.empty();
        }
        return Optional.of(new SourceLine(rows[i].file(), rows[i].line()));
    }

    /** True when a line's code starts exactly at {@code address} (a row marked as a statement). */
    public boolean isStatementStart(long address) {
        int i = rowAtOrBefore(address);
        for (; i >= 0 && rows[i].address() == address; i--) {
            if (rows[i].statement() && !rows[i].endSequence()) {
                return true;
            }
        }
        return false;
    }

    /** The last row whose address is at most {@code address}, or -1. */
    private int rowAtOrBefore(long address) {
        int low = 0;
        int high = rows.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(rows[middle].address(), address) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }

    /** Reads one line-number program (one compilation unit's) and runs its state machine. */
    private static final class UnitReader {
        private static final int DW_LNCT_PATH = 1;
        private static final int DW_LNCT_DIRECTORY_INDEX = 2;
        private final ByteBuffer data;
        private final byte[] lineStrings;
        private final byte[] strings;
        private boolean offset64;
        private int version;

        UnitReader(ByteBuffer data, byte[] lineStrings, byte[] strings) {
            this.data = data;
            this.lineStrings = lineStrings;
            this.strings = strings;
        }

        void readInto(List<Row> rows) {
            long length = Integer.toUnsignedLong(data.getInt());
            if (length == 0xffffffffL) {
                offset64 = true;
                length = data.getLong();
            }
            int end = Math.toIntExact(data.position() + length);
            version = Short.toUnsignedInt(data.getShort());
            if (version < 2 || version > 5) {
                data.position(end);
                return;
            }
            if (version >= 5) {
                data.get(); // address size: DW_LNE_set_address's own length says it
                data.get(); // segment selector size
            }
            long headerLength = offset64 ? data.getLong() : Integer.toUnsignedLong(data.getInt());
            int programStart = Math.toIntExact(data.position() + headerLength);
            int minimumInstructionLength = Byte.toUnsignedInt(data.get());
            if (version >= 4) {
                data.get(); // maximum operations per instruction: 1 on everything but VLIW
            }
            boolean defaultStatement = data.get() != 0;
            int lineBase = data.get();
            int lineRange = Byte.toUnsignedInt(data.get());
            int opcodeBase = Byte.toUnsignedInt(data.get());
            int[] argumentCounts = new int[opcodeBase];
            for (int i = 1; i < opcodeBase; i++) {
                argumentCounts[i] = Byte.toUnsignedInt(data.get());
            }
            List<String> files = version >= 5 ? filesV5() : filesV2();
            data.position(programStart);
            run(rows, end, files, minimumInstructionLength, defaultStatement, lineBase, lineRange, opcodeBase, argumentCounts);
            data.position(end);
        }

        /** DWARF 2-4: directories then files as NUL-terminated lists; index 0 means the compilation directory. */
        private List<String> filesV2() {
            List<String> directories = new ArrayList<>();
            directories.add("");
            for (String d = cString(); !d.isEmpty(); d = cString()) {
                directories.add(d);
            }
            List<String> files = new ArrayList<>();
            files.add(""); // files are numbered from 1
            for (String name = cString(); !name.isEmpty(); name = cString()) {
                int directory = (int) uleb();
                uleb(); // modification time
                uleb(); // length
                files.add(join(directory < directories.size() ? directories.get(directory) : "", name));
            }
            return files;
        }

        /** DWARF 5: self-describing entry formats, both lists numbered from 0. */
        private List<String> filesV5() {
            List<String> directories = new ArrayList<>();
            for (String[] entry : entriesV5()) {
                directories.add(entry[0]);
            }
            List<String> files = new ArrayList<>();
            for (String[] entry : entriesV5()) {
                int directory = entry[1] == null ? 0 : Integer.parseInt(entry[1]);
                files.add(join(directory < directories.size() ? directories.get(directory) : "", entry[0]));
            }
            return files;
        }

        /** Entries as {path, directory index}, reading and skipping every other content. */
        private List<String[]> entriesV5() {
            int formatCount = Byte.toUnsignedInt(data.get());
            long[][] formats = new long[formatCount][2];
            for (long[] format : formats) {
                format[0] = uleb();
                format[1] = uleb();
            }
            long count = uleb();
            List<String[]> entries = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                String[] entry = new String[2];
                for (long[] format : formats) {
                    Object value = form((int) format[1]);
                    if (format[0] == DW_LNCT_PATH) {
                        entry[0] = String.valueOf(value);
                    } else if (format[0] == DW_LNCT_DIRECTORY_INDEX) {
                        entry[1] = String.valueOf(value);
                    }
                }
                entries.add(entry);
            }
            return entries;
        }

        /** A value of attribute form {@code form}: strings as String, numbers as Long, blocks skipped (null). */
        private Object form(int form) {
            return switch (form) {
                case 0x08 -> cString(); // DW_FORM_string
                case 0x1f -> stringAt(lineStrings, offset()); // DW_FORM_line_strp
                case 0x0e -> stringAt(strings, offset()); // DW_FORM_strp
                case 0x0f -> uleb(); // DW_FORM_udata
                case 0x0b -> (long) Byte.toUnsignedInt(data.get()); // DW_FORM_data1
                case 0x05 -> (long) Short.toUnsignedInt(data.getShort()); // DW_FORM_data2
                case 0x06 -> Integer.toUnsignedLong(data.getInt()); // DW_FORM_data4
                case 0x07 -> data.getLong(); // DW_FORM_data8
                case 0x1e -> skip(16); // DW_FORM_data16 (an MD5)
                case 0x09 -> skip((int) uleb()); // DW_FORM_block
                default -> throw new IllegalStateException("unsupported DWARF form 0x" + Integer.toHexString(form));
            };
        }

        private Object skip(int bytes) {
            data.position(data.position() + bytes);
            return null;
        }

        private long offset() {
            return offset64 ? data.getLong() : Integer.toUnsignedLong(data.getInt());
        }

        private void run(List<Row> rows, int end, List<String> files, int minimumInstructionLength, boolean defaultStatement,
                int lineBase, int lineRange, int opcodeBase, int[] argumentCounts) {
            long address = 0;
            int file = 1;
            int line = 1;
            boolean statement = defaultStatement;
            while (data.position() < end) {
                int opcode = Byte.toUnsignedInt(data.get());
                if (opcode >= opcodeBase) {
                    int adjusted = opcode - opcodeBase;
                    address += (long) (adjusted / lineRange) * minimumInstructionLength;
                    line += lineBase + adjusted % lineRange;
                    rows.add(new Row(address, fileName(files, file), line, statement, false));
                    continue;
                }
                switch (opcode) {
                    case 0 -> {
                        int length = (int) uleb();
                        int next = data.position() + length;
                        int extended = Byte.toUnsignedInt(data.get());
                        if (extended == 1) { // DW_LNE_end_sequence
                            rows.add(new Row(address, fileName(files, file), line, false, true));
                            address = 0;
                            file = 1;
                            line = 1;
                            statement = defaultStatement;
                        } else if (extended == 2) { // DW_LNE_set_address
                            address = length - 1 == 4 ? Integer.toUnsignedLong(data.getInt()) : data.getLong();
                        }
                        data.position(next);
                    }
                    case 1 -> rows.add(new Row(address, fileName(files, file), line, statement, false)); // copy
                    case 2 -> address += uleb() * minimumInstructionLength; // advance_pc
                    case 3 -> line += (int) sleb(); // advance_line
                    case 4 -> file = (int) uleb(); // set_file
                    case 6 -> statement = !statement; // negate_stmt
                    case 8 -> address += (long) ((255 - opcodeBase) / lineRange) * minimumInstructionLength; // const_add_pc
                    case 9 -> address += Short.toUnsignedInt(data.getShort()); // fixed_advance_pc
                    default -> {
                        for (int i = 0; i < argumentCounts[opcode]; i++) {
                            uleb(); // set_column, set_isa and opcodes this reader does not need
                        }
                    }
                }
            }
        }

        private static String fileName(List<String> files, int index) {
            return index >= 0 && index < files.size() ? files.get(index) : "";
        }

        private static String join(String directory, String name) {
            if (name.startsWith("/") || directory.isEmpty()) {
                return name;
            }
            return directory.endsWith("/") ? directory + name : directory + "/" + name;
        }

        private String cString() {
            int start = data.position();
            while (data.get() != 0) {
                // up to the NUL
            }
            return new String(data.array(), start, data.position() - start - 1, StandardCharsets.UTF_8);
        }

        private static String stringAt(byte[] table, long offset) {
            int start = (int) offset;
            int end = start;
            while (end < table.length && table[end] != 0) {
                end++;
            }
            return new String(table, start, end - start, StandardCharsets.UTF_8);
        }

        private long uleb() {
            return leb128(false);
        }

        private long sleb() {
            return leb128(true);
        }

        /** A LEB128 number: 7 bits a byte, low first; a signed one extends the last byte's bit 6. */
        private long leb128(boolean signed) {
            long result = 0;
            int shift = 0;
            int b;
            do {
                b = data.get();
                result |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return signed && shift < 64 && (b & 0x40) != 0 ? result | -1L << shift : result;
        }
    }
}
