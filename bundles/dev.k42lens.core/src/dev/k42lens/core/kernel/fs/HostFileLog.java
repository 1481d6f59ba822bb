package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names every host file a guest reached, once, in the file given by the system property
 * {@value #PROPERTY}: the test build sets it so that a check can name the Debian package behind each
 * host file the guests load (a library the install list forgets fails there, by name, instead of
 * as a guest that cannot find its libstdc++). Off, and free, when the property is not set.
 */
final class HostFileLog {
    static final String PROPERTY = "k42lens.hostFileLog";

    private static final Path LOG = logPath();
    private static final Set<Path> LOGGED = ConcurrentHashMap.newKeySet();

    private HostFileLog() {
    }

    private static Path logPath() {
        String name = System.getProperty(PROPERTY);
        return name == null || name.isEmpty() ? null : Path.of(name).toAbsolutePath();
    }

    static void reached(FsNode node) {
        if (LOG != null && node instanceof FsNode.HostFile host && LOGGED.add(host.hostPath())) {
            append(host.hostPath());
        }
    }

    private static synchronized void append(Path hostPath) {
        try {
            Files.createDirectories(LOG.getParent());
            Files.writeString(LOG, hostPath.toAbsolutePath() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a log that cannot be written must not change what the guest sees; the check then finds it short
        }
    }
}
