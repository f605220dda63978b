package org.wsfile.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.testing.ExternalServer;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.NatsServer;
import org.wsfile.testing.TestFiles;
import org.wsfile.testing.Waiting;
import org.wsfile.testing.StatusPage;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.StreamClient.Aborted;
import org.wsfile.testing.StreamClient.Event;
import org.wsfile.testing.StreamClient.Receipt;
import org.wsfile.testing.StreamClient.Received;
import org.wsfile.testing.Subscriptions;

/**
 * Three wsfile servers (target/wsfile.war on Payara Micro, each its own process) sharing topics
 * through one NATS server ({@code mvn -Pportability verify}). The last test kills server B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static NatsServer nats;
    private static ExternalServer a;
    private static ExternalServer b;
    private static ExternalServer c;

    private static final Path HISTORY_ON_C = Path.of("target", "cluster-history-c").toAbsolutePath();

    @BeforeAll
    static void startCluster() throws Exception {
        TestFiles.deleteTree(HISTORY_ON_C);
        nats = NatsServer.start();
        Path jar = Path.of(System.getProperty("portability.payara-micro.jar"));
        List<CompletableFuture<ExternalServer>> starting = new ArrayList<>();
        for (String node : List.of("a", "b", "c")) {
            int port = 18800 + node.charAt(0) - 'a';
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    List<String> options = new ArrayList<>(List.of(
                            "-Dwsfile.cluster.nats-url=" + nats.url(), "-Dwsfile.cluster.node-id=" + node));
                    if (node.equals("c")) {
                        // Server C keeps a topic history, and so every topic's files.
                        options.add("-Dwsfile.history.files=5");
                        options.add("-Dwsfile.history.dir=" + HISTORY_ON_C);
                    }
                    return ExternalServer.payaraMicro(jar, port, "cluster-" + node, options);
                } catch (Exception e) {
                    throw new IllegalStateException("server " + node + " did not start", e);
                }
            }));
        }
        a = starting.get(0).join();
        b = starting.get(1).join();
        c = starting.get(2).join();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (ExternalServer server : new ExternalServer[] {a, b, c}) {
            if (server != null) {
                server.close();
            }
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void aLargeFileAndManySmallFilesFromOneServerReachSubscribersOnAllThreeVerified() throws Exception {
        String topic = "cluster.big";
        try (StreamClient onA = subscriber(a, topic); StreamClient onB = subscriber(b, topic);
             StreamClient onC = subscriber(c, topic); StreamClient sender = StreamClient.connect(a.endpoint())) {
            awaitOthersWant(a, topic, 2);

            StreamClient.Sent big = sender.send(topic, "big.iso", 200_000_000, 1);

            for (StreamClient subscriber : List.of(onA, onB, onC)) {
                assertEquals(big.sha256(), subscriber.nextFile(WAIT).sha256());
            }
            Receipt receipt = big.awaitReceipt(WAIT);
            assertEquals(3, receipt.offered(), receipt.toString());
            assertEquals(3, receipt.completed(), receipt.toString());

            List<StreamClient.Sent> small = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                small.add(sender.send(topic, "note-" + i + ".txt", 10_000, 100 + i));
            }
            for (StreamClient subscriber : List.of(onA, onB, onC)) {
                for (int i = 0; i < small.size(); i++) {
                    Received file = subscriber.nextFile(WAIT);
                    assertEquals("note-" + i + ".txt", file.name());
                    assertEquals(small.get(i).sha256(), file.sha256(), file.name());
                }
            }
            for (StreamClient.Sent sent : small) {
                Receipt each = sent.awaitReceipt(WAIT);
                assertEquals(3, each.completed(), each.toString());
            }
        }
    }

    @Test
    @Order(2)
    void originalProtocolAndStreamingClientsMixAcrossServers() throws Exception {
        String topic = "cluster-mixed";
        try (LegacyClient originalOnA = LegacyClient.connect(a.endpoint()); StreamClient streamingOnC = subscriber(c, topic);
             LegacyClient originalSenderOnB = LegacyClient.connect(b.endpoint());
             StreamClient streamingSenderOnC = StreamClient.connect(c.endpoint())) {
            originalOnA.subscribe(topic);
            awaitOthersWant(b, topic, 2);
            Subscriptions.awaitSubscribed(originalSenderOnB, topic, originalOnA);
            drainProbes(streamingOnC);
            byte[] content = new byte[1_000_000];
            new Random(7).nextBytes(content);

            String sha = originalSenderOnB.sendFile(topic, "application/pdf", "worksheet.pdf", content);

            LegacyClient.Delivery onA = originalOnA.nextDelivery(WAIT);
            assertEquals("worksheet.pdf", onA.name());
            assertEquals(sha, onA.sha256());
            Received onC = streamingOnC.nextFile(WAIT);
            assertEquals("worksheet.pdf", onC.name());
            assertEquals(sha, onC.sha256());

            StreamClient.Sent fromC = streamingSenderOnC.send(topic, "answers.pdf", 3_000_000, 8);
            LegacyClient.Delivery back = originalOnA.nextDelivery(WAIT);
            assertEquals("answers.pdf", back.name());
            assertEquals(fromC.sha256(), back.sha256());
            assertEquals(2, fromC.awaitReceipt(WAIT).completed(), "the receipt counts the subscribers on servers A and C");
        }
    }

    @Test
    @Order(3)
    void aSlowSubscriberOnServerCPacesTheSenderAndLosesNothing() throws Exception {
        String topic = "cluster-slow";
        try (StreamClient slowOnC = subscriber(c, topic); StreamClient onB = subscriber(b, topic);
             StreamClient sender = StreamClient.connect(a.endpoint())) {
            awaitOthersWant(a, topic, 2);
            slowOnC.pauseReading();

            CompletableFuture<StreamClient.Sent> sending = CompletableFuture.supplyAsync(
                    () -> sender.send(topic, "video.mp4", 150_000_000, 9));
            Thread.sleep(4000);
            assertFalse(sending.isDone(), "the sender must wait while server C's subscriber reads nothing");

            slowOnC.resumeReading();
            StreamClient.Sent sent = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(sent.sha256(), slowOnC.nextFile(WAIT).sha256());
            assertEquals(sent.sha256(), onB.nextFile(WAIT).sha256());
            Receipt receipt = sent.awaitReceipt(WAIT);
            assertEquals(2, receipt.completed(), receipt.toString());
            assertTrue(c.get("metrics").body().contains("wsfile_subscribers_dropped_total 0.0"), "nobody was dropped");
        }
    }

    @Test
    @Order(4)
    void restartingNatsMidTransferAbortsTheOtherServersCopiesAndTheClusterRecovers() throws Exception {
        String topic = "cluster-nats";
        try (StreamClient onC = subscriber(c, topic); StreamClient sender = StreamClient.connect(a.endpoint())) {
            awaitOthersWant(a, topic, 1);
            onC.pauseReading();
            CompletableFuture<StreamClient.Sent> sending = CompletableFuture.supplyAsync(
                    () -> sender.send(topic, "first.bin", 150_000_000, 10));
            Thread.sleep(1500);

            nats.stop();

            Receipt receipt = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS).awaitReceipt(WAIT);
            assertEquals(0, receipt.completed());
            assertTrue(receipt.failed().get(0).contains("the connection to NATS was lost"), receipt.toString());
            onC.resumeReading();
            Aborted aborted = nextAbort(onC);
            assertTrue(aborted.reason().contains("lost its connection to NATS"), aborted.reason());
            assertEquals(503, a.get("health/ready").statusCode(), "not ready while NATS is away");

            nats.restart();
            await(() -> status(a).getJsonObject("node").getBoolean("connected"), "server A to reconnect");
            awaitOthersWant(a, topic, 1);
            StreamClient.Sent second = sender.send(topic, "second.bin", 5_000_000, 11);
            assertEquals(second.sha256(), onC.nextFile(WAIT).sha256());
            assertEquals(1, second.awaitReceipt(WAIT).completed());
            assertEquals(200, a.get("health/ready").statusCode());
        }
    }

    @Test
    @Order(5)
    void killingAServerMidTransferAbortsItsFilesElsewhereAndFailsItsShareWithoutHoldingUpTheOthers() throws Exception {
        String fromB = "cluster-kill-from-b";
        String toB = "cluster-kill-to-b";
        try (StreamClient slowOnA = subscriber(a, fromB); StreamClient onC = subscriber(c, fromB);
             StreamClient senderOnB = StreamClient.connect(b.endpoint());
             StreamClient slowOnB = subscriber(b, toB); StreamClient alsoOnC = subscriber(c, toB);
             StreamClient senderOnA = StreamClient.connect(a.endpoint())) {
            awaitOthersWant(b, fromB, 2);
            awaitOthersWant(a, toB, 2);
            slowOnA.pauseReading();
            slowOnB.pauseReading();
            CompletableFuture.runAsync(() -> senderOnB.send(fromB, "lost.iso", 200_000_000, 12));
            CompletableFuture<StreamClient.Sent> fromA = CompletableFuture.supplyAsync(
                    () -> senderOnA.send(toB, "kept.iso", 200_000_000, 13));
            await(() -> onC.filesArriving() > 0 && alsoOnC.filesArriving() > 0, "both files to reach server C");

            long lostBefore = droppedPeers(a);
            Instant killed = Instant.now();
            b.kill();

            Aborted aborted = nextAbort(onC);
            Duration took = Duration.between(killed, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "the abort took " + took);
            assertTrue(aborted.reason().contains("server b"), aborted.reason());
            slowOnA.resumeReading();
            assertTrue(nextAbort(slowOnA).reason().contains("server b"));
            assertEquals(lostBefore + 1, droppedPeers(a), "server A counts server B as lost");
            StreamClient.Sent kept = fromA.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(kept.sha256(), alsoOnC.nextFile(WAIT).sha256(), "server C still gets server A's file whole");
            Receipt receipt = kept.awaitReceipt(WAIT);
            assertEquals(2, receipt.offered(), receipt.toString());
            assertEquals(1, receipt.completed(), receipt.toString());
            assertTrue(receipt.failed().get(0).startsWith("server b: the server fell silent"), receipt.toString());
        }
    }

    @Test
    @Order(6)
    void aServerWithHistoryKeepsFilesSentElsewhereForALateSubscriberThoughNobodyThereSubscribed() throws Exception {
        String topic = "cluster-history";
        StreamClient.Sent sent;
        try (StreamClient onA = subscriber(a, topic); StreamClient sender = StreamClient.connect(a.endpoint())) {
            sent = sender.send(topic, "homework.pdf", 4_000_000, 14);
            assertEquals(sent.sha256(), onA.nextFile(WAIT).sha256());
            assertEquals(1, sent.awaitReceipt(WAIT).completed(), "server C has no subscriber: it keeps the file all the same");
        }
        try (StreamClient lateOnC = StreamClient.connect(c.endpoint())) {
            lateOnC.subscribe(topic, Optional.of(new HistoryRequest.Last(1)));

            StreamClient.Received kept = lateOnC.nextFile(WAIT);
            assertEquals("homework.pdf", kept.name());
            assertEquals(sent.sha256(), kept.sha256());
        }
    }

    private static StreamClient subscriber(ExternalServer server, String topic) {
        StreamClient client = StreamClient.connect(server.endpoint());
        client.subscribe(topic);
        return client;
    }

    /** The original protocol's subscription probes reach streaming subscribers too: skip them. */
    private static void drainProbes(StreamClient subscriber) throws InterruptedException {
        while (subscriber.poll(Duration.ofMillis(500)).isPresent()) {
            // a probe file
        }
    }

    private static Aborted nextAbort(StreamClient subscriber) throws InterruptedException {
        Event event = subscriber.next(WAIT);
        return assertInstanceOf(Aborted.class, event);
    }

    /** Waits until the server has heard from {@code servers} others with subscribers for the topic. */
    private static void awaitOthersWant(ExternalServer server, String topic, int servers) throws InterruptedException {
        await(() -> StatusPage.otherServersWant(status(server), topic, servers),
                servers + " other servers with subscribers for " + topic);
    }

    private static long droppedPeers(ExternalServer server) {
        return status(server).getJsonObject("node").getJsonNumber("droppedPeers").longValue();
    }

    private static JsonObject status(ExternalServer server) {
        try {
            return StatusPage.read(server.get("status").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Waiting.until(condition, WAIT, what);
    }
}
