package dev.k42lens.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import dev.k42lens.core.kernel.fs.FsNode;
import dev.k42lens.core.layer.table.Errno;
import dev.k42lens.core.layer.table.Signal;

/**
 * A pseudo-terminal pair: the master a process gets from /dev/ptmx and the slave at /dev/pts/N,
 * with Linux's line discipline (n_tty) between them. Bytes written to the master are typed input:
 * they are edited into lines (canonical mode), echoed, and turned into signals for the
 * foreground process group (^C, ^\, ^Z). Bytes written to the slave are output: ONLCR and the
 * other output flags apply, and the master reads them. The terminal also keeps its session and
 * foreground process group; the system-call layer enforces job control with them and posts the
 * signals the line discipline asks for (see {@link Listener}).
 * <p>
 * Reads and writes answer EAGAIN when they would have to wait, as pipes do; the layer then waits
 * outside itself.
 */
public final class PseudoTerminal {
    /** The emulated server that holds every terminal: reads, writes and ioctls are requests to it. */
    public static final String SERVER = "terminal";

    /** What the terminal asks of the system-call layer, which owns processes and signals. */
    public interface Listener {
        /** Sends {@code signo} to the terminal's foreground process group: ^C, ^\, ^Z, a new window size. */
        void signalForeground(PseudoTerminal terminal, int signo);

        /** The master's last descriptor was closed: the slave hangs up and the pair's number is free. */
        void masterClosed(PseudoTerminal terminal);
    }

    // struct termios of powerpc (asm/termbits.h): the flag values differ from x86's
    public static final int TERMIOS_SIZE = 44;
    private static final int NCCS = 19;
    public static final int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VMIN = 5, VEOL = 6, VTIME = 7, VEOL2 = 8,
            VWERASE = 10, VREPRINT = 11, VSUSP = 12, VSTART = 13, VSTOP = 14, VLNEXT = 15, VDISCARD = 16;
    public static final int ISTRIP = 0x20, INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100, IXON = 0x200;
    public static final int OPOST = 0x1, ONLCR = 0x2, OLCUC = 0x4, OCRNL = 0x8, ONOCR = 0x10, ONLRET = 0x20, TABDLY = 0xc00,
            XTABS = 0xc00;
    public static final int B38400 = 0xf, CS8 = 0x300, CREAD = 0x800;
    public static final int ECHOKE = 0x1, ECHOE = 0x2, ECHOK = 0x4, ECHO = 0x8, ECHONL = 0x10, ECHOCTL = 0x40, ISIG = 0x80,
            ICANON = 0x100, IEXTEN = 0x400, TOSTOP = 0x400000, NOFLSH = 0x80000000;

    /** N_TTY_BUF_SIZE: the line discipline's input buffer. */
    private static final int INPUT_CAPACITY = 4096;
    /** What the slave may write before the master reads. */
    private static final int OUTPUT_CAPACITY = 65536;

    private final int number;
    private final Listener listener;
    private final FsNode slaveNode;

    // Linux's tty_std_termios as the pty slave driver starts it
    private int iflag = ICRNL | IXON;
    private int oflag = OPOST | ONLCR;
    private int cflag = B38400 | CS8 | CREAD;
    private int lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    private final byte[] cc = { 3, 28, 127, 21, 4, 1, 0, 0, 0, 0, 23, 18, 26, 17, 19, 22, 15, 0, 0 };
    private int inputSpeed = 38400;
    private int outputSpeed = 38400;
    private final short[] window = new short[4];

    /** Typed input: readable bytes, then the line being edited (canonical mode). */
    private final byte[] input = new byte[INPUT_CAPACITY];
    private int inputLength;
    /** Canonical mode: where each completed line ends in {@code input}; an end-of-file line adds no byte. */
    private final Deque<Integer> lineEnds = new ArrayDeque<>();
    private boolean literalNext;
    /** Output the master has yet to read. */
    private final byte[] output = new byte[OUTPUT_CAPACITY];
    private int outputHead;
    private int outputLength;
    private int column;
    /** The output column where the line being edited started: erasing a tab needs it. */
    private int canonColumn;
    private boolean outputStopped;

    private boolean locked = true;
    private boolean masterOpen = true;
    private int slaves;
    private boolean slaveOpened;
    private int session;
    private int foreground;
    private long changes;

    private final End master;

