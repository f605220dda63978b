package org.wsfile.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.wsfile.config.AccessControl;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.history.History;
import org.wsfile.ops.RelayStatistics;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;

/**
 * The server's connections without a container or a network, like Netty's EmbeddedChannel: the
 * application's parts wired by hand, connections over {@link FakeTransport}s, so that what the
 * endpoint does can be tested in a few milliseconds. Close it to stop its threads.
 */
final class EmbeddedServer implements AutoCloseable {
    final ServerContext context = new ServerContext();
    /** Refusals recorded, as the metrics count them. */
    final AtomicInteger refusals = new AtomicInteger();

    /** A server with the default settings, whose connections may do anything. */
    EmbeddedServer() {
        this(Settings.from(key -> Optional.empty()), token -> Permissions.ALL);
    }

    /** A server with these settings, whose connections may do what their token (if any) allows. */
    EmbeddedServer(Settings settings, Function<Optional<String>, Permissions> tokens) {
        context.settings = settings;
        context.hub = new Hub();
        context.relay = new TopicRelay(new LocalBroker(context.hub));
        context.history = History.off();
        context.threads = new DeliveryThreads();
        context.threads.start();
        context.uploads = new ResumableUploads(settings, context.threads);
        context.connections = new OpenConnections();
        context.statistics = new RelayStatistics() {
            @Override
            public void refused(ErrorCode code) {
                refusals.incrementAndGet();
            }

            @Override
            public void subscriberDropped() {
            }
        };
        context.refusals = new Refusals();
        context.refusals.statistics = context.statistics;
        context.access = new AccessControl() {
            @Override
            public Permissions permissions(Optional<String> token) {
                return tokens.apply(token);
            }
        };
    }

    /** Opens a connection that speaks whichever protocol its first frames say. */
    Connection connect(FakeTransport transport) {
        return new Connection(transport, context, Map.of(HandshakeFilter.PEER, List.of("127.0.0.1")), false);
    }

    @Override
    public void close() {
        context.threads.stop();
    }
}
