package dev.k42lens.core.elf;

import static dev.k42lens.core.elf.ElfTestFiles.resource;
import static dev.k42lens.core.elf.ElfTestFiles.resourceBytes;
import static dev.k42lens.core.elf.ElfTestFiles.sysrootFile;
import static dev.k42lens.core.elf.ProcessLayout.ET_DYN_BASE;
import static dev.k42lens.core.elf.ProcessLayout.MMAP_BASE;
import static dev.k42lens.core.elf.ProcessLayout.STACK_SIZE;
import static dev.k42lens.core.elf.ProcessLayout.STACK_TOP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.Protection;

class ElfLoaderTest {
    private static final long SEED = 42;
    private static final List<String> ARGV = List.of("/bin/tiny", "two words", "");
    private static final List<String> ENVP = List.of("HOME=/root", "LANG=C.UTF-8");

    private static LoadRequest request(String execPath, CpuModel cpu, InterpreterResolver interpreters) {
        return new LoadRequest(execPath, ARGV, ENVP, 1000, 1001, 1002, 1003, cpu, new SplittableRandom(SEED), interpreters);
    }

    /** Resolves every interpreter path to one checked-in test program, standing in for ld.so. */
    private static InterpreterResolver standIn(String name) {
        return guestPath -> ElfFile.readBytes(resource(name));
    }

    private static InterpreterResolver noInterpreter() {
        return guestPath -> {
            throw new AssertionError("asked for " + guestPath);
        };
    }

    private static LoadedProgram load(ElfFile elf, LoadRequest request) throws ElfException {
        return ElfLoader.load(elf, new GuestMemory(elf.isBigEndian()), request);
    }

    private static String loadFailure(ElfFile elf, LoadRequest request) {
        return assertThrows(ElfException.class, () -> load(elf, request)).getMessage();
    }

    @Test
    void loadsABigEndianStaticExecutableAtItsLinkAddresses() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        GuestMemory memory = new GuestMemory(true);
        LoadedProgram program = ElfLoader.load(elf, memory, request("/bin/tiny", CpuModel.POWER5_PLUS, noInterpreter()));

        assertEquals(0, program.executable().bias());
        assertEquals(Abi.ELF_V1, program.abi());
        assertEquals(ByteOrder.BIG_ENDIAN, program.byteOrder());
        assertFalse(program.isDynamicallyLinked());
        assertEquals(Optional.empty(), program.interpreter());
        assertEquals(0x10000120L, program.pc(), "the entry word of the descriptor at e_entry");
        assertEquals(0x10009f00L, program.toc(), "the TOC word of the descriptor");
        assertEquals(0, program.r12());
        assertEquals(0x10003000L, program.brk(), "the page after the bss, which ends at 0x10002bc0");
        assertEquals(0x10000040L, program.programHeaderAddress());
        assertEquals("_start+0x4", program.symbolAt(program.pc() + 4).orElseThrow().toString());

        assertSegmentsLoaded(elf, 0, memory);
        assertEquals(Protection.RX, memory.protection(0x10000000L));
        assertEquals(Protection.RW, memory.protection(0x10002000L));
        assertEquals(List.of(new GuestMemory.Mapping(0x10000000L, 0x10001000L, Protection.RX, "/bin/tiny"),
                new GuestMemory.Mapping(0x10001000L, 0x10003000L, Protection.RW, "/bin/tiny"),
                new GuestMemory.Mapping(STACK_TOP - STACK_SIZE, STACK_TOP, Protection.RW, "[stack]")), memory.mappings());
        // Linux maps whole file pages: the bytes before the data segment in its first page come along
        byte[] file = resourceBytes("tiny-be-exec");
        assertEquals(file[0x20] & 0xff, memory.read8(0x10001020L));

