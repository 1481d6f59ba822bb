/**
 * The guest's sandboxed file system: what each guest path names, what the guest may change, and
 * the ppc64 encodings of stat, statx and getdents64 records.
 *
 * <h2>Layout</h2>
 * <ul>
 * <li>"/" is {@code --root} read-only, or with no root an empty read-only synthetic directory
 * (never the host's "/"). {@code --mount HOST:/:rw} gives a writable root.</li>
 * <li>/tmp is a fresh host directory per run, writable, deleted on {@link
 * dev.k42lens.core.kernel.fs.GuestFileSystem#close()} unless kept.</li>
 * <li>/dev holds null, zero, full, random, urandom, tty (the caller's controlling terminal, which
 * the syscall layer picks), ptmx and pts/N (pseudo-terminal pairs, numbered by {@link
 * dev.k42lens.core.kernel.fs.PtyNumbers}), stdin/stdout/stderr (links to /proc/self/fd/0..2) and fd (link to /proc/self/fd), and shm: a
 * fresh writable host directory per run like /tmp, where glibc's shm_open keeps POSIX shared
 * memory objects.</li>
 * <li>/proc holds self (a link to the caller's pid) and /proc/PID with exe, cwd, root, fd/N,
 * cmdline, environ, maps, stat, status, auxv and comm, all from the caller's
 * {@link dev.k42lens.core.kernel.fs.ProcSource}. Only the calling process's own PID is
 * visible.</li>
 * <li>The host working directory is mounted read-write at its own path and is the initial
 * cwd.</li>
 * <li>{@code --mount} entries, read-only unless ":rw". A later mount at the same guest path shadows
 * an earlier one, in this order: root, /tmp, /dev, /dev/shm, /proc, cwd, --mount, program.</li>
 * <li>Directories leading to a mount point that the tree below does not have appear as
 * synthetic read-only directories, so every mount is reachable at its guest path.</li>
 * </ul>
 *
 * <h2>Libraries: the sysroot fills gaps</h2>
 * The sysroot is not a prefix tried before everything (qemu's -L): it only fills the gaps of the
 * loader's library directories, /lib64, /usr/lib64, /lib/TRIPLET, /usr/lib/TRIPLET, /lib and
 * /usr/lib. A name looked up in one of these that the guest tree lacks is taken from
 * SYSROOT/&lt;same directory&gt;, then from SYSROOT/lib (where Debian's cross sysroots keep every
 * library and the loader itself); such a directory missing altogether appears as a synthetic
 * directory backed by those layers. So with no root, /lib64/ld64.so.2 and
 * /lib/powerpc64le-linux-gnu/libc.so.6 come from /usr/powerpc64le-linux-gnu/lib, while a complete
 * --root keeps its own, consistent, libraries (qemu's prefix would mix the two), and the sysroot's
 * bin/ and include/ never appear. Sysroot files are read-only; symlinks in it are guest paths like
 * any other (lib64/ld64.so.2 → ../lib/ld64.so.2 works as is).
 *
 * <h2>The program</h2>
 * A program given by host path appears where a mount already shows it, the mount closest to the
 * file winning (inside --root: its path in the root). Otherwise it is mounted read-only by itself
 * at its own host path, e.g. /home/me/build/hello, with synthetic directories leading to it: the
 * guest sees only that file, and its argv[0], AT_EXECFN and /proc/self/exe match what the user
 * typed.
 *
 * <h2>No escape</h2>
 * {@link dev.k42lens.core.kernel.fs.PathWalker} resolves every component itself in the guest
 * namespace: ".." pops the walked chain of guest directories (and stays at "/" at the root), every
 * symlink's text — a host symlink's inside a mount included — is read as a guest path, absolute
 * targets restart at the guest root, following the 41st link fails with ELOOP, a component over
 * 255 bytes or a path of 4096 bytes or more with ENAMETOOLONG. /proc/self/root is a link to the
 * guest "/", /proc/self/cwd to the guest cwd. Host device nodes, FIFOs and sockets inside mounts
 * cannot be opened.
 *
 * <p>The host never resolves a path either ({@link dev.k42lens.core.kernel.fs.HostTree}): each
 * mount's host root is opened when the file system is built and held for the run, as a bind mount
 * holds its directory; every host file is reached from that handle one name at a time, each
 * directory opened with O_NOFOLLOW, and every host call (openat, mkdirat, renameat, linkat,
 * symlinkat, readlinkat, unlinkat, fchownat, utimensat, statx) acts on one name relative to a
 * directory handle without following it. So nothing another process does on the host between two
 * calls — a directory swapped for a symlink, two engine runs sharing a working directory — can
 * redirect an operation outside the mounts; it fails with ELOOP, ENOTDIR or ENOENT instead. File
 * names reach the host as the guest's bytes.
 */
package dev.k42lens.core.kernel.fs;