    public PseudoTerminal(int number, FsNode ptmx, FsNode slaveNode, Listener listener) {
        this.number = number;
        this.slaveNode = slaveNode;
        this.listener = listener;
        this.master = new End(ptmx, true);
    }

    /** The master end, as /dev/ptmx's open hands it out (one description per pair). */
    public FileDescription master(int flags) {
        master.setStatusFlags(flags);
        return master;
    }

    /** A new description of the slave, or null while the pair is locked or its master is gone (EIO). */
    public FileDescription openSlave(int flags) {
        if (locked || !masterOpen) {
            return null;
        }
        End slave = new End(slaveNode, false);
        slave.setStatusFlags(flags);
        slaves++;
        slaveOpened = true;
        changes++;
        return slave;
    }

    public int number() {
        return number;
    }

    public boolean isLocked() {
        return locked;
    }

    public void setLocked(boolean locked) {
        this.locked = locked;
    }

    /** The session whose controlling terminal it is, or 0. */
    public int session() {
        return session;
    }

    /** The foreground process group, or 0. */
    public int foreground() {
        return foreground;
    }

    /** Makes it the controlling terminal of {@code session}, {@code group} in the foreground; 0, 0 makes it nobody's. */
    public void setSession(int session, int group) {
        this.session = session;
        this.foreground = group;
    }

    public void setForeground(int group) {
        foreground = group;
    }

    /** True once the master is closed: the slave reads end of file and writes EIO. */
    public boolean hungUp() {
        return !masterOpen;
    }

    /** The description is this terminal's slave end. */
    public boolean isSlave(FileDescription d) {
        return d instanceof End end && end.terminal() == this && !end.isMaster;
    }

    /** The terminal behind a description of either end, or null. */
    public static PseudoTerminal of(FileDescription d) {
        return d instanceof End end ? end.terminal() : null;
    }

    /** Whether the description is a master end. */
    public static boolean isMaster(FileDescription d) {
        return d instanceof End end && end.isMaster;
    }

    public boolean canonical() {
        return (lflag & ICANON) != 0;
    }

    public int localFlags() {
        return lflag;
    }

    /** struct termios as TCGETS returns it. */
    public byte[] termios(boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(TERMIOS_SIZE).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(iflag).putInt(oflag).putInt(cflag).putInt(lflag).put(cc).put((byte) 0).putInt(inputSpeed).putInt(outputSpeed);
        return b.array();
    }

    /** TCSETS: new modes. Leaving canonical mode makes the line being edited readable; entering it ends a line at what is there. */
    public void setTermios(byte[] raw, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean wasCanonical = canonical();
        iflag = b.getInt();
        oflag = b.getInt();
        cflag = b.getInt();
        lflag = b.getInt();
        b.get(cc);
        b.get();
        inputSpeed = b.getInt();
        outputSpeed = b.getInt();
        if (wasCanonical && !canonical()) {
            lineEnds.clear();
        } else if (!wasCanonical && canonical() && inputLength > 0) {
            lineEnds.add(inputLength);
        }
        literalNext = false;
        changes++;
    }

    /** struct winsize: rows, columns, x and y pixels. */
    public short[] windowSize() {
        return window.clone();
    }

    /** TIOCSWINSZ; a change sends the foreground group SIGWINCH. */
    public void setWindowSize(short[] size) {
        if (!Arrays.equals(size, window)) {
            System.arraycopy(size, 0, window, 0, window.length);
            listener.signalForeground(this, Signal.SIGWINCH.number());
        }
    }

    /**
     * TCFLSH from one end ({@code fromMaster}): its input queue, its output queue, or both
     * (TCIFLUSH 0, TCOFLUSH 1, TCIOFLUSH 2).
     */
    public long flush(boolean fromMaster, int queue) {
        if (queue < 0 || queue > 2) {
            return Errno.EINVAL.negated();
        }
        if (queue != 1) {
            clearQueue(fromMaster);
        }
        if (queue != 0) {
            clearQueue(!fromMaster);
        }
        return 0;
    }

    /** Empties what the slave reads ({@code output} false) or what the master reads ({@code output} true). */
    private void clearQueue(boolean output) {
        if (output) {
            outputLength = 0;
        } else {
            inputLength = 0;
            lineEnds.clear();
            canonColumn = column;
        }
        changes++;
    }

