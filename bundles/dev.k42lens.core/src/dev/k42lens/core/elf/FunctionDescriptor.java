package dev.k42lens.core.elf;

/** An ELFv1 function descriptor: the code address, the TOC pointer (r2) and the environment (r11). */
public record FunctionDescriptor(long entry, long toc, long environment) {
    /** The descriptor with both addresses moved by a load bias (the environment word is not an address). */
    public FunctionDescriptor relocate(long bias) {
        return new FunctionDescriptor(entry + bias, toc + bias, environment);
    }
}
