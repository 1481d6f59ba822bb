package dev.k42lens.core.layer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import dev.k42lens.core.kernel.FileDescription;
import dev.k42lens.core.kernel.GuestProcess;
import dev.k42lens.core.kernel.GuestThread;
import dev.k42lens.core.kernel.PseudoTerminal;
import dev.k42lens.core.kernel.SignalAction;
import dev.k42lens.core.kernel.SignalInfo;
import dev.k42lens.core.kernel.fs.Device;
import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.kernel.fs.PtyNumbers;
import dev.k42lens.core.kernel.fs.OpenFile;
import dev.k42lens.core.kernel.fs.OpenFlags;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.mem.GuestMemory;

/**
 * Terminals: ioctl, the pseudo-terminal pairs of /dev/ptmx and /dev/pts/N, /dev/tty, controlling
 * terminals and job control. A process in the background of its controlling terminal that reads
 * from it gets SIGTTIN (its group does), and with TOSTOP one that writes or changes the modes gets
 * SIGTTOU; the call then leaves the layer and starts again once the process may go on (Linux's
 * ERESTARTSYS), or fails with EIO when the signal is ignored, blocked or would stop an orphaned
 * group. Opening a terminal without O_NOCTTY makes it the controlling terminal of a session
 * leader that has none; the session leader's exit, TIOCNOTTY and the master's close hang it up.
 */
final class TerminalCalls implements PseudoTerminal.Listener {
    // ioctl requests of powerpc (asm/ioctls.h): _IOR is 2 << 29, _IOW 4 << 29, _IO 1 << 29
    private static final int TCGETS = 0x402c7413;
    private static final int TCSETS = 0x802c7414;
    private static final int TCSETSW = 0x802c7415;
    private static final int TCSETSF = 0x802c7416;
    private static final int TCSBRK = 0x2000741d;
    private static final int TCXONC = 0x2000741e;
    private static final int TCFLSH = 0x2000741f;
    private static final int TCSBRKP = 0x5425;
    private static final int TIOCSWINSZ = 0x80087467;
    private static final int TIOCGWINSZ = 0x40087468;
    private static final int TIOCOUTQ = 0x40047473;
    private static final int TIOCSPGRP = 0x80047476;
    private static final int TIOCGPGRP = 0x40047477;
    private static final int TIOCSCTTY = 0x540e;
    private static final int TIOCNOTTY = 0x5422;
    private static final int TIOCGSID = 0x5429;
    private static final int TIOCGPTN = 0x40045430;
    private static final int TIOCSPTLCK = 0x80045431;
    private static final int TIOCSIG = 0x80045436;
    private static final int TIOCGPTLCK = 0x40045439;
    private static final int TIOCGPTPEER = 0x20005441;
    private static final int FIONREAD = 0x4004667f;
    private static final int FIONBIO = 0x8004667e;
    private static final int FIOCLEX = 0x20006601;
    private static final int FIONCLEX = 0x20006602;

    private static final int WINSIZE_SIZE = 8;
    /** What TIOCGPTPEER's flags may hold: the access mode, O_NOCTTY, O_NONBLOCK and O_CLOEXEC. */
    private static final int PEER_FLAGS = OpenFlags.O_ACCMODE | OpenFlags.O_NOCTTY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC;

    private final SyscallLayer layer;
    private final Map<Integer, PseudoTerminal> terminals = new HashMap<>();
    /** The numbers of the pairs; one file system serves every process of a run. */
    private PtyNumbers numbers;

    private TerminalCalls(SyscallLayer layer) {
        this.layer = layer;
    }

    static TerminalCalls register(SyscallLayer layer) {
        TerminalCalls calls = new TerminalCalls(layer);
        layer.register("ioctl", calls::ioctl);
        layer.limit("ioctl", "terminals (termios, window size, process groups, sessions, pseudo-terminal pairs), FIONREAD, "
                + "FIONBIO and FIOCLEX/FIONCLEX; no packet mode, no TIOCSTI, no exclusive mode");
        return calls;
    }

