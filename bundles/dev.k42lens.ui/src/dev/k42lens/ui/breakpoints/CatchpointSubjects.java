package dev.k42lens.ui.breakpoints;

import dev.k42lens.core.debug.SignalCatchpoint;
import dev.k42lens.core.debug.SyscallCatchpoint;
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

    private CatchpointSubjects() {
    }

    /** A ppc64 system call by name ("write", any case) or decimal number ("4"). */
    static Subject syscall(String text) {
        if (text.isBlank()) {
            return Subject.problem("Enter a system call: a name such as write, or a number such as 4.");
        }
        try {
            int number = SyscallCatchpoint.numberOf(text);
            return Subject.of(number < 0 ? "any" : SyscallTable.ppc64().byNumber(number).map(SyscallDescriptor::name).orElseThrow());
        } catch (IllegalArgumentException e) {
            return Subject.problem(sentence(e.getMessage()));
        }
    }

    /** A signal by name ("SIGALRM", "alrm", "SIGRT_3"), number (1 to 64) or "any". */
    static Subject signal(String text) {
        if (text.isBlank()) {
            return Subject.problem("Enter a signal: a name such as SIGALRM, a number from 1 to " + Signal.NSIG + ", or any.");
        }
        try {
            int number = SignalCatchpoint.numberOf(text);
            return Subject.of(number == 0 ? ANY_SIGNAL : Signal.nameOf(number));
        } catch (IllegalArgumentException e) {
            return Subject.problem(sentence(e.getMessage()));
        }
    }

    /** The engine's message as a dialog sentence: capital first letter, full stop. */
    private static String sentence(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }
}
