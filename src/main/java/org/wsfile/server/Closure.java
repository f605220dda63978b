package org.wsfile.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every way the server closes a connection, in one place: the close code, and the reason a
 * person reads, cut to the 123 bytes of UTF-8 a close frame can carry.
 */
record Closure(int code, String reason) {
    /** A close frame's reason may take at most 123 bytes of UTF-8. */
    static final int MAX_REASON_BYTES = 123;

    Closure {
        reason = fit(reason);
    }

    /** 1001: the application is stopping; clients reconnect once it is back. */
    static Closure goingAway() {
        return new Closure(1001, "the server is going away");
    }

    /** 1008: the connection could not keep up (too far behind, too slow). */
    static Closure dropped(String why) {
        return new Closure(1008, why);
    }

    /** 1008: the connection held a place and did nothing with it. */
    static Closure idle(Duration timeout) {
        return new Closure(1008, "idle: no subscription, file or message for " + timeout.toSeconds() + " s");
    }

    /** 1008: the connection's token was missing, tampered with or expired. */
    static Closure notAllowed(String why) {
        return new Closure(1008, "not allowed: " + why);
    }

    /** 1009: an original-protocol file over the limit, which that protocol has no other way to refuse. */
    static Closure tooLarge(String why) {
        return new Closure(1009, why);
    }

    /** 1011: an original-protocol file was aborted half written, and the client must not keep what it got. */
    static Closure deliveryAborted(String reason) {
        return new Closure(1011, "the file being delivered was aborted: " + reason);
    }

    /** 1002, 1007 or 1009: the client broke the WebSocket protocol, as the server's own frame reader found. */
    static Closure brokenFrame(int code, String why) {
        return new Closure(code, why);
    }

    /** 1011: the server failed at something it had to do for this connection, such as storing a file. */
    static Closure serverError(String why) {
        return new Closure(1011, why);
    }

    /** 1011: writing to the connection failed. */
    /** The sender continues what it sent here on another connection: this one it has left. */
    static Closure continuedElsewhere() {
        return new Closure(1000, "the sender continues its upload on another connection");
    }

    static Closure writeFailed() {
        return new Closure(1011, "write failed");
    }

    /** 1013: the server or the client's address has as many connections as it takes. */
    static Closure tryAgainLater(String why) {
        return new Closure(1013, why);
    }

    static String fit(String reason) {
        String fitted = reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            fitted = fitted.substring(0, fitted.offsetByCodePoints(fitted.length(), -1));
        }
        return fitted;
    }
}
