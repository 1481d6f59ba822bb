package dev.k42lens.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Source lines from .debug_line against binutils' addr2line, at every instruction of every function
 * of the samples' own code (compiled with -g), both byte orders, dynamic and static.
 */
class DwarfLineTableTest {
    private static final Path SAMPLES = Path.of("..", "..", "bundles", "dev.k42lens.samples", "samples", "bin");

    @ParameterizedTest
    @CsvSource({ "be/hello, powerpc64-linux-gnu-addr2line", "le/hello, powerpc64le-linux-gnu-addr2line",
        "be/threads, powerpc64-linux-gnu-addr2line", "le/signals, powerpc64le-linux-gnu-addr2line",
        "be-static/hello, powerpc64-linux-gnu-addr2line", "le/pipe, powerpc64le-linux-gnu-addr2line" })
    void sameLinesAsAddr2line(String program, String addr2line) throws Exception {
        Path binary = SAMPLES.resolve(program);
        assertTrue(Files.isRegularFile(binary), binary + " is not here");
        ElfFile elf = ElfFile.read(binary);
        DwarfLineTable table = DwarfLineTable.of(elf);
        assertFalse(table.isEmpty(), "the samples are built with -g");

        String source = program.substring(program.indexOf('/') + 1) + ".c";
        List<Long> addresses = new ArrayList<>();
        for (ElfSymbol symbol : elf.symbols()) {
            if (symbol.isFunction() && symbol.isDefined() && symbol.size() > 0 && !symbol.dynamic()
                    && table.lineAt(symbol.address()).map(l -> l.file().endsWith(source)).orElse(false)) {
                for (long a = symbol.address(); a < symbol.address() + symbol.size(); a += 4) {
                    addresses.add(a);
                }
            }
        }
        assertTrue(addresses.size() > 10, "instructions of " + source + ": " + addresses.size());
        List<String> command = new ArrayList<>(List.of(addr2line, "-e", binary.toString()));
        addresses.forEach(a -> command.add("0x" + Long.toHexString(a)));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError(addr2line + " is not installed (./test installs binutils-powerpc64*-linux-gnu)", e);
        }
        List<String> expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, process.waitFor());
        assertEquals(addresses.size(), expected.size());
        for (int i = 0; i < addresses.size(); i++) {
            String reference = expected.get(i).replaceAll(" \\(discriminator \\d+\\)$", "");
            long address = addresses.get(i);
            String ours = table.lineAt(address).map(l -> Path.of(l.file()).getFileName() + ":" + l.line()).orElse("??:0");
            String theirs = reference.equals("??:0") || reference.equals("??:?") ? "??:0"
                    : Path.of(reference.substring(0, reference.lastIndexOf(':'))).getFileName() + reference.substring(reference.lastIndexOf(':'));
            assertEquals(theirs, ours, String.format("line of 0x%x", address));
        }
    }
}
