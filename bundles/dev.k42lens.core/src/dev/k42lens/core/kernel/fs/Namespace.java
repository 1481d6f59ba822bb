package dev.k42lens.core.kernel.fs;

import java.io.IOException;
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
 * {@link PathWalker}'s job, in guest terms) and reads host entries through {@link HostTree}, which
 * does not follow one either.
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
    private final HostTree host;

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

    /** @throws IOException when the host root of a mount cannot be opened */
    Namespace(List<Mount> mountTable, Sysroot sysroot, PtyNumbers ptyNumbers, HostTree host) throws IOException {
        this.ptyNumbers = ptyNumbers;
        this.host = host;
        for (Mount mount : mountTable) {
            mounts.put(mount.guestPath(), mount);
            if (!mount.isVirtual()) {
                host.pin(mount.hostPath());
            }
        }
        for (String mountPoint : mounts.keySet()) {
            addWithAncestors(mountPoint, mountAncestors, false);
        }
        if (sysroot != null) {
            for (String directory : sysroot.libraryDirectories()) {
                List<Mount> layers = sysroot.layersFor(directory).stream()
                        .map(layer -> new Mount(directory, layer, false, Mount.Kind.SYSROOT)).toList();
                if (!layers.isEmpty()) {
                    for (Mount layer : layers) {
                        host.pin(layer.hostPath());
                    }
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
        for (Mount layer : layers(directory.guestPath())) {
            FsResult<FsNode> entry = hostNode(layer, name, path);
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
            case HostFile file -> {
                FsResult<List<String>> own = host.names(file.mount().hostPath(), file.relative());
                if (!own.isOk()) {
                    return own.cast();
                }
                names.addAll(own.value());
            }
            case VirtualDir virtual -> names.addAll(VirtualTree.entries(virtual, ptyNumbers).keySet());
            default -> {
            }
        }
        for (Mount layer : layers(directory.guestPath())) {
            FsResult<List<String>> layerNames = host.names(layer.hostPath(), "");
            if (layerNames.isOk()) {   // a layer that cannot be read just adds nothing
                names.addAll(layerNames.value());
            }
        }
        return FsResult.ok(names);
    }

    private FsResult<FsNode> ownEntry(FsNode directory, String name, String path) {
        return switch (directory) {
            case HostFile file -> hostNode(file.mount(), HostFile.child(file.relative(), name), path);
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
            default -> hostNode(mount, "", path);
        };
    }

    private List<Mount> layers(String directory) {
        return libraryLayers.getOrDefault(directory, List.of());
    }

    /**
     * The node as the host has it now, for an operation on a node looked up by an earlier call (a
     * directory or O_PATH descriptor): ENOENT when the file at that place is another one by now,
     * or cannot be reached from the mount's root any more.
     */
    FsResult<FsNode> refresh(HostFile node) {
        FsResult<FsNode> now = hostNode(node.mount(), node.relative(), node.guestPath());
        return now.isOk() && now.value().ino() == node.ino() ? now : FsResult.error(FsErrno.ENOENT);
    }

    /** The target text of a host symlink. */
    FsResult<String> readlink(HostFile link) {
        return host.readlink(link.mount().hostPath(), link.relative());
    }

    private FsResult<FsNode> hostNode(Mount mount, String relative, String path) {
        FsResult<FileStat> stat = host.stat(mount.hostPath(), relative);
        if (!stat.isOk()) {
            return stat.cast();
        }
        return FsResult.ok(new HostFile(path, mount, relative, stat.value().mode(), stat.value().ino()));
    }
}
