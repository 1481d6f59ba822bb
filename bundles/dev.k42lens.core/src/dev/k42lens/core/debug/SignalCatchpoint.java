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

    /** The number of "SIGALRM", "ALRM", "14", or 0 for "any"; anything else is an IllegalArgumentException. */
    public static int numberOf(String signal) {
        String text = signal.trim().toUpperCase(java.util.Locale.ROOT);
        if (text.equals("ANY") || text.equals("*")) {
            return 0;
        }
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            int number = Integer.parseInt(text);
            if (number < 1 || number > Signal.NSIG) {
                throw new IllegalArgumentException("no signal has number " + number + " (1.." + Signal.NSIG + ")");
            }
            return number;
        }
        String name = text.startsWith("SIG") ? text : "SIG" + text;
        for (Signal s : Signal.values()) {
            if (s.name().equals(name)) {
                return s.number();
            }
        }
        throw new IllegalArgumentException("no signal is named '" + signal.trim() + "'");
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
