package dev.k42lens.core.elf;

import static dev.k42lens.core.elf.ElfTestFiles.resource;
import static dev.k42lens.core.elf.ElfTestFiles.resourceBytes;
import static dev.k42lens.core.elf.ElfTestFiles.sysrootFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Files that are not ppc64 programs, or are damaged, each fail with one clear line. */
class ElfFileErrorTest {
    private static String failure(byte[] data) {
        return assertThrows(ElfException.class, () -> ElfFile.parse(data)).getMessage();
    }

    private static String failure(Path path) {
        return assertThrows(ElfException.class, () -> ElfFile.read(path)).getMessage();
    }

    /** A copy of a tiny test program with some header fields changed, in the program's byte order. */
    private static ByteBuffer edited(String name) throws Exception {
        byte[] data = resourceBytes(name);
        return ByteBuffer.wrap(data).order(name.contains("-be-") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void rejectsATextFile() {
        assertEquals("not an ELF file", failure(resource("tiny.c")));
        assertEquals("not an ELF file", failure(new byte[0]));
        assertEquals("not an ELF file", failure("\u007fEL".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void rejectsAnX8664Program() throws Exception {
        Path hostTrue = Path.of("/bin/true");
        assumeTrue(Files.isRegularFile(hostTrue) && Files.readAllBytes(hostTrue)[18] == 62, "no x86-64 /bin/true");
        assertEquals("not a PowerPC64 program: machine is x86-64 (62)", failure(hostTrue));
    }

    @Test
    void namesTheMachineOfAForeignProgram() throws Exception {
        ByteBuffer aarch64 = edited("tiny-le-pie").putShort(18, (short) 183);
        assertEquals("not a PowerPC64 program: machine is AArch64 (183)", failure(aarch64.array()));
        ByteBuffer odd = edited("tiny-le-pie").putShort(18, (short) 9999);
        assertEquals("not a PowerPC64 program: machine is unknown (9999)", failure(odd.array()));
    }

    @Test
    void rejectsA32BitProgram() {
        // the first bytes of a 32-bit big-endian PowerPC executable's ELF header
        byte[] header = Arrays.copyOf(new byte[] { 0x7f, 'E', 'L', 'F', 1, 2, 1, 0 }, 52);
        header[17] = 2;   // ET_EXEC
        header[19] = 20;  // EM_PPC
        assertEquals("not a 64-bit ELF file (ELFCLASS32)", failure(header));
    }

    @Test
    void rejectsARelocatableObject() throws Exception {
        assertEquals("unsupported ELF type ET_REL: only executables and shared objects run",
                failure(edited("tiny-be-exec").putShort(16, (short) ElfFile.ET_REL).array()));
        assertEquals("unsupported ELF type ET_CORE: only executables and shared objects run",
                failure(edited("tiny-be-exec").putShort(16, (short) ElfFile.ET_CORE).array()));
    }

    @Test
    void rejectsARealObjectFile() {
        assertEquals("unsupported ELF type ET_REL: only executables and shared objects run",
                failure(sysrootFile("powerpc64le-linux-gnu/lib/crt1.o")));
    }

    @Test
    void reportsWhereATruncatedFileEnds() throws Exception {
        byte[] tiny = resourceBytes("tiny-be-exec");   // 5360 bytes, 4 program headers, section headers at 4656
        assertEquals("truncated ELF file: the ELF header ends at byte 64 but the file has 40",
                failure(Arrays.copyOf(tiny, 40)));
        assertEquals("truncated ELF file: program headers end at byte 288 but the file has 200",
                failure(Arrays.copyOf(tiny, 200)));
        assertEquals("truncated ELF file: segment 1 (LOAD) ends at byte 4104 but the file has 4096",
                failure(Arrays.copyOf(tiny, 4096)));
        assertEquals("truncated ELF file: section headers end at byte 5360 but the file has 5000",
                failure(Arrays.copyOf(tiny, 5000)));
        byte[] pie = resourceBytes("tiny-le-pie");
        assertEquals("truncated ELF file: program headers end at byte 512 but the file has 100",
                failure(Arrays.copyOf(pie, 100)));
    }

    @Test
    void reportsOffsetsBeyondTheFile() throws Exception {
        ByteBuffer far = edited("tiny-be-exec").putLong(32, -8);   // e_phoff 2^64 - 8
        assertEquals("truncated ELF file: program headers end at byte 18446744073709551832 but the file has 5360",
                failure(far.array()));
        ByteBuffer section = edited("tiny-be-exec");
        section.putLong(4656 + 64 + 24, 0x10000);   // .text's sh_offset
        assertEquals("truncated ELF file: section 1 (.text) ends at byte 65580 but the file has 5360",
                failure(section.array()));
    }

    @Test
    void rejectsCorruptHeaders() throws Exception {
        assertEquals("corrupt ELF file: unknown PowerPC64 ABI version 3 in e_flags 0x3",
                failure(edited("tiny-be-exec").putInt(48, 3).array()));
        assertEquals("corrupt ELF file: program header entries are 32 bytes, expected 56",
                failure(edited("tiny-be-exec").putShort(54, (short) 32).array()));
        assertEquals("corrupt ELF file: no program headers",
                failure(edited("tiny-be-exec").putShort(56, (short) 0).array()));
        assertEquals("corrupt ELF file: section header entries are 40 bytes, expected 64",
                failure(edited("tiny-be-exec").putShort(58, (short) 40).array()));
        assertEquals("corrupt ELF file: the section name table is section 11 but there are only 11 sections",
                failure(edited("tiny-be-exec").putShort(62, (short) 11).array()));
        assertEquals("corrupt ELF file: unknown byte order 3 in EI_DATA",
                failure(edited("tiny-be-exec").put(5, (byte) 3).array()));
        assertEquals("not a 64-bit ELF file (ELFCLASSNONE)", failure(edited("tiny-be-exec").put(4, (byte) 0).array()));
    }

    @Test
    void rejectsCorruptSegments() throws Exception {
        ByteBuffer bigFile = edited("tiny-be-exec").putLong(64 + 56 + 32, 0x10000);   // second LOAD: p_filesz > p_memsz
        assertEquals("corrupt ELF file: segment 1 (LOAD) has a file size of 0x10000 bytes, more than its memory size 0xbe0",
                failure(bigFile.array()));
        ByteBuffer wrap = edited("tiny-be-exec").putLong(64 + 40, -0x1000);   // first LOAD: p_memsz 2^64 - 4096
        assertEquals("corrupt ELF file: segment 0 (LOAD) runs past the end of the address space", failure(wrap.array()));
        ByteBuffer noLoad = edited("tiny-be-exec").putInt(64, ProgramHeader.PT_NOTE).putInt(64 + 56, ProgramHeader.PT_NOTE);
        assertEquals("corrupt ELF file: no loadable (PT_LOAD) segments", failure(noLoad.array()));
    }

    @Test
    void rejectsABadInterpreterPath() throws Exception {
        int interp = 64 + 56;   // tiny-le-pie: PHDR, then INTERP at 0x200, 0x11 bytes with the NUL
        ByteBuffer unterminated = edited("tiny-le-pie").put(0x200 + 0x10, (byte) 'x');
        assertEquals("corrupt ELF file: the interpreter path (PT_INTERP) is not NUL-terminated",
                failure(unterminated.array()));
        ByteBuffer empty = edited("tiny-le-pie").put(0x200, (byte) 0);
        assertEquals("corrupt ELF file: the interpreter path (PT_INTERP) is empty", failure(empty.array()));
        ByteBuffer beyond = edited("tiny-le-pie").putLong(interp + 8, 0x10000);
        assertEquals("truncated ELF file: the interpreter path (PT_INTERP) ends at byte 65553 but the file has 5928",
                failure(beyond.array()));
    }

    @Test
    void rejectsCorruptSymbolTables() throws Exception {
        int symtab = 4656 + 8 * 64;   // tiny-be-exec's section 8
        assertEquals("corrupt ELF file: .symtab entries are 16 bytes, expected 24",
                failure(edited("tiny-be-exec").putLong(symtab + 56, 16).array()));
        assertEquals("corrupt ELF file: .symtab links to section 40, which does not exist",
                failure(edited("tiny-be-exec").putInt(symtab + 40, 40).array()));
        assertEquals("corrupt ELF file: .symtab names section 1 as its string table",
                failure(edited("tiny-be-exec").putInt(symtab + 40, 1).array()));
        ByteBuffer name = edited("tiny-be-exec");
        name.putInt(0x1028 + 9 * 24, 0x7000);   // symbol 9's st_name
        assertEquals("corrupt ELF file: symbol 9 in .symtab has a name outside its string table", failure(name.array()));
        ByteBuffer sectionName = edited("tiny-be-exec").putInt(4656 + 64, 0x7000);
        assertEquals("corrupt ELF file: section 1 has a name outside its string table", failure(sectionName.array()));
    }

    @Test
    void namesTheFileItCannotRead() {
        Path missing = Path.of("/nonexistent/k42lens/program");
        assertEquals("cannot read " + missing + ": no such file", failure(missing));
    }
}
