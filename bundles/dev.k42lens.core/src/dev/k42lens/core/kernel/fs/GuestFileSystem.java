package dev.k42lens.core.kernel.fs;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;

import dev.k42lens.core.kernel.fs.FsNode.DeviceNode;
import dev.k42lens.core.kernel.fs.FsNode.HostFile;
import dev.k42lens.core.kernel.fs.FsNode.ProcFdLink;
import dev.k42lens.core.kernel.fs.FsNode.ProcFile;
import dev.k42lens.core.kernel.fs.FsNode.PtyNode;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;
import dev.k42lens.core.kernel.fs.FsNode.VirtualDir;

/**
 * The guest's sandboxed view of the file system: the one place that decides what a guest path
 * names and whether the guest may change it. See the package documentation for the layout.
 *
 * <p>Operations return Linux errnos rather than throwing. They are serialised on this object
 * (the host directory handles of one operation are shared by its lookups, see {@link HostTree}),
 * and no host path is resolved by the host, so nothing another thread or process changes between
 * two calls redirects one outside the mounts.
 */
public final class GuestFileSystem implements Closeable {
    private final RecordLocks locks = new RecordLocks();
    private final RecordLocks fileLocks = new RecordLocks();
    /** renameat2 flag: fail with EEXIST instead of replacing. */
    public static final int RENAME_NOREPLACE = 1;
    /** access(2) modes. */
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    private static final String STAT_ATTRIBUTES = "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime";
    private static final long BLOCK_SIZE = 4096;

    private final HostTree host;
    private final Namespace namespace;
    private final RunDirectory runDirectory;
    private final Path tmpDirectory;
    private final boolean keepTmp;
    private final String initialCwd;
    private final String programGuestPath;
    private final PageCaches pageCaches = new PageCaches(this);
    private final TmpSpace tmpSpace;
    private final PtyNumbers ptyNumbers = new PtyNumbers();
    private final boolean hostTerminal;
    private boolean closed;

    /**
     * Builds the mount table: root at "/", the private /tmp, /dev, /proc, the working directory,
     * the --mount entries, and the program if nothing shows it yet; a later one shadows an earlier
     * one at the same guest path.
     *
     * @throws IOException when a configured host path is missing, or /tmp cannot be created
     */
    public GuestFileSystem(FsConfig config) throws IOException {
        this.keepTmp = config.keepTmp();
        this.tmpSpace = new TmpSpace(config.tmpBytes());
        this.hostTerminal = config.controllingTty();
        this.host = new HostTree();
        this.runDirectory = new RunDirectory(config.tmpParent());
        this.tmpDirectory = runDirectory.tmp();
        try (HostTree.Operation lookups = host.operation()) {
            List<Mount> mounts = new ArrayList<>();
            if (config.root() != null) {
                mounts.add(new Mount("/", realDirectory(config.root()), false, Mount.Kind.ROOT));
            }
            mounts.add(new Mount("/tmp", tmpDirectory, true, Mount.Kind.TMP));
            mounts.add(new Mount("/dev", null, false, Mount.Kind.DEV));
            mounts.add(new Mount("/dev/shm", runDirectory.shm(), true, Mount.Kind.SHM));
            mounts.add(new Mount("/proc", null, false, Mount.Kind.PROC));
            String cwd = "/";
            if (config.cwdMount() != CwdMount.NONE) {
                Path hostCwd = realDirectory(config.hostCwd());
                if (hostCwd.getParent() != null) {   // never the host's "/"
                    cwd = hostCwd.toString();
                    mounts.add(new Mount(cwd, hostCwd, config.cwdMount() == CwdMount.READ_WRITE, Mount.Kind.CWD));
                }
            }
            for (MountSpec spec : config.mounts()) {
                Mount.Kind kind = spec.guestPath().equals("/") ? Mount.Kind.ROOT : Mount.Kind.BIND;
                mounts.add(new Mount(spec.guestPath(), spec.host().toRealPath(), spec.writable(), kind));
            }
            Namespace table = new Namespace(mounts, config.sysroot(), ptyNumbers, host);
            String program = null;
            if (config.program() != null) {
                Path hostProgram = config.program().toRealPath();
                program = shownAt(table, hostProgram);
                if (program == null) {
                    program = hostProgram.toString();
                    mounts.add(new Mount(program, hostProgram, false, Mount.Kind.PROGRAM));
                    table = new Namespace(mounts, config.sysroot(), ptyNumbers, host);
                }
            }
            this.namespace = table;
            this.initialCwd = cwd;
            this.programGuestPath = program;
        } catch (IOException | RuntimeException e) {
            host.close();
            runDirectory.close();
            throw e;
        }
    }

