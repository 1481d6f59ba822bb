package dev.k42lens.core.elf;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed 64-bit PowerPC ELF executable or shared object: header, program headers, section
 * headers, and the symbols of .symtab and .dynsym.
 *
 * <p>Everything is read and checked when the file is parsed, so a corrupt file fails there with one
 * {@link ElfException} and the queries afterwards never fail. All addresses are link-time ones;
 * a loaded image adds its load bias (see {@link LoadedImage}).
 */
public final class ElfFile {
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;
    public static final int EM_PPC64 = 21;

    static final int HEADER_SIZE = 64;
    static final int PROGRAM_HEADER_SIZE = 56;
    static final int SECTION_HEADER_SIZE = 64;
    static final int SYMBOL_SIZE = 24;
    static final int DESCRIPTOR_SIZE = 24;

    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    /** A .gnu.version entry with this bit names a non-default version (readelf's "@" rather than "@@"). */
    private static final int VERSYM_HIDDEN = 0x8000;

    private final byte[] data;
    private final ByteBuffer view;
    private final int type;
    private final int flags;
    private final Abi abi;
    private final long entry;
    private final List<ProgramHeader> programHeaders;
    private final List<ProgramHeader> loadSegments;
    private final long programHeaderOffset;
    private final String interpreter;
    private final List<ElfSection> sections;
    private final List<ElfSymbol> symbols;
    private final Map<String, ElfSymbol> symbolsByName = new HashMap<>();
    /** Function symbols sorted by address, one per address, with the end each one covers. */
    private final ElfSymbol[] functions;
    private final long[] functionEnds;

    /** Parses {@code data}, which is kept (not copied): the caller must not change it afterwards. */
    public static ElfFile parse(byte[] data) throws ElfException {
        return new ElfFile(data);
    }

    /** Reads and parses a file; I/O errors become an ElfException naming the file. */
    public static ElfFile read(Path path) throws ElfException {
        return new ElfFile(readBytes(path));
    }

