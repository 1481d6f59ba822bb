package dev.k42lens.core.kernel.fs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the guest's file system is made of. Start from {@link #builder()}.
 *
 * @param root          host directory shown read-only at "/", or null for an empty read-only root
 * @param mounts        {@code --mount} entries, in command-line order (a later one at the same
 *                      guest path shadows an earlier one)
 * @param sysroot       where library lookups fall back to, or null for none
 * @param hostCwd       the host working directory, mounted at its own path as {@code cwdMount} says
 *                      and used as the guest's initial working directory (not mounted when it is
 *                      the host's "/", which would expose everything)
 * @param cwdMount      writable, read-only or not mounted (the guest's cwd is then "/")
 * @param tmpParent     host directory in which the private /tmp is created
 * @param keepTmp       keep the private /tmp when the file system is closed
 * @param controllingTty whether the emulator runs on a terminal: /dev/tty is then that terminal for a process without a pseudo-terminal
 * @param program       host path of the program to run, or null; see
 *                      {@link GuestFileSystem#programGuestPath()}
 * @param tmpBytes      the size of the private /tmp and /dev/shm together (see {@link TmpSpace})
 */
public record FsConfig(Path root, List<MountSpec> mounts, Sysroot sysroot, Path hostCwd, CwdMount cwdMount, Path tmpParent,
        boolean keepTmp, boolean controllingTty, Path program, long tmpBytes) {

    public FsConfig {
        mounts = List.copyOf(mounts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path root;
        private final List<MountSpec> mounts = new ArrayList<>();
        private Sysroot sysroot;
        private Path hostCwd = Path.of("").toAbsolutePath();
        private CwdMount cwdMount = CwdMount.DEFAULT;
        private Path tmpParent = Path.of(System.getProperty("java.io.tmpdir"));
        private long tmpBytes = Long.MAX_VALUE;
        private boolean keepTmp;
        private boolean controllingTty;
        private Path program;

        private Builder() {
        }

        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        public Builder mount(MountSpec mount) {
            mounts.add(mount);
            return this;
        }

        public Builder sysroot(Sysroot sysroot) {
            this.sysroot = sysroot;
            return this;
        }

        public Builder hostCwd(Path hostCwd) {
            this.hostCwd = hostCwd;
            return this;
        }

        public Builder cwdMount(CwdMount cwdMount) {
            this.cwdMount = cwdMount;
            return this;
        }

        public Builder tmpParent(Path tmpParent) {
            this.tmpParent = tmpParent;
            return this;
        }

        public Builder keepTmp(boolean keepTmp) {
            this.keepTmp = keepTmp;
            return this;
        }

        public Builder controllingTty(boolean controllingTty) {
            this.controllingTty = controllingTty;
            return this;
        }

        public Builder program(Path program) {
            this.program = program;
            return this;
        }

        public Builder tmpBytes(long tmpBytes) {
            this.tmpBytes = tmpBytes;
            return this;
        }

        public FsConfig build() {
            return new FsConfig(root, mounts, sysroot, hostCwd, cwdMount, tmpParent, keepTmp, controllingTty, program, tmpBytes);
        }
    }
}
