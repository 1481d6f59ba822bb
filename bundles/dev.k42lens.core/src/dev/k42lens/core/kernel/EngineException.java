package dev.k42lens.core.kernel;

/** The engine cannot run the program at all; the message is one line for the user. */
public final class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }
}
