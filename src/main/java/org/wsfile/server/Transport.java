package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The network side of one connection, as its {@link Outbox} writes to it: a WebSocket session in
 * the server ({@link SessionTransport}), memory in tests. Writes come one at a time.
 */
interface Transport {
    /** The connection's id, for logs. */
    String id();

    /** Writes a text message, or a fragment of one ({@code last} false). */
    void sendText(String text, boolean last) throws IOException;

    /** The same, for a text encoded once for every connection it goes to: a transport that writes bytes writes these. */
    default void sendText(Utf8Text text, boolean last) throws IOException {
        sendText(text.toString(), last);
    }

    /** Writes a binary message. */
    void sendBinary(ByteBuffer message) throws IOException;

    /** Closes the connection with a close frame; does not throw. */
    void close(Closure closure);
}
