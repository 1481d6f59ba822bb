package dev.k42lens.core.kernel.fs;

import java.util.ArrayList;
import java.util.List;

import dev.k42lens.core.mem.GuestStrings;

/**
 * String helpers for guest paths. A canonical guest path is absolute, has no "." or ".."
 * components, no empty components and no trailing slash ("/" itself excepted).
 */
final class GuestPaths {
    /** Linux PATH_MAX, counting the terminating NUL. */
    static final int PATH_MAX = 4096;
    /** Linux NAME_MAX for one component. */
    static final int NAME_MAX = 255;

    private GuestPaths() {
    }

    static String requireCanonical(String path) {
        if (!path.equals(normalizeAbsolute(path))) {
            throw new IllegalArgumentException("not a canonical guest path: " + path);
        }
        return path;
    }

    /** Lexical normalisation of an absolute path given in configuration (never of guest input). */
    static String normalizeAbsolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("guest path must be absolute: " + path);
        }
        List<String> kept = new ArrayList<>();
        for (String component : components(path)) {
            if (component.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
            } else if (!component.equals(".")) {
                kept.add(component);
            }
        }
        return "/" + String.join("/", kept);
    }

    /** The non-empty components in order. */
    static List<String> components(String path) {
        List<String> result = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty()) {
                result.add(component);
            }
        }
        return result;
    }

    static String child(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }

    /** The parent of a canonical path; "/" is its own parent. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when {@code path} is {@code ancestor} or lies below it. */
    static boolean isWithin(String path, String ancestor) {
        return path.equals(ancestor) || ancestor.equals("/") || path.startsWith(ancestor + "/");
    }

    /** The length the guest sees: its bytes. */
    static int byteLength(String text) {
        return GuestStrings.encode(text).length;
    }
}
