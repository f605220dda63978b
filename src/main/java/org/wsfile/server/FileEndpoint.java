package org.wsfile.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
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

import org.wsfile.auth.AccessControl;
import org.wsfile.auth.InvalidTokenException;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.ops.RelayStatistics;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.legacy.LegacyFrames;
import org.wsfile.protocol.stream.ControlParser;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.Hub;
import org.wsfile.relay.TopicRelay;

/**
 * The WebSocket endpoint, one instance per connection. It only routes: JSON text frames and binary
 * frames to the streaming protocol ({@link StreamInbound}), other text frames to the original one
 * ({@link LegacyInbound}); everything written goes through the connection's {@link SessionOutbox}.
 */
@ServerEndpoint(value = "/ws", subprotocols = ServerMessages.PROTOCOL)
public class FileEndpoint {
    private static final Logger LOG = Logger.getLogger(FileEndpoint.class.getName());

    @Inject
    Hub hub;
    @Inject
    TopicRelay relay;
    @Inject
    Settings settings;
    @Inject
    DeliveryThreads threads;
    @Inject
    OpenConnections connections;
    @Inject
    Refusals refusals;
    @Inject
    RelayStatistics statistics;
    @Inject
    AccessControl access;

    private Session session;
    private SessionOutbox outbox;
    private LegacySubscriber legacySubscriber;
    private StreamSubscriber streamSubscriber;
    private LegacyInbound legacy;
    private StreamInbound stream;
    private ControlRate requests;
    private volatile long lastMessage;
    private volatile ScheduledFuture<?> idleCheck;
    /** Whether the client speaks the streaming protocol, which decides the form of error frames for binary frames. */
    private boolean streaming;

    @OnOpen
    public void open(Session session) {
        this.session = session;
        String id = session.getId();
        outbox = new SessionOutbox(session, settings, threads, this::forgetSubscriptions, statistics::subscriberDropped);
        legacySubscriber = new LegacySubscriber(id, outbox);
        streamSubscriber = new StreamSubscriber(id, outbox, threads, settings.subscriberSendTimeout());
        // Requests that carry no file, and refusals, share one rate per connection, whichever protocol they come in.
        requests = new ControlRate(settings.limits().controlMessagesPerSecond(), System::nanoTime);
        Optional<Permissions> permissions = permissions(session);
        legacy = new LegacyInbound(id, legacySubscriber, hub, relay, settings, requests,
                permissions.orElse(Permissions.NONE));
        stream = new StreamInbound(id, streamSubscriber, outbox, hub, relay, settings, threads, refusals, requests,
                permissions.orElse(Permissions.NONE));
        if (permissions.isEmpty()) {
            return;
        }
        streaming = ServerMessages.PROTOCOL.equals(session.getNegotiatedSubprotocol());
        session.setMaxTextMessageBufferSize(MessageBuffers.textLimit(session, settings.maxFileSize()));
        session.setMaxBinaryMessageBufferSize(StreamInbound.MAX_CHUNK_SIZE);
        session.setMaxIdleTimeout(0);
        String address = parameter(session, HandshakeFilter.PEER).orElse("an unknown address");
        Optional<String> turnedAway = connections.admit(outbox, address, settings.limits());
        if (turnedAway.isPresent()) {
            LOG.warning(() -> "refused connection " + id + " from " + address + ": " + turnedAway.get());
            outbox.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, turnedAway.get());
            return;
        }
        lastMessage = System.nanoTime();
        idleCheck = threads.schedule(this::closeIfIdle, settings.limits().idleTimeout());
    }

    /**
     * Closes a connection that has had no subscription, no file and no message for the idle
     * timeout: it holds a place among the server's connections and does nothing with it.
     */
    private void closeIfIdle() {
        Duration timeout = settings.limits().idleTimeout();
        long quiet = System.nanoTime() - lastMessage;
        boolean busy = !hub.topicsOf(streamSubscriber).isEmpty() || !hub.topicsOf(legacySubscriber).isEmpty()
                || stream.sending();
        if (!busy && quiet >= timeout.toNanos()) {
            outbox.close(CloseReason.CloseCodes.VIOLATED_POLICY,
                    "idle: no subscription, file or message for " + timeout.toSeconds() + " s");
            return;
        }
        if (session.isOpen()) {
            idleCheck = threads.schedule(this::closeIfIdle, busy ? timeout : timeout.minusNanos(quiet));
        }
    }

    @OnMessage
    public void text(String frame) throws InterruptedException {
        lastMessage = System.nanoTime();
        if (ControlParser.isControlFrame(frame)) {
            streaming = true;
            stream.control(frame);
            return;
        }
        try {
            legacy.frame(frame);
        } catch (ProtocolException problem) {
            refuseLegacy(problem);
        }
    }

    @OnMessage
    public void binary(ByteBuffer frame) throws InterruptedException {
        lastMessage = System.nanoTime();
        if (streaming) {
            stream.data(frame);
        } else {
            refuseLegacy(new ProtocolException(ErrorCode.UNEXPECTED_BINARY,
                    "binary frames belong to the streaming protocol; send a JSON control frame first"));
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        connections.closed(outbox);
        forgetSubscriptions();
        stream.closed();
        outbox.closed("the connection closed");
    }

    @OnError
    public void error(Throwable problem) {
        LOG.log(Level.FINE, "connection " + session.getId() + " failed", problem);
    }

    /** What the connection's token ({@code ?token=} on the address) allows; empty, with the connection closed, if it is refused. */
    private Optional<Permissions> permissions(Session session) {
        Optional<String> token = parameter(session, "token");
        try {
            return Optional.of(access.permissions(token));
        } catch (InvalidTokenException refused) {
            refusals.record("connection " + session.getId(), new ProtocolException(ErrorCode.NOT_ALLOWED, refused.getMessage()));
            outbox.close(CloseReason.CloseCodes.VIOLATED_POLICY, "not allowed: " + refused.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> parameter(Session session, String name) {
        return Optional.ofNullable(session.getRequestParameterMap().get(name)).flatMap(values -> values.stream().findFirst());
    }

    private void forgetSubscriptions() {
        hub.forget(legacySubscriber);
        hub.forget(streamSubscriber);
    }

    /**
     * An over-limit file closes the connection with 1009, as the original protocol has no other
     * refusal; anything else gets an error frame, as far as the connection's request rate allows.
     */
    private void refuseLegacy(ProtocolException problem) {
        boolean answered = problem.code() == ErrorCode.TOO_LARGE || problem.code() == ErrorCode.RATE_LIMITED;
        if (!answered && !requests.tryTake()) {
            return; // a flood of malformed frames is not answered, nor logged, one by one
        }
        refusals.record("connection " + session.getId(), problem);
        if (problem.code() == ErrorCode.TOO_LARGE) {
            outbox.close(CloseReason.CloseCodes.TOO_BIG, problem.getMessage());
        } else {
            outbox.sendText(LegacyFrames.error(problem));
        }
    }
}