    /** openat of /dev/ptmx, /dev/pts/N or /dev/tty: the new descriptor, or a negated errno. */
    long open(SyscallCall c, OpenFile file, int flags) {
        GuestProcess p = c.process();
        int statusFlags = flags & ~OpenFlags.O_CLOEXEC;
        boolean closeOnExec = (flags & OpenFlags.O_CLOEXEC) != 0;
        if (file instanceof OpenFile.Pty pty) {
            PseudoTerminal t = terminals.get(pty.node().number());
            return t == null ? Errno.EIO.negated() : openSlave(c, t, flags);
        }
        OpenFile.Device device = (OpenFile.Device) file;
        if (device.node().device() == Device.PTMX) {
            numbers = p.fileSystem().ptyNumbers();
            int number = numbers.allocate();
            PseudoTerminal t = new PseudoTerminal(number, device.node(), new FsNode.PtyNode("/dev/pts/" + number, number), this);
            terminals.put(number, t);
            return p.install(t.master(statusFlags), closeOnExec, 0);
        }
        PseudoTerminal controlling = p.controllingTerminal();
        if (controlling != null) {
            return openSlave(c, controlling, flags | OpenFlags.O_NOCTTY);
        }
        if (!p.fileSystem().hostTerminal()) {
            return Errno.ENXIO.negated(); // /dev/tty of a process without a controlling terminal
        }
        return p.install(FileDescription.of(file, statusFlags, p.fileSystem(), p.random()), closeOnExec, 0);
    }

    private long openSlave(SyscallCall c, PseudoTerminal t, int flags) {
        FileDescription slave = t.openSlave(flags & ~OpenFlags.O_CLOEXEC);
        if (slave == null) {
            return Errno.EIO.negated();
        }
        GuestProcess p = c.process();
        // tty_open: a session leader without a controlling terminal acquires one nobody has
        if ((flags & OpenFlags.O_NOCTTY) == 0 && p.session() == p.pid() && p.controllingTerminal() == null && t.session() == 0) {
            acquire(p, t);
        }
        return p.install(slave, (flags & OpenFlags.O_CLOEXEC) != 0, 0);
    }

    private static void acquire(GuestProcess p, PseudoTerminal t) {
        t.setSession(p.session(), p.processGroup());
        p.setControllingTerminal(t);
    }

    private long ioctl(SyscallCall c) {
        GuestProcess p = c.process();
        FileDescription d = p.description(c.arg(0));
        if (d == null) {
            return Errno.EBADF.negated();
        }
        int request = (int) c.arg(1);
        switch (request) {
            case FIOCLEX, FIONCLEX -> {
                p.setCloseOnExec(c.intArg(0), request == FIOCLEX);
                return 0;
            }
            case FIONBIO -> {
                int on = c.memory().read32(c.arg(2));
                d.setStatusFlags(on != 0 ? d.statusFlags() | OpenFlags.O_NONBLOCK : d.statusFlags() & ~OpenFlags.O_NONBLOCK);
                return 0;
            }
            default -> {
            }
        }
        PseudoTerminal t = PseudoTerminal.of(d);
        if (t != null) {
            return c.serve(PseudoTerminal.SERVER, "ioctl", () -> terminalIoctl(c, d, t, request));
        }
        if (request == FIONREAD && d.available() >= 0) {
            c.memory().write32(c.arg(2), d.available());
            return 0;
        }
        return d.isTerminal() ? hostTerminalIoctl(c, request) : Errno.ENOTTY.negated();
    }

    /** The emulator's own terminal: its modes and size as a cooked 80x24 terminal; nothing changes them. */
    private static long hostTerminalIoctl(SyscallCall c, int request) {
        GuestMemory memory = c.memory();
        if (request == TIOCGWINSZ) {
            ByteBuffer b = GuestData.buffer(WINSIZE_SIZE, memory);
            b.putShort((short) 24).putShort((short) 80).putShort((short) 0).putShort((short) 0);
            GuestData.write(memory, c.arg(2), b.array(), WINSIZE_SIZE);
            return 0;
        }
        if (request == TCGETS) {
            ByteBuffer b = GuestData.buffer(PseudoTerminal.TERMIOS_SIZE, memory);
            b.putInt(0x500).putInt(0x5).putInt(0xbf).putInt(0x8a3b); // iflag, oflag, cflag, lflag of a cooked tty
            GuestData.write(memory, c.arg(2), b.array(), PseudoTerminal.TERMIOS_SIZE);
            return 0;
        }
        return Errno.ENOTTY.negated();
    }

