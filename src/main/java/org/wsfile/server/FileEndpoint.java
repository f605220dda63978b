package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import org.wsfile.protocol.stream.ServerMessages;

/**
 * The WebSocket endpoint, one instance per connection: it sets the session's limits and hands
 * everything to the {@link Connection}, which writes through a {@link SessionTransport}.
 */
@ServerEndpoint(value = "/ws", subprotocols = ServerMessages.PROTOCOL)
public class FileEndpoint {
    private static final Logger LOG = Logger.getLogger(FileEndpoint.class.getName());

    @Inject
    ServerContext server;

    private Connection connection;

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(MessageBuffers.textLimit(session, server.settings.maxFileSize()));
        session.setMaxBinaryMessageBufferSize(StreamInbound.MAX_CHUNK_SIZE);
        session.setMaxIdleTimeout(0);
        connection = new Connection(new SessionTransport(session), server, session.getRequestParameterMap(),
                ServerMessages.PROTOCOL.equals(session.getNegotiatedSubprotocol()));
    }

    @OnMessage
    public void text(String frame) throws InterruptedException {
        connection.text(frame);
    }

    @OnMessage
    public void binary(ByteBuffer frame) throws InterruptedException {
        connection.binary(frame);
    }

    @OnClose
    public void close(CloseReason reason) {
        // A connection refused as it opens (no valid token, too many connections) is closed from
        // within its constructor, before it is assigned here; nothing of it is left to undo.
        if (connection != null) {
            connection.closed();
        }
    }

    /**
     * A connection's network failing is routine and logged only at FINE; anything else thrown
     * while handling a connection is a fault of the server's and is logged with its stack trace.
     */
    @OnError
    public void error(Session session, Throwable problem) {
        Level level = problem instanceof IOException || problem.getCause() instanceof IOException ? Level.FINE : Level.WARNING;
        LOG.log(level, "connection " + session.getId() + " failed", problem);
    }
}
