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

    /** The same, for a text whose length in UTF-8 is known already: a transport that needs it need not count. */
    default void sendText(MeasuredText text, boolean last) throws IOException {
        sendText(text.value(), last);
    }

    /** Writes a binary message. */
    void sendBinary(ByteBuffer message) throws IOException;

    /** Closes the connection with a close frame; does not throw. */
    void close(Closure closure);
}
