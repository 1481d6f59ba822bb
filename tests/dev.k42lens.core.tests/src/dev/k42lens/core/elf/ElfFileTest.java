package dev.k42lens.core.elf;

import static dev.k42lens.core.elf.ElfTestFiles.file;
import static dev.k42lens.core.elf.ElfTestFiles.readelf;
import static dev.k42lens.core.elf.ElfTestFiles.resource;
import static dev.k42lens.core.elf.ElfTestFiles.sysrootFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ElfFileTest {
    static Stream<String> allFiles() {
        return Stream.concat(ElfTestFiles.TINY_PROGRAMS.stream(), ElfTestFiles.SYSROOT_LIBRARIES.stream());
    }

    @Test
    void readsTheBigEndianStaticExecutable() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        assertEquals(ElfFile.ET_EXEC, elf.type());
        assertEquals(ByteOrder.BIG_ENDIAN, elf.byteOrder());
        assertEquals(Abi.ELF_V1, elf.abi());
        assertEquals(0x10001fe8L, elf.entry());
        assertEquals(Optional.empty(), elf.interpreter());
        assertEquals(List.of(
                new ProgramHeader(ProgramHeader.PT_LOAD, 5, 0, 0x10000000L, 0x10000000L, 0x14c, 0x14c, 0x1000),
                new ProgramHeader(ProgramHeader.PT_LOAD, 6, 0xfe0, 0x10001fe0L, 0x10001fe0L, 0x28, 0xbe0, 0x1000),
                new ProgramHeader(ProgramHeader.PT_TLS, 4, 0xfe0, 0x10001fe0L, 0x10001fe0L, 8, 8, 8),
                new ProgramHeader(ProgramHeader.PT_GNU_RELRO, 4, 0xfe0, 0x10001fe0L, 0x10001fe0L, 0x20, 0x20, 1)),
                elf.programHeaders());
        assertEquals(0x10000040L, elf.programHeaderAddress().getAsLong(), "no PT_PHDR: found in the first PT_LOAD");
        assertFalse(elf.wantsExecutableStack());
        assertEquals(new FunctionDescriptor(0x10000120L, 0x10009f00L, 0), elf.descriptorAt(elf.entry()));

        assertEquals(List.of("", ".text", ".eh_frame", ".tdata", ".opd", ".data", ".bss", ".comment", ".symtab", ".strtab",
                ".shstrtab"), elf.sections().stream().map(ElfSection::name).toList());
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertEquals(ElfSection.SHT_NOBITS, bss.type());
        assertEquals(0x10002008L, bss.address());
        assertEquals(3000, bss.size());
    }

    @Test
    void followsElfV1FunctionSymbolsThroughTheirDescriptors() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        ElfSymbol start = elf.symbol("_start").orElseThrow();
        assertEquals(0x10001fe8L, start.value(), "st_value: the descriptor in .opd");
        assertEquals(0x10000120L, start.address(), "the code the descriptor points at, in .text");
        assertEquals(44, start.size());
        assertEquals("_start", elf.symbolAt(0x10000120L).orElseThrow().toString());
        assertEquals("_start+0x1c", elf.symbolAt(0x10000120L + 0x1c).orElseThrow().toString());
        assertEquals(Optional.empty(), elf.symbolAt(0x10000120L + 44));
        assertEquals(Optional.empty(), elf.symbolAt(0x10000100L));

        ElfSymbol counter = elf.symbol("counter").orElseThrow();
        assertEquals(ElfSymbol.STT_OBJECT, counter.type());
        assertEquals(0x10002000L, counter.address());
        assertEquals(Optional.empty(), elf.symbolAt(counter.address()), "only functions answer symbolAt");
        assertEquals(Optional.empty(), elf.symbol("no_such_symbol"));
    }

    @Test
    void readsTheLittleEndianPie() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-pie"));
        assertEquals(ElfFile.ET_DYN, elf.type());
        assertEquals(ByteOrder.LITTLE_ENDIAN, elf.byteOrder());
        assertEquals(Abi.ELF_V2, elf.abi());
        assertEquals(0x258, elf.entry());
        assertEquals(Optional.of("/lib64/ld64.so.2"), elf.interpreter());
        assertEquals(0x40, elf.programHeaderAddress().getAsLong(), "PT_PHDR");
        assertEquals(6, elf.programHeader(ProgramHeader.PT_GNU_STACK).orElseThrow().flags(), "RW");
        assertFalse(elf.wantsExecutableStack());
        assertEquals(8, elf.programHeaders().size());
        assertEquals(Optional.empty(), elf.section(".opd"));

        ElfSymbol start = elf.symbol("_start").orElseThrow();
        assertEquals(0x258, start.value());
        assertEquals(0x258, start.address(), "ELFv2: the symbol is the code");
        assertEquals("_start+0x8", elf.symbolAt(0x260).orElseThrow().toString(), "the local entry point");
    }

    @Test
    void namesCallSitesInGlibcLittleEndian() throws Exception {
        ElfFile libc = ElfFile.read(sysrootFile("powerpc64le-linux-gnu/lib/libc.so.6"));
        ElfSymbol write = libc.symbol("write").orElseThrow();
        assertEquals(write.value(), write.address());
        assertTrue(write.dynamic());
        // write, __write and __libc_write share the address: the plain name wins
        assertEquals("write+0x1c", libc.symbolAt(write.address() + 0x1c).orElseThrow().toString());
        assertEquals("write", libc.symbolAt(write.address()).orElseThrow().toString());
        assertTrue(libc.section(".text").orElseThrow().contains(write.address()));
    }

    @Test
    void namesCallSitesInGlibcBigEndian() throws Exception {
        ElfFile libc = ElfFile.read(sysrootFile("powerpc64-linux-gnu/lib/libc.so.6"));
        ElfSymbol write = libc.symbol("write").orElseThrow();
        assertTrue(libc.section(".opd").orElseThrow().contains(write.value()), "dynamic function symbols point into .opd");
        assertTrue(libc.section(".text").orElseThrow().contains(write.address()), "their address is the code");
        assertEquals(libc.descriptorAt(write.value()).entry(), write.address());
        assertEquals("write+0x1c", libc.symbolAt(write.address() + 0x1c).orElseThrow().toString());
    }

    @Test
    void prefersTheDefaultVersionOfASymbol() throws Exception {
        // libc has printf@GLIBC_2.3 (old long double) and printf@@GLIBC_2.4: both named "printf" in .dynstr
        ElfFile libc = ElfFile.read(sysrootFile("powerpc64-linux-gnu/lib/libc.so.6"));
        Pattern defaultPrintf = Pattern.compile("^\\s*\\d+: ([0-9a-f]+) .* printf@@GLIBC\\S*$", Pattern.MULTILINE);
        Matcher m = defaultPrintf.matcher(readelf(sysrootFile("powerpc64-linux-gnu/lib/libc.so.6"), "--dyn-syms"));
        assertTrue(m.find());
        assertEquals(Long.parseUnsignedLong(m.group(1), 16), libc.symbol("printf").orElseThrow().value());
    }

    @Test
    void findsTheElfV1InterpreterEntryDescriptor() throws Exception {
        ElfFile ld = ElfFile.read(sysrootFile("powerpc64-linux-gnu/lib/ld64.so.1"));
        FunctionDescriptor start = ld.descriptorAt(ld.entry());
        assertTrue(ld.section(".opd").orElseThrow().contains(ld.entry()));
        assertTrue(ld.section(".text").orElseThrow().contains(start.entry()));
        // the TOC pointer sits 0x8000 into the TOC, which starts with .got
        assertEquals(ld.section(".got").orElseThrow().address() + 0x8000, start.toc());
        assertEquals(0, start.environment());
    }

    @ParameterizedTest
    @MethodSource("allFiles")
    void agreesWithReadelfOnHeaderAndProgramHeaders(String name) throws Exception {
        Path path = file(name);
        ElfFile elf = ElfFile.read(path);
        String header = readelf(path, "-h");
        assertEquals(hexField(header, "Entry point address"), elf.entry());
        assertEquals(Long.parseLong(field(header, "Number of program headers")), elf.programHeaders().size());
        assertEquals(Long.parseLong(field(header, "Number of section headers")), elf.sections().size());
        assertEquals(field(header, "Flags").contains("abiv2") ? Abi.ELF_V2 : Abi.ELF_V1, elf.abi());
        assertEquals(field(header, "Type").startsWith("EXEC") ? ElfFile.ET_EXEC : ElfFile.ET_DYN, elf.type());

        String segments = readelf(path, "-l");
        // Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align
        Matcher m = Pattern.compile("^\\s+([A-Z_]+)\\s+" + "0x([0-9a-f]+) ".repeat(5) + "(.{3}) 0x([0-9a-f]+)$",
                Pattern.MULTILINE).matcher(segments);
        List<String> expected = new ArrayList<>();
        while (m.find()) {
            expected.add(String.join(" ", m.group(1), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)), hex(m.group(5)),
                    hex(m.group(6)), m.group(7), hex(m.group(8))));
        }
        List<String> actual = elf.programHeaders().stream().map(p -> String.join(" ", p.typeName(), hex(p.offset()),
                hex(p.virtualAddress()), hex(p.physicalAddress()), hex(p.fileSize()), hex(p.memorySize()), p.flagLetters(),
                hex(p.alignment()))).toList();
        assertEquals(elf.programHeaders().size(), expected.size(), segments);
        assertEquals(expected, actual);

        Matcher interpreter = Pattern.compile("\\[Requesting program interpreter: (.*)]").matcher(segments);
        assertEquals(interpreter.find() ? Optional.of(interpreter.group(1)) : Optional.empty(), elf.interpreter());
    }

    @ParameterizedTest
    @MethodSource("allFiles")
    void agreesWithReadelfOnEverySymbol(String name) throws Exception {
        Path path = file(name);
        ElfFile elf = ElfFile.read(path);
        Map<String, List<String>> expected = new TreeMap<>();
        String table = null;
        Pattern header = Pattern.compile("^Symbol table '(\\S+)' contains");
        // Num: Value Size Type Bind Vis [<localentry>: 8] Ndx Name
        Pattern row = Pattern.compile(
                "^\\s*(\\d+): ([0-9a-f]+)\\s+(\\d+|0x[0-9a-f]+) (\\w+)\\s+(\\w+)\\s+\\w+(?:\\s+\\[[^]]*])?\\s+\\w+ ?(.*)$");
        for (String line : readelf(path, "-s").split("\n")) {
            Matcher h = header.matcher(line);
            Matcher r = row.matcher(line);
            if (h.find()) {
                table = h.group(1);
            } else if (r.find() && !r.group(1).equals("0") && !r.group(4).equals("SECTION")) {
                // readelf shows versions (name@@VERSION, name@VERSION (2)); the string table has the bare name
                String bare = r.group(6).replaceFirst("@.*", "");
                long size = r.group(3).startsWith("0x") ? Long.parseLong(r.group(3).substring(2), 16)
                        : Long.parseLong(r.group(3));
                String value = r.group(2).replaceFirst("^0+(?=.)", "");
                expected.computeIfAbsent(table, t -> new ArrayList<>())
                        .add(String.join(" ", bare, value, String.valueOf(size), r.group(4), r.group(5)));
            }
        }
        assertTrue(expected.containsKey(".dynsym") || expected.containsKey(".symtab"));
        Map<String, List<String>> actual = new TreeMap<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.type() != ElfSymbol.STT_SECTION) {
                actual.computeIfAbsent(s.dynamic() ? ".dynsym" : ".symtab", t -> new ArrayList<>()).add(String.join(" ",
                        s.name(), Long.toHexString(s.value()), String.valueOf(s.size()), typeName(s.type()),
                        bindingName(s.binding())));
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void everyGlibcFunctionIsFoundAtItsOwnAddress() throws Exception {
        for (String name : List.of("powerpc64-linux-gnu/lib/libc.so.6", "powerpc64le-linux-gnu/lib/libc.so.6")) {
            ElfFile libc = ElfFile.read(sysrootFile(name));
            Set<Long> checked = new HashSet<>();
            for (ElfSymbol s : libc.symbols()) {
                if (s.isFunction() && s.isDefined() && s.size() > 0) {
                    SymbolLocation last = libc.symbolAt(s.address() + s.size() - 1).orElseThrow();
                    assertEquals(s.address(), last.symbol().address(), s.name());
                    checked.add(s.address());
                }
            }
            assertTrue(checked.size() > 2000, name + ": " + checked.size());
        }
    }

    private static String field(String readelfHeader, String name) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(name) + ":\\s+(.*)$", Pattern.MULTILINE).matcher(readelfHeader);
        assertTrue(m.find(), name);
        return m.group(1).trim();
    }

    private static long hexField(String readelfHeader, String name) {
        return Long.parseUnsignedLong(field(readelfHeader, name).substring(2), 16);
    }

    private static String hex(String digits) {
        return hex(Long.parseUnsignedLong(digits, 16));
    }

    private static String hex(long value) {
        return Long.toHexString(value);
    }

    private static String typeName(int type) {
        return switch (type) {
            case ElfSymbol.STT_NOTYPE -> "NOTYPE";
            case ElfSymbol.STT_OBJECT -> "OBJECT";
            case ElfSymbol.STT_FUNC -> "FUNC";
            case ElfSymbol.STT_FILE -> "FILE";
            case ElfSymbol.STT_TLS -> "TLS";
            case ElfSymbol.STT_GNU_IFUNC -> "IFUNC";
            default -> String.valueOf(type);
        };
    }

    private static String bindingName(int binding) {
        return switch (binding) {
            case ElfSymbol.STB_LOCAL -> "LOCAL";
            case ElfSymbol.STB_GLOBAL -> "GLOBAL";
            case ElfSymbol.STB_WEAK -> "WEAK";
            default -> String.valueOf(binding);
        };
    }
}
