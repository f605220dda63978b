package org.wsfile.server;

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

import org.wsfile.config.Settings;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.legacy.LegacyCommand;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.protocol.legacy.LegacyFrames;
import org.wsfile.protocol.legacy.LegacyParser;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.TopicRegistry;
import org.wsfile.relay.TopicRelay;

/**
 * The WebSocket endpoint, one instance per connection. It only translates: frames in become
 * subscriptions and publications, and what the relay delivers goes out through the connection's
 * {@link SessionOutbox}.
 */
@ServerEndpoint("/ws")
public class FileEndpoint {
    private static final Logger LOG = Logger.getLogger(FileEndpoint.class.getName());

    @Inject
    TopicRegistry registry;
    @Inject
    TopicRelay relay;
    @Inject
    Settings settings;
    @Inject
    DeliveryThreads threads;

    private Session session;
    private SessionOutbox outbox;
    private SenderWindow window;
    private LegacyParser parser;

    @OnOpen
    public void open(Session session) {
        this.session = session;
        this.outbox = new SessionOutbox(session, settings, threads, registry::forget);
        this.window = new SenderWindow(settings.senderWindow());
        this.parser = new LegacyParser(settings.maxFileSize());
        session.setMaxTextMessageBufferSize(
                (int) Math.min(Integer.MAX_VALUE - 8, LegacyParser.maxFrameLength(settings.maxFileSize())));
        session.setMaxIdleTimeout(0);
    }

    @OnMessage
    public void text(String frame) throws InterruptedException {
        LegacyCommand command;
        try {
            command = parser.parse(frame);
        } catch (ProtocolException problem) {
            refuse(problem);
            return;
        }
        if (command instanceof LegacyCommand.Subscribe subscribe) {
            registry.subscribe(outbox, subscribe.topic());
        } else if (command instanceof LegacyCommand.Publish publish) {
            LegacyFile file = publish.file();
            FanOut fanOut = relay.publish(file, outbox);
            window.hold(file.frame().length(), fanOut);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        refuse(new ProtocolException(ErrorCode.UNEXPECTED_BINARY,
                "binary frames are not part of this protocol; send text frames"));
    }

    @OnClose
    public void close(CloseReason reason) {
        registry.forget(outbox);
        outbox.closed();
    }

    @OnError
    public void error(Throwable problem) {
        LOG.log(Level.FINE, "connection " + session.getId() + " failed", problem);
    }

    /** An over-limit file closes the connection with 1009; any other refusal is answered with an error frame. */
    private void refuse(ProtocolException problem) {
        LOG.info(() -> "refused a frame from connection " + session.getId() + ": "
                + problem.code().wireName() + ": " + problem.getMessage());
        if (problem.code() == ErrorCode.TOO_LARGE) {
            Closing.close(session, CloseReason.CloseCodes.TOO_BIG, problem.getMessage());
        } else {
            outbox.sendText(LegacyFrames.error(problem));
        }
    }
}
