package dev.k42lens.core.layer.table;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * The standard Linux signals with their ppc64 numbers (powerpc uses the asm-generic numbering), and
 * names for the real-time range 32..64 the way strace spells them (SIGRTMIN, SIGRT_1 ... SIGRT_32).
 */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGILL(4), SIGTRAP(5), SIGABRT(6), SIGBUS(7), SIGFPE(8), SIGKILL(9),
    SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13), SIGALRM(14), SIGTERM(15), SIGSTKFLT(16), SIGCHLD(17),
    SIGCONT(18), SIGSTOP(19), SIGTSTP(20), SIGTTIN(21), SIGTTOU(22), SIGURG(23), SIGXCPU(24), SIGXFSZ(25),
    SIGVTALRM(26), SIGPROF(27), SIGWINCH(28), SIGIO(29), SIGPWR(30), SIGSYS(31);

    public static final int SIGRTMIN = 32;
    /** _NSIG on powerpc: signals are numbered 1..64 and a sigset_t is one 64-bit word. */
    public static final int NSIG = 64;

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The standard signal with this number; real-time and out-of-range numbers have none. */
    public static Optional<Signal> of(int number) {
        return number >= 1 && number < SIGRTMIN ? Optional.of(values()[number - 1]) : Optional.empty();
    }

    /** "SIGINT", "SIGRTMIN", "SIGRT_3", or the decimal number when no signal has it. */
    public static String nameOf(int number) {
        if (number >= 1 && number < SIGRTMIN) {
            return values()[number - 1].name();
        }
        if (number == SIGRTMIN) {
            return "SIGRTMIN";
        }
        if (number > SIGRTMIN && number <= NSIG) {
            return "SIGRT_" + (number - SIGRTMIN);
        }
        return Integer.toString(number);
    }

    /** {@code [INT TERM]}, as strace prints a sigset; a set with more than half the signals prints as its complement, {@code ~[KILL STOP]}. */
    public static String setText(long bits) {
        boolean complement = Long.bitCount(bits) > NSIG / 2;
        long listed = complement ? ~bits : bits;
        StringJoiner names = new StringJoiner(" ", complement ? "~[" : "[", "]");
        for (int bit = 0; bit < NSIG; bit++) {
            if ((listed & (1L << bit)) != 0) {
                names.add(nameOf(bit + 1).substring("SIG".length()));
            }
        }
        return names.toString();
    }

    /**
     * The set {@link #setText} wrote, bit N-1 for signal N.
     *
     * @throws IllegalArgumentException naming what is not a signal set
     */
    public static long parseSet(String text) {
        boolean complement = text.startsWith("~");
        String list = complement ? text.substring(1) : text;
        if (!list.startsWith("[") || !list.endsWith("]")) {
            throw new IllegalArgumentException("not a signal set: " + text);
        }
        long bits = 0;
        for (String name : list.substring(1, list.length() - 1).split(" ")) {
            if (!name.isEmpty()) {
                bits |= 1L << (numberOf(name, text) - 1);
            }
        }
        return complement ? ~bits : bits;
    }

    /** The number of a name as {@link #setText} lists it (INT, RTMIN, RT_3). */
    private static int numberOf(String name, String set) {
        for (int number = 1; number <= NSIG; number++) {
            if (nameOf(number).equals("SIG" + name)) {
                return number;
            }
        }
        throw new IllegalArgumentException("not a signal: " + name + " in " + set);
    }
}
