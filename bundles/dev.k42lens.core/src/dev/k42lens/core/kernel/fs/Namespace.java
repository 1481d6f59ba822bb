package dev.k42lens.core.kernel.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;
import dev.k42lens.core.kernel.fs.FsNode.VirtualDir;

/**
 * The guest's directory tree, one directory step at a time: which node a name in a directory
 * stands for, and which names a directory holds. It never follows a symlink (that is
 * {@link PathWalker}'s job, in guest terms) and reads host entries with NOFOLLOW_LINKS.
 *
 * <p>A name {@code N} in directory {@code D} is, first match wins:
 * <ol>
 * <li>the root of the mount at D/N;</li>
 * <li>D's own entry N (host directory entry, or /dev and /proc content) — except that an ancestor
 * of a mount point that is not a directory there is replaced by a synthetic directory, so every
 * mount can be reached at its guest path;</li>
 * <li>when D is a library directory, N in the first sysroot layer that has it;</li>
 * <li>a synthetic read-only directory when D/N leads to a mount point or a library directory.</li>
 * </ol>
 */
final class Namespace {
    private static final String HOST_ENTRY_ATTRIBUTES = "unix:mode,ino";

    /** By guest path; a later mount at the same path replaced an earlier one. */
    private final Map<String, Mount> mounts = new LinkedHashMap<>();
    /** Strict ancestors of mount points ("/" excluded). */
    private final Set<String> mountAncestors = new HashSet<>();
    /** Guest library directory to the sysroot directories that fill its gaps, in order. */
    private final Map<String, List<Mount>> libraryLayers = new HashMap<>();
    /** Library directories with a layer, and their ancestors ("/" excluded). */
    private final Set<String> libraryAncestors = new HashSet<>();
    /** The names the mount table and the library directories add to each directory. */
    private final Map<String, SortedSet<String>> addedNames = new HashMap<>();
    private final PtyNumbers ptyNumbers;

    Namespace(List<Mount> mountTable, Sysroot sysroot, PtyNumbers ptyNumbers) {
        this.ptyNumbers = ptyNumbers;
        for (Mount mount : mountTable) {
            mounts.put(mount.guestPath(), mount);
        }
        for (String mountPoint : mounts.keySet()) {
            addWithAncestors(mountPoint, mountAncestors, false);
        }
        if (sysroot != null) {
            for (String directory : sysroot.libraryDirectories()) {
                List<Mount> layers = sysroot.layersFor(directory).stream()
                        .map(host -> new Mount(directory, host, false, Mount.Kind.SYSROOT)).toList();
                if (!layers.isEmpty()) {
                    libraryLayers.put(directory, layers);
                    addWithAncestors(directory, libraryAncestors, true);
                }
            }
        }
    }

    /** Records the ancestors of {@code path} (and the path itself if asked) and their names in their parents. */
    private void addWithAncestors(String path, Set<String> into, boolean includingPath) {
        if (includingPath) {
            into.add(path);
        }
        for (String p = path; !p.equals("/"); p = GuestPaths.parent(p)) {
            String parent = GuestPaths.parent(p);
            addedNames.computeIfAbsent(parent, k -> new TreeSet<>()).add(GuestPaths.name(p));
            if (!parent.equals("/")) {
                into.add(parent);
            }
        }
    }

    List<Mount> mounts() {
        return List.copyOf(mounts.values());
    }

    /** True for a mount point or a directory on the way to one: the mount table pins them in place. */
    boolean isPinned(String guestPath) {
        return mounts.containsKey(guestPath) || mountAncestors.contains(guestPath);
    }

    FsResult<FsNode> root(ProcSource caller) {
        Mount root = mounts.get("/");
        return root == null ? FsResult.ok(new SyntheticDir("/")) : mountRoot(root, "/", caller);
    }

    FsResult<FsNode> lookup(FsNode directory, String name, ProcSource caller) {
        String path = GuestPaths.child(directory.guestPath(), name);
        Mount mount = mounts.get(path);
        if (mount != null) {
            return mountRoot(mount, path, caller);
        }
        FsResult<FsNode> own = ownEntry(directory, name, path);
        if (own.isOk()) {
            boolean hidesMount = !own.value().isDirectory() && mountAncestors.contains(path);
            return hidesMount ? FsResult.ok(new SyntheticDir(path)) : own;
        }
        if (own.errno() != FsErrno.ENOENT) {
            return own;
        }
        for (Mount layer : intactLayers(directory.guestPath())) {
            FsResult<FsNode> entry = hostEntry(layer, layer.hostPath(), name, path);
            if (entry.isOk()) {
                return entry;
            }
        }
        if (mountAncestors.contains(path) || libraryAncestors.contains(path)) {
            return FsResult.ok(new SyntheticDir(path));
        }
        return own;
    }

