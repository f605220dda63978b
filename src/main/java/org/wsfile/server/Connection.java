package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

import org.wsfile.auth.InvalidTokenException;
import org.wsfile.auth.Permissions;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.protocol.legacy.LegacyFrames;
import org.wsfile.protocol.stream.ControlParser;

/**
 * One client's connection, whatever carries it: its {@link Outbox}, what it sends in either
 * protocol ({@link StreamInbound}, {@link LegacyInbound}), its subscriptions in either protocol
 * ({@link StreamSubscriber}, {@link LegacySubscriber}), what its token allows, its request rate
 * and the timer that closes it when it holds a place and does nothing. JSON text frames and
 * binary frames belong to the streaming protocol, other text frames to the original one.
 */
final class Connection {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final Transport transport;
    private final ServerContext server;
    private final Outbox outbox;
    private final StreamSubscriber streamSubscriber;
    private final LegacySubscriber legacySubscriber;
    /** Requests that carry no file, and refusals, share one rate, whichever protocol they come in. */
    private final ControlRate requests;
    private final Permissions permissions;
    private final StreamInbound stream;
    private final LegacyInbound legacy;
    private volatile long lastMessage = System.nanoTime();
    private volatile ScheduledFuture<?> idleCheck;
    /** Whether the client speaks the streaming protocol, which decides the form of error frames for binary frames. */
    private boolean streaming;

    /**
     * Opens a connection: checks its token and the connection limits, and closes it at once,
     * with the reason, if either refuses it.
     *
     * @param parameters the handshake's request parameters: {@code token}, and the client's address
     *                   as {@link HandshakeFilter} put it
     * @param streaming  whether the client asked for the streaming protocol at the handshake
     */
    Connection(Transport transport, ServerContext server, Map<String, List<String>> parameters, boolean streaming) {
        this.transport = transport;
        this.server = server;
        this.streaming = streaming;
        this.outbox = new Outbox(transport, server.settings, server.threads, this::forgetSubscriptions,
                server.statistics::subscriberDropped);
        this.streamSubscriber = new StreamSubscriber(transport.id(), outbox, server.threads,
                server.settings.subscriberSendTimeout());
        this.legacySubscriber = new LegacySubscriber(transport.id(), outbox);
        this.requests = new ControlRate(server.settings.limits().controlMessagesPerSecond(), System::nanoTime);
        Optional<Permissions> allowed = permissions(parameter(parameters, "token"));
        this.permissions = allowed.orElse(Permissions.NONE);
        this.stream = new StreamInbound(this);
        this.legacy = new LegacyInbound(this);
        if (allowed.isEmpty()) {
            return;
        }
        String address = parameter(parameters, HandshakeFilter.PEER).orElse("an unknown address");
        Optional<String> turnedAway = server.connections.admit(outbox, address, server.settings.limits());
        if (turnedAway.isPresent()) {
            LOG.warning(() -> "refused connection " + id() + " from " + address + ": " + turnedAway.get());
            outbox.close(Closure.tryAgainLater(turnedAway.get()));
            return;
        }
        idleCheck = server.threads.schedule(this::closeIfIdle, server.settings.limits().idleTimeout());
    }

    /** A text frame: a control frame of the streaming protocol, or a frame of the original one. */
    void text(String frame) throws InterruptedException {
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

    /** A binary frame: data of the streaming protocol, which the original one has no use for. */
    void binary(ByteBuffer frame) throws InterruptedException {
        lastMessage = System.nanoTime();
        if (streaming) {
            stream.data(frame);
        } else {
            refuseLegacy(new ProtocolException(ErrorCode.UNEXPECTED_BINARY,
                    "binary frames belong to the streaming protocol; send a JSON control frame first"));
        }
    }

    /** Whether the connection may send a file of the original protocol with this header: checked before its content arrives. */
    void checkUpload(LegacyFile header) throws ProtocolException {
        legacy.checkPublish(header.topic());
    }

    /**
     * A file of the original protocol that the connection's own frame reader took off the network
     * as it arrived ({@link UpgradedConnection}), with its size now known.
     */
    void upload(LegacyFile file, UploadSpool content) throws InterruptedException, IOException {
        lastMessage = System.nanoTime();
        try {
            legacy.upload(file, content);
        } catch (ProtocolException problem) {
            refuseLegacy(problem);
        }
    }

    /** The connection has closed, whoever closed it: its files in flight are aborted and its subscriptions end. */
    void closed() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        server.connections.closed(outbox);
        forgetSubscriptions();
        stream.closed();
        outbox.closed("the connection closed");
    }

    String id() {
        return transport.id();
    }

    ServerContext server() {
        return server;
    }

    Outbox outbox() {
        return outbox;
    }

    StreamSubscriber streamSubscriber() {
        return streamSubscriber;
    }

    LegacySubscriber legacySubscriber() {
        return legacySubscriber;
    }

    ControlRate requests() {
        return requests;
    }

    Permissions permissions() {
        return permissions;
    }

    StreamInbound stream() {
        return stream;
    }

    /**
     * Records a refusal and says whether to answer it: each costs the server a log line and a
     * frame, so refusals count against the request rate and past it go unanswered, except a
     * rate-limited request, so that its client knows to slow down, and an over-limit file.
     */
    boolean recordRefusal(ProtocolException problem) {
        boolean alwaysAnswered = problem.code() == ErrorCode.RATE_LIMITED || problem.code() == ErrorCode.TOO_LARGE;
        if (!alwaysAnswered && !requests.tryTake()) {
            return false;
        }
        server.refusals.record("connection " + id(), problem);
        return true;
    }

    /**
     * Closes a connection that has had no subscription, no file and no message for the idle
     * timeout: it holds a place among the server's connections and does nothing with it.
     */
    private void closeIfIdle() {
        Duration timeout = server.settings.limits().idleTimeout();
        long quiet = System.nanoTime() - lastMessage;
        boolean busy = !server.hub.topicsOf(streamSubscriber).isEmpty() || !server.hub.topicsOf(legacySubscriber).isEmpty()
                || stream.sending();
        if (!busy && quiet >= timeout.toNanos()) {
            outbox.close(Closure.idle(timeout));
            return;
        }
        if (!outbox.isClosed()) {
            idleCheck = server.threads.schedule(this::closeIfIdle, busy ? timeout : timeout.minusNanos(quiet));
        }
    }

    /** What the connection's token allows; empty, with the connection closed, if it is refused. */
    private Optional<Permissions> permissions(Optional<String> token) {
        try {
            return Optional.of(server.access.permissions(token));
        } catch (InvalidTokenException refused) {
            server.refusals.record("connection " + id(), new ProtocolException(ErrorCode.NOT_ALLOWED, refused.getMessage()));
            outbox.close(Closure.notAllowed(refused.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<String> parameter(Map<String, List<String>> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).flatMap(values -> values.stream().findFirst());
    }

    private void forgetSubscriptions() {
        server.hub.forget(legacySubscriber);
        server.hub.forget(streamSubscriber);
    }

    /** An over-limit file closes the connection with 1009, as the original protocol has no other refusal; anything else gets an error frame. */
    void refuseLegacy(ProtocolException problem) {
        if (!recordRefusal(problem)) {
            return;
        }
        if (problem.code() == ErrorCode.TOO_LARGE) {
            outbox.close(Closure.tooLarge(problem.getMessage()));
        } else {
            outbox.sendText(LegacyFrames.error(problem));
        }
    }
}
