package dev.k42lens.core.debug;

import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.trace.TraceEvent;
import dev.k42lens.core.trace.TraceKind;

/**
 * Stops when a signal is posted to a thread, deferred because it arrived inside the layer, or
 * delivered (its handler frame built or its default action taken).
 *
 * @param signal the signal number, or 0 for every signal
 */
public record SignalCatchpoint(int signal, boolean posted, boolean deferred, boolean delivered) {
    public SignalCatchpoint {
        if (!posted && !deferred && !delivered) {
            throw new IllegalArgumentException("a signal catchpoint stops when a signal is posted, deferred or delivered");
        }
        if (signal < 0 || signal > Signal.NSIG) {
            throw new IllegalArgumentException("no signal has number " + signal);
        }
    }

    /**
     * The number of "SIGALRM", "alrm", "SIGRT_3" or "14" (strace's names, any case), or 0 for "any";
     * anything else is an IllegalArgumentException saying what is accepted.
     */
    public static int numberOf(String signal) {
        String text = signal.trim().toUpperCase(java.util.Locale.ROOT);
        if (text.equals("ANY") || text.equals("*")) {
            return 0;
        }
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            int number = text.length() > 3 ? -1 : Integer.parseInt(text);
            if (number < 1 || number > Signal.NSIG) {
                throw new IllegalArgumentException("signal numbers go from 1 to " + Signal.NSIG + ", not " + text);
            }
            return number;
        }
        String name = text.startsWith("SIG") ? text : "SIG" + text;
        for (int number = 1; number <= Signal.NSIG; number++) {
            if (Signal.nameOf(number).equals(name)) {
                return number;
            }
        }
        throw new IllegalArgumentException("'" + signal.trim() + "' is not a signal: write a name such as SIGALRM or SIGRT_3, a number from 1 to "
                + Signal.NSIG + ", or any");
    }

    public boolean matches(TraceEvent event) {
        boolean kind = event.kind() == TraceKind.SIGNAL_POSTED && posted || event.kind() == TraceKind.SIGNAL_DEFERRED && deferred
                || event.kind() == TraceKind.SIGNAL_DELIVERED && delivered;
        return kind && (signal == 0 || signal == event.signal());
    }

    /** "SIGALRM posted/deferred" */
    public String describe() {
        java.util.List<String> when = new java.util.ArrayList<>();
        if (posted) {
            when.add("posted");
        }
        if (deferred) {
            when.add("deferred");
        }
        if (delivered) {
            when.add("delivered");
        }
        return (signal == 0 ? "any signal" : Signal.nameOf(signal)) + " " + String.join("/", when);
    }
}
