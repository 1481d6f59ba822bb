package dev.k42lens.core.elf;

/** An address expressed as a function symbol plus an offset, e.g. {@code write+0x1c}. */
public record SymbolLocation(ElfSymbol symbol, long offset) {
    @Override
    public String toString() {
        return offset == 0 ? symbol.name() : symbol.name() + "+0x" + Long.toHexString(offset);
    }
}
