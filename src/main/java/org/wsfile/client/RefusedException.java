package org.wsfile.client;

/** The server refused a request, with one of the protocol's error codes and a sentence saying why. */
public final class RefusedException extends Exception {
    private final String code;

    public RefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The error code, such as {@code too-large} or {@code invalid-topic}. */
    public String code() {
        return code;
    }
}
