package org.wsfile.client;

import java.io.IOException;

/** The connection to the server failed or closed before a request was answered. */
public final class ConnectionLostException extends IOException {
    public ConnectionLostException(String message) {
        super(message);
    }

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
