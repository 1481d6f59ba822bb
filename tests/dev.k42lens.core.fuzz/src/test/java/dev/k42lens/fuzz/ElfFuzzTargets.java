package dev.k42lens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.k42lens.core.elf.ElfFuzzTest;

/**
 * Any bytes as an executable: the ELF reader and the loader either load them (symbols, sections,
 * and the program interpreter, which is the same bytes again) or refuse them in one line, as
 * {@link ElfFuzzTest#exercise} checks. Corpus: the tests' tiny ppc64 programs of both byte
 * orders, static and dynamic.
 */
class ElfFuzzTargets {
    @FuzzTest(maxDuration = "30s")
    void executables(byte[] data) {
        ElfFuzzTest.exercise("this input", data, data);
    }
}
