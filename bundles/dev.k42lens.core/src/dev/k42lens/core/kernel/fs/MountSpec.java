package dev.k42lens.core.kernel.fs;

import java.nio.file.Path;

/** A mount the user asked for: {@code --mount HOST:GUEST[:rw|:ro]}, read-only by default. */
public record MountSpec(Path host, String guestPath, boolean writable) {
    public MountSpec {
        guestPath = GuestPaths.normalizeAbsolute(guestPath);
    }

    /** Parses the command-line form; a host path containing ':' cannot be written this way. */
    public static MountSpec parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("expected HOST:GUEST[:rw] with an absolute GUEST path: " + spec);
        }
        boolean writable = false;
        if (parts.length == 3) {
            switch (parts[2]) {
                case "rw" -> writable = true;
                case "ro" -> writable = false;
                default -> throw new IllegalArgumentException("mount option must be rw or ro: " + spec);
            }
        }
        return new MountSpec(Path.of(parts[0]), parts[1], writable);
    }
}
