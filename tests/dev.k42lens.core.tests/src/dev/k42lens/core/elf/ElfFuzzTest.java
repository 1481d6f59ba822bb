package dev.k42lens.core.elf;

import static dev.k42lens.core.elf.ElfTestFiles.file;
import static dev.k42lens.core.elf.ElfTestFiles.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k42lens.core.mem.GuestMemory;
import dev.k42lens.core.mem.MemoryLimitException;
import dev.k42lens.core.mem.PageBudget;

/**
 * Damaged copies of real files (cut short, bytes flipped) either parse and load or fail with an
 * ElfException whose message is one line: never an index, arithmetic or other stray exception.
 * Fixed seeds keep failures reproducible. The Jazzer target of tests/dev.k42lens.core.fuzz checks
 * its inputs with {@link #exercise}.
 */
public class ElfFuzzTest {
    /** Per file: 3 little-endian and 4 big-endian files make more than 10,000 damaged files per byte order. */
    private static final int ROUNDS = 3400;
    /** A run's memory limit, small: segments larger than it are refused with a MemoryLimitException. */
    private static final long MEMORY_LIMIT = 64L << 20;

    static Stream<String> files() {
        return Stream.concat(ElfTestFiles.TINY_PROGRAMS.stream(), ElfTestFiles.SYSROOT_LIBRARIES.stream()
                .filter(name -> name.contains("ld64")));
    }

    @ParameterizedTest
    @MethodSource("files")
    void damagedFilesFailCleanly(String name) throws Exception {
        byte[] original = Files.readAllBytes(file(name));
        byte[] interpreter = ElfFile.readBytes(resource(original[5] == 2 ? "tiny-be-static-pie" : "tiny-le-static-pie"));
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            byte[] damaged = round % 4 == 0 ? truncated(original, random) : flipped(original, random);
            exercise(name + " round " + round, damaged, interpreter);
        }
    }

    private static byte[] truncated(byte[] original, SplittableRandom random) {
        return Arrays.copyOf(original, random.nextInt(original.length));
    }

    /** Flips a few bytes, mostly in the ELF, program and section headers where they matter most. */
    private static byte[] flipped(byte[] original, SplittableRandom random) {
        byte[] copy = original.clone();
        ByteOrder order = original[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int sectionHeaders = (int) ByteBuffer.wrap(original).order(order).getLong(40);
        int flips = 1 + random.nextInt(6);
        for (int i = 0; i < flips; i++) {
            int at = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(Math.min(copy.length, 64 + 16 * 56));
                case 1 -> sectionHeaders + random.nextInt(copy.length - sectionHeaders);
                default -> random.nextInt(copy.length);
            };
            copy[at] ^= (byte) (random.nextBoolean() ? 1 << random.nextInt(8) : 1 + random.nextInt(255));
        }
        return copy;
    }

    /**
     * Parses {@code data} and loads it (its program interpreter, if it names one, being
     * {@code interpreter}) into an address space with a small memory limit: an ElfException of
     * one line, or a MemoryLimitException, is a clean refusal; any other exception fails.
     */
    public static void exercise(String what, byte[] data, byte[] interpreter) {
        try {
            ElfFile elf = ElfFile.parse(data);
            elf.symbolAt(elf.entry());
            elf.symbol("_start");
            elf.programHeaderAddress();
            elf.section(".text");
            LoadRequest request = new LoadRequest("/fuzz", List.of("/fuzz"), List.of(), 0, 0, 0, 0,
                    CpuModel.defaultFor(elf.byteOrder()), new SplittableRandom(1), path -> interpreter);
            ElfLoader.load(elf, new GuestMemory(elf.isBigEndian(), new PageBudget(MEMORY_LIMIT)), request);
        } catch (ElfException | MemoryLimitException e) {
            assertNotNull(e.getMessage(), what);
            assertFalse(e.getMessage().isBlank() || e.getMessage().chars().anyMatch(Character::isISOControl),
                    what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            fail(what + ": " + e, e);
        }
    }
}
