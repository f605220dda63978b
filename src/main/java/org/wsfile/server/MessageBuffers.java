package org.wsfile.server;

import jakarta.websocket.Session;

import org.wsfile.protocol.legacy.LegacyParser;

/**
 * How large a text message a connection may take. The original protocol sends a whole file as
 * one text message, so the limit follows the largest file; but Tomcat's WebSocket engine (TomEE)
 * allocates a buffer of the limit for every connection when it opens, so there the limit is
 * {@link #EAGER_TEXT_LIMIT} and larger original-protocol files are refused with 1009. The other
 * engines (Tyrus on Payara, Undertow on WildFly) grow their buffers only as messages need it.
 */
final class MessageBuffers {
    /** Characters of text message on engines that allocate the buffer up front: 8 Mi characters, about 6 MiB of file. */
    static final int EAGER_TEXT_LIMIT = 8 * 1024 * 1024;

    private MessageBuffers() {
    }

    /** The text message limit for this connection, for files of up to {@code maxFileSize} bytes. */
    static int textLimit(Session session, long maxFileSize) {
        long wanted = Math.min(Integer.MAX_VALUE - 8, LegacyParser.maxFrameLength(maxFileSize));
        return (int) (allocatesUpFront(session) ? Math.min(wanted, EAGER_TEXT_LIMIT) : wanted);
    }

    private static boolean allocatesUpFront(Session session) {
        return session.getClass().getName().startsWith("org.apache.tomcat.");
    }
}
