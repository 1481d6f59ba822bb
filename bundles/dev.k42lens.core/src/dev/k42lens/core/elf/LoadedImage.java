package dev.k42lens.core.elf;

import java.util.Optional;

/**
 * An ELF file mapped into guest memory: the file, the guest path its mappings are named after, and
 * the load bias added to every link-time address (0 for ET_EXEC). [start, end) spans its segments.
 */
public record LoadedImage(ElfFile elf, String path, long bias, long start, long end) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, end - start) < 0;
    }

    /** The function containing a run-time address of this image, e.g. "write+0x1c". */
    public Optional<SymbolLocation> symbolAt(long address) {
        return contains(address) ? elf.symbolAt(address - bias) : Optional.empty();
    }
}