        assertInitialStack(program, memory, "/bin/tiny", CpuModel.POWER5_PLUS);
    }

    @Test
    void loadsALittleEndianPieAndItsInterpreter() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-pie"));
        GuestMemory memory = new GuestMemory(false);
        LoadedProgram program = ElfLoader.load(elf, memory,
                request("/usr/bin/tiny", CpuModel.POWER9, standIn("tiny-le-static-pie")));

        assertTrue(program.isDynamicallyLinked());
        assertEquals(Abi.ELF_V2, program.abi());
        assertEquals(ET_DYN_BASE, program.executable().bias(), "a PIE goes to ELF_ET_DYN_BASE");
        LoadedImage interpreter = program.interpreter().orElseThrow();
        assertEquals("/lib64/ld64.so.2", interpreter.path());
        // the interpreter's segments span 0x3000 bytes: placed right below MMAP_BASE
        assertEquals(MMAP_BASE - 0x3000, interpreter.bias());
        assertEquals(MMAP_BASE - 0x3000, interpreter.start());
        assertEquals(interpreter.bias() + 0x1d0, program.pc(), "start in the interpreter, at its e_entry");
        assertEquals(program.pc(), program.r12(), "ELFv2: r12 holds the global entry address");
        assertEquals(0, program.toc());
        assertEquals(ET_DYN_BASE + 0x40, program.programHeaderAddress(), "PT_PHDR");
        assertEquals(ET_DYN_BASE + 0x3000, program.brk());
        assertEquals("_start", program.symbolAt(program.pc()).orElseThrow().toString());
        assertEquals("_start+0x8", program.symbolAt(ET_DYN_BASE + 0x260).orElseThrow().toString());

        assertSegmentsLoaded(elf, ET_DYN_BASE, memory);
        assertSegmentsLoaded(interpreter.elf(), interpreter.bias(), memory);
        assertEquals(Protection.RX, memory.protection(ET_DYN_BASE));
        assertEquals(Protection.RX, memory.protection(interpreter.bias()));
        assertEquals(Protection.RW, memory.protection(STACK_TOP - 8), "PT_GNU_STACK RW: the stack is not executable");
        assertEquals(List.of("/usr/bin/tiny", "/usr/bin/tiny", "/lib64/ld64.so.2", "/lib64/ld64.so.2", "[stack]"),
                memory.mappings().stream().map(GuestMemory.Mapping::name).toList());

        assertInitialStack(program, memory, "/usr/bin/tiny", CpuModel.POWER9);
    }

    @Test
    void startsAnElfV1ProgramThroughItsInterpretersDescriptor() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-pie"));
        GuestMemory memory = new GuestMemory(true);
        LoadedProgram program = ElfLoader.load(elf, memory,
                request("/bin/tiny", CpuModel.POWER8, standIn("tiny-be-static-pie")));
        LoadedImage interpreter = program.interpreter().orElseThrow();
        // tiny-be-static-pie: e_entry 0x1ee8 is the descriptor {0x1f8, 0x9f00, 0}, relocated like Linux does
        assertEquals(interpreter.bias() + 0x1f8, program.pc());
        assertEquals(interpreter.bias() + 0x9f00, program.toc());
        assertEquals(0, program.r12());
        assertEquals(ET_DYN_BASE + 0x1ee8, auxValue(program, AuxEntry.AT_ENTRY), "AT_ENTRY: the program's descriptor");
        assertEquals("_start", program.symbolAt(program.pc()).orElseThrow().toString());
        assertInitialStack(program, memory, "/bin/tiny", CpuModel.POWER8);
    }

    @Test
    void loadsAStaticPieWithoutInterpreterAtTheEtDynBase() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-static-pie"));
        LoadedProgram program = load(elf, request("/tiny", CpuModel.POWER8, noInterpreter()));
        assertFalse(program.isDynamicallyLinked());
        assertEquals(ET_DYN_BASE + 0x1d0, program.pc());
        assertEquals(0, auxValue(program, AuxEntry.AT_BASE));
        assertEquals(ET_DYN_BASE + 0x40, program.programHeaderAddress(), "no PT_PHDR: found in the first PT_LOAD");
    }

    @Test
    void loadsAnInterpreterThatIsAnExecutableAtItsLinkAddresses() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-pie"));
        LoadedProgram program = load(elf, request("/tiny", CpuModel.POWER5_PLUS, standIn("tiny-be-exec")));
        assertEquals(0, program.interpreter().orElseThrow().bias());
        assertEquals(0x10000120L, program.pc());
        assertEquals(0, auxValue(program, AuxEntry.AT_BASE));
    }

    @Test
    void makesTheStackExecutableWhenPtGnuStackAsks() throws Exception {
        byte[] data = resourceBytes("tiny-le-static-pie");
        ElfFile original = ElfFile.parse(data.clone());
        int gnuStack = original.programHeaders().indexOf(original.programHeader(ProgramHeader.PT_GNU_STACK).orElseThrow());
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(64 + gnuStack * 56 + 4, 7);
        GuestMemory memory = new GuestMemory(false);
        ElfLoader.load(ElfFile.parse(data), memory, request("/tiny", CpuModel.POWER9, noInterpreter()));
        assertEquals(Protection.RWX, memory.protection(STACK_TOP - 8));
    }

    @Test
    void loadsGlibcWithTheRealInterpreterLittleEndian() throws Exception {
        Path libc = sysrootFile("powerpc64le-linux-gnu/lib/libc.so.6");
        ElfFile elf = ElfFile.read(libc);
        GuestMemory memory = new GuestMemory(false);
        LoadedProgram program = ElfLoader.load(elf, memory, request("/lib/libc.so.6", CpuModel.POWER9,
                InterpreterResolver.inSysroots(List.of(ElfTestFiles.LITTLE_ENDIAN_SYSROOT))));
        LoadedImage ld = program.interpreter().orElseThrow();
        // ld64.so.2's segments end at 0x61330 and are 64 KiB aligned: the highest such base below MMAP_BASE
        assertEquals(0x7ffff7f90000L, ld.bias());
        assertEquals(ld.bias() + ld.elf().entry(), program.pc());
        assertEquals(ld.bias(), auxValue(program, AuxEntry.AT_BASE));
        assertSegmentsLoaded(elf, ET_DYN_BASE, memory);
        assertSegmentsLoaded(ld.elf(), ld.bias(), memory);
        assertBssIsAnonymous(elf, ET_DYN_BASE, memory);
        assertInitialStack(program, memory, "/lib/libc.so.6", CpuModel.POWER9);
    }

    @Test
    void loadsGlibcWithTheRealInterpreterBigEndian() throws Exception {
        Path libc = sysrootFile("powerpc64-linux-gnu/lib/libc.so.6");
        ElfFile elf = ElfFile.read(libc);
        GuestMemory memory = new GuestMemory(true);
        LoadedProgram program = ElfLoader.load(elf, memory, request("/lib/libc.so.6", CpuModel.POWER5_PLUS,
                InterpreterResolver.inSysroots(List.of(Path.of("/nonexistent"), ElfTestFiles.BIG_ENDIAN_SYSROOT))));
        LoadedImage ld = program.interpreter().orElseThrow();
        FunctionDescriptor start = ld.elf().descriptorAt(ld.elf().entry());
        assertEquals(ld.bias() + start.entry(), program.pc());
        assertEquals(ld.bias() + start.toc(), program.toc());
        assertSegmentsLoaded(elf, ET_DYN_BASE, memory);
        assertSegmentsLoaded(ld.elf(), ld.bias(), memory);
        assertBssIsAnonymous(elf, ET_DYN_BASE, memory);
        assertInitialStack(program, memory, "/lib/libc.so.6", CpuModel.POWER5_PLUS);
    }

    @Test
    void reportsAMissingInterpreter(@TempDir Path sysroot) throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-pie"));
        assertEquals("missing interpreter /lib64/ld64.so.2 (looked in " + sysroot + ")",
                loadFailure(elf, request("/tiny", CpuModel.POWER9, InterpreterResolver.inSysroots(List.of(sysroot)))));
        assertEquals("missing interpreter /lib64/ld64.so.2 (no sysroot given)",
                loadFailure(elf, request("/tiny", CpuModel.POWER9, InterpreterResolver.inSysroots(List.of()))));
    }

    @Test
    void reportsAnUnsuitableInterpreter() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-pie"));
        assertEquals("interpreter /lib64/ld64.so.2: not an ELF file",
                loadFailure(elf, request("/tiny", CpuModel.POWER9, standIn("tiny.c"))));
        assertEquals("interpreter /lib64/ld64.so.2 is big-endian ELFv1 but the program is little-endian ELFv2",
                loadFailure(elf, request("/tiny", CpuModel.POWER9, standIn("tiny-be-static-pie"))));
        assertEquals("cannot read /nonexistent: no such file",
                loadFailure(elf, request("/tiny", CpuModel.POWER9, guestPath -> ElfFile.readBytes(Path.of("/nonexistent")))));
    }

    @Test
    void refusesLittleEndianCodeOnAPower5() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-static-pie"));
        assertEquals("little-endian programs need POWER8 or later, not power5+",
                loadFailure(elf, request("/tiny", CpuModel.POWER5_PLUS, noInterpreter())));
    }

    @Test
    void refusesAnExecutableLinkedAtAddressZero() throws Exception {
        byte[] data = resourceBytes("tiny-le-static-pie");
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) ElfFile.ET_EXEC);
        assertEquals("segment 0 (LOAD) at 0x0 (0x204 bytes) does not fit between 0x10000 and the stack at 0x7fffff800000",
                loadFailure(ElfFile.parse(data), request("/tiny", CpuModel.POWER9, noInterpreter())));
    }

    @Test
    void refusesToMapOverExistingMemory() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        GuestMemory memory = new GuestMemory(true);
        memory.map(0x10001000L, 0x1000, Protection.RW, "[heap]");
        assertEquals("segment 1 (LOAD) at 0x10001fe0 overlaps [heap] at 0x10001000", assertThrows(ElfException.class,
                () -> ElfLoader.load(elf, memory, request("/tiny", CpuModel.POWER5_PLUS, noInterpreter()))).getMessage());
    }

    @Test
    void checksTheArguments() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        String huge = "x".repeat((int) ProcessLayout.MAX_ARGUMENT_BYTES);
        LoadRequest tooLong = new LoadRequest("/tiny", List.of("/tiny", huge), List.of(), 0, 0, 0, 0,
                CpuModel.POWER5_PLUS, new SplittableRandom(1), noInterpreter());
        assertEquals("argument list too long: arguments and environment take 2097205 bytes, at most 2097152 fit",
                loadFailure(elf, tooLong));
        LoadRequest nul = new LoadRequest("/tiny", List.of("/tiny"), List.of("A=\0"), 0, 0, 0, 0, CpuModel.POWER5_PLUS,
                new SplittableRandom(1), noInterpreter());
        assertEquals("environment entry 0 contains a NUL character", loadFailure(elf, nul));
    }

    @Test
    void refusesMemoryOfTheWrongByteOrder() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-be-exec"));
        assertThrows(IllegalArgumentException.class,
                () -> ElfLoader.load(elf, new GuestMemory(false), request("/tiny", CpuModel.POWER5_PLUS, noInterpreter())));
    }

    @Test
    void isDeterministicForASeed() throws Exception {
        ElfFile elf = ElfFile.read(resource("tiny-le-pie"));
        LoadedProgram first = load(elf, request("/tiny", CpuModel.POWER9, standIn("tiny-le-static-pie")));
        LoadedProgram second = load(elf, request("/tiny", CpuModel.POWER9, standIn("tiny-le-static-pie")));
        assertEquals(first.auxv(), second.auxv());
        assertEquals(first.stackPointer(), second.stackPointer());
    }

    // ---- checks -------------------------------------------------------------------------------

    /** Every PT_LOAD: file bytes at its address, zeros from p_filesz to p_memsz, the page permissions. */
    private static void assertSegmentsLoaded(ElfFile elf, long bias, GuestMemory memory) {
        for (ProgramHeader p : elf.loadSegments()) {
            long start = bias + p.virtualAddress();
            byte[] inMemory = new byte[(int) p.memorySize()];
            memory.readRaw(start, inMemory, 0, inMemory.length);
            byte[] expected = new byte[inMemory.length];
            System.arraycopy(elf.data(), (int) p.offset(), expected, 0, (int) p.fileSize());
            assertArrayEquals(expected, inMemory, () -> "segment at 0x" + Long.toHexString(start));
            int protection = ((p.flags() & ProgramHeader.PF_R) != 0 ? Protection.READ : 0)
                    | ((p.flags() & ProgramHeader.PF_W) != 0 ? Protection.WRITE : 0)
                    | ((p.flags() & ProgramHeader.PF_X) != 0 ? Protection.EXEC : 0);
            for (long page = start & ~GuestMemory.PAGE_MASK; page < start + p.memorySize(); page += GuestMemory.PAGE_SIZE) {
                assertEquals(protection, memory.protection(page), "0x" + Long.toHexString(page));
            }
        }
    }

    /** The pages of the writable segment beyond its file data are an unnamed mapping, as Linux shows them. */
    private static void assertBssIsAnonymous(ElfFile elf, long bias, GuestMemory memory) {
        ProgramHeader data = elf.loadSegments().get(elf.loadSegments().size() - 1);
        long fileEnd = GuestMemory.pageAlignUp(bias + data.virtualAddress() + data.fileSize());
        long memoryEnd = GuestMemory.pageAlignUp(bias + data.virtualAddress() + data.memorySize());
        assertTrue(memoryEnd > fileEnd, "the test needs a bss beyond the file data");
        assertTrue(memory.mappings().contains(new GuestMemory.Mapping(fileEnd, memoryEnd, Protection.RW, "")),
                memory.mappings()::toString);
    }

    /**
     * Reads the whole initial stack back: argc, argv, envp, every auxv entry in order with its value,
     * the strings it points to, the random bytes, and the Linux layout of the area above.
     */
    private static void assertInitialStack(LoadedProgram program, GuestMemory memory, String execPath, CpuModel cpu) {
        GuestMemory.Mapping stack = new GuestMemory.Mapping(STACK_TOP - STACK_SIZE, STACK_TOP, Protection.RW, "[stack]");
        assertTrue(memory.mappings().contains(stack), memory.mappings()::toString);
        long sp = program.stackPointer();
        assertEquals(0, sp % 16, "sp is 16-byte aligned");
        long at = sp;
        assertEquals(ARGV.size(), memory.read64(at));
        at += 8;
        List<Long> argv = new ArrayList<>();
        for (String arg : ARGV) {
            argv.add(memory.read64(at));
            assertEquals(arg, memory.readCString(memory.read64(at), 4096));
            at += 8;
        }
        assertEquals(0, memory.read64(at));
        at += 8;
        List<Long> envp = new ArrayList<>();
        for (String env : ENVP) {
            envp.add(memory.read64(at));
            assertEquals(env, memory.readCString(memory.read64(at), 4096));
            at += 8;
        }
        assertEquals(0, memory.read64(at));
        at += 8;
        assertEquals(program.auxvAddress(), at);

        ElfFile elf = program.executable().elf();
        long bias = program.executable().bias();
        long[][] expected = {
                { AuxEntry.AT_IGNOREPPC, AuxEntry.AT_IGNOREPPC },
                { AuxEntry.AT_IGNOREPPC, AuxEntry.AT_IGNOREPPC },
                { AuxEntry.AT_DCACHEBSIZE, 128 },
                { AuxEntry.AT_ICACHEBSIZE, 128 },
                { AuxEntry.AT_UCACHEBSIZE, 0 },
                { AuxEntry.AT_PHDR, program.programHeaderAddress() },
                { AuxEntry.AT_PHENT, 56 },
                { AuxEntry.AT_PHNUM, elf.programHeaders().size() },
                { AuxEntry.AT_PAGESZ, 4096 },
                { AuxEntry.AT_BASE, program.interpreter().map(LoadedImage::bias).orElse(0L) },
                { AuxEntry.AT_FLAGS, 0 },
                { AuxEntry.AT_ENTRY, elf.entry() + bias },
                { AuxEntry.AT_UID, 1000 },
                { AuxEntry.AT_EUID, 1001 },
                { AuxEntry.AT_GID, 1002 },
                { AuxEntry.AT_EGID, 1003 },
                { AuxEntry.AT_HWCAP, cpu.hwcap() },
                { AuxEntry.AT_CLKTCK, 100 },
                { AuxEntry.AT_RANDOM, -1 },
                { AuxEntry.AT_SECURE, 0 },
                { AuxEntry.AT_EXECFN, -1 },
                { AuxEntry.AT_HWCAP2, cpu.hwcap2() },
                { AuxEntry.AT_NULL, 0 } };
        long random = 0;
        long execfn = 0;
        for (int i = 0; i < expected.length; i++, at += 16) {
            long type = memory.read64(at);
            long value = memory.read64(at + 8);
            assertEquals(expected[i][0], type, "auxv entry " + i);
            assertEquals(new AuxEntry((int) type, value), program.auxv().get(i));
            switch ((int) type) {
                case AuxEntry.AT_RANDOM -> random = value;
                case AuxEntry.AT_EXECFN -> execfn = value;
                default -> assertEquals(expected[i][1], value, program.auxv().get(i).typeName());
            }
        }
        assertEquals(expected.length, program.auxv().size());

        // from the top down: a zero word, execfn, the environment and argument strings in order,
        // padding to 16, then the 16 random bytes (no AT_PLATFORM string: qemu passes none)
        assertEquals(0, memory.read64(STACK_TOP - 8));
        assertEquals(execPath, memory.readCString(execfn, 4096));
        assertEquals(STACK_TOP - 8, execfn + utf8Length(execPath) + 1);
        List<Long> strings = new ArrayList<>(argv);
        strings.addAll(envp);
        List<String> texts = new ArrayList<>(ARGV);
        texts.addAll(ENVP);
        for (int i = 0; i + 1 < strings.size(); i++) {
            assertEquals(strings.get(i + 1), strings.get(i) + utf8Length(texts.get(i)) + 1, "strings are packed in order");
        }
        assertEquals(execfn, strings.get(strings.size() - 1) + utf8Length(texts.get(texts.size() - 1)) + 1);
        assertEquals(argv.get(0) & -16L, random + 16);
        byte[] expectedRandom = new byte[16];
        new SplittableRandom(SEED).nextBytes(expectedRandom);
        byte[] actualRandom = new byte[16];
        memory.read(random, actualRandom, 0, 16);
        assertArrayEquals(expectedRandom, actualRandom);
        assertTrue(at <= random, "the vectors lie below the strings");
        assertTrue(random - at < 16, "with no more than alignment padding between");
    }

    private static long auxValue(LoadedProgram program, int type) {
        return program.auxv().stream().filter(e -> e.type() == type).findFirst().orElseThrow().value();
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