    /** TCXONC: suspend (0) or restart (1) the slave's output, as ^S and ^Q do. */
    public long flowControl(int action) {
        switch (action) {
            case 0 -> outputStopped = true;
            case 1 -> outputStopped = false;
            case 2, 3 -> {
                // TCIOFF/TCION send STOP/START characters to a real device; a pty has none
            }
            default -> {
                return Errno.EINVAL.negated();
            }
        }
        changes++;
        return 0;
    }

    /** FIONREAD: what a read of {@code end} would find; in canonical mode only completed lines count. */
    public int queued(FileDescription end) {
        if (isMaster(end)) {
            return outputLength;
        }
        return canonical() ? (lineEnds.isEmpty() ? 0 : lineEnds.peekLast()) : inputLength;
    }

    /** VTIME in nanoseconds when a read of the slave with nothing there ends after it (VMIN 0), else 0. */
    public long readTimeoutNs() {
        return !canonical() && cc[VMIN] == 0 ? (cc[VTIME] & 0xff) * 100_000_000L : 0;
    }

    // ---- typed input (master writes) ----

    private boolean local(int flag) {
        return (lflag & flag) != 0;
    }

    /** {@code c} is the special character {@code index} (a disabled one, 0, never matches). */
    private boolean special(int c, int index) {
        return c != 0 && c == (cc[index] & 0xff);
    }

    private static boolean isControl(int c) {
        return c < 32 || c == 127;
    }

    private long type(byte[] bytes, int length) {
        int accepted = 0;
        while (accepted < length) {
            int c = bytes[accepted] & 0xff;
            if (!canonical() && inputLength == INPUT_CAPACITY) {
                break; // the master waits until the slave reads
            }
            accepted++;
            receive(c);
        }
        if (accepted > 0) {
            changes++;
        }
        return accepted == 0 && length > 0 ? Errno.EAGAIN.negated() : accepted;
    }

    private void receive(int c) {
        if ((iflag & ISTRIP) != 0) {
            c &= 0x7f;
        }
        if (literalNext) {
            literalNext = false;
            ordinary(c);
            return;
        }
        if (c == '\r') {
            if ((iflag & IGNCR) != 0) {
                return;
            }
            if ((iflag & ICRNL) != 0) {
                c = '\n';
            }
        } else if (c == '\n' && (iflag & INLCR) != 0) {
            c = '\r';
        }
        if ((iflag & IXON) != 0) {
            if (special(c, VSTOP)) {
                outputStopped = true;
                return;
            }
            if (special(c, VSTART)) {
                outputStopped = false;
                return;
            }
        }
        if (local(ISIG)) {
            int signo = special(c, VINTR) ? Signal.SIGINT.number() : special(c, VQUIT) ? Signal.SIGQUIT.number()
                    : special(c, VSUSP) ? Signal.SIGTSTP.number() : 0;
            if (signo != 0) {
                if (!local(NOFLSH)) {
                    clearQueue(false);
                    clearQueue(true);
                }
                listener.signalForeground(this, signo);
                if (local(ECHO)) {
                    echo(c);
                }
                return;
            }
        }
        if (canonical() && canonicalSpecial(c)) {
            return;
        }
        ordinary(c);
    }

    /** The editing characters of canonical mode; false when {@code c} is an ordinary one. */
    private boolean canonicalSpecial(int c) {
        boolean extended = local(IEXTEN);
        if (special(c, VERASE) || special(c, VKILL) || (extended && special(c, VWERASE))) {
            erase(c);
            return true;
        }
        if (extended && special(c, VLNEXT)) {
            literalNext = true;
            if (local(ECHO) && local(ECHOCTL)) {
                output('^');
                output('\b');
            }
            return true;
        }
        if (extended && local(ECHO) && special(c, VREPRINT)) {
            echo(c);
            output('\n');
            for (int i = editStart(); i < inputLength; i++) {
                echo(input[i] & 0xff);
            }
            return true;
        }
        if (c == '\n') {
            if (local(ECHO) || local(ECHONL)) {
                output('\n');
            }
            store(c);
            endLine();
            return true;
        }
        if (special(c, VEOF)) {
            endLine();
            return true;
        }
        if (special(c, VEOL) || (extended && special(c, VEOL2))) {
            if (local(ECHO)) {
                echo(c);
            }
            store(c);
            endLine();
            return true;
        }
        return false;
    }

    private void ordinary(int c) {
        if (local(ECHO)) {
            if (c == '\n') {
                output('\n');
            } else {
                echo(c);
            }
        }
        store(c);
    }

