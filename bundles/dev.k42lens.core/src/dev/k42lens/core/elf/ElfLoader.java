package dev.k42lens.core.elf;

import static dev.k42lens.core.elf.ProcessLayout.ET_DYN_BASE;
import static dev.k42lens.core.elf.ProcessLayout.LOWEST_ADDRESS;
import static dev.k42lens.core.elf.ProcessLayout.MAX_ARGUMENT_BYTES;
import static dev.k42lens.core.elf.ProcessLayout.MAX_IMAGE_SIZE;
import static dev.k42lens.core.elf.ProcessLayout.MMAP_BASE;
import static dev.k42lens.core.elf.ProcessLayout.STACK_SIZE;
import static dev.k42lens.core.elf.ProcessLayout.STACK_TOP;
import static dev.k42lens.core.mem.GuestMemory.PAGE_MASK;
import static dev.k42lens.core.mem.GuestMemory.PAGE_SIZE;
import static dev.k42lens.core.mem.GuestMemory.pageAlignUp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.GuestStrings;
import dev.k42lens.core.mem.Protection;

/**
 * Maps a ppc64 program, and its interpreter if it names one, into a guest address space and builds
 * the initial stack, as Linux's binfmt_elf does for execve (layout in {@link ProcessLayout}).
 */
public final class ElfLoader {
    /** Data and instruction cache block sizes in AT_DCACHEBSIZE/AT_ICACHEBSIZE: dcbz clears 128 bytes. */
    private static final int CACHE_BLOCK_SIZE = 128;
    /** sysconf(_SC_CLK_TCK) on Linux. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final int RANDOM_BYTES = 16;
    /** Alignments above this are ignored: a PIE at ET_DYN_BASE is aligned to it already. */
    private static final long LARGEST_ALIGNMENT = ET_DYN_BASE;

    private ElfLoader() {
    }

