package dev.k42lens.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What every refusal the targets accept must be: one readable line for the user. */
final class OneLine {
    private OneLine() {
    }

    static void check(String message) {
        assertNotNull(message);
        assertFalse(message.isBlank(), "a blank message");
        assertFalse(message.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c)), "not one line: " + message);
    }
}
