package dev.k42lens.core.elf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Finds and reads the file behind a program's PT_INTERP path, e.g. /lib64/ld64.so.2. */
@FunctionalInterface
public interface InterpreterResolver {
    /**
     * @return the content of the file to load for {@code guestPath}
     * @throws ElfException when there is none or it cannot be read, with a message the user can
     *         act on, e.g. "missing interpreter /lib64/ld64.so.2 (looked in /usr/powerpc64le-linux-gnu)"
     */
    byte[] resolve(String guestPath) throws ElfException;

    /**
     * Looks the guest path up under each sysroot in turn, the way {@code qemu -L} does; Debian's cross
     * sysroots (/usr/powerpc64-linux-gnu, /usr/powerpc64le-linux-gnu) have the lib64 links for it.
     */
    static InterpreterResolver inSysroots(List<Path> sysroots) {
        List<Path> roots = List.copyOf(sysroots);
        return guestPath -> {
            String relative = guestPath.replaceFirst("^/+", "");
            for (Path root : roots) {
                Path candidate = root.resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return ElfFile.readBytes(candidate);
                }
            }
            throw new ElfException("missing interpreter " + guestPath + (roots.isEmpty() ? " (no sysroot given)"
                    : " (looked in " + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")"));
        };
    }
}