    private static Path realDirectory(Path path) throws IOException {
        Path real = path.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(path.toString());
        }
        return real;
    }

    /**
     * The guest path at which an existing mount shows a host file, preferring the mount closest to
     * the file (so a program inside --root appears at its path in the root), or null.
     */
    private static String shownAt(Namespace table, Path hostFile) {
        List<Mount> candidates = new ArrayList<>(table.mounts().stream()
                .filter(m -> !m.isVirtual() && hostFile.startsWith(m.hostPath())).toList());
        candidates.sort(Comparator.comparingInt((Mount m) -> m.hostPath().getNameCount()).reversed());
        for (Mount mount : candidates) {
            String guestPath = mount.guestPath();
            for (Path name : mount.hostPath().relativize(hostFile)) {
                guestPath = GuestPaths.child(guestPath, name.toString());
            }
            FsResult<FsNode> found = walk(table, PathBase.of("/"), guestPath, false);
            if (found.isOk() && found.value() instanceof HostFile file && file.mount().equals(mount)) {
                return guestPath;
            }
        }
        return null;
    }

    /** The guest's working directory at start: the host working directory's path, or "/". */
    public String initialCwd() {
        return initialCwd;
    }

    /**
     * Where the guest sees the program given in the configuration (its AT_EXECFN and
     * /proc/self/exe): its path inside a mount that shows it, else its own host path, at which it
     * is then mounted read-only by itself. Null when no program was configured.
     */
    public String programGuestPath() {
        return programGuestPath;
    }

    /** The page caches of the files mapped MAP_SHARED. */
    /** The numbers of the pseudo-terminal pairs in use: /dev/pts lists them. */
    public PtyNumbers ptyNumbers() {
        return ptyNumbers;
    }

    /** True when the emulator itself runs on a terminal: /dev/tty is that terminal for a process without a pseudo-terminal. */
    public boolean hostTerminal() {
        return hostTerminal;
    }

    public PageCaches pageCaches() {
        return pageCaches;
    }

    /** The space of /tmp and /dev/shm when {@code node} lives there, else null (other mounts have the host's). */
    public TmpSpace tmpSpaceOf(FsNode node) {
        return node instanceof HostFile file && file.mount().isPrivate() ? tmpSpace : null;
    }

    /** The host directory behind the guest's /tmp. */
    public Path tmpDirectory() {
        return tmpDirectory;
    }

    /** The mount table, shadowed entries left out. */
    public List<Mount> mounts() {
        return namespace.mounts();
    }

    // ---- lookup --------------------------------------------------------------------------------

    /**
     * What {@code path} names, starting at {@code base} when it is relative. With
     * {@code followFinal} false (lstat, O_NOFOLLOW, AT_SYMLINK_NOFOLLOW) a final symlink is
     * returned itself. A {@link ProcFdLink} without a path is returned even when followed.
     */
    public synchronized FsResult<FsNode> resolve(PathBase base, String path, boolean followFinal) {
        try (HostTree.Operation lookups = host.operation()) {
            return walk(namespace, base, path, followFinal);
        }
    }

    /** {@link #resolve(PathBase, String, boolean)} outside any process (no /proc/self). */
    public FsResult<FsNode> resolve(String guestPath, String guestCwd, boolean followFinal) {
        return resolve(PathBase.of(guestCwd), guestPath, followFinal);
    }

    private static FsResult<FsNode> walk(Namespace table, PathBase base, String path, boolean followFinal) {
        FsResult<PathWalker> walker = PathWalker.start(table, base, path);
        FsResult<FsNode> node = walker.isOk() ? walker.value().finish(followFinal) : walker.cast();
        if (node.isOk()) {
            HostFileLog.reached(node.value());
        }
        return node;
    }

    /** readlink: the target text exactly as stored, which the guest reads as a guest path. */
    public synchronized FsResult<String> readlink(PathBase base, String path) {
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<FsNode> link = walk(namespace, base, path, false);
            return link.isOk() ? PathWalker.linkTarget(namespace, link.value()) : link.cast();
        }
    }

    /** stat data of a node (resolve first, following the final symlink for stat, not for lstat). */
    public synchronized FsResult<FileStat> stat(FsNode node) {
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<FsNode> current = current(node);
            if (!current.isOk()) {
                return current.cast();
            }
            if (!(current.value() instanceof HostFile file)) {
                return FsResult.ok(VirtualTree.stat(node));
            }
            return host.stat(file.mount().hostPath(), file.relative());
        }
    }

    /** A node from an earlier call, checked against the host as it is now (see {@link Namespace#refresh}). */
    private FsResult<FsNode> current(FsNode node) {
        return node instanceof HostFile host ? namespace.refresh(host) : FsResult.ok(node);
    }

    /**
     * The entries of a directory for getdents64: "." and ".." first, then every name in sorted
     * order (mount points, synthetic directories and sysroot libraries included).
     */
    public synchronized FsResult<List<DirEntry>> list(FsNode node) {
        try (HostTree.Operation lookups = host.operation()) {
            return listNow(node);
        }
    }

    private FsResult<List<DirEntry>> listNow(FsNode node) {
        FsResult<FsNode> current = current(node);
        if (!current.isOk()) {
            return current.cast();
        }
        FsNode directory = current.value();
        if (!directory.isDirectory()) {
            return FsResult.error(FsErrno.ENOTDIR);
        }
        FsResult<SortedSet<String>> names = namespace.names(directory);
        if (!names.isOk()) {
            return names.cast();
        }
        ProcSource process = directory instanceof VirtualDir virtual ? virtual.process() : null;
        FsResult<FsNode> parent = walk(namespace, new PathBase("/", process), GuestPaths.parent(directory.guestPath()), true);
        List<DirEntry> entries = new ArrayList<>();
        entries.add(new DirEntry(".", directory.ino(), DirEntry.DT_DIR));
        entries.add(new DirEntry("..", parent.isOk() ? parent.value().ino() : directory.ino(), DirEntry.DT_DIR));
        for (String name : names.value()) {
            FsResult<FsNode> child = namespace.lookup(directory, name, process);
            if (child.isOk()) {   // an entry that vanished meanwhile is simply not listed
                entries.add(new DirEntry(name, child.value().ino(), DirEntry.typeOf(child.value().mode())));
            }
        }
        return FsResult.ok(entries);
    }

    /** access(2) on a resolved node: host permissions, EROFS for writes to read-only mounts. */
    public synchronized int access(FsNode node, int mode) {
        if ((mode & ~(R_OK | W_OK | X_OK)) != 0) {
            return FsErrno.EINVAL;
        }
        try (HostTree.Operation lookups = host.operation()) {
            return accessNow(node, mode);
        }
    }

    private int accessNow(FsNode node, int mode) {
        FsResult<FsNode> current = current(node);
        if (!current.isOk()) {
            return current.errno();
        }
        if (current.value() instanceof HostFile file) {
            if ((mode & W_OK) != 0 && !file.writable()) {
                return FsErrno.EROFS;
            }
            if (file.isSymlink()) {
                return 0;   // a symlink's own permissions are all granted; never let the host follow it
            }
            return host.access(file.mount().hostPath(), file.relative(), mode);
        }
        if ((mode & W_OK) != 0 && node instanceof SyntheticDir) {
            return FsErrno.EROFS;
        }
        int ownerBits = (node.mode() >> 6) & 7;   // a process owns its /proc entries; /dev nodes are 0666 anyway
        return (mode & ~ownerBits) == 0 ? 0 : FsErrno.EACCES;
    }

    // ---- open ----------------------------------------------------------------------------------

    /**
     * open/openat with ppc64 {@link OpenFlags}. {@code mode} (umask already applied by the caller)
     * is given to a file the call creates.
     */
    public synchronized FsResult<OpenFile> open(PathBase base, String path, int flags, int mode) {
        try (HostTree.Operation lookups = host.operation()) {
            return openNow(base, path, flags, mode);
        }
    }

    private FsResult<OpenFile> openNow(PathBase base, String path, int flags, int mode) {
        if ((flags & OpenFlags.O_ACCMODE) == OpenFlags.O_ACCMODE) {
            return FsResult.error(FsErrno.EINVAL);
        }
        if ((flags & OpenFlags.O_TMPFILE) == OpenFlags.O_TMPFILE) {
            return FsResult.error(FsErrno.EOPNOTSUPP);
        }
        boolean follow = (flags & OpenFlags.O_NOFOLLOW) == 0;
        if ((flags & OpenFlags.O_PATH) != 0) {
            FsResult<FsNode> node = walk(namespace, base, path, follow);
            return node.isOk() ? FsResult.ok(new OpenFile.PathOnly(node.value())) : node.cast();
        }
        boolean create = (flags & OpenFlags.O_CREAT) != 0;
        if (create && (flags & OpenFlags.O_DIRECTORY) != 0) {
            return FsResult.error(FsErrno.EINVAL);
        }
        FsResult<Target> target;
        if (create) {
            target = findOrCreate(base, path, flags);
        } else {
            FsResult<FsNode> node = walk(namespace, base, path, follow);
            target = node.isOk() ? FsResult.ok(new Target(node.value(), false)) : node.cast();
        }
        return target.isOk() ? openNode(target.value(), flags, mode) : target.cast();
    }

    /** The node an open acts on, and whether the open created it. */
    private record Target(FsNode node, boolean created) {
    }

    /**
     * O_CREAT: the existing file, following a final symlink unless O_EXCL or O_NOFOLLOW (so a
     * dangling symlink gets its target created, as in Linux), or a new empty file.
     */
    private FsResult<Target> findOrCreate(PathBase base, String path, int flags) {
        if (path.endsWith("/")) {
            return FsResult.error(FsErrno.EISDIR);
        }
        FsResult<PathWalker> started = PathWalker.start(namespace, base, path);
        if (!started.isOk()) {
            return started.cast();
        }
        PathWalker walker = started.value();
        boolean exclusive = (flags & OpenFlags.O_EXCL) != 0;
        boolean follow = !exclusive && (flags & OpenFlags.O_NOFOLLOW) == 0;
        while (true) {
            int errno = walker.walkToParent();
            if (errno != 0) {
                return FsResult.error(errno);
            }
            FsResult<FsNode> last = walker.lookupLast();
            if (last.isOk()) {
                FsNode node = last.value();
                if (follow && node.isSymlink() && !PathWalker.isPathless(node)) {
                    errno = walker.followLast(node);
                    if (errno != 0) {
                        return FsResult.error(errno);
                    }
                    continue;
                }
                return exclusive ? FsResult.error(FsErrno.EEXIST) : FsResult.ok(new Target(node, false));
            }
            if (last.errno() != FsErrno.ENOENT) {
                return last.cast();
            }
            FsNode directory = walker.directory();
            errno = changeableDirectory(directory);
            if (errno != 0) {
                return FsResult.error(errno);
            }
            // created owner-only; openNode sets the asked-for mode once the channel is open,
            // so the creator keeps the access it asked for even with a mode like 0444
            HostFile parent = (HostFile) directory;
            errno = host.createFile(parent.mount().hostPath(), HostFile.child(parent.relative(), walker.lastName()));
            if (errno != 0) {
                return FsResult.error(errno);
            }
            FsResult<FsNode> created = walker.lookupLast();
            return created.isOk() ? FsResult.ok(new Target(created.value(), true)) : created.cast();
        }
    }

    private FsResult<OpenFile> openNode(Target target, int flags, int mode) {
        FsNode node = target.node();
        int access = flags & OpenFlags.O_ACCMODE;
        boolean reads = access != OpenFlags.O_WRONLY;
        boolean writes = access != OpenFlags.O_RDONLY;
        if ((flags & OpenFlags.O_CREAT) != 0 && node.isDirectory()) {
            return FsResult.error(FsErrno.EISDIR);
        }
        if ((flags & OpenFlags.O_DIRECTORY) != 0 && !node.isDirectory()) {
            return FsResult.error(FsErrno.ENOTDIR);
        }
        if (node.isSymlink()) {
            boolean reopen = node instanceof ProcFdLink link && PathWalker.isPathless(link) && (flags & OpenFlags.O_NOFOLLOW) == 0;
            return reopen ? FsResult.ok(new OpenFile.FdReopen((ProcFdLink) node, flags)) : FsResult.error(FsErrno.ELOOP);
        }
        if (node.isDirectory()) {
            return writes ? FsResult.error(FsErrno.EISDIR) : FsResult.ok(new OpenFile.Directory(node));
        }
        return switch (node) {
            case DeviceNode device -> FsResult.ok(new OpenFile.Device(device, reads, writes));
            case PtyNode pty -> FsResult.ok(new OpenFile.Pty(pty));
            case ProcFile file -> writes ? FsResult.error(FsErrno.EACCES) : FsResult.ok(new OpenFile.ProcContent(file, file.read()));
            case HostFile host -> openHost(host, flags, reads, writes, target.created() ? mode : -1);
            default -> FsResult.error(FsErrno.EACCES);
        };
    }

    /** Opens a host regular file; {@code createdMode} is the mode to give a file just created, or -1. */
    private FsResult<OpenFile> openHost(HostFile file, int flags, boolean reads, boolean writes, int createdMode) {
        if (!FileStat.isRegular(file.mode())) {
            return FsResult.error(FsErrno.EACCES);   // host devices, FIFOs and sockets stay closed to the guest
        }
        boolean truncate = (flags & OpenFlags.O_TRUNC) != 0;
        if ((writes || truncate) && !file.writable()) {
            return FsResult.error(FsErrno.EROFS);
        }
        Path root = file.mount().hostPath();
        Set<OpenOption> options = new HashSet<>();
        if (reads) {
            options.add(StandardOpenOption.READ);
        }
        if (writes || truncate) {   // java.nio ignores TRUNCATE_EXISTING without WRITE, and Linux does not
            options.add(StandardOpenOption.WRITE);
        }
        FsResult<HostTree.OpenedFile> opened = host.openFile(root, file.relative(), options);
        if (!opened.isOk()) {
            return opened.cast();
        }
        FileChannel channel = opened.value().channel();
        try {
            if (truncate) {
                TmpSpace space = tmpSpaceOf(file);
                if (space != null) {
                    space.release(channel.size());
                }
                channel.truncate(0);
                if (!writes) {   // O_RDONLY|O_TRUNC: the descriptor reads only
                    channel.close();
                    FsResult<HostTree.OpenedFile> reading = host.openFile(root, file.relative(), Set.of(StandardOpenOption.READ));
                    if (!reading.isOk()) {
                        return reading.cast();
                    }
                    channel = reading.value().channel();
                }
            }
            if (createdMode >= 0) {
                int errno = host.chmod(root, file.relative(), createdMode & 01777);
                if (errno != 0) {
                    channel.close();
                    return FsResult.error(errno);
                }
            }
            return FsResult.ok(new OpenFile.HostChannel(file, channel, opened.value().key(), reads, writes,
                    (flags & OpenFlags.O_APPEND) != 0));
        } catch (IOException e) {
            closeQuietly(channel);
            return FsResult.error(FsErrno.of(e));
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing what failed to open: nothing left to report
        }
    }

    /**
     * A new channel on the file an open description reads (for the page cache of a shared
     * mapping, which outlives the descriptor), writable if asked: ENOENT when the file at the
     * description's place is another one by now.
     */
    synchronized FsResult<FileChannel> reopen(OpenFile.HostChannel file, boolean write) {
        Set<OpenOption> options = write ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE) : Set.of(StandardOpenOption.READ);
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<HostTree.OpenedFile> opened = host.openFile(file.node().mount().hostPath(), file.node().relative(), options);
            if (!opened.isOk()) {
                return opened.cast();
            }
            if (!opened.value().key().equals(file.key())) {
                closeQuietly(opened.value().channel());
                return FsResult.error(FsErrno.ENOENT);
            }
            return FsResult.ok(opened.value().channel());
        }
    }

    /**
     * The whole content of a regular host file, read through a handle (exec and the dynamic
     * loader's images): EACCES for anything else, EFBIG above 2 GiB.
     */
    public synchronized FsResult<byte[]> readAll(FsNode node) {
        if (!(node instanceof HostFile file) || !FileStat.isRegular(file.mode())) {
            return FsResult.error(FsErrno.EACCES);
        }
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<HostTree.OpenedFile> opened = host.openFile(file.mount().hostPath(), file.relative(), Set.of(StandardOpenOption.READ));
            if (!opened.isOk()) {
                return opened.cast();
            }
            try (FileChannel channel = opened.value().channel()) {
                long size = channel.size();
                if (size > Integer.MAX_VALUE - 16) {
                    return FsResult.error(FsErrno.EFBIG);
                }
                ByteBuffer content = ByteBuffer.allocate((int) size);
                while (content.hasRemaining() && channel.read(content) >= 0) {
                    // a file that shrank meanwhile ends early
                }
                return FsResult.ok(content.position() == size ? content.array() : Arrays.copyOf(content.array(), content.position()));
            }
        } catch (IOException e) {
            return FsResult.error(FsErrno.of(e));
        }
    }

    // ---- changing the tree ---------------------------------------------------------------------

    /** The directory a name is created in or removed from, and what the name stands for now. */
    private record Entry(FsNode directory, String name, boolean trailingSlash, FsNode existing) {
        /** False for "/", "." and "..", which Linux refuses to create, remove or rename. */
        boolean isNormal() {
            return name != null && !name.equals(".") && !name.equals("..");
        }

        String path() {
            return GuestPaths.child(directory.guestPath(), name);
        }
    }

    /** Walks to the last component without following it (the *at calls that change names). */
    private FsResult<Entry> entry(PathBase base, String path) {
        FsResult<PathWalker> started = PathWalker.start(namespace, base, path);
        if (!started.isOk()) {
            return started.cast();
        }
        PathWalker walker = started.value();
        int errno = walker.walkToParent();
        if (errno != 0) {
            return FsResult.error(errno);
        }
        FsNode directory = walker.directory();
        if (!directory.isDirectory()) {
            return FsResult.error(FsErrno.ENOTDIR);
        }
        Entry entry = new Entry(directory, walker.lastName(), walker.trailingSlash(), null);
        if (!entry.isNormal()) {
            return FsResult.ok(entry);
        }
        FsResult<FsNode> existing = walker.lookupLast();
        if (existing.isOk()) {
            return FsResult.ok(new Entry(directory, entry.name(), entry.trailingSlash(), existing.value()));
        }
        return existing.errno() == FsErrno.ENOENT ? FsResult.ok(entry) : existing.cast();
    }

    /** 0 when names may be added to or removed from the directory, else EROFS or EACCES. */
    private static int changeableDirectory(FsNode directory) {
        return switch (directory) {
            case HostFile host -> host.writable() ? 0 : FsErrno.EROFS;
            case VirtualDir virtual -> FsErrno.EACCES;
            default -> FsErrno.EROFS;
        };
    }

    private static Mount mountOf(FsNode node) {
        return node instanceof HostFile host ? host.mount() : null;
    }

    /** 0 when the existing entry may be removed or renamed away. */
    private int removable(Entry entry) {
        if (namespace.isPinned(entry.existing().guestPath())) {
            return FsErrno.EBUSY;
        }
        boolean inDirectory = entry.existing() instanceof HostFile file && entry.directory() instanceof HostFile directory
                && file.mount().equals(directory.mount()) && directory.relative().equals(file.parentRelative());
        return inDirectory ? 0 : FsErrno.EROFS;   // otherwise a sysroot file seen through the directory
    }

    /** The directory entry a new name would take: EEXIST when the name is taken (or is "." or ".."). */
    private FsResult<Entry> freshEntry(PathBase base, String path) {
        FsResult<Entry> found = entry(base, path);
        if (found.isOk() && (!found.value().isNormal() || found.value().existing() != null)) {
            return FsResult.error(FsErrno.EEXIST);
        }
        return found;
    }

    /** The host root of the mount holding the entry's directory. */
    private static Path rootOf(Entry entry) {
        return ((HostFile) entry.directory()).mount().hostPath();
    }

    /** The entry's path below that root. */
    private static String relativeOf(Entry entry) {
        return HostFile.child(((HostFile) entry.directory()).relative(), entry.name());
    }

    public synchronized int mkdir(PathBase base, String path, int mode) {
        try (HostTree.Operation lookups = host.operation()) {
            return mkdirNow(base, path, mode);
        }
    }

    private int mkdirNow(PathBase base, String path, int mode) {
        FsResult<Entry> found = freshEntry(base, path);
        if (!found.isOk()) {
            return found.errno();
        }
        Entry entry = found.value();
        int errno = changeableDirectory(entry.directory());
        if (errno != 0) {
            return errno;
        }
        errno = host.mkdir(rootOf(entry), relativeOf(entry));
        return errno != 0 ? errno : host.chmod(rootOf(entry), relativeOf(entry), mode & 01777);
    }

    /**
     * bind of an AF_UNIX socket to a path: makes a real socket file on the host, so that stat,
     * listings, rename and unlink see a socket as on Linux, and returns its node. EEXIST when the
     * name is taken.
     */
    public synchronized FsResult<FsNode> makeSocket(PathBase base, String path, int mode) {
        try (HostTree.Operation lookups = host.operation()) {
            return makeSocketNow(base, path, mode);
        }
    }

    private FsResult<FsNode> makeSocketNow(PathBase base, String path, int mode) {
        FsResult<Entry> found = freshEntry(base, path);
        if (!found.isOk()) {
            return found.cast();
        }
        Entry entry = found.value();
        int errno = changeableDirectory(entry.directory());
        if (errno != 0) {
            return FsResult.error(errno);
        }
        int[] unreachable = new int[1];
        Path target = host.socketPath(rootOf(entry), relativeOf(entry), unreachable);
        if (target == null) {
            return FsResult.error(unreachable[0]);
        }
        try {
            makeSocketFile(target);
        } catch (IOException e) {
            return FsResult.error(FsErrno.of(e));
        }
        errno = host.chmod(rootOf(entry), relativeOf(entry), mode & 01777);
        return errno != 0 ? FsResult.error(errno) : walk(namespace, base, path, false);
    }

    /** The longest host path a socket can be bound at: sun_path's 108 bytes with the NUL. */
    private static final int SUN_PATH_MAX = 107;

    /**
     * Binds a host socket at {@code target} (a path through a directory handle's /proc/self/fd
     * link) and lets it go (the file stays). A name too long for sun_path is bound in a fresh
     * directory of the private /tmp and renamed into place, which needs both on one host file
     * system (else ENAMETOOLONG).
     */
    private void makeSocketFile(Path target) throws IOException {
        if (GuestPaths.byteLength(target.toString()) <= SUN_PATH_MAX) {
            bindHostSocket(target);
            return;
        }
        Path staging = Files.createTempDirectory(tmpDirectory, ".bind-");
        try {
            Path socket = staging.resolve("s");
            if (GuestPaths.byteLength(socket.toString()) > SUN_PATH_MAX) {
                throw new FileSystemException(target.toString(), null, "File name too long");
            }
            bindHostSocket(socket);
            Files.move(socket, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new FileSystemException(target.toString(), null, "File name too long");
        } finally {
            Files.deleteIfExists(staging.resolve("s"));
            Files.delete(staging);
        }
    }

    private static void bindHostSocket(Path at) throws IOException {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(at));
        }
    }

    public synchronized int unlink(PathBase base, String path) {
        try (HostTree.Operation lookups = host.operation()) {
            return removeNow(base, path, false);
        }
    }

    public synchronized int rmdir(PathBase base, String path) {
        try (HostTree.Operation lookups = host.operation()) {
            return removeNow(base, path, true);
        }
    }

    /** unlink, or rmdir when {@code directory}. */
    private int removeNow(PathBase base, String path, boolean directory) {
        FsResult<Entry> found = entry(base, path);
        if (!found.isOk()) {
            return found.errno();
        }
        Entry entry = found.value();
        if (!entry.isNormal()) {
            if (!directory) {
                return FsErrno.EISDIR;
            }
            return entry.name() == null ? FsErrno.EBUSY : entry.name().equals(".") ? FsErrno.EINVAL : FsErrno.ENOTEMPTY;
        }
        int errno = changeableDirectory(entry.directory());
        if (errno != 0) {
            return errno;
        }
        if (entry.existing() == null) {
            return FsErrno.ENOENT;
        }
        if (entry.existing().isDirectory() != directory) {
            return directory ? FsErrno.ENOTDIR : FsErrno.EISDIR;
        }
        if (!directory && entry.trailingSlash()) {
            return FsErrno.ENOTDIR;
        }
        errno = removable(entry);
        if (errno != 0) {
            return errno;
        }
        long freed = bytesFreedByRemoving(entry.existing());
        errno = host.remove(rootOf(entry), relativeOf(entry), directory);
        if (errno == 0) {
            tmpSpace.release(freed);
        }
        return errno;
    }

    /** The bytes of /tmp a file gives back when its name goes: its size if that is its last name there. */
    private long bytesFreedByRemoving(FsNode node) {
        if (tmpSpaceOf(node) == null || !FileStat.isRegular(node.mode())) {
            return 0;
        }
        HostFile file = (HostFile) node;
        FsResult<FileStat> stat = host.stat(file.mount().hostPath(), file.relative());
        return stat.isOk() && stat.value().nlink() == 1 ? stat.value().size() : 0;
    }

    /** rename/renameat2; only {@link #RENAME_NOREPLACE} is supported among the flags. */
    public synchronized int rename(PathBase oldBase, String oldPath, PathBase newBase, String newPath, int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            return FsErrno.EINVAL;
        }
        try (HostTree.Operation lookups = host.operation()) {
            return renameNow(oldBase, oldPath, newBase, newPath, flags);
        }
    }

    private int renameNow(PathBase oldBase, String oldPath, PathBase newBase, String newPath, int flags) {
        FsResult<Entry> foundFrom = entry(oldBase, oldPath);
        if (!foundFrom.isOk()) {
            return foundFrom.errno();
        }
        FsResult<Entry> foundTo = entry(newBase, newPath);
        if (!foundTo.isOk()) {
            return foundTo.errno();
        }
        Entry from = foundFrom.value();
        Entry to = foundTo.value();
        if (!from.isNormal() || !to.isNormal()) {
            return FsErrno.EBUSY;
        }
        if (from.existing() == null) {
            return FsErrno.ENOENT;
        }
        if (!Objects.equals(mountOf(from.directory()), mountOf(to.directory()))) {
            return FsErrno.EXDEV;
        }
        int errno = changeableDirectory(from.directory());
        if (errno != 0) {
            return errno;
        }
        errno = removable(from);
        if (errno != 0) {
            return errno;
        }
        FsNode source = from.existing();
        if ((from.trailingSlash() || to.trailingSlash()) && !source.isDirectory()) {
            return FsErrno.ENOTDIR;
        }
        if (namespace.isPinned(to.path())) {
            return FsErrno.EBUSY;
        }
        // a name the target directory only shows from a sysroot layer is simply shadowed
        FsNode replaced = to.existing() != null && removable(to) == 0 ? to.existing() : null;
        if (replaced != null) {
            if (replaced.ino() == source.ino()) {
                return 0;   // the same file under both names: Linux does nothing
            }
            if ((flags & RENAME_NOREPLACE) != 0) {
                return FsErrno.EEXIST;
            }
            if (source.isDirectory() != replaced.isDirectory()) {
                return source.isDirectory() ? FsErrno.ENOTDIR : FsErrno.EISDIR;
            }
            if (replaced.isDirectory() && !isEmptyDirectory((HostFile) replaced)) {
                return FsErrno.ENOTEMPTY;
            }
        }
        if (source.isDirectory() && GuestPaths.isWithin(to.path(), from.path())) {
            return FsErrno.EINVAL;   // a directory cannot move into itself
        }
        long freed = replaced == null ? 0 : bytesFreedByRemoving(replaced);
        errno = host.rename(rootOf(from), relativeOf(from), rootOf(to), relativeOf(to));
        if (errno == 0) {
            tmpSpace.release(freed);
        }
        return errno;
    }

    private boolean isEmptyDirectory(HostFile directory) {
        FsResult<List<String>> names = host.names(directory.mount().hostPath(), directory.relative());
        return names.isOk() && names.value().isEmpty();
    }

    /** symlink/symlinkat. The target is stored as the guest's bytes and only ever read as a guest path. */
    public synchronized int symlink(String target, PathBase base, String linkPath) {
        if (target.isEmpty()) {
            return FsErrno.ENOENT;
        }
        if (GuestPaths.byteLength(target) >= GuestPaths.PATH_MAX) {
            return FsErrno.ENAMETOOLONG;
        }
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<Entry> found = freshEntry(base, linkPath);
            if (!found.isOk()) {
                return found.errno();
            }
            Entry entry = found.value();
            int errno = changeableDirectory(entry.directory());
            return errno != 0 ? errno : host.symlink(target, rootOf(entry), relativeOf(entry));
        }
    }

    /** link/linkat; {@code followOld} is AT_SYMLINK_FOLLOW. Both names must be on one mount. */
    public synchronized int link(PathBase oldBase, String oldPath, PathBase newBase, String newPath, boolean followOld) {
        try (HostTree.Operation lookups = host.operation()) {
            return linkNow(oldBase, oldPath, newBase, newPath, followOld);
        }
    }

    private int linkNow(PathBase oldBase, String oldPath, PathBase newBase, String newPath, boolean followOld) {
        FsResult<FsNode> source = walk(namespace, oldBase, oldPath, followOld);
        if (!source.isOk()) {
            return source.errno();
        }
        FsResult<Entry> found = freshEntry(newBase, newPath);
        if (!found.isOk()) {
            return found.errno();
        }
        Entry entry = found.value();
        if (!(source.value() instanceof HostFile file) || !file.mount().equals(mountOf(entry.directory()))) {
            return FsErrno.EXDEV;
        }
        int errno = changeableDirectory(entry.directory());
        if (errno != 0) {
            return errno;
        }
        if (file.isDirectory()) {
            return FsErrno.EPERM;
        }
        return host.link(file.mount().hostPath(), file.relative(), rootOf(entry), relativeOf(entry));
    }

    /**
     * statfs: for a host node, the host file store it lives on (read-only unless its mount is
     * writable); /proc is procfs, everything else the emulator makes up a small tmpfs.
     */
    public synchronized FsResult<FileSystemStat> statfs(FsNode node) {
        if (node instanceof HostFile file) {
            try (HostTree.Operation lookups = host.operation()) {
                FsResult<FileStore> found = host.fileStore(file.mount().hostPath(), file.relative());
                if (!found.isOk()) {
                    return found.cast();
                }
                FileStore store = found.value();
                long block = Math.max(1, store.getBlockSize());
                return FsResult.ok(new FileSystemStat(FileSystemStat.magicOf(store.type()), block, store.getTotalSpace() / block,
                        store.getUnallocatedSpace() / block, store.getUsableSpace() / block, !file.writable()));
            } catch (IOException | UnsupportedOperationException e) {
                return FsResult.error(FsErrno.EIO);
            }
        }
        boolean proc = node.guestPath().equals("/proc") || node.guestPath().startsWith("/proc/");
        return FsResult.ok(new FileSystemStat(proc ? FileSystemStat.PROC_MAGIC : FileSystemStat.TMPFS_MAGIC, BLOCK_SIZE, 0, 0, 0, proc));
    }

    /** The fcntl record locks on the files of this file system. */
    public RecordLocks locks() {
        return locks;
    }

    /** The flock locks, whole-file locks of open file descriptions, which Linux keeps apart from record locks. */
    public RecordLocks fileLocks() {
        return fileLocks;
    }

    /**
     * chmod/fchmod/fchmodat on a resolved node; Linux keeps no mode on a symlink (fchmodat
     * AT_SYMLINK_NOFOLLOW). Set-user-ID and set-group-ID are dropped: a guest never makes a host
     * file that runs with someone else's rights.
     */
    public int chmod(FsNode node, int mode) {
        return changeAttribute(node, (root, relative) -> host.chmod(root, relative, mode & 01777));
    }

    /**
     * chown/fchown/lchown/fchownat on a resolved node; -1 leaves an id as it is. The host applies
     * it with the engine's own rights, which are the guest's: a guest that is not root gets the
     * host's EPERM for someone else's id, as on Linux.
     */
    public int chown(FsNode node, int uid, int gid) {
        return changeAttribute(node, (root, relative) -> host.chown(root, relative, uid, gid));
    }

    /** utimensat/futimens on a resolved node; a null time is left as it is (UTIME_OMIT). */
    public int setTimes(FsNode node, FileTime atime, FileTime mtime) {
        return changeAttribute(node, (root, relative) -> host.setTimes(root, relative, timespec(atime), timespec(mtime)));
    }

    private static long[] timespec(FileTime time) {
        if (time == null) {
            return null;
        }
        Instant instant = time.toInstant();
        return new long[] {instant.getEpochSecond(), instant.getNano()};
    }

    /** A change of a host node's attributes, given its mount's host root and its path below it; returns an errno. */
    private interface AttributeChange {
        int apply(Path root, String relative);
    }

    /** chmod, chown, utimensat: the node as it is now must be a host node on a writable mount; then the change is made on the host. */
    private synchronized int changeAttribute(FsNode node, AttributeChange change) {
        try (HostTree.Operation lookups = host.operation()) {
            FsResult<FsNode> current = current(node);
            if (!current.isOk()) {
                return current.errno();
            }
            if (!(current.value() instanceof HostFile file)) {
                return FsErrno.EPERM;
            }
            return file.writable() ? change.apply(file.mount().hostPath(), file.relative()) : FsErrno.EROFS;
        }
    }

    // ---- lifetime ------------------------------------------------------------------------------

    /** Deletes the private /tmp and /dev/shm unless asked to keep them. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            host.close();
            runDirectory.close(keepTmp);
        }
    }
}
