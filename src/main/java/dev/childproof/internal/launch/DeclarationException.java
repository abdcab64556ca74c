package dev.childproof.internal.launch;

/**
 * A declaration a user wrote that cannot work; the message is one sentence naming the element and the fix. The
 * JUnit glue turns it into the exception type of the phase it was found in.
 */
public final class DeclarationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the whole sentence */
    public DeclarationException(String message) {
        super(message);
    }
}