    /** Every name {@link #lookup} may find in the directory, sorted so that listings are reproducible. */
    FsResult<SortedSet<String>> names(FsNode directory) {
        SortedSet<String> names = new TreeSet<>(addedNames.getOrDefault(directory.guestPath(), new TreeSet<>()));
        switch (directory) {
            case HostFile host -> {
                int errno = addHostNames(host.hostPath(), names);
                if (errno != 0) {
                    return FsResult.error(errno);
                }
            }
            case VirtualDir virtual -> names.addAll(VirtualTree.entries(virtual, ptyNumbers).keySet());
            default -> {
            }
        }
        for (Mount layer : intactLayers(directory.guestPath())) {
            addHostNames(layer.hostPath(), names);   // a layer that cannot be read just adds nothing
        }
        return FsResult.ok(names);
    }

    private static int addHostNames(Path directory, Set<String> names) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
            return 0;
        } catch (IOException e) {
            return FsErrno.of(e);
        }
    }

    private FsResult<FsNode> ownEntry(FsNode directory, String name, String path) {
        return switch (directory) {
            case HostFile host -> hostEntry(host.mount(), host.hostPath(), name, path);
            case VirtualDir virtual -> {
                FsNode entry = VirtualTree.entries(virtual, ptyNumbers).get(name);
                yield entry == null ? FsResult.error(FsErrno.ENOENT) : FsResult.ok(entry);
            }
            default -> FsResult.error(FsErrno.ENOENT);
        };
    }

    private FsResult<FsNode> mountRoot(Mount mount, String path, ProcSource caller) {
        return switch (mount.kind()) {
            case DEV -> FsResult.ok(new VirtualDir(path, VirtualDir.Kind.DEV, null));
            case PROC -> FsResult.ok(new VirtualDir(path, VirtualDir.Kind.PROC, caller));
            default -> isIntact(mount.hostPath()) ? hostNode(mount, mount.hostPath(), path) : FsResult.error(FsErrno.ENOENT);
        };
    }

    private List<Mount> intactLayers(String directory) {
        return libraryLayers.getOrDefault(directory, List.of()).stream().filter(layer -> isIntact(layer.hostPath())).toList();
    }

    /**
     * The node as the host has it now, for an operation on a node looked up by an earlier call (a
     * directory or O_PATH descriptor). ENOENT when the file at that path is another one by now, or
     * when a directory above it has been swapped for a symlink, which the host OS would follow:
     * the guest can do that through another read-write mount showing the same host directory.
     */
    FsResult<FsNode> refresh(HostFile node) {
        Path parent = node.hostPath().getParent();
        if (parent != null && !isIntact(parent)) {
            return FsResult.error(FsErrno.ENOENT);
        }
        FsResult<FsNode> now = hostNode(node.mount(), node.hostPath(), node.guestPath());
        return !now.isOk() || now.value().ino() == node.ino() ? now : FsResult.error(FsErrno.ENOENT);
    }

    /**
     * True when a host path known to be real (no symlink in it) still is. Mount roots and sysroot
     * layers are checked at every use, since their host ancestors may lie in a writable mount.
     */
    private static boolean isIntact(Path realPath) {
        try {
            return realPath.toRealPath().equals(realPath);
        } catch (IOException e) {
            return false;
        }
    }

    private static FsResult<FsNode> hostEntry(Mount mount, Path directory, String name, String path) {
        Path host;
        try {
            host = directory.resolve(name);
        } catch (InvalidPathException e) {
            return FsResult.error(FsErrno.ENOENT);   // a NUL cannot reach Linux's lookup either
        }
        return hostNode(mount, host, path);
    }

    private static FsResult<FsNode> hostNode(Mount mount, Path host, String path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(host, HOST_ENTRY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int mode = ((Number) attributes.get("mode")).intValue();
            long ino = ((Number) attributes.get("ino")).longValue();
            return FsResult.ok(new HostFile(path, host, mount, mode, ino));
        } catch (IOException e) {
            return FsResult.error(FsErrno.of(e));
        }
    }
}
