package dev.k42lens.core.disasm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.k42lens.core.elf.Abi;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.ElfSection;
import dev.k42lens.core.elf.ElfSymbol;

/**
 * The symbols a disassembly listing names addresses with, chosen and ordered the way binutils'
 * objdump does, so that listings and branch targets read the same: on ELFv1 each function
 * descriptor in .opd becomes a ".name" symbol at the function's code (one per descriptor, a global
 * one first, else the first in the symbol table); among symbols at one address functions come
 * first, then globals, then others, locals last, then names not starting with '.', then by name.
 */
public final class ListingSymbols {
    /** A symbol as the listing shows it. */
    public record Symbol(String name, long address, int sectionIndex, boolean function, int binding) {
    }

    private final List<Symbol> sorted;
    private final long[] addresses;

    public ListingSymbols(ElfFile elf) {
        List<ElfSymbol> source = elf.symbols().stream().filter(s -> !s.dynamic()).toList();
        if (source.isEmpty()) {
            source = elf.symbols();
        }
        int opdIndex = elf.section(".opd").map(ElfSection::index).orElse(-1);
        List<Symbol> symbols = new ArrayList<>();
        Map<Long, Integer> descriptorChoice = new HashMap<>();
        for (ElfSymbol s : source) {
            if (!s.isDefined() || s.type() == ElfSymbol.STT_SECTION || s.type() == ElfSymbol.STT_FILE || s.name().isEmpty()) {
                continue;
            }
            if (elf.abi() == Abi.ELF_V1 && s.sectionIndex() == opdIndex && s.isFunction()) {
                // one synthetic symbol per descriptor: the first global, else the first at all
                Integer chosen = descriptorChoice.get(s.value());
                if (chosen == null) {
                    descriptorChoice.put(s.value(), symbols.size());
                    symbols.add(new Symbol("." + s.name(), s.address(), codeSection(elf, s.address()), true, s.binding()));
                } else if (symbols.get(chosen).binding() != ElfSymbol.STB_GLOBAL && s.binding() == ElfSymbol.STB_GLOBAL) {
                    symbols.set(chosen, new Symbol("." + s.name(), s.address(), codeSection(elf, s.address()), true, s.binding()));
                }
                continue;
            }
            symbols.add(new Symbol(s.name(), s.address(), s.sectionIndex(), s.isFunction(), s.binding()));
        }
        symbols.sort(Comparator.comparingLong(Symbol::address).thenComparing(ListingSymbols::preference));
        this.sorted = List.copyOf(symbols);
        this.addresses = sorted.stream().mapToLong(Symbol::address).toArray();
    }

    private static int codeSection(ElfFile elf, long address) {
        return elf.sections().stream().filter(s -> s.contains(address)).mapToInt(ElfSection::index).findFirst().orElse(0);
    }

    private static int preference(Symbol a, Symbol b) {
        if (a.function() != b.function()) {
            return a.function() ? -1 : 1;
        }
        boolean aLocal = a.binding() == ElfSymbol.STB_LOCAL;
        boolean bLocal = b.binding() == ElfSymbol.STB_LOCAL;
        if (aLocal != bLocal) {
            return aLocal ? 1 : -1;
        }
        boolean aGlobal = a.binding() == ElfSymbol.STB_GLOBAL;
        boolean bGlobal = b.binding() == ElfSymbol.STB_GLOBAL;
        if (aGlobal != bGlobal) {
            return aGlobal ? -1 : 1;
        }
        boolean aDot = a.name().startsWith(".");
        boolean bDot = b.name().startsWith(".");
        if (aDot != bDot) {
            return aDot ? 1 : -1;
        }
        return a.name().compareTo(b.name());
    }

    /** The symbol objdump shows for code at {@code address}: the best one at or below it, or null. */
    public Symbol at(long address) {
        int i = lastAtOrBelow(address);
        if (i < 0) {
            return null;
        }
        while (i > 0 && addresses[i - 1] == addresses[i]) {
            i--;
        }
        return sorted.get(i);
    }

    /** {@code name} or {@code name+0x1c} for an address, or null when no symbol precedes it. */
    public String describe(long address) {
        Symbol symbol = at(address);
        if (symbol == null) {
            return null;
        }
        long offset = address - symbol.address();
        return offset == 0 ? symbol.name() : symbol.name() + "+0x" + Long.toHexString(offset);
    }

    /** The addresses in [start, end) where a symbol starts, ascending, each once. */
    public List<Long> starts(long start, long end) {
        List<Long> result = new ArrayList<>();
        int i = lastAtOrBelow(start - 1) + 1;
        for (; i < addresses.length && addresses[i] < end; i++) {
            if (result.isEmpty() || result.get(result.size() - 1) != addresses[i]) {
                result.add(addresses[i]);
            }
        }
        return result;
    }

    /** The symbol named {@code name} (the listing's spelling, e.g. ".main" on ELFv1), or null. */
    public Symbol named(String name) {
        return sorted.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The address of the next symbol above {@code address}, or {@code limit} if none is below it. */
    public long nextAbove(long address, long limit) {
        int i = lastAtOrBelow(address) + 1;
        return i < addresses.length && addresses[i] < limit ? addresses[i] : limit;
    }

    private int lastAtOrBelow(long address) {
        int lo = 0;
        int hi = addresses.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