    /**
     * Loads {@code program} into {@code memory}, which must be empty and of the program's byte order.
     * On failure the memory is left partly filled and should be dropped.
     *
     * @throws ElfException when the program cannot run: a missing or unsuitable interpreter, segments
     *         outside the address space, a CPU model too old for little-endian code, arguments too long
     */
    public static LoadedProgram load(ElfFile program, GuestMemory memory, LoadRequest request) throws ElfException {
        if (memory.isBigEndian() != program.isBigEndian()) {
            throw new IllegalArgumentException("guest memory is " + endianness(memory.isBigEndian())
                    + " but the program is " + endianness(program.isBigEndian()));
        }
        if (!program.isBigEndian() && !request.cpu().runsLittleEndian()) {
            throw new ElfException("little-endian programs need POWER8 or later, not " + request.cpu().platform());
        }
        StackStrings strings = StackStrings.of(request);

        LoadedImage executable = mapImage(program, executableBias(program), request.execPath(), memory);
        Optional<LoadedImage> interpreter = Optional.empty();
        StartRegisters start;
        if (program.interpreter().isPresent()) {
            LoadedImage loaded = loadInterpreter(program, program.interpreter().get(), memory, request.interpreters());
            interpreter = Optional.of(loaded);
            start = describedIn("interpreter " + loaded.path(), () -> StartRegisters.of(loaded));
        } else {
            start = StartRegisters.of(executable);
        }

        int stackProtection = Protection.RW | (program.wantsExecutableStack() ? Protection.EXEC : 0);
        memory.map(STACK_TOP - STACK_SIZE, STACK_SIZE, stackProtection, "[stack]");
        InitialStack stack = new InitialStack(memory, STACK_TOP - 8);   // Linux leaves the top word zero
        long execfn = stack.pushString(strings.execPath());
        long[] envp = pushAll(stack, strings.envp());
        long[] argv = pushAll(stack, strings.argv());
        stack.alignDown(16);
        byte[] randomBytes = new byte[RANDOM_BYTES];
        request.random().nextBytes(randomBytes);
        long random = stack.pushBytes(randomBytes);

        OptionalLong programHeaders = program.programHeaderAddress();
        long phdr = programHeaders.isPresent() ? programHeaders.getAsLong() + executable.bias() : 0;
        // exactly qemu-user's vector (PPC64-LINUX-ABI.md): qemu is the reference the tests compare
        // with, and glibc's start-up takes other paths when AT_PLATFORM is present
        List<AuxEntry> auxv = List.of(
                new AuxEntry(AuxEntry.AT_IGNOREPPC, AuxEntry.AT_IGNOREPPC),
                new AuxEntry(AuxEntry.AT_IGNOREPPC, AuxEntry.AT_IGNOREPPC),
                new AuxEntry(AuxEntry.AT_DCACHEBSIZE, CACHE_BLOCK_SIZE),
                new AuxEntry(AuxEntry.AT_ICACHEBSIZE, CACHE_BLOCK_SIZE),
                new AuxEntry(AuxEntry.AT_UCACHEBSIZE, 0),
                new AuxEntry(AuxEntry.AT_PHDR, phdr),
                new AuxEntry(AuxEntry.AT_PHENT, ElfFile.PROGRAM_HEADER_SIZE),
                new AuxEntry(AuxEntry.AT_PHNUM, program.programHeaders().size()),
                new AuxEntry(AuxEntry.AT_PAGESZ, PAGE_SIZE),
                new AuxEntry(AuxEntry.AT_BASE, interpreter.map(LoadedImage::bias).orElse(0L)),
                new AuxEntry(AuxEntry.AT_FLAGS, 0),
                new AuxEntry(AuxEntry.AT_ENTRY, program.entry() + executable.bias()),
                new AuxEntry(AuxEntry.AT_UID, request.uid()),
                new AuxEntry(AuxEntry.AT_EUID, request.euid()),
                new AuxEntry(AuxEntry.AT_GID, request.gid()),
                new AuxEntry(AuxEntry.AT_EGID, request.egid()),
                new AuxEntry(AuxEntry.AT_HWCAP, request.cpu().hwcap()),
                new AuxEntry(AuxEntry.AT_CLKTCK, CLOCK_TICKS_PER_SECOND),
                new AuxEntry(AuxEntry.AT_RANDOM, random),
                new AuxEntry(AuxEntry.AT_SECURE, 0),
                new AuxEntry(AuxEntry.AT_EXECFN, execfn),
                new AuxEntry(AuxEntry.AT_HWCAP2, request.cpu().hwcap2()),
                new AuxEntry(AuxEntry.AT_NULL, 0));
        long sp = stack.pushVectors(argv, envp, auxv);
        long auxvAddress = sp + 8L * (1 + argv.length + 1 + envp.length + 1);

        return new LoadedProgram(executable, interpreter, program.abi(), program.byteOrder(), request.cpu(),
                start.pc(), sp, start.toc(), start.r12(), pageAlignUp(executable.end()), phdr, auxvAddress, auxv);
    }

    /** Where the image that runs first starts, as Linux's start_thread sets it up. */
    private record StartRegisters(long pc, long toc, long r12) {
        static StartRegisters of(LoadedImage image) throws ElfException {
            ElfFile elf = image.elf();
            if (elf.abi() == Abi.ELF_V2) {
                long entry = elf.entry() + image.bias();
                return new StartRegisters(entry, 0, entry);
            }
            // the descriptor's words are link-time values: Linux adds the load bias to both
            FunctionDescriptor descriptor = elf.descriptorAt(elf.entry()).relocate(image.bias());
            return new StartRegisters(descriptor.entry(), descriptor.toc(), 0);
        }
    }

    /** The execve strings as UTF-8, checked against Linux's limits before anything is written. */
    private record StackStrings(byte[] execPath, List<byte[]> argv, List<byte[]> envp) {
        static StackStrings of(LoadRequest request) throws ElfException {
            StackStrings strings = new StackStrings(utf8("the program path", request.execPath()),
                    encodeAll("argument", request.argv()), encodeAll("environment entry", request.envp()));
            long size = strings.execPath.length + 1 + 8L * (3 + strings.argv.size() + strings.envp.size());
            for (List<byte[]> list : List.of(strings.argv, strings.envp)) {
                for (byte[] s : list) {
                    size += s.length + 1;
                }
            }
            if (size > MAX_ARGUMENT_BYTES) {
                throw new ElfException("argument list too long: arguments and environment take " + size
                        + " bytes, at most " + MAX_ARGUMENT_BYTES + " fit");
            }
            return strings;
        }

        private static List<byte[]> encodeAll(String what, List<String> strings) throws ElfException {
            byte[][] encoded = new byte[strings.size()][];
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = utf8(what + " " + i, strings.get(i));
            }
            return List.of(encoded);
        }

