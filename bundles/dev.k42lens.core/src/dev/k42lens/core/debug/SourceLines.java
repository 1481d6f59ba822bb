package dev.k42lens.core.debug;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

import dev.k42lens.core.elf.DwarfLineTable;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.LoadedImage;
import dev.k42lens.core.kernel.GuestProcess;

/** Source lines of run-time addresses, from the DWARF line table of whichever image holds them (read once per file). */
final class SourceLines {
    private final Map<ElfFile, DwarfLineTable> tables = new IdentityHashMap<>();

    Optional<DwarfLineTable.SourceLine> at(GuestProcess process, long address) {
        return process.imageAt(address).flatMap(image -> table(image).lineAt(address - image.bias()));
    }

    /** True when a source line's code starts at {@code address}: where a source-level step may stop. */
    boolean isLineStart(GuestProcess process, long address) {
        return process.imageAt(address).map(image -> table(image).isStatementStart(address - image.bias())).orElse(false);
    }

    private DwarfLineTable table(LoadedImage image) {
        return tables.computeIfAbsent(image.elf(), DwarfLineTable::of);
    }
}
