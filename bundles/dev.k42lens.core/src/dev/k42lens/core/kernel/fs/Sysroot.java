package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cross sysroot that supplies the guest's shared libraries and dynamic loader.
 *
 * @param directory        the sysroot on the host, e.g. /usr/powerpc64le-linux-gnu
 * @param multiarchTriplet the Debian multiarch name the guest loader searches, e.g.
 *                         "powerpc64le-linux-gnu" (in /lib/TRIPLET and /usr/lib/TRIPLET)
 */
public record Sysroot(Path directory, String multiarchTriplet) {

    /** Debian's cross sysroot for the guest's byte order (packages libc6-ppc64-cross, libc6-ppc64el-cross). */
    public static Sysroot debianCross(boolean bigEndian) {
        String triplet = bigEndian ? "powerpc64-linux-gnu" : "powerpc64le-linux-gnu";
        return new Sysroot(Path.of("/usr", triplet), triplet);
    }

    /**
     * The guest directories glibc's loader looks in (its built-in search list, plus /lib64 for the
     * PT_INTERP path and /usr/lib64 for completeness).
     */
    public List<String> libraryDirectories() {
        return List.of("/lib64", "/usr/lib64", "/lib/" + multiarchTriplet, "/usr/lib/" + multiarchTriplet, "/lib", "/usr/lib");
    }

    /**
     * The host directories that fill the guest library directory {@code guestDirectory}, first
     * match wins: the same path inside the sysroot (for a sysroot laid out like a root file
     * system), then the sysroot's lib/ (where Debian's cross sysroots keep every library). Only
     * real directories inside the sysroot count, so a symlink in the sysroot cannot widen it.
     */
    List<Path> layersFor(String guestDirectory) {
        List<Path> layers = new ArrayList<>();
        try {
            Path top = directory.toRealPath();
            for (Path candidate : List.of(top.resolve(guestDirectory.substring(1)), top.resolve("lib"))) {
                if (Files.isDirectory(candidate)) {
                    Path real = candidate.toRealPath();
                    if (real.startsWith(top) && !layers.contains(real)) {
                        layers.add(real);
                    }
                }
            }
        } catch (IOException absent) {
            return List.of();   // no sysroot installed: the guest simply finds no libraries there
        }
        return layers;
    }
}