    /** The content of a regular file; I/O errors become an ElfException naming the file. */
    public static byte[] readBytes(Path path) throws ElfException {
        try {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                throw new ElfException(path + ": not a regular file"); // a FIFO or device would block or never end
            }
            if (Files.size(path) > Integer.MAX_VALUE - 16) {
                throw new ElfException("cannot read " + path + ": larger than 2 GiB");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ElfException("cannot read " + path + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file";
            case AccessDeniedException a -> "permission denied";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private ElfFile(byte[] data) throws ElfException {
        this.data = data;
        if (data.length < 4 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new ElfException("not an ELF file");
        }
        if (data.length > EI_CLASS && data[EI_CLASS] != ELFCLASS64) {
            throw new ElfException("not a 64-bit ELF file (" + className(data[EI_CLASS] & 0xff) + ")");
        }
        if (data.length > EI_DATA && data[EI_DATA] != ELFDATA2LSB && data[EI_DATA] != ELFDATA2MSB) {
            throw new ElfException("corrupt ELF file: unknown byte order " + (data[EI_DATA] & 0xff) + " in EI_DATA");
        }
        requireInFile("the ELF header ends", 0, HEADER_SIZE);
        ByteOrder order = data[EI_DATA] == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        view = ByteBuffer.wrap(data).order(order);

        int machine = u16(18);
        if (machine != EM_PPC64) {
            throw new ElfException(
                    "not a PowerPC64 program: machine is " + machineName(machine) + " (" + machine + ")");
        }
        type = u16(16);
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfException(
                    "unsupported ELF type " + typeName(type) + ": only executables and shared objects run");
        }
        flags = view.getInt(48);
        abi = Abi.fromFlags(flags);
        entry = view.getLong(24);

        programHeaderOffset = view.getLong(32);
        programHeaders = readProgramHeaders(programHeaderOffset, u16(54), u16(56));
        loadSegments = programHeaders.stream().filter(ProgramHeader::isLoad).toList();
        interpreter = readInterpreter();
        sections = readSections(view.getLong(40), u16(58), u16(60), u16(62));
        Set<ElfSymbol> hiddenVersions = Collections.newSetFromMap(new IdentityHashMap<>());
        symbols = readSymbols(hiddenVersions);
        functions = indexSymbols(hiddenVersions).toArray(ElfSymbol[]::new);
        functionEnds = functionEnds(functions);
    }

    // ---- header -------------------------------------------------------------------------------

    public ByteOrder byteOrder() {
        return view.order();
    }

    public boolean isBigEndian() {
        return view.order() == ByteOrder.BIG_ENDIAN;
    }

    /** ET_EXEC (loads at its link addresses) or ET_DYN (position-independent: PIE or shared object). */
    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public Abi abi() {
        return abi;
    }

    /** e_entry: the start address (ELFv2) or the address of the start function's descriptor (ELFv1). */
    public long entry() {
        return entry;
    }

    // ---- program headers ----------------------------------------------------------------------

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD program headers, in file order. */
    public List<ProgramHeader> loadSegments() {
        return loadSegments;
    }

    /** The first program header of a type (Linux uses the first PT_INTERP, PT_GNU_STACK, ...). */
    public Optional<ProgramHeader> programHeader(int programHeaderType) {
        return programHeaders.stream().filter(p -> p.type() == programHeaderType).findFirst();
    }

    /** The PT_INTERP path, e.g. /lib64/ld64.so.2, when the program is dynamically linked. */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    /** True when PT_GNU_STACK asks for an executable stack; without PT_GNU_STACK ppc64 Linux says no. */
    public boolean wantsExecutableStack() {
        return programHeader(ProgramHeader.PT_GNU_STACK).map(p -> (p.flags() & ProgramHeader.PF_X) != 0).orElse(false);
    }

    /**
     * Where the program headers are in memory (for AT_PHDR): PT_PHDR if present, otherwise inside
     * the PT_LOAD segment whose file bytes contain them; empty when they are not loaded at all.
     */
    public OptionalLong programHeaderAddress() {
        Optional<ProgramHeader> phdr = programHeader(ProgramHeader.PT_PHDR);
        if (phdr.isPresent()) {
            return OptionalLong.of(phdr.get().virtualAddress());
        }
        long tableSize = (long) programHeaders.size() * PROGRAM_HEADER_SIZE;
        for (ProgramHeader p : loadSegments) {
            long into = programHeaderOffset - p.offset();
            if (Long.compareUnsigned(into, p.fileSize()) < 0 && p.fileSize() - into >= tableSize) {
                return OptionalLong.of(p.virtualAddress() + into);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The ELFv1 function descriptor at a link-time address, read from the file bytes of the loaded
     * segment that holds it (descriptors live in .opd, which is initialised data).
     */
    public FunctionDescriptor descriptorAt(long address) throws ElfException {
        for (ProgramHeader p : loadSegments) {
            long into = address - p.virtualAddress();
            if (Long.compareUnsigned(into, p.fileSize()) < 0 && p.fileSize() - into >= DESCRIPTOR_SIZE) {
                int at = (int) (p.offset() + into);
                return new FunctionDescriptor(view.getLong(at), view.getLong(at + 8), view.getLong(at + 16));
            }
        }
        throw new ElfException("corrupt ELF file: no function descriptor at 0x" + Long.toHexString(address)
                + " (not in the file data of a loaded segment)");
    }

    /** The raw file; the loader copies segments out of it. */
    byte[] data() {
        return data;
    }

    // ---- sections and symbols -----------------------------------------------------------------

    /** The bytes a section holds in the file (empty for SHT_NOBITS), e.g. .text to disassemble. */
    public byte[] sectionData(ElfSection section) throws ElfException {
        if (!section.hasFileData()) {
            return new byte[0];
        }
        if (section.offset() < 0 || section.size() < 0 || section.offset() + section.size() > data.length) {
            throw new ElfException("truncated ELF file: section " + section.name() + " ends at byte "
                    + (section.offset() + section.size()) + " but the file has " + data.length);
        }
        return java.util.Arrays.copyOfRange(data, (int) section.offset(), (int) (section.offset() + section.size()));
    }

    /** The sections in header order; empty for a file without section headers. */
    public List<ElfSection> sections() {
        return sections;
    }

    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every symbol of .symtab followed by every symbol of .dynsym, as stored (index 0 excluded). */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /**
     * The defined symbol with this name (without a version suffix), preferring global over weak
     * over local, and the default version of a versioned dynamic symbol (printf@@GLIBC_2.4 rather
     * than printf@GLIBC_2.3).
     */
    public Optional<ElfSymbol> symbol(String name) {
        return Optional.ofNullable(symbolsByName.get(name));
    }

    /**
     * The function containing a link-time code address, with the offset into it: a symbol covers
     * its st_size bytes, or when its size is 0, up to the next function or the end of its section.
     */
    public Optional<SymbolLocation> symbolAt(long address) {
        int low = 0;
        int high = functions.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(functions[middle].address(), address) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (high < 0 || Long.compareUnsigned(address, functionEnds[high]) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new SymbolLocation(functions[high], address - functions[high].address()));
    }

    // ---- parsing ------------------------------------------------------------------------------

    private List<ProgramHeader> readProgramHeaders(long tableOffset, int entrySize, int count) throws ElfException {
        if (count == 0) {
            throw new ElfException("corrupt ELF file: no program headers");
        }
        if (entrySize != PROGRAM_HEADER_SIZE) {
            throw new ElfException("corrupt ELF file: program header entries are " + entrySize + " bytes, expected "
                    + PROGRAM_HEADER_SIZE);
        }
        int table = requireInFile("program headers end", tableOffset, (long) count * PROGRAM_HEADER_SIZE);
        List<ProgramHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = table + i * PROGRAM_HEADER_SIZE;
            ProgramHeader p = new ProgramHeader(view.getInt(at), view.getInt(at + 4), view.getLong(at + 8),
                    view.getLong(at + 16), view.getLong(at + 24), view.getLong(at + 32), view.getLong(at + 40),
                    view.getLong(at + 48));
            if (p.isLoad()) {
                checkLoadSegment(i, p);
            }
            headers.add(p);
        }
        if (headers.stream().noneMatch(p -> p.isLoad() && p.memorySize() != 0)) {
            throw new ElfException("corrupt ELF file: no loadable (PT_LOAD) segments");
        }
        return List.copyOf(headers);
    }

    private void checkLoadSegment(int index, ProgramHeader p) throws ElfException {
        String what = "segment " + index + " (LOAD)";
        if (Long.compareUnsigned(p.fileSize(), p.memorySize()) > 0) {
            throw new ElfException("corrupt ELF file: " + what + " has a file size of 0x"
                    + Long.toHexString(p.fileSize()) + " bytes, more than its memory size 0x"
                    + Long.toHexString(p.memorySize()));
        }
        if (Long.compareUnsigned(p.virtualAddress() + p.memorySize(), p.virtualAddress()) < 0) {
            throw new ElfException("corrupt ELF file: " + what + " runs past the end of the address space");
        }
        requireInFile(what + " ends", p.offset(), p.fileSize());
    }

    private String readInterpreter() throws ElfException {
        Optional<ProgramHeader> header = programHeader(ProgramHeader.PT_INTERP);
        if (header.isEmpty()) {
            return null;
        }
        ProgramHeader interp = header.get();
        int start = requireInFile("the interpreter path (PT_INTERP) ends", interp.offset(), interp.fileSize());
        int end = start;
        int limit = start + (int) interp.fileSize();
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end == limit || end == start) {
            throw new ElfException("corrupt ELF file: the interpreter path (PT_INTERP) is "
                    + (end == start ? "empty" : "not NUL-terminated"));
        }
        String path = new String(data, start, end - start, StandardCharsets.UTF_8);
        if (!printable(path).equals(path)) {
            throw new ElfException("corrupt ELF file: the interpreter path (PT_INTERP) " + printable(path)
                    + " has unprintable characters");
        }
        return path;
    }

    private List<ElfSection> readSections(long tableOffset, int entrySize, int count, int namesIndex)
            throws ElfException {
        if (count == 0) {
            return List.of();
        }
        if (entrySize != SECTION_HEADER_SIZE) {
            throw new ElfException("corrupt ELF file: section header entries are " + entrySize + " bytes, expected "
                    + SECTION_HEADER_SIZE);
        }
        int table = requireInFile("section headers end", tableOffset, (long) count * SECTION_HEADER_SIZE);
        if (namesIndex >= count) {
            throw new ElfException("corrupt ELF file: the section name table is section " + namesIndex
                    + " but there are only " + count + " sections");
        }
        int names = table + namesIndex * SECTION_HEADER_SIZE;
        long namesOffset = view.getLong(names + 24);
        long namesSize = view.getLong(names + 32);
        if (namesIndex != 0) {
            requireInFile("the section name table ends", namesOffset, namesSize);
        }
        List<ElfSection> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = table + i * SECTION_HEADER_SIZE;
            int nameOffset = view.getInt(at);
            String name = namesIndex == 0 ? "" : string(namesOffset, namesSize, Integer.toUnsignedLong(nameOffset),
                    "section " + i + " has a name");
            ElfSection section = new ElfSection(i, name, view.getInt(at + 4), view.getLong(at + 8),
                    view.getLong(at + 16), view.getLong(at + 24), view.getLong(at + 32), view.getInt(at + 40),
                    view.getInt(at + 44), view.getLong(at + 48), view.getLong(at + 56));
            if (section.hasFileData()) {
                requireInFile("section " + i + " (" + printable(name) + ") ends", section.offset(), section.size());
            }
            result.add(section);
        }
        return List.copyOf(result);
    }

    /** Reads .symtab then .dynsym; dynamic symbols of a non-default version go into {@code hiddenVersions}. */
    private List<ElfSymbol> readSymbols(Set<ElfSymbol> hiddenVersions) throws ElfException {
        List<ElfSymbol> result = new ArrayList<>();
        for (int tableType : new int[] { ElfSection.SHT_SYMTAB, ElfSection.SHT_DYNSYM }) {
            for (ElfSection table : sections) {
                if (table.type() == tableType) {
                    readSymbolTable(table, result, hiddenVersions);
                }
            }
        }
        return List.copyOf(result);
    }

    private void readSymbolTable(ElfSection table, List<ElfSymbol> into, Set<ElfSymbol> hiddenVersions)
            throws ElfException {
        String what = table.name().isEmpty() ? "section " + table.index() : printable(table.name());
        if (table.entrySize() != SYMBOL_SIZE) {
            throw new ElfException("corrupt ELF file: " + what + " entries are "
                    + Long.toUnsignedString(table.entrySize()) + " bytes, expected " + SYMBOL_SIZE);
        }
        ElfSection strings = linkedSection(table, what);
        if (strings.type() != ElfSection.SHT_STRTAB) {
            throw new ElfException(
                    "corrupt ELF file: " + what + " names section " + strings.index() + " as its string table");
        }
        boolean dynamic = table.type() == ElfSection.SHT_DYNSYM;
        int count = (int) (table.size() / SYMBOL_SIZE);
        int[] versions = dynamic ? versionsOf(table, count) : null;
        ElfSection opd = abi == Abi.ELF_V1 ? section(".opd").filter(ElfSection::hasFileData).orElse(null) : null;
        for (int i = 1; i < count; i++) {
            int at = (int) table.offset() + i * SYMBOL_SIZE;
            int info = data[at + 4] & 0xff;
            int sectionIndex = view.getShort(at + 6) & 0xffff;
            long value = view.getLong(at + 8);
            int symbolType = info & 0xf;
            String name = string(strings.offset(), strings.size(), Integer.toUnsignedLong(view.getInt(at)),
                    "symbol " + i + " in " + what + " has a name");
            ElfSymbol symbol = new ElfSymbol(name, value, codeAddress(symbolType, value, opd), view.getLong(at + 16),
                    symbolType, info >>> 4, sectionIndex, dynamic);
            into.add(symbol);
            if (versions != null && (versions[i] & VERSYM_HIDDEN) != 0) {
                hiddenVersions.add(symbol);
            }
        }
    }

    private ElfSection linkedSection(ElfSection from, String what) throws ElfException {
        if (Integer.compareUnsigned(from.link(), sections.size()) >= 0) {
            throw new ElfException("corrupt ELF file: " + what + " links to section "
                    + Integer.toUnsignedString(from.link()) + ", which does not exist");
        }
        return sections.get(from.link());
    }

    /** The .gnu.version entries of a dynamic symbol table, or null when it has none. */
    private int[] versionsOf(ElfSection dynamicSymbols, int count) throws ElfException {
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_GNU_VERSYM && s.link() == dynamicSymbols.index()) {
                if (Long.compareUnsigned(s.size() / 2, count) < 0) {
                    throw new ElfException("corrupt ELF file: " + printable(s.name()) + " has " + s.size() / 2
                            + " entries for " + count + " dynamic symbols");
                }
                int[] versions = new int[count];
                for (int i = 0; i < count; i++) {
                    versions[i] = view.getShort((int) s.offset() + 2 * i) & 0xffff;
                }
                return versions;
            }
        }
        return null;
    }

