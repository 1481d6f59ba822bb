package dev.k42lens.ui.breakpoints;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.k42lens.core.layer.table.Signal;
import dev.k42lens.core.layer.table.SyscallDescriptor;
import dev.k42lens.core.layer.table.SyscallTable;

/**
 * What the catchpoint dialogs accept as the system call or signal to catch, checked against the
 * engine's own tables, and written the way the catchpoints take it.
 */
final class CatchpointSubjects {
    /** A subject as the catchpoint takes it, or why the text names none (exactly one is non-null). */
    record Subject(String value, String problem) {
        static Subject of(String value) {
            return new Subject(value, null);
        }

        static Subject problem(String problem) {
            return new Subject(null, problem);
        }
    }

    static final String ANY_SIGNAL = "any";
    /** Upper-case signal names, with and without "SIG", to their numbers. */
    private static final Map<String, Integer> SIGNALS = signalsByName();

    private CatchpointSubjects() {
    }

    private static Map<String, Integer> signalsByName() {
        Map<String, Integer> signals = new HashMap<>();
        for (int number = 1; number <= Signal.NSIG; number++) {
            String name = Signal.nameOf(number);
            signals.put(name, number);
            signals.put(name.substring("SIG".length()), number);
        }
        return signals;
    }

    /** A ppc64 system call by name ("write", any case) or decimal number ("4"). */
    static Subject syscall(String text) {
        String syscall = text.trim();
        if (syscall.isEmpty()) {
            return Subject.problem("Enter a system call: a name such as write, or a number such as 4.");
        }
        SyscallTable table = SyscallTable.ppc64();
        if (syscall.chars().allMatch(Character::isDigit)) {
            Optional<SyscallDescriptor> call = parseInt(syscall).flatMap(table::byNumber);
            return call.isPresent() ? Subject.of(Integer.toString(call.get().number()))
                    : Subject.problem("No ppc64 system call has the number " + syscall + ".");
        }
        return table.byName(syscall.toLowerCase(Locale.ROOT)).map(call -> Subject.of(call.name()))
                .orElseGet(() -> Subject.problem("'" + syscall + "' is not a ppc64 system call name."));
    }

    /** A signal by name ("SIGALRM", "alrm"), number (1 to 64) or "any". */
    static Subject signal(String text) {
        String signal = text.trim();
        if (signal.isEmpty()) {
            return Subject.problem("Enter a signal: a name such as SIGALRM, a number from 1 to " + Signal.NSIG
                    + ", or any.");
        }
        if (signal.equalsIgnoreCase(ANY_SIGNAL)) {
            return Subject.of(ANY_SIGNAL);
        }
        if (signal.chars().allMatch(Character::isDigit)) {
            return parseInt(signal).filter(number -> number >= 1 && number <= Signal.NSIG)
                    .map(number -> Subject.of(Integer.toString(number)))
                    .orElseGet(() -> Subject.problem("Signal numbers go from 1 to " + Signal.NSIG + "."));
        }
        Integer number = SIGNALS.get(signal.toUpperCase(Locale.ROOT));
        return number != null ? Subject.of(Signal.nameOf(number))
                : Subject.problem("'" + signal + "' is not a signal: write a name such as SIGALRM or SIGRT_3, a "
                        + "number from 1 to " + Signal.NSIG + ", or any.");
    }

    /** The decimal number, or empty when it does not fit an int. */
    private static Optional<Integer> parseInt(String digits) {
        try {
            return Optional.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