    /** Keeps a typed byte; a full buffer drops it (canonical mode keeps the last place for the end of the line). */
    private void store(int c) {
        int room = canonical() && c != '\n' ? INPUT_CAPACITY - 1 : INPUT_CAPACITY;
        if (inputLength < room) {
            input[inputLength++] = (byte) c;
        }
    }

    private int editStart() {
        return lineEnds.isEmpty() ? 0 : lineEnds.peekLast();
    }

    private void endLine() {
        lineEnds.add(inputLength);
        canonColumn = column;
    }

    /** ERASE, WERASE and KILL on the line being edited, echoed as Linux does with ECHOE, ECHOK and ECHOKE. */
    private void erase(int c) {
        int start = editStart();
        if (inputLength == start) {
            return;
        }
        boolean kill = special(c, VKILL);
        boolean word = !kill && !special(c, VERASE);
        if (kill && (!local(ECHO) || !local(ECHOK) || !local(ECHOKE) || !local(ECHOE))) {
            inputLength = start;
            if (local(ECHO)) {
                echo(c);
                if (local(ECHOK)) {
                    output('\n');
                }
            }
            return;
        }
        int alphanumerics = 0;
        while (inputLength > start) {
            int last = input[inputLength - 1] & 0xff;
            if (word) {
                if (Character.isLetterOrDigit(last) && last < 128 || last == '_') {
                    alphanumerics++;
                } else if (alphanumerics > 0) {
                    break;
                }
            }
            inputLength--;
            if (local(ECHO)) {
                if (!kill && !word && !local(ECHOE)) {
                    echo(cc[VERASE] & 0xff);
                } else if (last == '\t') {
                    eraseTab(start);
                } else {
                    if (isControl(last) && local(ECHOCTL)) {
                        rubOut();
                    }
                    if (!isControl(last) || local(ECHOCTL)) {
                        rubOut();
                    }
                }
            }
            if (!kill && !word) {
                break;
            }
        }
    }

    private void rubOut() {
        output('\b');
        output(' ');
        output('\b');
    }

    /** Backs up over a tab: to the column it started at, found by replaying the line from where it began. */
    private void eraseTab(int start) {
        int col = canonColumn;
        for (int i = start; i < inputLength; i++) {
            int ch = input[i] & 0xff;
            if (ch == '\t') {
                col = (col | 7) + 1;
            } else if (isControl(ch)) {
                col += local(ECHOCTL) ? 2 : 0;
            } else {
                col++;
            }
        }
        for (int n = 8 - (col & 7); n > 0; n--) {
            output('\b');
        }
    }

    /** Echoes a typed byte; with ECHOCTL a control character shows as ^X (a tab as itself). */
    private void echo(int c) {
        if (local(ECHOCTL) && isControl(c) && c != '\t') {
            output('^');
            output(c ^ 0x40);
        } else {
            output(c);
        }
    }

    // ---- output (slave writes and echoes) ----

    private void output(int c) {
        if ((oflag & OPOST) != 0) {
            switch (c) {
                case '\n' -> {
                    if ((oflag & ONLRET) != 0) {
                        column = 0;
                    }
                    if ((oflag & ONLCR) != 0) {
                        canonColumn = column = 0;
                        put('\r');
                        put('\n');
                        return;
                    }
                    canonColumn = column;
                }
                case '\r' -> {
                    if ((oflag & ONOCR) != 0 && column == 0) {
                        return;
                    }
                    if ((oflag & OCRNL) != 0) {
                        c = '\n';
                        if ((oflag & ONLRET) != 0) {
                            canonColumn = column = 0;
                        }
                    } else {
                        canonColumn = column = 0;
                    }
                }
                case '\t' -> {
                    int spaces = 8 - (column & 7);
                    column += spaces;
                    if ((oflag & TABDLY) == XTABS) {
                        for (int i = 0; i < spaces; i++) {
                            put(' ');
                        }
                        return;
                    }
                }
                case '\b' -> {
                    if (column > 0) {
                        column--;
                    }
                }
                default -> {
                    if (!isControl(c)) {
                        if ((oflag & OLCUC) != 0 && c >= 'a' && c <= 'z') {
                            c -= 'a' - 'A';
                        }
                        if ((c & 0xc0) != 0x80) { // a UTF-8 continuation byte takes no column
                            column++;
                        }
                    }
                }
            }
        }
        put(c);
    }

