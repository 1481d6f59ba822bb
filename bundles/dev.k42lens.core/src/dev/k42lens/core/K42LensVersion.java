package dev.k42lens.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.jar.Manifest;

/** The engine's version, read from the bundle manifest so that there is one place that sets it. */
public final class K42LensVersion {
    private static final String UNQUALIFIED_SUFFIX = ".qualifier";

    private K42LensVersion() {
    }

    /**
     * The Bundle-Version of the jar this class was loaded from, e.g. {@code 0.1.0.202611270830}; a
     * build that did not expand the qualifier reports {@code 0.1.0-dev}.
     */
    public static String version() {
        String version = manifestVersion();
        if (version == null) {
            return "unknown";
        }
        return version.endsWith(UNQUALIFIED_SUFFIX)
                ? version.substring(0, version.length() - UNQUALIFIED_SUFFIX.length()) + "-dev"
                : version;
    }

    private static String manifestVersion() {
        URL classUrl = K42LensVersion.class.getResource(K42LensVersion.class.getSimpleName() + ".class");
        if (classUrl == null) {
            return null;
        }
        String text = classUrl.toString();
        String classPath = K42LensVersion.class.getName().replace('.', '/') + ".class";
        String base = text.substring(0, text.length() - classPath.length());
        try (InputStream in = URI.create(base + "META-INF/MANIFEST.MF").toURL().openStream()) {
            return new Manifest(in).getMainAttributes().getValue("Bundle-Version");
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
