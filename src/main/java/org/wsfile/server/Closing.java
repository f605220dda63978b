package org.wsfile.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/** Closes connections with a reason people can read. */
final class Closing {
    private static final Logger LOG = Logger.getLogger(Closing.class.getName());
    /** A close frame's reason may take at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;

    private Closing() {
    }

    /** Closes the session with the code and reason, cut to what a close frame can carry. */
    static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, fit(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing connection " + session.getId() + " failed", e);
        }
    }

    static String fit(String reason) {
        String fitted = reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            fitted = fitted.substring(0, fitted.offsetByCodePoints(fitted.length(), -1));
        }
        return fitted;
    }
}
