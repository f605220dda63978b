package org.wsfile.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wsfile.testing.ExternalServer;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.RawWebSocket;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.Subscriptions;

/**
 * The same target/wsfile.war on Payara Micro, WildFly and TomEE, from their distributions on
 * Maven Central ({@code mvn -Pportability verify}): pages, health and metrics served, a page from
 * another site refused, subscriptions acknowledged, a 50 MB file streamed, and original-protocol
 * files relayed, a large one and many sent back to back, all intact.
 */
class PortabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void wildFlyRunsTheWarUnchanged() throws Exception {
        try (ExternalServer server = ExternalServer.wildFly(Path.of(System.getProperty("portability.wildfly.home")), 10000)) {
            smokeTest(server);
            assertReadyLineNames(server, 18080);
        }
    }

    @Test
    void tomEERunsTheWarUnchanged() throws Exception {
        try (ExternalServer server = ExternalServer.tomEE(Path.of(System.getProperty("portability.tomee.home")), 18280)) {
            smokeTest(server);
            assertReadyLineNames(server, 18280);
        }
    }

    /** The server's listener as the ready line gives it, found through the server's JMX beans. */
    private static void assertReadyLineNames(ExternalServer server, int port) throws IOException {
        assertTrue(server.log().contains("wsfile is ready: open http://127.0.0.1:" + port + "/wsfile/ in a browser;"
                + " clients connect to ws://127.0.0.1:" + port + "/wsfile/ws. It listens on 127.0.0.1 only"), server.log());
    }

    @Test
    void payaraMicroRunsTheWarAsMvnRunDoesAndCtrlCClosesConnectionsWith1001() throws Exception {
        int port = 18765;
        try (ExternalServer server = ExternalServer.payaraMicro(Path.of(System.getProperty("portability.payara-micro.jar")), port)) {
            smokeTest(server);
            assertTrue(server.log().contains("wsfile is ready: open http://127.0.0.1:" + port + "/wsfile/ in a browser;"
                    + " clients connect to ws://127.0.0.1:" + port + "/wsfile/ws. It listens on 127.0.0.1 only"), server.log());
            assertFalse(server.log().contains("has expired"), "Payara's certificate warnings are back:\n" + server.log());

            try (RawWebSocket connected = RawWebSocket.connect(server.endpoint())) {
                server.interrupt();

                assertEquals(new RawWebSocket.Close(1001, "the server is going away"), connected.readUntilClose());
            }
            assertTrue(server.log().contains("closing 1 connections with 1001 (going away): the application is stopping"),
                    server.log());
        }
    }

    /** The 101st connection from one address is turned away, naming the address: the handshake filter passed it on. */
    private static void assertPerAddressLimit(ExternalServer server) throws Exception {
        List<RawWebSocket> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                connections.add(RawWebSocket.connect(server.endpoint()));
            }
            // A connection counts once the server has opened it, which may come just after its handshake.
            Thread.sleep(500);
            RawWebSocket extra = RawWebSocket.connect(URI.create(server.endpoint() + "?wsfile-peer=10.9.8.7"));
            connections.add(extra);
            assertEquals(new RawWebSocket.Close(1013, "too many connections from 127.0.0.1"), extra.readUntilClose());
        } finally {
            for (RawWebSocket connection : connections) {
                connection.close();
            }
        }
        Thread.sleep(500);
    }

    private static void smokeTest(ExternalServer server) throws Exception {
        HttpResponse<String> landing = server.get("");
        assertEquals(200, landing.statusCode());
        assertTrue(landing.body().contains("wsfile"), landing.body());
        assertEquals(200, server.get("receiver.html").statusCode());
        assertEquals(200, server.get("js/connection.js").statusCode());
        assertEquals(200, server.get("health/ready").statusCode());
        assertTrue(server.get("metrics").body().contains("wsfile_connections"), "no metrics");
        CompletionException foreign = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(server.endpoint(), new WebSocket.Listener() { }).orTimeout(10, TimeUnit.SECONDS).join());
        assertEquals(403, ((WebSocketHandshakeException) foreign.getCause()).getResponse().statusCode(),
                "a page from another site was let in");
        assertPerAddressLimit(server);

        try (LegacyClient original = LegacyClient.connect(server.endpoint());
             LegacyClient originalSender = LegacyClient.connect(server.endpoint());
             StreamClient streaming = StreamClient.connect(server.endpoint());
             StreamClient sender = StreamClient.connect(server.endpoint())) {
            original.subscribe("smoke");
            Subscriptions.awaitSubscribed(originalSender, "smoke", original);
            streaming.subscribe("smoke");

            StreamClient.Sent big = sender.send("smoke", "big.bin", 50_000_000, 1);
            assertEquals(big.sha256(), streaming.nextFile(WAIT).sha256());
            assertEquals(big.sha256(), original.nextDelivery(WAIT).sha256());
            assertEquals(2, big.awaitReceipt(WAIT).completed());

            // Larger than any container's WebSocket engine takes as one text message by default.
            byte[] video = new byte[20_000_000];
            new Random(2).nextBytes(video);
            String sha = originalSender.sendFile("smoke", "video/mp4", "lecture.mp4", video);
            StreamClient.Received relayed = streaming.nextFile(WAIT);
            assertEquals("lecture.mp4", relayed.name());
            assertEquals(sha, relayed.sha256());
            assertEquals(sha, original.nextDelivery(WAIT).sha256());
        }
        assertFilesSentBackToBackArriveIntact(server);
    }

    /**
     * Four original-protocol senders send 400 files each back to back, at once: the server reads
     * on only once each is relayed, however often the container calls its reader meanwhile (TomEE
     * fills its read buffer whenever bytes arrive, Undertow calls while a file is relayed), and
     * every file arrives intact, in order. On TomEE this load mixed up the bytes of a connection
     * read by two threads at once, every time.
     */
    private static void assertFilesSentBackToBackArriveIntact(ExternalServer server) throws Exception {
        int senders = 4;
        int files = 400;
        List<LegacyClient> connections = new ArrayList<>();
        try {
            LegacyClient receiver = LegacyClient.connect(server.endpoint());
            connections.add(receiver);
            List<LegacyClient> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                receiver.subscribe("burst-" + s);
                LegacyClient sender = LegacyClient.connect(server.endpoint());
                connections.add(sender);
                sending.add(sender);
            }
            for (int s = 0; s < senders; s++) {
                Subscriptions.awaitSubscribed(sending.get(s), "burst-" + s, receiver);
            }
            ExecutorService threads = Executors.newFixedThreadPool(senders);
            List<Future<List<String>>> sent = new ArrayList<>();
            try {
                for (int s = 0; s < senders; s++) {
                    int sender = s;
                    sent.add(threads.submit(() -> {
                        List<String> shas = new ArrayList<>();
                        for (int i = 0; i < files; i++) {
                            byte[] content = new byte[10_000 + 97 * i];
                            new Random(sender * 1000L + i).nextBytes(content);
                            shas.add(sending.get(sender).sendFile("burst-" + sender, "application/octet-stream",
                                    sender + "-" + i + ".bin", content));
                        }
                        return shas;
                    }));
                }
                Map<String, List<String>> received = new HashMap<>();
                for (int i = 0; i < senders * files; i++) {
                    LegacyClient.Delivery delivery = receiver.nextDelivery(WAIT);
                    received.computeIfAbsent(delivery.name().substring(0, delivery.name().indexOf('-')), s -> new ArrayList<>())
                            .add(delivery.sha256());
                }
                for (int s = 0; s < senders; s++) {
                    assertEquals(sent.get(s).get(60, TimeUnit.SECONDS), received.get(String.valueOf(s)), "sender " + s);
                }
            } finally {
                threads.shutdownNow();
            }
        } finally {
            connections.forEach(LegacyClient::close);
        }
    }
}
