package dev.k42lens.core.disasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.k42lens.core.cpu.Disassembler;
import dev.k42lens.core.elf.ElfException;
import dev.k42lens.core.elf.ElfFile;
import dev.k42lens.core.elf.ElfSection;

/**
 * A whole-file disassembly in the layout of binutils' {@code objdump -d}: the file format line,
 * one block per executable section, a {@code <symbol>:} header wherever a symbol starts, each
 * instruction as {@code address:\tbytes \ttext}, and runs of zero words folded into {@code ...}.
 */
public final class DisassemblyListing {
    /** objdump folds a run of at least this many zero bytes (unless it reaches the symbol's end). */
    private static final int FOLDED_ZEROS = 8;

    private final ElfFile elf;
    private final String fileName;
    private final ListingSymbols symbols;
    private final Disassembler disassembler;

    public DisassemblyListing(ElfFile elf, String fileName) {
        this.elf = elf;
        this.fileName = fileName;
        this.symbols = new ListingSymbols(elf);
        this.disassembler = new Disassembler(symbols::describe);
    }

    public ListingSymbols symbols() {
        return symbols;
    }

    /** The executable sections, in file order. */
    public List<ElfSection> codeSections() {
        List<ElfSection> result = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if ((s.flags() & ElfSection.SHF_EXECINSTR) != 0 && (s.flags() & ElfSection.SHF_ALLOC) != 0
                    && s.hasFileData() && s.size() > 0) {
                result.add(s);
            }
        }
        return result;
    }

    /** Writes the listing of the given sections (all code sections when empty). */
    public void write(List<ElfSection> sections, Appendable out) throws ElfException {
        try {
            out.append('\n').append(fileName).append(":     file format ")
                    .append(elf.isBigEndian() ? "elf64-powerpc" : "elf64-powerpcle").append("\n\n");
            for (ElfSection section : sections.isEmpty() ? codeSections() : sections) {
                out.append("\nDisassembly of section ").append(section.name()).append(":\n");
                writeRange(section, section.address(), section.address() + section.size(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the listing of one symbol's code, from its address to the next symbol. */
    public void writeSymbol(ListingSymbols.Symbol symbol, Appendable out) throws ElfException {
        ElfSection section = codeSections().stream().filter(s -> s.contains(symbol.address())).findFirst()
                .orElseThrow(() -> new ElfException("symbol " + symbol.name() + " is not in an executable section"));
        long end = symbols.nextAbove(symbol.address(), section.address() + section.size());
        try {
            out.append('\n').append(fileName).append(":     file format ")
                    .append(elf.isBigEndian() ? "elf64-powerpc" : "elf64-powerpcle").append("\n\n");
            out.append("\nDisassembly of section ").append(section.name()).append(":\n");
            writeRange(section, symbol.address(), end, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeRange(ElfSection section, long start, long end, Appendable out) throws IOException, ElfException {
        ByteBuffer bytes = ByteBuffer.wrap(elf.sectionData(section)).order(elf.byteOrder());
        int addressSkip = addressSkip(section);
        List<Long> boundaries = new ArrayList<>();
        boundaries.add(start);
        for (long s : symbols.starts(start + 1, end)) {
            boundaries.add(s);
        }
        boundaries.add(end);
        for (int b = 0; b + 1 < boundaries.size(); b++) {
            long regionStart = boundaries.get(b);
            long regionEnd = boundaries.get(b + 1);
            out.append('\n').append(String.format("%016x", regionStart)).append(" <")
                    .append(header(section, regionStart)).append(">:\n");
            long address = regionStart;
            while (address < regionEnd) {
                int offset = (int) (address - section.address());
                long zeros = zeroRun(bytes, offset, (int) (regionEnd - section.address()));
                if (zeros >= FOLDED_ZEROS || (address + zeros == regionEnd && zeros > 0 && zeros < 3)) {
                    long skipped = address + zeros == regionEnd ? zeros : zeros & ~3L;
                    out.append("\t...\n");
                    address += skipped;
                    continue;
                }
                if (regionEnd - address < 4) {
                    break; // a trailing partial word is not an instruction
                }
                int word = bytes.getInt(offset);
                boolean nextInRange = regionEnd - address >= 8;
                Disassembler.Line line = nextInRange ? disassembler.line(address, word, bytes.getInt(offset + 4))
                        : new Disassembler.Line(disassembler.text(address, word), 4);
                out.append(formatAddress(address, addressSkip)).append(":\t");
                appendBytes(out, bytes, offset);
                out.append('\t').append(line.text()).append('\n');
                if (line.length() == 8) {
                    // as objdump: the suffix's bytes on a line of their own
                    out.append(formatAddress(address + 4, addressSkip)).append(":\t");
                    appendBytes(out, bytes, offset + 4);
                    out.append('\n');
                    address += 4;
                }
                address += 4;
            }
        }
    }

    private static void appendBytes(Appendable out, ByteBuffer bytes, int offset) throws IOException {
        for (int i = 0; i < 4; i++) {
            out.append(String.format("%02x ", bytes.get(offset + i) & 0xff));
        }
    }

    private String header(ElfSection section, long address) {
        ListingSymbols.Symbol symbol = symbols.at(address);
        if (symbol != null && section.contains(symbol.address())) {
            long offset = address - symbol.address();
            return offset == 0 ? symbol.name() : symbol.name() + "+0x" + Long.toHexString(offset);
        }
        long offset = address - section.address();
        return offset == 0 ? section.name() : section.name() + "+0x" + Long.toHexString(offset);
    }

    private static long zeroRun(ByteBuffer bytes, int offset, int limit) {
        int z = offset;
        while (z < limit && bytes.get(z) == 0) {
            z++;
        }
        return z - offset;
    }

    /** objdump drops the leading zero digits the section's end address has, in steps of four. */
    private static int addressSkip(ElfSection section) {
        String end = String.format("%016x", section.address() + section.size());
        int zeros = 0;
        while (zeros < end.length() && end.charAt(zeros) == '0') {
            zeros++;
        }
        return zeros == 0 ? 0 : (zeros - 1) & -4;
    }

    private static String formatAddress(long address, int skip) {
        char[] digits = String.format("%016x", address).toCharArray();
        int i = skip;
        while (i < digits.length - 1 && digits[i] == '0') {
            digits[i++] = ' ';
        }
        return new String(digits, skip, digits.length - skip);
    }
}
