package dev.k42lens.core.kernel.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.ProcFdLink;
import dev.k42lens.core.kernel.fs.FsNode.VirtualSymlink;

/**
 * Resolves one guest path the way Linux's path walk does, entirely in the guest namespace: the
 * walk keeps the chain of directories from the guest root, ".." pops it (and stays put at the
 * root), and a symlink's target text is pushed back onto the components still to walk, starting
 * again from the root when it is absolute. No host path with ".." or a symlink in it is ever
 * formed, so nothing the guest names can leave the mounts.
 *
 * <p>Callers walk to the last component's directory ({@link #walkToParent}), then look at the
 * last component ({@link #lookupLast}) and decide whether to follow it; {@link #finish} does the
 * common case.
 */
final class PathWalker {
    /** Linux's MAXSYMLINKS: following the 41st symlink of one lookup fails with ELOOP. */
    static final int MAX_SYMLINKS = 40;

    private final Namespace namespace;
    private final ProcSource caller;
    /** The directories from the guest root to the current one; element 0 is the root. */
    private final List<FsNode> chain = new ArrayList<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private boolean trailingSlash;
    private int linksFollowed;

    private PathWalker(Namespace namespace, ProcSource caller) {
        this.namespace = namespace;
        this.caller = caller;
    }

    /** Sets up a walk of {@code path}, relative paths starting at {@code base}'s directory. */
    static FsResult<PathWalker> start(Namespace namespace, PathBase base, String path) {
        if (path.isEmpty()) {
            return FsResult.error(FsErrno.ENOENT);
        }
        if (GuestPaths.byteLength(path) >= GuestPaths.PATH_MAX) {
            return FsResult.error(FsErrno.ENAMETOOLONG);
        }
        PathWalker walker = new PathWalker(namespace, base.process());
        FsResult<FsNode> root = namespace.root(walker.caller);
        if (!root.isOk()) {
            return root.cast();
        }
        walker.chain.add(root.value());
        if (!path.startsWith("/")) {
            int errno = walker.enter(base.directory());
            if (errno != 0) {
                return FsResult.error(errno);
            }
        }
        walker.pending.addAll(GuestPaths.components(path));
        walker.trailingSlash = path.endsWith("/");
        return FsResult.ok(walker);
    }

    /** Walks from the root into the base directory, which must still exist and be a directory. */
    private int enter(String directory) {
        pending.addAll(GuestPaths.components(directory));
        while (!pending.isEmpty()) {
            int errno = step(pending.pollFirst());
            if (errno != 0) {
                return errno;
            }
        }
        linksFollowed = 0;
        return current().isDirectory() ? 0 : FsErrno.ENOTDIR;
    }

    /** Walks every component but the last, following symlinks on the way. */
    int walkToParent() {
        while (pending.size() > 1) {
            int errno = step(pending.pollFirst());
            if (errno != 0) {
                return errno;
            }
        }
        return 0;
    }

    /** After {@link #walkToParent}: the directory that holds the last component. */
    FsNode directory() {
        return current();
    }

    /** After {@link #walkToParent}: the last component, "." or "..", or null when the path names the root. */
    String lastName() {
        return pending.peekFirst();
    }

    boolean trailingSlash() {
        return trailingSlash;
    }

    /** After {@link #walkToParent}: what the last component names, not following it if it is a symlink. */
    FsResult<FsNode> lookupLast() {
        FsNode directory = current();
        String name = pending.peekFirst();
        if (name == null) {
            return FsResult.ok(directory);
        }
        if (!directory.isDirectory()) {
            return FsResult.error(FsErrno.ENOTDIR);
        }
        if (name.equals(".")) {
            return FsResult.ok(directory);
        }
        if (name.equals("..")) {
            return FsResult.ok(chain.size() > 1 ? chain.get(chain.size() - 2) : directory);
        }
        if (GuestPaths.byteLength(name) > GuestPaths.NAME_MAX) {
            return FsResult.error(FsErrno.ENAMETOOLONG);
        }
        return namespace.lookup(directory, name, caller);
    }

    /** Replaces the last component, a symlink, by its target; walk on with {@link #walkToParent}. */
    int followLast(FsNode link) {
        pending.pollFirst();
        return follow(link, true);
    }

    /** Resolves the whole path; a final symlink is followed when asked or when a trailing slash demands a directory. */
    FsResult<FsNode> finish(boolean followFinal) {
        while (true) {
            int errno = walkToParent();
            if (errno != 0) {
                return FsResult.error(errno);
            }
            FsResult<FsNode> last = lookupLast();
            if (!last.isOk()) {
                return last;
            }
            FsNode node = last.value();
            if (node.isSymlink() && (followFinal || trailingSlash) && !isPathless(node)) {
                errno = followLast(node);
                if (errno != 0) {
                    return FsResult.error(errno);
                }
                continue;
            }
            return trailingSlash && !node.isDirectory() ? FsResult.error(FsErrno.ENOTDIR) : FsResult.ok(node);
        }
    }

    /** A /proc/PID/fd link to a descriptor without a path: following it ends the walk on the link. */
    static boolean isPathless(FsNode node) {
        return node instanceof ProcFdLink link && !link.hasPath();
    }

    /** Target text of a symlink node, exactly as stored. */
    static FsResult<String> linkTarget(Namespace namespace, FsNode node) {
        return switch (node) {
            case VirtualSymlink link -> FsResult.ok(link.target());
            case ProcFdLink link -> FsResult.ok(link.target());
            case HostFile host when host.isSymlink() -> namespace.readlink(host);
            default -> FsResult.error(FsErrno.EINVAL);
        };
    }

    private FsNode current() {
        return chain.get(chain.size() - 1);
    }

    /** One component that is not the last (or a last one being followed): symlinks are followed. */
    private int step(String name) {
        FsNode directory = current();
        if (!directory.isDirectory()) {
            return FsErrno.ENOTDIR;
        }
        if (name.equals(".")) {
            return 0;
        }
        if (name.equals("..")) {
            if (chain.size() > 1) {
                chain.remove(chain.size() - 1);
            }
            return 0;
        }
        if (GuestPaths.byteLength(name) > GuestPaths.NAME_MAX) {
            return FsErrno.ENAMETOOLONG;
        }
        FsResult<FsNode> child = namespace.lookup(directory, name, caller);
        if (!child.isOk()) {
            return child.errno();
        }
        FsNode node = child.value();
        if (node.isSymlink()) {
            return isPathless(node) ? FsErrno.ENOTDIR : follow(node, false);
        }
        chain.add(node);
        return 0;
    }

    /** Pushes a symlink's target onto the components to walk; the current directory is the link's. */
    private int follow(FsNode link, boolean wasLast) {
        if (++linksFollowed > MAX_SYMLINKS) {
            return FsErrno.ELOOP;
        }
        FsResult<String> target = linkTarget(namespace, link);
        if (!target.isOk()) {
            return target.errno();
        }
        String text = target.value();
        if (text.isEmpty()) {
            return FsErrno.ENOENT;
        }
        if (text.startsWith("/")) {
            chain.subList(1, chain.size()).clear();
        }
        if (wasLast && text.endsWith("/")) {
            trailingSlash = true;
        }
        List<String> components = GuestPaths.components(text);
        for (int i = components.size() - 1; i >= 0; i--) {
            pending.addFirst(components.get(i));
        }
        return 0;
    }
}
