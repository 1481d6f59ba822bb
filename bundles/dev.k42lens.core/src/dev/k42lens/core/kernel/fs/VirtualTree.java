package dev.k42lens.core.kernel.fs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.k42lens.core.kernel.fs.FsNode.DeviceNode;
import dev.k42lens.core.kernel.fs.FsNode.ProcFdLink;
import dev.k42lens.core.kernel.fs.FsNode.ProcFile;
import dev.k42lens.core.kernel.fs.FsNode.PtyNode;
import dev.k42lens.core.kernel.fs.FsNode.SyntheticDir;
import dev.k42lens.core.kernel.fs.FsNode.VirtualDir;
import dev.k42lens.core.kernel.fs.FsNode.VirtualSymlink;

/** The content of /dev and /proc, and the stat data of every node that has no host file. */
final class VirtualTree {
    /** st_dev of synthetic directories, /dev and /proc: fixed, so that traces are reproducible. */
    static final long SYNTHETIC_DEV = FileStat.encodeDev(0, 1);
    static final long DEVTMPFS_DEV = FileStat.encodeDev(0, 5);
    static final long PROC_DEV = FileStat.encodeDev(0, 20);
    static final long DEVPTS_DEV = FileStat.encodeDev(0, 24);

    private static final String[] STDIO = { "stdin", "stdout", "stderr" };

    private VirtualTree() {
    }

    /**
     * The entries of a virtual directory, in listing order. Lookup and listing both come from
     * here, so they cannot disagree.
     */
    static Map<String, FsNode> entries(VirtualDir dir, PtyNumbers ptyNumbers) {
        Map<String, FsNode> entries = new LinkedHashMap<>();
        String path = dir.guestPath();
        ProcSource process = dir.process();
        switch (dir.kind()) {
            case DEV -> {
                for (Device device : Device.values()) {
                    entries.put(device.fileName(), new DeviceNode(GuestPaths.child(path, device.fileName()), device));
                }
                entries.put("pts", new VirtualDir(GuestPaths.child(path, "pts"), VirtualDir.Kind.PTS, null));
                for (int fd = 0; fd < STDIO.length; fd++) {
                    entries.put(STDIO[fd], new VirtualSymlink(GuestPaths.child(path, STDIO[fd]), "/proc/self/fd/" + fd));
                }
                entries.put("fd", new VirtualSymlink(GuestPaths.child(path, "fd"), "/proc/self/fd"));
            }
            case PTS -> {
                for (int number : ptyNumbers.inUse()) {
                    String name = Integer.toString(number);
                    entries.put(name, new PtyNode(GuestPaths.child(path, name), number));
                }
            }
            case PROC -> {
                if (process != null) {
                    String pid = Integer.toString(process.pid());
                    entries.put("self", new VirtualSymlink(GuestPaths.child(path, "self"), pid));
                    entries.put(pid, new VirtualDir(GuestPaths.child(path, pid), VirtualDir.Kind.PROC_PID, process));
                }
            }
            case PROC_PID -> {
                entries.put("exe", new VirtualSymlink(GuestPaths.child(path, "exe"), process.exePath()));
                entries.put("cwd", new VirtualSymlink(GuestPaths.child(path, "cwd"), process.cwd()));
                entries.put("root", new VirtualSymlink(GuestPaths.child(path, "root"), "/"));
                entries.put("fd", new VirtualDir(GuestPaths.child(path, "fd"), VirtualDir.Kind.PROC_FD, process));
                for (ProcFile.Content content : ProcFile.Content.values()) {
                    entries.put(content.fileName(), new ProcFile(GuestPaths.child(path, content.fileName()), process, content));
                }
            }
            case PROC_FD -> process.openFds().forEach((fd, target) -> entries.put(fd.toString(),
                    new ProcFdLink(GuestPaths.child(path, fd.toString()), process, fd, target)));
        }
        return entries;
    }

    /** A stable inode number for a node without a host file: a 64-bit FNV-1a hash of its guest path. */
    static long inode(String guestPath) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : guestPath.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash &= Long.MAX_VALUE;
        return hash == 0 ? 1 : hash;
    }

    /** stat data for a node without a host file: owned by root, timestamps at the epoch. */
    static FileStat stat(FsNode node) {
        long dev = switch (node) {
            case SyntheticDir synthetic -> SYNTHETIC_DEV;
            case DeviceNode device -> DEVTMPFS_DEV;
            case PtyNode pty -> DEVPTS_DEV;
            case VirtualDir dir -> switch (dir.kind()) {
                case DEV -> DEVTMPFS_DEV;
                case PTS -> DEVPTS_DEV;
                default -> PROC_DEV;
            };
            case VirtualSymlink link -> GuestPaths.isWithin(link.guestPath(), "/dev") ? DEVTMPFS_DEV : PROC_DEV;
            default -> PROC_DEV;
        };
        long size = switch (node) {
            case VirtualSymlink link -> GuestPaths.byteLength(link.target());
            case ProcFdLink link -> GuestPaths.byteLength(link.target());
            default -> 0;
        };
        long rdev = switch (node) {
            case DeviceNode device -> device.device().rdev();
            case PtyNode pty -> FileStat.encodeDev(PtyNode.MAJOR, pty.number());
            default -> 0;
        };
        return new FileStat(dev, node.ino(), node.mode(), node.isDirectory() ? 2 : 1, 0, 0, rdev, size, 4096, 0, 0, 0, 0,
                0, 0, 0);
    }
}