    private long terminalIoctl(SyscallCall c, FileDescription d, PseudoTerminal t, int request) {
        GuestProcess p = c.process();
        GuestMemory memory = c.memory();
        boolean master = PseudoTerminal.isMaster(d);
        if (!master && t.hungUp()) {
            return request == TIOCSPGRP ? Errno.ENOTTY.negated() : Errno.EIO.negated(); // hung_up_tty_ioctl
        }
        // what Linux checks as "tty == real_tty && current->signal->tty != real_tty": the slave, not ours
        boolean foreignSlave = !master && p.controllingTerminal() != t;
        long address = c.arg(2);
        switch (request) {
            case TCGETS -> {
                GuestData.write(memory, address, t.termios(memory.isBigEndian()), PseudoTerminal.TERMIOS_SIZE);
                return 0;
            }
            case TCSETS, TCSETSW, TCSETSF -> {
                long check = jobControl(c, t, d, Signal.SIGTTOU);
                if (check != 0) {
                    return check;
                }
                byte[] termios = GuestData.read(memory, address, PseudoTerminal.TERMIOS_SIZE);
                if (request == TCSETSF) {
                    t.flush(false, 0);
                }
                t.setTermios(termios, memory.isBigEndian());
                return 0;
            }
            case TIOCGWINSZ -> {
                ByteBuffer b = GuestData.buffer(WINSIZE_SIZE, memory);
                for (short s : t.windowSize()) {
                    b.putShort(s);
                }
                GuestData.write(memory, address, b.array(), WINSIZE_SIZE);
                return 0;
            }
            case TIOCSWINSZ -> {
                ByteBuffer b = ByteBuffer.wrap(GuestData.read(memory, address, WINSIZE_SIZE))
                        .order(memory.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                t.setWindowSize(new short[] { b.getShort(), b.getShort(), b.getShort(), b.getShort() });
                return 0;
            }
            case TIOCGPGRP, TIOCGSID -> {
                if (foreignSlave || request == TIOCGSID && t.session() == 0) {
                    return Errno.ENOTTY.negated();
                }
                memory.write32(address, request == TIOCGPGRP ? t.foreground() : t.session());
                return 0;
            }
            case TIOCSPGRP -> {
                return setForeground(c, d, t);
            }
            case TIOCSCTTY -> {
                if (p.session() == p.pid() && t.session() == p.session()) {
                    return 0;
                }
                if (p.session() != p.pid() || p.controllingTerminal() != null || t.session() != 0) {
                    return Errno.EPERM.negated();
                }
                acquire(p, t);
                return 0;
            }
            case TIOCNOTTY -> {
                if (master || p.controllingTerminal() != t) {
                    return Errno.ENOTTY.negated();
                }
                if (p.session() == p.pid()) {
                    disassociate(t, true);
                } else {
                    p.setControllingTerminal(null);
                }
                return 0;
            }
            case TCFLSH, TCXONC, TCSBRK, TCSBRKP -> {
                long check = jobControl(c, t, d, Signal.SIGTTOU);
                if (check != 0) {
                    return check;
                }
                return request == TCFLSH ? t.flush(master, c.intArg(2)) : request == TCXONC ? t.flowControl(c.intArg(2)) : 0;
            }
            case FIONREAD, TIOCOUTQ -> {
                memory.write32(address, request == FIONREAD ? t.queued(d) : 0); // the master takes output at once
                return 0;
            }
            default -> {
                return master ? masterIoctl(c, t, request) : Errno.ENOTTY.negated();
            }
        }
    }

    /** What only the master end answers: the pair's number and lock, its slave, a signal. */
    private long masterIoctl(SyscallCall c, PseudoTerminal t, int request) {
        GuestMemory memory = c.memory();
        switch (request) {
            case TIOCGPTN -> {
                memory.write32(c.arg(2), t.number());
                return 0;
            }
            case TIOCSPTLCK -> {
                t.setLocked(memory.read32(c.arg(2)) != 0);
                return 0;
            }
            case TIOCGPTLCK -> {
                memory.write32(c.arg(2), t.isLocked() ? 1 : 0);
                return 0;
            }
            case TIOCGPTPEER -> {
                int flags = c.intArg(2);
                return (flags & ~PEER_FLAGS) != 0 ? Errno.EINVAL.negated() : openSlave(c, t, flags);
            }
            case TIOCSIG -> {
                int signo = c.intArg(2);
                if (signo <= 0 || signo > Signal.NSIG) {
                    return Errno.EINVAL.negated();
                }
                signalForeground(t, signo);
                return 0;
            }
            default -> {
                return Errno.ENOTTY.negated();
            }
        }
    }

    /** TIOCSPGRP: the caller's own controlling terminal, a group of its session. */
    private long setForeground(SyscallCall c, FileDescription d, PseudoTerminal t) {
        GuestProcess p = c.process();
        long check = jobControl(c, t, d, Signal.SIGTTOU);
        if (check == Errno.EIO.negated()) {
            return Errno.ENOTTY.negated();
        }
        if (check != 0) {
            return check;
        }
        if (p.controllingTerminal() != t || t.session() != p.session()) {
            return Errno.ENOTTY.negated();
        }
        int group = c.memory().read32(c.arg(2));
        if (group < 0) {
            return Errno.EINVAL.negated();
        }
        boolean named = false;
        for (GuestProcess member : layer.processServer().processes()) {
            if (member.exitStatus() == null && member.processGroup() == group) {
                if (member.session() != p.session()) {
                    return Errno.EPERM.negated();
                }
                t.setForeground(group);
                return 0;
            }
            named |= member.pid() == group;
        }
        return named ? Errno.EPERM.negated() : Errno.ESRCH.negated();
    }

    /**
     * Linux's __tty_check_change for a process using its controlling terminal: 0 to go on; EIO
     * for a read whose SIGTTIN is ignored or blocked, or for an orphaned group; otherwise the
     * caller's group gets {@code signal} and the call leaves the layer, to start again when the
     * process may use the terminal (after a SIGCONT) or to fail with EINTR after a handler.
     */
    static long jobControl(SyscallCall c, PseudoTerminal t, FileDescription d, Signal signal) {
        GuestProcess p = c.process();
        if (PseudoTerminal.isMaster(d) || mayUse(p, t)) {
            return 0;
        }
        GuestThread thread = c.thread();
        boolean refused = (thread.signalMask() & 1L << signal.number() - 1) != 0
                || p.signalAction(signal.number()).handler() == SignalAction.SIG_IGN;
        if (refused) {
            return signal == Signal.SIGTTIN ? Errno.EIO.negated() : 0;
        }
        SyscallLayer layer = c.layer();
        if (layer.signals().orphaned(p)) {
            return Errno.EIO.negated();
        }
        layer.signals().postToGroup(p.processGroup(), signal.number(), c.number());
        return c.block(() -> mayUse(p, t), true, () -> 0, 0);
    }

    /** Not its controlling terminal, or one whose foreground is the process's group or nobody. */
    private static boolean mayUse(GuestProcess p, PseudoTerminal t) {
        return p.controllingTerminal() != t || t.foreground() == 0 || t.foreground() == p.processGroup();
    }

    @Override
    public void signalForeground(PseudoTerminal terminal, int signo) {
        if (terminal.foreground() != 0) {
            layer.signals().postToGroup(terminal.foreground(), signo, -1);
        }
    }

    /**
     * The master is closed (tty_vhangup of the slave): the session's leader gets SIGHUP and
     * SIGCONT, no process has the terminal any more, and its number is free.
     */
    @Override
    public void masterClosed(PseudoTerminal terminal) {
        terminals.remove(terminal.number());
        numbers.release(terminal.number());
        GuestProcess leader = terminal.session() == 0 ? null : layer.processServer().process(terminal.session());
        if (leader != null && leader.exitStatus() == null) {
            for (Signal signal : new Signal[] { Signal.SIGHUP, Signal.SIGCONT }) {
                layer.signals().postToProcess(leader, new SignalInfo(signal.number(), SignalInfo.SI_KERNEL, 0, 0, 0), -1, null);
            }
        }
        forget(terminal);
    }

    /**
     * The session leader gives up its controlling terminal (TIOCNOTTY, or its exit): the
     * foreground group gets SIGHUP (and SIGCONT, but not on exit), and the session loses it.
     */
    private void disassociate(PseudoTerminal t, boolean continueForeground) {
        int foreground = t.foreground();
        if (foreground != 0) {
            layer.signals().postToGroup(foreground, Signal.SIGHUP.number(), -1);
            if (continueForeground) {
                layer.signals().postToGroup(foreground, Signal.SIGCONT.number(), -1);
            }
        }
        forget(t);
    }

    /** No process has {@code t} as its controlling terminal any more, and it belongs to no session. */
    private void forget(PseudoTerminal t) {
        for (GuestProcess p : layer.processServer().processes()) {
            if (p.controllingTerminal() == t) {
                p.setControllingTerminal(null);
            }
        }
        t.setSession(0, 0);
    }

    /** A process ended: a session leader's exit hangs up its controlling terminal. */
    void processEnded(GuestProcess p) {
        PseudoTerminal t = p.controllingTerminal();
        if (t != null && p.session() == p.pid() && t.session() == p.session()) {
            disassociate(t, false);
        }
    }
}
