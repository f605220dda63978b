package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.wsfile.config.Settings;

/** The connection limits, counted as connections open and close. */
class OpenConnectionsTest {
    private final Settings settings = Settings.from(key -> Optional.empty());
    private final Settings.Limits twoPerAddress = new Settings.Limits(3, 2, 100, 16, 100, Duration.ofMinutes(10));
    private final OpenConnections connections = new OpenConnections();

    @Test
    void anAddressGetsBackItsPlaceWhenOneOfItsConnectionsCloses() {
        Outbox first = outbox();
        assertEquals(Optional.empty(), connections.admit(first, "10.0.0.1", twoPerAddress));
        assertEquals(Optional.empty(), connections.admit(outbox(), "10.0.0.1", twoPerAddress));

        assertEquals(Optional.of("too many connections from 10.0.0.1"), connections.admit(outbox(), "10.0.0.1", twoPerAddress));
        assertEquals(Optional.empty(), connections.admit(outbox(), "10.0.0.2", twoPerAddress));

        connections.closed(first);
        assertEquals(Optional.empty(), connections.admit(outbox(), "10.0.0.1", twoPerAddress));
        assertEquals(3, connections.count());
        assertEquals(Optional.of("the server has too many connections; try again later"),
                connections.admit(outbox(), "10.0.0.3", twoPerAddress));
    }

    private Outbox outbox() {
        return new Outbox(FakeTransport.reading(), settings, new DeliveryThreads(), () -> { }, () -> { });
    }
}