    private void put(int c) {
        if (outputLength < OUTPUT_CAPACITY) {
            output[(outputHead + outputLength++) % OUTPUT_CAPACITY] = (byte) c;
        }
    }

    private long print(byte[] bytes, int length) {
        if (!masterOpen) {
            return Errno.EIO.negated();
        }
        int written = 0;
        // a byte may become two (ONLCR, and up to eight for a tab with XTABS): stop while that might not fit
        while (written < length && !outputStopped && OUTPUT_CAPACITY - outputLength >= 8) {
            output(bytes[written++] & 0xff);
        }
        if (written > 0) {
            changes++;
        }
        return written == 0 && length > 0 ? Errno.EAGAIN.negated() : written;
    }

    private long takeOutput(byte[] into, int length) {
        if (outputLength == 0) {
            return slaveOpened && slaves == 0 ? Errno.EIO.negated() : Errno.EAGAIN.negated();
        }
        int n = Math.min(length, outputLength);
        for (int i = 0; i < n; i++) {
            into[i] = output[(outputHead + i) % OUTPUT_CAPACITY];
        }
        outputHead = (outputHead + n) % OUTPUT_CAPACITY;
        outputLength -= n;
        changes++;
        return n;
    }

    private long takeInput(byte[] into, int length) {
        if (!masterOpen) {
            return 0;
        }
        int n;
        if (canonical()) {
            if (lineEnds.isEmpty()) {
                return Errno.EAGAIN.negated();
            }
            int end = lineEnds.peekFirst();
            n = Math.min(length, end);
            if (n == end) {
                lineEnds.removeFirst();
            }
        } else {
            int min = cc[VMIN] & 0xff;
            int time = cc[VTIME] & 0xff;
            if (inputLength == 0) {
                return min == 0 && time == 0 ? 0 : Errno.EAGAIN.negated();
            }
            if (min > 0 && time == 0 && inputLength < Math.min(min, length)) {
                return Errno.EAGAIN.negated();
            }
            n = Math.min(length, inputLength);
        }
        System.arraycopy(input, 0, into, 0, n);
        System.arraycopy(input, n, input, 0, inputLength - n);
        inputLength -= n;
        int lines = lineEnds.size();
        for (int i = 0; i < lines; i++) {
            lineEnds.add(lineEnds.removeFirst() - n);
        }
        changes++;
        return n;
    }

    private boolean inputReady() {
        if (!masterOpen) {
            return true;
        }
        if (canonical()) {
            return !lineEnds.isEmpty();
        }
        int min = cc[VMIN] & 0xff;
        return inputLength >= (min > 0 && cc[VTIME] == 0 ? min : 1) || min == 0 && cc[VTIME] == 0;
    }

    /** One end of the pair. The master is one description; each open of the slave is another. */
    private final class End extends FileDescription.OfNode {
        private final boolean isMaster;

        End(FsNode node, boolean isMaster) {
            super(node, 0);
            this.isMaster = isMaster;
        }

        PseudoTerminal terminal() {
            return PseudoTerminal.this;
        }

        @Override
        public String server() {
            return SERVER;
        }

        @Override
        public boolean isTerminal() {
            return true;
        }

        @Override
        public long read(byte[] into, int length) {
            return isMaster ? takeOutput(into, length) : takeInput(into, length);
        }

        @Override
        public long write(byte[] from, int length) {
            return isMaster ? type(from, length) : print(from, length);
        }

        @Override
        public int available() {
            return queued(this);
        }

        @Override
        public boolean signalsBrokenPipe() {
            return false;
        }

        @Override
        public boolean readReady() {
            return isMaster ? outputLength > 0 || slaveOpened && slaves == 0 : inputReady();
        }

        @Override
        public boolean writeReady() {
            return isMaster ? canonical() || inputLength < INPUT_CAPACITY
                    : !masterOpen || !outputStopped && OUTPUT_CAPACITY - outputLength >= 8;
        }

        @Override
        public boolean hungUp() {
            return isMaster ? slaveOpened && slaves == 0 : !masterOpen;
        }

        @Override
        public long changes() {
            return changes;
        }

        @Override
        protected void close() {
            changes++;
            if (isMaster) {
                masterOpen = false;
                listener.masterClosed(PseudoTerminal.this);
            } else {
                slaves--;
            }
        }
    }
}