    /** Follows an ELFv1 function symbol's value into .opd to the code it describes. */
    private long codeAddress(int symbolType, long value, ElfSection opd) {
        boolean function = symbolType == ElfSymbol.STT_FUNC || symbolType == ElfSymbol.STT_GNU_IFUNC;
        if (!function || opd == null || !opd.contains(value) || opd.address() + opd.size() - value < 8) {
            return value;
        }
        return view.getLong((int) (opd.offset() + (value - opd.address())));
    }

    /**
     * Fills the by-name map and returns the function symbols for symbolAt, sorted by address with
     * one symbol, the best name, per address. Symbols of a non-default version lose to the default.
     */
    private List<ElfSymbol> indexSymbols(Set<ElfSymbol> hiddenVersions) {
        Comparator<ElfSymbol> preference = Comparator.comparingInt((ElfSymbol s) -> bindingRank(s.binding()))
                .thenComparing(hiddenVersions::contains)
                .thenComparingInt(s -> decoration(s.name()))
                .thenComparing(ElfSymbol::name);
        for (ElfSymbol s : symbols) {
            if (s.isDefined() && !s.name().isEmpty()) {
                symbolsByName.merge(s.name(), s,
                        (old, candidate) -> preference.compare(candidate, old) < 0 ? candidate : old);
            }
        }
        List<ElfSymbol> candidates = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.isFunction() && s.isDefined() && !s.name().isEmpty() && s.address() != 0) {
                candidates.add(s);
            }
        }
        candidates.sort(Comparator.comparing(ElfSymbol::address, Long::compareUnsigned).thenComparing(preference));
        List<ElfSymbol> unique = new ArrayList<>(candidates.size());
        for (ElfSymbol s : candidates) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).address() != s.address()) {
                unique.add(s);
            }
        }
        return unique;
    }

    /** Where each function stops: its size, or for size 0 the next function or its section's end. */
    private long[] functionEnds(ElfSymbol[] sorted) {
        long[] ends = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            long start = sorted[i].address();
            if (sorted[i].size() != 0) {
                ends[i] = start + sorted[i].size();
                continue;
            }
            long end = i + 1 < sorted.length ? sorted[i + 1].address() : -1L;
            for (ElfSection s : sections) {
                if (s.contains(start) && Long.compareUnsigned(s.address() + s.size(), end) < 0) {
                    end = s.address() + s.size();
                }
            }
            // the last symbol, outside every section: nothing tells how far it goes
            ends[i] = end == -1L ? start : end;
        }
        return ends;
    }

    private static int bindingRank(int binding) {
        return switch (binding) {
            case ElfSymbol.STB_GLOBAL -> 0;
            case ElfSymbol.STB_WEAK -> 1;
            case ElfSymbol.STB_LOCAL -> 2;
            default -> 3;
        };
    }

    /** Leading '_' and '.' characters: "write" reads better than "__write" or ".write" at a call site. */
    private static int decoration(String name) {
        int n = 0;
        while (n < name.length() && (name.charAt(n) == '_' || name.charAt(n) == '.')) {
            n++;
        }
        return n;
    }

    // ---- bounds-checked access ----------------------------------------------------------------

    private int u16(int offset) {
        return view.getShort(offset) & 0xffff;
    }

    /**
     * Checks that [offset, offset+size) lies in the file and returns the offset as an int;
     * {@code what} completes "truncated ELF file: ... at byte N", e.g. "program headers end".
     */
    private int requireInFile(String what, long offset, long size) throws ElfException {
        if (Long.compareUnsigned(offset, data.length) > 0 || Long.compareUnsigned(size, data.length - offset) > 0) {
            BigInteger end = new BigInteger(Long.toUnsignedString(offset))
                    .add(new BigInteger(Long.toUnsignedString(size)));
            throw new ElfException(
                    "truncated ELF file: " + what + " at byte " + end + " but the file has " + data.length);
        }
        return (int) offset;
    }

    /** A NUL-terminated name at {@code index} in a string table already checked to lie in the file. */
    private String string(long tableOffset, long tableSize, long index, String what) throws ElfException {
        if (Long.compareUnsigned(index, tableSize) >= 0) {
            throw new ElfException("corrupt ELF file: " + what + " outside its string table");
        }
        int start = (int) (tableOffset + index);
        int limit = (int) (tableOffset + tableSize);
        int end = start;
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw new ElfException("corrupt ELF file: " + what + " that runs off the end of its string table");
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    // ---- names for messages -------------------------------------------------------------------

    /** A name from the file made safe for a one-line message: control and undecodable characters become '?'. */
    private static String printable(String name) {
        StringBuilder result = new StringBuilder(name.length());
        name.codePoints().forEach(c -> result.appendCodePoint(Character.isISOControl(c) || c == 0xfffd ? '?' : c));
        return result.toString();
    }

    private static String className(int elfClass) {
        return switch (elfClass) {
            case 0 -> "ELFCLASSNONE";
            case 1 -> "ELFCLASS32";
            default -> "unknown class " + elfClass;
        };
    }

    private static String typeName(int elfType) {
        return switch (elfType) {
            case 0 -> "ET_NONE";
            case ET_REL -> "ET_REL";
            case ET_CORE -> "ET_CORE";
            default -> "0x" + Integer.toHexString(elfType);
        };
    }

    /** Names for the machines people are likely to try by mistake. */
    private static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "none";
            case 2 -> "SPARC";
            case 3 -> "i386";
            case 8 -> "MIPS";
            case 20 -> "32-bit PowerPC";
            case 22 -> "s390";
            case 40 -> "ARM";
            case 43 -> "SPARC V9";
            case 50 -> "IA-64";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> "unknown";
        };
    }

    @Override
    public String toString() {
        return "ElfFile[" + (type == ET_EXEC ? "ET_EXEC" : "ET_DYN") + ", " + abi + ", " + byteOrder() + ", entry 0x"
                + Long.toHexString(entry) + (interpreter == null ? "" : ", interpreter " + interpreter) + "]";
    }
}
