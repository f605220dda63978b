package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.ops.RelayStatistics;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;

/** What a connection that floods the server with refused requests costs it, on a connection without a network. */
class StreamInboundTest {
    private static final int PER_SECOND = 100;

    private final DeliveryThreads threads = new DeliveryThreads();
    private final Settings settings = Settings.from(key -> Optional.empty());
    private final AtomicInteger refusalsRecorded = new AtomicInteger();
    private final StreamInbound inbound;

    StreamInboundTest() {
        threads.start();
        SessionOutbox outbox = new SessionOutbox(FakeConnection.reading().session(), settings, threads, () -> { }, () -> { });
        Refusals refusals = new Refusals();
        refusals.statistics = new RelayStatistics() {
            @Override
            public void refused(ErrorCode code) {
                refusalsRecorded.incrementAndGet();
            }
        };
        Hub hub = new Hub();
        // A clock that stands still: no tokens come back during the test.
        inbound = new StreamInbound("flooder", new StreamSubscriber("flooder", outbox, threads, settings.subscriberSendTimeout()),
                outbox, hub, new TopicRelay(new LocalBroker(hub)), settings, threads, refusals, new ControlRate(PER_SECOND, () -> 0L),
                new Permissions(List.of("class-7b"), List.of("*"), false));
    }

    @AfterEach
    void stopThreads() {
        threads.stop();
    }

    @Test
    void confirmationsForAFrameFullOfUnknownFilesAreAnsweredOnlyUpToTheRequestRate() throws Exception {
        String ids = LongStream.rangeClosed(1, 2_500).mapToObj(Long::toString).collect(Collectors.joining(","));

        inbound.control("{\"type\":\"received\",\"ids\":[" + ids + "]}");

        assertEquals(2 * PER_SECOND, refusalsRecorded.get());
    }

    @Test
    void refusedFilesThatAreNeverEndedAreRememberedOnlyUpToABound() throws Exception {
        for (int id = 1; id <= 10_000; id++) {
            inbound.control("{\"type\":\"send\",\"id\":" + id + ",\"topic\":\"other-class\",\"name\":\"a.txt\",\"size\":1}");
        }

        assertEquals(StreamInbound.MAX_REMEMBERED_REFUSALS, inbound.rememberedRefusals());
        assertTrue(refusalsRecorded.get() <= 2 * PER_SECOND, refusalsRecorded + " refusals answered");
    }
}