        private static byte[] utf8(String what, String s) throws ElfException {
            if (s.indexOf('\0') >= 0) {
                throw new ElfException(what + " contains a NUL character");
            }
            return GuestStrings.encode(s);
        }
    }

    /** Pushes strings last to first, so that they lie in order in memory as Linux lays them out. */
    private static long[] pushAll(InitialStack stack, List<byte[]> strings) {
        long[] addresses = new long[strings.size()];
        for (int i = strings.size() - 1; i >= 0; i--) {
            addresses[i] = stack.pushString(strings.get(i));
        }
        return addresses;
    }

    private static LoadedImage loadInterpreter(ElfFile program, String guestPath, GuestMemory memory,
            InterpreterResolver resolver) throws ElfException {
        byte[] content = resolver.resolve(guestPath);
        String subject = "interpreter " + guestPath;
        ElfFile interpreter = describedIn(subject, () -> ElfFile.parse(content));
        if (interpreter.isBigEndian() != program.isBigEndian() || interpreter.abi() != program.abi()) {
            throw new ElfException(subject + " is " + kind(interpreter) + " but the program is " + kind(program));
        }
        return describedIn(subject, () -> mapImage(interpreter,
                interpreter.type() == ElfFile.ET_DYN ? placeBelowMmapBase(interpreter, memory) : 0, guestPath, memory));
    }

    /** Top-down below MMAP_BASE, at the segments' alignment, like the kernel's mmap of ld.so. */
    private static long placeBelowMmapBase(ElfFile elf, GuestMemory memory) throws ElfException {
        long low = lowestPage(elf);
        long span = pageAlignUp(highestEnd(elf)) - low;
        long alignment = alignment(elf);
        long free = Long.compareUnsigned(span, MMAP_BASE - LOWEST_ADDRESS - alignment) > 0 ? -1
                : memory.findFree(span + alignment - PAGE_SIZE, LOWEST_ADDRESS, MMAP_BASE);
        if (free < 0) {
            throw new ElfException(
                    "no room for its 0x" + Long.toHexString(span) + " bytes below 0x" + Long.toHexString(MMAP_BASE));
        }
        long base = (free + alignment - 1) & -alignment;
        return base - low;
    }

    /** 0 for ET_EXEC; for ET_DYN whatever puts the first segment at ET_DYN_BASE, as Linux does for a PIE. */
    private static long executableBias(ElfFile program) {
        return program.type() == ElfFile.ET_DYN ? (ET_DYN_BASE & -alignment(program)) - lowestPage(program) : 0;
    }

    /**
     * Maps each PT_LOAD segment as Linux's mmap of the file would: whole pages from the page-aligned
     * file offset (so bytes around the segment in its first and last page come along), then zeroed
     * anonymous pages for the rest of the bss, which Linux shows without a name.
     */
    private static LoadedImage mapImage(ElfFile elf, long bias, String name, GuestMemory memory) throws ElfException {
        List<ProgramHeader> headers = elf.programHeaders();
        long pages = 0;
        for (int i = 0; i < headers.size(); i++) {
            ProgramHeader p = headers.get(i);
            if (p.isLoad() && p.memorySize() != 0) {
                checkPlacement(i, p, bias, memory);
                long start = bias + p.virtualAddress();
                pages += pageAlignUp(start + p.memorySize()) - (start & ~PAGE_MASK);
            }
        }
        if (pages > MAX_IMAGE_SIZE) {
            throw new ElfException("the segments need " + (pages >> 20) + " MiB of memory; K42 Lens maps at most "
                    + (MAX_IMAGE_SIZE >> 20) + " MiB per image");
        }
        byte[] file = elf.data();
        for (ProgramHeader p : occupied(elf)) {
            long start = bias + p.virtualAddress();
            long pageStart = start & ~PAGE_MASK;
            long fileEnd = p.fileSize() == 0 ? pageStart : pageAlignUp(start + p.fileSize());
            long memoryEnd = pageAlignUp(start + p.memorySize());
            int protection = protection(p.flags());
            if (fileEnd > pageStart) {
                memory.map(pageStart, fileEnd - pageStart, protection, name);
                long fileStart = p.offset() - (start - pageStart);
                memory.writeRaw(pageStart, file, (int) fileStart, (int) (p.offset() + p.fileSize() - fileStart));
            }
            if (memoryEnd > fileEnd) {
                memory.map(fileEnd, memoryEnd - fileEnd, protection, "");
            }
        }
        return new LoadedImage(elf, name, bias, lowestPage(elf) + bias, highestEnd(elf) + bias);
    }

    private static void checkPlacement(int index, ProgramHeader p, long bias, GuestMemory memory) throws ElfException {
        long limit = STACK_TOP - STACK_SIZE;
        String segment = "segment " + index + " (LOAD)";
        long start = bias + p.virtualAddress();
        long end = start + p.memorySize();
        // the unsigned checks come first so that the sums cannot overflow
        if (Long.compareUnsigned(p.virtualAddress(), limit) >= 0 || Long.compareUnsigned(p.memorySize(), limit) >= 0
                || start < LOWEST_ADDRESS || end > limit) {
            throw new ElfException(segment + " at 0x" + Long.toHexString(start) + " (0x"
                    + Long.toHexString(p.memorySize()) + " bytes) does not fit between 0x"
                    + Long.toHexString(LOWEST_ADDRESS) + " and the stack at 0x" + Long.toHexString(limit));
        }
        for (GuestMemory.Mapping m : memory.mappings()) {
            if (m.start() < end && start < m.end()) {
                throw new ElfException(segment + " at 0x" + Long.toHexString(start) + " overlaps " + describe(m));
            }
        }
        if (p.fileSize() != 0 && ((p.virtualAddress() - p.offset()) & PAGE_MASK) != 0) {
            throw new ElfException("corrupt ELF file: " + segment + " address 0x" + Long.toHexString(p.virtualAddress())
                    + " and file offset 0x" + Long.toHexString(p.offset())
                    + " lie at different offsets in their pages");
        }
    }

    private static String describe(GuestMemory.Mapping m) {
        return (m.name().isEmpty() ? "a mapping" : m.name()) + " at 0x" + Long.toHexString(m.start());
    }

    private static int protection(int segmentFlags) {
        return ((segmentFlags & ProgramHeader.PF_R) != 0 ? Protection.READ : 0)
                | ((segmentFlags & ProgramHeader.PF_W) != 0 ? Protection.WRITE : 0)
                | ((segmentFlags & ProgramHeader.PF_X) != 0 ? Protection.EXEC : 0);
    }

    /** The PT_LOAD segments that take memory; Linux skips those with p_memsz 0. */
    private static List<ProgramHeader> occupied(ElfFile elf) {
        return elf.loadSegments().stream().filter(p -> p.memorySize() != 0).toList();
    }

    private static long lowestPage(ElfFile elf) {
        long lowest = -1L;
        for (ProgramHeader p : occupied(elf)) {
            if (Long.compareUnsigned(p.virtualAddress(), lowest) < 0) {
                lowest = p.virtualAddress();
            }
        }
        return lowest & ~PAGE_MASK;
    }

    private static long highestEnd(ElfFile elf) {
        long highest = 0;
        for (ProgramHeader p : occupied(elf)) {
            if (Long.compareUnsigned(p.virtualAddress() + p.memorySize(), highest) > 0) {
                highest = p.virtualAddress() + p.memorySize();
            }
        }
        return highest;
    }

    /** The largest power-of-two p_align of the PT_LOAD segments, at least a page (Linux's maximum_alignment). */
    private static long alignment(ElfFile elf) {
        long alignment = PAGE_SIZE;
        for (ProgramHeader p : occupied(elf)) {
            long a = p.alignment();
            if (Long.bitCount(a) == 1 && a > alignment && a <= LARGEST_ALIGNMENT) {
                alignment = a;
            }
        }
        return alignment;
    }

    private static String endianness(boolean bigEndian) {
        return bigEndian ? "big-endian" : "little-endian";
    }

    private static String kind(ElfFile elf) {
        return endianness(elf.isBigEndian()) + " " + (elf.abi() == Abi.ELF_V1 ? "ELFv1" : "ELFv2");
    }

    private interface ElfStep<T> {
        T run() throws ElfException;
    }

    /** Runs a step whose errors concern {@code subject}, prefixing their messages with it. */
    private static <T> T describedIn(String subject, ElfStep<T> step) throws ElfException {
        try {
            return step.run();
        } catch (ElfException e) {
            throw new ElfException(subject + ": " + e.getMessage());
        }
    }
}
