package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.RawWebSocket;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.Subscriptions;

/** Limits, set through configuration of the unchanged WAR: each hits only the client that crossed it. */
class LimitsIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LIMIT = 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-limited.war", """
                wsfile.max-file-size=1MiB
                wsfile.subscriber.send-timeout=2s
                wsfile.max-topics-per-connection=2
                wsfile.max-transfers-per-connection=2
                wsfile.control-messages-per-second=20
                wsfile.max-connections=10
                """);
    }

    @Test
    void aFileOverTheLimitClosesItsSenderWith1009AndNobodyElseIsAffected() throws Exception {
        try (LegacyClient receiver = LegacyClient.connect(endpoint());
             LegacyClient goodSender = LegacyClient.connect(endpoint());
             RawWebSocket tooBig = RawWebSocket.connect(endpoint())) {
            receiver.subscribe("limits");
            Subscriptions.awaitSubscribed(goodSender, "limits", receiver);

            tooBig.sendLegacyFile("limits", "application/zip", "huge.zip", LIMIT + 1, 1);
            RawWebSocket.Close close = tooBig.readUntilClose();

            assertEquals(1009, close.code());
            assertEquals("the file has " + (LIMIT + 1) + " bytes, more than the limit of 1 MiB (" + LIMIT + " bytes)",
                    close.reason());
            goodSender.sendFile("limits", "text/plain", "small.txt", new byte[] {1});
            assertEquals("small.txt", receiver.nextDelivery(WAIT).name(), "the over-limit file reached a subscriber");
            assertTrue(!receiver.isClosed() && !goodSender.isClosed());
        }
    }

    @Test
    void aFileExactlyAtTheLimitIsRelayed() throws Exception {
        try (LegacyClient receiver = LegacyClient.connect(endpoint());
             LegacyClient prober = LegacyClient.connect(endpoint());
             RawWebSocket sender = RawWebSocket.connect(endpoint())) {
            receiver.subscribe("at-limit");
            Subscriptions.awaitSubscribed(prober, "at-limit", receiver);

            String sha = sender.sendLegacyFile("at-limit", "application/zip", "exact.zip", LIMIT, 2);

            assertEquals(new LegacyClient.Delivery("application/zip", "exact.zip", LIMIT, sha),
                    receiver.nextDelivery(WAIT));
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedWhileAnotherKeepsReceiving() throws Exception {
        // More than the kernel and the container buffer for one connection, so the stalled one must stall.
        int files = 150;
        try (LegacyClient reader = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint());
             RawWebSocket stalled = RawWebSocket.connect(endpoint())) {
            stalled.sendText("subscribe:stall");
            reader.subscribe("stall");
            Subscriptions.awaitSubscribed(sender, "stall", reader);

            List<String> sent = new ArrayList<>();
            byte[] content = new byte[900 * 1024];
            for (int i = 0; i < files; i++) {
                content[0] = (byte) i;
                sent.add(sender.sendFile("stall", "application/octet-stream", "part-" + i, content));
            }

            List<String> received = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                received.add(reader.nextDelivery(Duration.ofSeconds(30)).sha256());
            }
            assertEquals(sent, received);
            // The close frame waits behind the data the server already queued for this connection, so
            // the server may have to cut the connection without it.
            RawWebSocket.Close close = stalled.readUntilClose();
            if (close.code() != RawWebSocket.ABNORMAL_CLOSURE) {
                assertEquals(1008, close.code());
                assertTrue(close.reason().startsWith("too slow"), close.reason());
            }
        }
    }

    @Test
    void aConnectionMayHaveOnlySoManyTopicsInEitherProtocol() throws Exception {
        try (StreamClient streaming = StreamClient.connect(endpoint());
             LegacyClient original = LegacyClient.connect(endpoint())) {
            streaming.subscribe("one");
            streaming.subscribe("two");
            streaming.subscribe("two");

            streaming.sendText("{\"type\":\"subscribe\",\"topic\":\"three\"}");
            assertEquals("too-many-topics", streaming.nextError(WAIT).code());
            original.subscribe("one");
            original.subscribe("two");
            original.subscribe("three");
            assertTrue(original.nextError(WAIT).text().startsWith("error:too-many-topics:"));
        }
    }

    @Test
    void aConnectionMaySendOnlySoManyFilesAtOnce() throws Exception {
        try (StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing first = sender.start("busy", "1.bin", "", 10, 1);
            sender.start("busy", "2.bin", "", 10, 2);

            StreamClient.Outgoing third = sender.start("busy", "3.bin", "", 10, 3);
            StreamClient.Error refused = sender.nextError(WAIT);
            assertEquals("too-many-transfers", refused.code());
            assertEquals(Optional.of(third.id()), refused.id());

            first.cancel();
            first.awaitReceipt(WAIT);
            sender.start("busy", "4.bin", "", 10, 4);
            assertEquals(Optional.empty(), sender.poll(Duration.ofMillis(500)), "a fourth file after one ended was refused");
        }
    }

    @Test
    void aFloodOfRequestsIsRateLimitedAndTheConnectionStaysUsable() throws Exception {
        try (StreamClient flooder = StreamClient.connect(endpoint());
             StreamClient bystander = StreamClient.connect(endpoint())) {
            for (int i = 0; i < 200; i++) {
                flooder.sendText("{\"type\":\"subscribe\",\"topic\":\"flood\"}");
            }
            int limited = 0;
            for (Optional<StreamClient.Event> event = flooder.poll(Duration.ofSeconds(2)); event.isPresent();
                 event = flooder.poll(Duration.ofMillis(500))) {
                if (event.get() instanceof StreamClient.Error error && error.code().equals("rate-limited")) {
                    limited++;
                }
            }
            assertTrue(limited >= 100, limited + " of 200 requests were refused");

            bystander.subscribe("calm");
            Thread.sleep(1000);
            flooder.subscribe("after-the-flood");
        }
    }

    @Test
    void theServerTakesOnlySoManyConnectionsAndSaysSo() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            RawWebSocket.Close refused = null;
            while (refused == null && open.size() <= 10) {
                RawWebSocket connection = RawWebSocket.connect(endpoint());
                open.add(connection);
                refused = connection.closedWithin(Duration.ofMillis(300)).orElse(null);
            }
            assertTrue(refused != null, "more than 10 connections were taken");
            assertEquals(1013, refused.code());
            assertEquals("the server has too many connections; try again later", refused.reason());
        } finally {
            for (RawWebSocket connection : open) {
                connection.close();
            }
        }
    }
}
