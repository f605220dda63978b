package org.wsfile.auth;

/** A token was not accepted; the message says why, without quoting the token. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }
}
