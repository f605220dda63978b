package org.wsfile.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.time.Clock;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.cluster.CheckingSubscriber.Received;
import org.wsfile.cluster.ClusterMessages.Kind;
import org.wsfile.config.ClusterSettings;
import org.wsfile.protocol.Sha256;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Hub;
import org.wsfile.relay.TopicRelay;
import org.wsfile.config.HistorySettings;
import org.wsfile.history.HistoryStore;
import org.wsfile.history.RetainedFile;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.relay.Transfer;
import org.wsfile.relay.TransferIds;
import org.wsfile.testing.NatsServer;
import org.wsfile.testing.Waiting;

/**
 * Servers sharing topics through a real NATS server (Debian's {@code nats-server}, started here),
 * each one a hub, a {@link NatsBroker} and a relay in this JVM, as the WAR wires them.
 */
class NatsBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PIECE = 64 * 1024;

    private NatsServer nats;
    private final List<Node> nodes = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** One wsfile server, as far as the relay goes. */
    private final class Node implements AutoCloseable {
        final Hub hub = new Hub();
        final NatsBroker broker;
        final TopicRelay relay;

        Node(String id, String window) {
            this(id, window, nats.url());
        }

        Node(String id, String window, String natsUrl) {
            this(id, window, natsUrl, false);
        }

        /** @param keepsEveryTopic whether the server keeps a topic history, and so takes every topic's files */
        Node(String id, String window, String natsUrl, boolean keepsEveryTopic) {
            TransferIds ids = new TransferIds();
            Map<String, String> values = Map.of(ClusterSettings.NATS_URL, natsUrl, ClusterSettings.NODE_ID, id,
                    ClusterSettings.WINDOW, window, ClusterSettings.PEER_TIMEOUT, "1500ms");
            ClusterSettings settings = ClusterSettings.from(key -> Optional.ofNullable(values.get(key)));
            broker = new NatsBroker(settings, hub, ids, threads, Duration.ofSeconds(20), keepsEveryTopic);
            relay = new TopicRelay(broker, ids);
            broker.start();
            nodes.add(this);
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    @BeforeEach
    void startNats() throws Exception {
        nats = NatsServer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        nodes.forEach(Node::close);
        threads.shutdownNow();
        nats.close();
    }

    @Test
    void aFileReachesSubscribersOnEveryServerAndTheReceiptCountsThemAll() throws Exception {
        Node a = new Node("a", "8MiB");
        Node b = new Node("b", "8MiB");
        Node c = new Node("c", "8MiB");
        String topic = "class.7b";
        List<CheckingSubscriber> subscribers = List.of(subscribe(a, "a1", topic), subscribe(b, "b1", topic),
                subscribe(b, "b2", topic), subscribe(c, "c1", topic));
        awaitWanted(a, 2);
        byte[] file = randomBytes(5_000_000, 1);

        FanOut receipt = send(a, topic, "lesson.pdf", file);

        assertEquals(4, receipt.offered());
        assertEquals(4, receipt.completed(), () -> "failures: " + receipt.failures());
        for (CheckingSubscriber subscriber : subscribers) {
            Received received = subscriber.file("lesson.pdf").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(sha256(file), received.sha256(), subscriber.connectionId());
        }
        assertEquals(file.length, a.broker.state().publishedBytes(), "the file goes to NATS once, whatever the servers");
        assertEquals(file.length, b.broker.state().receivedBytes());
    }

    @Test
    void aServerThatKeepsAHistoryKeepsEveryTopicsFilesUnderTheirSendersKeysThoughNobodyThereSubscribed(@TempDir Path kept)
            throws Exception {
        Node a = new Node("a", "8MiB");
        Node b = new Node("b", "8MiB", nats.url(), true);
        HistoryStore history = HistoryStore.open(new HistorySettings(5, Optional.empty(), 1L << 30, 1L << 30, kept),
                Clock.systemUTC());
        b.hub.record(history::record);
        await(() -> a.broker.state().peers().stream().anyMatch(peer -> peer.nodeId().equals("b")), "server b to be heard of");
        byte[] file = randomBytes(3_000_000, 7);

        Transfer transfer = open(a, "nobody-here", "minutes.pdf", file);
        writeAll(transfer, file);
        transfer.finish(Optional.of(sha256(file)));

        assertEquals(0, receipt(transfer).offered(), "no subscriber anywhere");
        await(() -> !history.replay("nobody-here", new HistoryRequest.Last(1)).kept().isEmpty(), "server b to keep the file");
        RetainedFile retained = history.replay("nobody-here", new HistoryRequest.Last(1)).kept().get(0);
        assertEquals(sha256(file), retained.sha256());
        assertEquals(transfer.offer().key(), retained.key(), "kept under the key its sender's server gave it");
        assertEquals(Set.of(), a.broker.state().peers().get(0).topics(),
                "server b has no subscriber: the status shows no topic for it");
    }

    @Test
    void manySmallFilesFromOneSenderArriveWholeOnTheOtherServersInMessagesOfAtMostAPiece() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        Node c = new Node("c", "1MiB");
        CheckingSubscriber onB = subscribe(b, "b1", "notes");
        CheckingSubscriber onC = subscribe(c, "c1", "notes");
        awaitWanted(a, 2);
        List<Transfer> transfers = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        AtomicInteger largestMessage = new AtomicInteger();

        try (Connection watcher = Nats.connect(nats.url())) {
            watcher.createDispatcher(message -> largestMessage.accumulateAndGet(message.getData().length, Math::max))
                    .subscribe("wsfile.topic.>");
            watcher.flush(WAIT);
            for (int i = 0; i < 300; i++) {
                byte[] file = randomBytes(10_000, i);
                files.add(file);
                Transfer transfer = open(a, "notes", "note-" + i + ".txt", file);
                transfer.write(ByteBuffer.wrap(file));
                transfer.finish(Optional.of(sha256(file)));
                transfer.awaitReadyForNext();
                transfers.add(transfer);
            }

            for (int i = 0; i < files.size(); i++) {
                FanOut receipt = receipt(transfers.get(i));
                assertEquals(2, receipt.completed(), "note-" + i + ": " + receipt.failures());
                assertEquals(sha256(files.get(i)), onB.file("note-" + i + ".txt").get().sha256());
                assertEquals(sha256(files.get(i)), onC.file("note-" + i + ".txt").get().sha256());
            }
        }
        // A piece's worth of files, each with its transfer id and length (12 bytes), and their count.
        int mostFiles = a.broker.pieceSize() / 10_000;
        assertTrue(largestMessage.get() <= a.broker.pieceSize() + 12 * mostFiles + 4 + 1024,
                "the largest message had " + largestMessage.get() + " bytes");
    }

    @Test
    void aTextIsStillATextOnTheOtherServers() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        CheckingSubscriber onB = subscribe(b, "b1", "notes");
        awaitWanted(a, 1);
        byte[] text = "Homework: page 3".getBytes(StandardCharsets.UTF_8);

        Transfer transfer = a.relay.openText("notes", text.length, "sender-1");
        transfer.write(ByteBuffer.wrap(text));
        transfer.finish(Optional.of(sha256(text)));

        String name = transfer.offer().name();
        assertEquals(sha256(text), onB.file(name).get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
        assertTrue(onB.offer(name).text());
        assertEquals(transfer.offer().mime(), onB.offer(name).mime());
    }

    @Test
    void aTopicWithNoSubscribersOnOtherServersCostsNoTrafficToThem() throws Exception {
        Node a = new Node("a", "8MiB");
        Node b = new Node("b", "8MiB");
        CheckingSubscriber here = subscribe(a, "a1", "local-only");
        subscribe(b, "b1", "elsewhere");
        awaitWanted(a, 1);

        FanOut receipt = send(a, "local-only", "a.bin", randomBytes(1_000_000, 2));

        assertEquals(1, receipt.offered());
        assertEquals(1, receipt.completed());
        assertNotNull(here.file("a.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
        assertEquals(0, a.broker.state().publishedBytes());
        assertEquals(0, b.broker.state().receivedBytes());
    }

    @Test
    void aSmallFileAbortedBeforeItsEndNeverReachesTheOtherServers() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        CheckingSubscriber onB = subscribe(b, "b1", "t");
        awaitWanted(a, 1);
        byte[] cancelled = randomBytes(10_000, 7);
        Transfer transfer = open(a, "t", "cancelled.txt", cancelled);
        transfer.write(ByteBuffer.wrap(cancelled));

        transfer.abort("the sender cancelled");

        FanOut receipt = receipt(transfer);
        assertEquals(0, receipt.offered(), "no subscriber anywhere was offered the file");
        byte[] next = randomBytes(10_000, 8);
        assertEquals(1, send(a, "t", "next.txt", next).completed());
        assertEquals(sha256(next), onB.file("next.txt").get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
        assertEquals(1, onB.filesStarted(), "server b never heard of the cancelled file");
        assertEquals(next.length, a.broker.state().publishedBytes(), "only the second file's bytes crossed");
        assertEquals(next.length, b.broker.state().receivedBytes());
    }

    @Test
    void aSlowSubscriberOnAnotherServerPacesTheSenderWithoutLosingBytes() throws Exception {
        Node a = new Node("a", "1MiB");
        Node c = new Node("c", "1MiB");
        Semaphore pace = new Semaphore(0);
        CheckingSubscriber slow = subscribe(c, CheckingSubscriber.slow("c1", pace), "video");
        awaitWanted(a, 1);
        byte[] file = randomBytes(20_000_000, 3);
        Transfer transfer = open(a, "video", "film.mp4", file);

        Future<?> sending = sendInBackground(transfer, file);
        Thread.sleep(1000);
        long whileStalled = transfer.written();
        assertFalse(sending.isDone(), "the sender must wait for the slow server");
        assertTrue(whileStalled < 4_000_000, "the sender got " + whileStalled + " bytes ahead of a stalled subscriber");

        pace.release(Integer.MAX_VALUE / 2);
        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        FanOut receipt = receipt(transfer);
        assertEquals(1, receipt.completed(), () -> "failures: " + receipt.failures());
        assertEquals(sha256(file), slow.file("film.mp4").get().sha256());
    }

    @Test
    void aServerThatStopsMidTransferFailsItsShareWhileTheOthersGetTheFile() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        Node c = new Node("c", "1MiB");
        Semaphore pace = new Semaphore(0);
        subscribe(b, CheckingSubscriber.slow("b1", pace), "t");
        CheckingSubscriber onC = subscribe(c, "c1", "t");
        awaitWanted(a, 2);
        byte[] file = randomBytes(10_000_000, 4);
        Transfer transfer = open(a, "t", "big.iso", file);
        Future<?> sending = sendInBackground(transfer, file);
        await(() -> transfer.written() > 0, "the transfer to start");

        b.close();

        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        FanOut receipt = receipt(transfer);
        assertEquals(2, receipt.offered());
        assertEquals(1, receipt.completed());
        assertTrue(receipt.failures().get(0).startsWith("server b: the server stopped"), receipt.failures().toString());
        assertEquals(sha256(file), onC.file("big.iso").get().sha256());
        assertEquals(1, a.broker.state().droppedPeers());
    }

    @Test
    void losingNatsMidTransferAbortsTheOtherServersCopiesAndRelayResumesWhenItIsBack() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        CheckingSubscriber onA = subscribe(a, "a1", "t");
        Semaphore pace = new Semaphore(0);
        CheckingSubscriber onB = subscribe(b, CheckingSubscriber.slow("b1", pace), "t");
        awaitWanted(a, 1);
        byte[] file = randomBytes(10_000_000, 5);
        Transfer transfer = open(a, "t", "first.bin", file);
        Future<?> sending = sendInBackground(transfer, file);
        await(() -> onB.filesStarted() > 0, "the file to reach server b");

        nats.stop();

        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        FanOut receipt = receipt(transfer);
        assertEquals(1, receipt.completed(), "the sender's own server still delivers");
        assertTrue(receipt.failures().get(0).contains("the connection to NATS was lost"), receipt.failures().toString());
        assertEquals(sha256(file), onA.file("first.bin").get().sha256());
        pace.release(Integer.MAX_VALUE / 2);
        Received cut = onB.file("first.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNull(cut.sha256());
        assertTrue(cut.abortReason().contains("lost its connection to NATS"), cut.abortReason());
        assertFalse(a.broker.state().connected());

        nats.restart();
        await(() -> a.broker.state().connected() && b.broker.state().connected(), "both servers to reconnect");
        awaitWanted(a, 1);
        byte[] second = randomBytes(1_000_000, 6);
        FanOut again = send(a, "t", "second.bin", second);
        assertEquals(2, again.completed(), () -> "failures: " + again.failures());
        assertEquals(sha256(second), onB.file("second.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
    }

    @Test
    void aServerStartedWhileNatsIsDownServesItsOwnSubscribersAndJoinsOnceNatsIsUp() throws Exception {
        nats.stop();
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        CheckingSubscriber onA = subscribe(a, "a1", "t");
        CheckingSubscriber onB = subscribe(b, "b1", "t");
        byte[] alone = randomBytes(100_000, 9);

        FanOut local = send(a, "t", "alone.bin", alone);

        assertEquals(1, local.completed(), "server a serves its own subscriber without NATS");
        assertEquals(sha256(alone), onA.file("alone.bin").get().sha256());
        assertFalse(a.broker.state().connected());
        nats.restart();
        await(() -> a.broker.state().connected() && b.broker.state().connected(), "both servers to connect");
        awaitWanted(a, 1);
        byte[] shared = randomBytes(100_000, 10);
        assertEquals(2, send(a, "t", "shared.bin", shared).completed());
        assertEquals(sha256(shared), onB.file("shared.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
        assertEquals(1, onB.filesStarted(), "the file sent while NATS was down never reached server b");
    }

    @Test
    void serversLogInToNatsWithTheUserAndPasswordOfTheirAddress() throws Exception {
        nats.close();
        nats = NatsServer.start(List.of("--user", "wsfile", "--pass", "s3cret-pass"));
        Node a = new Node("a", "1MiB", nats.url("wsfile", "s3cret-pass"));
        Node b = new Node("b", "1MiB", nats.url("wsfile", "s3cret-pass"));
        Node intruder = new Node("c", "1MiB", nats.url("wsfile", "wrong"));
        CheckingSubscriber onB = subscribe(b, "b1", "t");
        awaitWanted(a, 1);
        byte[] file = randomBytes(100_000, 11);

        assertEquals(1, send(a, "t", "secret.bin", file).completed());

        assertEquals(sha256(file), onB.file("secret.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS).sha256());
        assertFalse(intruder.broker.state().connected(), "a server with the wrong password is not let in");
        assertTrue(a.broker.state().peers().stream().noneMatch(peer -> peer.nodeId().equals("c")));
    }

    @Test
    void aFileThatArrivesDamagedOrWithAGapIsAbortedNotDelivered() throws Exception {
        Node a = new Node("a", "1MiB");
        Node b = new Node("b", "1MiB");
        CheckingSubscriber onB = subscribe(b, "b1", "t");
        // Once a hears that b wants the topic, b listens on its subject (it subscribes before it says so).
        awaitWanted(a, 1);
        String subject = new Subjects("wsfile").topic("t");
        try (Connection fake = Nats.connect(nats.url())) {
            FileOffer damaged = new FileOffer(1, "t", "damaged.bin", "", 4, Instant.now());
            fake.publish(ClusterMessages.message(subject, Kind.OFFER, "z", "lane", 1, 0,
                    ClusterMessages.offer(damaged, List.of("b"))));
            fake.publish(ClusterMessages.message(subject, Kind.CHUNK, "z", "lane", 1, 1, new byte[] {1, 2, 3, 4}));
            fake.publish(ClusterMessages.message(subject, Kind.END, "z", "lane", 1, 2, ClusterMessages.text("0".repeat(64))));
            FileOffer gap = new FileOffer(2, "t", "gap.bin", "", 8, Instant.now());
            fake.publish(ClusterMessages.message(subject, Kind.OFFER, "z", "lane", 2, 0, ClusterMessages.offer(gap, List.of("b"))));
            fake.publish(ClusterMessages.message(subject, Kind.CHUNK, "z", "lane", 2, 2, new byte[] {1, 2, 3, 4}));

            Received checked = onB.file("damaged.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNull(checked.sha256(), "a file whose bytes do not match its SHA-256 is not delivered");
            assertTrue(checked.abortReason().contains("SHA-256"), checked.abortReason());
            Received cut = onB.file("gap.bin").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNull(cut.sha256());
            assertEquals("part of the file was lost between the servers", cut.abortReason());
        }
    }

    private CheckingSubscriber subscribe(Node node, String connection, String topic) {
        return subscribe(node, CheckingSubscriber.quick(connection), topic);
    }

    private CheckingSubscriber subscribe(Node node, CheckingSubscriber subscriber, String topic) {
        node.hub.subscribe(subscriber, topic);
        return subscriber;
    }

    /** Waits until the server has heard from {@code servers} others that each have a subscription. */
    private void awaitWanted(Node node, int servers) throws InterruptedException {
        await(() -> node.broker.state().peers().stream().filter(peer -> !peer.topics().isEmpty()).count() == servers,
                servers + " servers with subscribers to be heard of");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Waiting.until(condition, WAIT, what);
    }

    private static Transfer open(Node node, String topic, String name, byte[] file) {
        return node.relay.open(topic, name, "application/octet-stream", file.length, "sender-1");
    }

    private FanOut send(Node node, String topic, String name, byte[] file) throws Exception {
        Transfer transfer = open(node, topic, name, file);
        writeAll(transfer, file);
        transfer.finish(Optional.of(sha256(file)));
        return receipt(transfer);
    }

    /** The transfer's receipt, once every server has reported. */
    private static FanOut receipt(Transfer transfer) throws Exception {
        return transfer.fanOut().done().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private Future<?> sendInBackground(Transfer transfer, byte[] file) {
        return threads.submit(() -> {
            writeAll(transfer, file);
            transfer.finish(Optional.empty());
            return null;
        });
    }

    private static void writeAll(Transfer transfer, byte[] file) throws Exception {
        for (int offset = 0; offset < file.length; offset += PIECE) {
            transfer.write(ByteBuffer.wrap(file, offset, Math.min(PIECE, file.length - offset)));
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.digest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }
}
