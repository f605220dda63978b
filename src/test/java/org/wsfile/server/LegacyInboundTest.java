package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.RecordingSubscriber;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;

/** An original-protocol file that cannot be relayed to its end never leaves its subscribers waiting. */
class LegacyInboundTest {
    private final DeliveryThreads threads = new DeliveryThreads();
    private final Settings settings = Settings.from(key -> Optional.empty());
    private final Hub hub = new Hub();
    private final RecordingSubscriber healthy = new RecordingSubscriber("healthy");
    private final LegacyInbound inbound;

    LegacyInboundTest() {
        threads.start();
        SessionOutbox outbox = new SessionOutbox(FakeConnection.reading().session(), settings, threads, () -> { }, () -> { });
        inbound = new LegacyInbound("sender", new LegacySubscriber("sender", outbox), hub, new TopicRelay(new LocalBroker(hub)),
                settings, new ControlRate(100, System::nanoTime), Permissions.ALL);
        hub.subscribe(healthy, "t");
    }

    @AfterEach
    void stopThreads() {
        threads.stop();
    }

    @Test
    void aFaultWhileRelayingAbortsTheFileForEverySubscriber() {
        hub.subscribe(new Faulty(), "t");

        assertThrows(IllegalStateException.class, () -> inbound.frame("message:t:text/plain:a.txt:" + base64("hello")));

        assertEquals("the server could not relay the file", healthy.deliveries().get(0).abortReason);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A subscriber whose delivery fails on the first bytes, as a fault in the server would. */
    private static final class Faulty implements Subscriber {
        @Override
        public Delivery deliver(FileOffer offer, Outcome outcome) {
            return new Delivery() {
                @Override
                public void chunk(Chunk chunk) {
                    throw new IllegalStateException("broken");
                }

                @Override
                public void awaitRoom() {
                }

                @Override
                public void awaitReadyForNext() {
                }

                @Override
                public void end(String sha256) {
                }

                @Override
                public void abort(String reason) {
                }
            };
        }

        @Override
        public String connectionId() {
            return "faulty";
        }
    }
}
