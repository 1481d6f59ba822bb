package dev.k42lens.ui.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.content.IContentDescriber;
import org.eclipse.core.runtime.content.IContentDescription;

import dev.k42lens.core.elf.ElfFile;

/**
 * Recognises the content type {@value #CONTENT_TYPE_ID} from the ELF header alone: the magic, a
 * 64-bit class and e_machine EM_PPC64, read in the byte order EI_DATA declares. Both byte orders
 * match, since the engine runs big- and little-endian programs.
 */
public final class Ppc64ElfDescriber implements IContentDescriber {
    public static final String CONTENT_TYPE_ID = "dev.k42lens.ui.ppc64Elf";

    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int E_MACHINE = 18;
    /** e_ident (16 bytes), e_type (2), e_machine (2). */
    private static final int HEADER_BYTES = E_MACHINE + 2;

    @Override
    public int describe(InputStream contents, IContentDescription description) throws IOException {
        return isPpc64Elf(contents.readNBytes(HEADER_BYTES)) ? VALID : INVALID;
    }

    /** Whether {@code header}, the first bytes of a file, starts a 64-bit PowerPC ELF file. */
    public static boolean isPpc64Elf(byte[] header) {
        if (header.length < HEADER_BYTES || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L'
                || header[3] != 'F' || header[EI_CLASS] != ELFCLASS64) {
            return false;
        }
        ByteOrder order;
        switch (header[EI_DATA]) {
            case ELFDATA2LSB -> order = ByteOrder.LITTLE_ENDIAN;
            case ELFDATA2MSB -> order = ByteOrder.BIG_ENDIAN;
            default -> {
                return false;
            }
        }
        return ByteBuffer.wrap(header).order(order).getShort(E_MACHINE) == ElfFile.EM_PPC64;
    }

    @Override
    public QualifiedName[] getSupportedOptions() {
        return new QualifiedName[0];
    }
}
