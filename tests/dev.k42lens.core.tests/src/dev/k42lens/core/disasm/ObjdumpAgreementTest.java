package dev.k42lens.core.disasm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.k42lens.core.elf.ElfFile;

/**
 * Compares whole listings with binutils' objdump -d, instruction line by instruction line, and
 * writes every difference to target/disasm-report-NAME-FLAVOUR.txt.
 * (Shared objects are not compared yet: objdump names their dynamic symbols with version suffixes,
 * such as write@@GLIBC_2.17, which the listing does not read from .gnu.version_d yet.)
 */
class ObjdumpAgreementTest {
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");

    /**
     * Whole static glibc programs must agree on at least 99% of their lines; the per-instruction
     * test programs, which hold every instruction the engine executes, on all of them.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({ "guest/bin/be-static/hello, powerpc64-linux-gnu-objdump, 99", "guest/bin/le-static/hello, powerpc64le-linux-gnu-objdump, 99",
        "guest/bin/be-static/cxx, powerpc64-linux-gnu-objdump, 99", "guest/bin/le-static/cxx, powerpc64le-linux-gnu-objdump, 99",
        "guest/isa/isa-be, powerpc64-linux-gnu-objdump, 100", "guest/isa/isa-le, powerpc64le-linux-gnu-objdump, 100" })
    void theInstructionLinesAgree(String file, String objdump, double required) throws Exception {
        Path binary = Path.of(file);
        assertTrue(Files.isRegularFile(binary), file + " is not here");
        Process process;
        try {
            process = new ProcessBuilder(objdump, "-d", binary.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(objdump + " is not installed (./test installs binutils-powerpc64*-linux-gnu)", e);
        }
        String reference = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), objdump + " failed: " + reference);

        StringBuilder mine = new StringBuilder();
        new DisassemblyListing(ElfFile.read(binary), binary.toString()).write(List.of(), mine);

        Map<String, String> ours = instructions(mine.toString());
        Map<String, String> theirs = instructions(reference);
        List<String> differences = new ArrayList<>();
        int identical = 0;
        for (Map.Entry<String, String> line : theirs.entrySet()) {
            if (line.getValue().equals(ours.get(line.getKey()))) {
                identical++;
            } else {
                differences.add(line.getKey() + "\tobjdump: " + line.getValue() + "\n" + line.getKey() + "\tk42lens: "
                        + ours.get(line.getKey()));
            }
        }
        double agreement = 100.0 * identical / theirs.size();
        Path report = Path.of("target", "disasm-report-" + binary.getFileName() + "-"
                + binary.getParent().getFileName() + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.format("%s: %d of %d instruction lines identical (%.3f%%)%n%s%n", file, identical,
                theirs.size(), agreement, String.join("\n", differences)));
        assertTrue(theirs.size() > 1000, "objdump listed only " + theirs.size() + " instructions");
        assertTrue(agreement >= required, String.format("%.3f%% agreement (%.0f%% required), see %s", agreement, required, report));
    }

    private static Map<String, String> instructions(String listing) {
        Map<String, String> result = new HashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = INSTRUCTION.matcher(line);
            if (m.matches()) {
                result.put(m.group(1), m.group(2));
            }
        }
        return result;
    }
}
