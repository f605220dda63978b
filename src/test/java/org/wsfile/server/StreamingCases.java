package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.StreamConnection;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.HashingSink;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StreamClient.Receipt;
import org.wsfile.testing.StreamClient.Received;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.Subscriptions;
import org.wsfile.testing.TestFiles;

/**
 * The streaming protocol end to end: real clients, the deployed WAR, whose settings the subclass
 * gives (the WebSocket implementation that runs the connections above all).
 */
abstract class StreamingCases extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The settings both deployments share. */
    static final String SETTINGS = """
            wsfile.max-file-size=64MiB
            wsfile.subscriber.send-timeout=3s
            wsfile.sender.idle-timeout=2s
            """;

    @Test
    void theServerAgreesToTheStreamingSubprotocol() {
        try (StreamClient client = StreamClient.connect(endpoint())) {
            assertEquals("wsfile.v1", client.subprotocol());
        }
    }

    @Test
    void aFileReachesEverySubscriberIntactAndTheReceiptCountsThem() throws Exception {
        try (StreamClient first = StreamClient.connect(endpoint());
             StreamClient second = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            first.subscribe("class-7b");
            second.subscribe("class-7b");

            StreamClient.Sent sent = sender.send("class-7b", "slides 10:30 — été.pdf", 3 * 1024 * 1024 + 17, 1);

            for (StreamClient subscriber : List.of(first, second)) {
                Received file = subscriber.nextFile(WAIT);
                assertEquals("slides 10:30 — été.pdf", file.name());
                assertEquals("class-7b", file.topic());
                assertEquals(3 * 1024 * 1024 + 17, file.size());
                assertEquals(sent.sha256(), file.sha256());
            }
            assertEquals(new Receipt(1, 2, 2, List.of()), sent.awaitReceipt(WAIT));
        }
    }

    @Test
    void filesInterleavedOnOneConnectionArriveIntact() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("interleaved");
            List<StreamClient.Outgoing> files = List.of(
                    sender.start("interleaved", "a.bin", "", 900_000, 1),
                    sender.start("interleaved", "b.bin", "", 10, 2),
                    sender.start("interleaved", "c.bin", "", 500_000, 3));

            boolean more = true;
            while (more) {
                more = false;
                for (StreamClient.Outgoing file : files) {
                    if (file.hasMore()) {
                        file.sendChunk(64 * 1024);
                        more |= file.hasMore();
                    }
                }
            }
            Map<String, String> sent = new HashMap<>();
            for (StreamClient.Outgoing file : files) {
                sent.put(List.of("a.bin", "b.bin", "c.bin").get(files.indexOf(file)), file.end());
            }

            Map<String, String> received = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                Received file = receiver.nextFile(WAIT);
                received.put(file.name(), file.sha256());
            }
            assertEquals(sent, received);
        }
    }

    @Test
    void twoSendersOnOneTopicAtTheSameTimeBothGetThrough() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient alice = StreamClient.connect(endpoint());
             StreamClient bob = StreamClient.connect(endpoint())) {
            receiver.subscribe("busy");

            CompletableFuture<StreamClient.Sent> fromAlice =
                    CompletableFuture.supplyAsync(() -> alice.send("busy", "alice.bin", 8_000_000, 11));
            CompletableFuture<StreamClient.Sent> fromBob =
                    CompletableFuture.supplyAsync(() -> bob.send("busy", "bob.bin", 8_000_000, 12));

            Map<String, String> received = new HashMap<>();
            received.put(receiver.nextFile(WAIT).name(), "");
            received.put(receiver.nextFile(WAIT).name(), "");
            assertEquals(Map.of("alice.bin", "", "bob.bin", ""), received);
            assertEquals(1, fromAlice.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join().awaitReceipt(WAIT).completed());
            assertEquals(1, fromBob.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join().awaitReceipt(WAIT).completed());
        }
    }

    @Test
    void aSenderThatDisconnectsMidTransferMakesEverySubscriberGetAborted() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("crash");
            StreamClient.Outgoing file = sender.start("crash", "half.bin", "", 4_000_000, 5);
            file.sendChunk(1_000_000);

            sender.abort();

            StreamClient.Aborted aborted = assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT));
            assertEquals("the sender disconnected", aborted.reason());
            assertEquals(0, receiver.filesArriving());
        }
    }

    @Test
    void aSenderThatStallsMidTransferHasItAbortedAndCanSendAgain() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("stall");
            StreamClient.Outgoing file = sender.start("stall", "stuck.bin", "", 1_000_000, 9);
            file.sendChunk(100_000);

            StreamClient.Error idle = sender.nextError(WAIT);
            assertEquals("sender-idle", idle.code());
            assertEquals(Optional.of(file.id()), idle.id());
            assertEquals("the transfer got no data for 2000 ms and was aborted",
                    assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT)).reason());
            assertEquals(0, file.awaitReceipt(WAIT).completed());

            file.sendChunk(100_000);
            StreamClient.Sent next = sender.send("stall", "next.bin", 1000, 10);
            assertEquals(next.sha256(), receiver.nextFile(WAIT).sha256());
            assertEquals(Optional.empty(), sender.poll(Duration.ZERO));
        }
    }

    @Test
    void aCancelledTransferIsAbortedAndItsReceiptSaysNobodyGotIt() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("cancel");
            StreamClient.Outgoing file = sender.start("cancel", "draft.bin", "", 1_000_000, 6);
            file.sendChunk(100_000);

            file.cancel();

            assertEquals("cancelled by the sender",
                    assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT)).reason());
            Receipt receipt = file.awaitReceipt(WAIT);
            assertEquals(0, receipt.completed());
            assertEquals(List.of("aborted: cancelled by the sender"), receipt.failed());
        }
    }

    @Test
    void aSubscriberThatLeavesMidTransferIsDroppedFromItAndTheReceiptSaysSo() throws Exception {
        try (StreamClient stays = StreamClient.connect(endpoint());
             StreamClient leaves = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            stays.subscribe("leaving");
            leaves.subscribe("leaving");
            StreamClient.Outgoing file = sender.start("leaving", "big.bin", "", 6_000_000, 7);
            file.sendChunk(1_000_000);
            while (leaves.filesArriving() == 0) {
                Thread.sleep(10);
            }

            leaves.abort();
            while (file.hasMore()) {
                file.sendChunk(StreamClient.CHUNK_SIZE);
            }
            String sha = file.end();

            assertEquals(sha, stays.nextFile(WAIT).sha256());
            Receipt receipt = file.awaitReceipt(WAIT);
            assertEquals(2, receipt.offered());
            assertEquals(1, receipt.completed());
            assertEquals(1, receipt.failed().size());
        }
    }

    @Test
    void aReceiverThatNeverConfirmsIsNotCountedAsHavingTheFile() throws Exception {
        try (StreamClient silent = StreamClient.connectWithoutConfirming(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            silent.subscribe("silent");

            StreamClient.Sent sent = sender.send("silent", "a.bin", 1000, 8);

            assertEquals(sent.sha256(), silent.nextFile(WAIT).sha256());
            Receipt receipt = sent.awaitReceipt(WAIT);
            assertEquals(0, receipt.completed());
            assertTrue(receipt.failed().get(0).startsWith("no confirmation within"), receipt.failed().toString());
        }
    }

    @Test
    void filesCanBeConfirmedOneByOneOrSeveralInOneFrame() throws Exception {
        try (StreamClient receiver = StreamClient.connectWithoutConfirming(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("confirm");
            List<StreamClient.Sent> sent = List.of(sender.send("confirm", "a", 10, 1), sender.send("confirm", "b", 10, 2),
                    sender.send("confirm", "c", 10, 3));
            long first = receiver.nextFile(WAIT).id();
            long second = receiver.nextFile(WAIT).id();
            long third = receiver.nextFile(WAIT).id();

            receiver.sendText("{\"type\":\"received\",\"id\":" + first + "}");
            receiver.sendText("{\"type\":\"received\",\"ids\":[" + second + ",77," + third + "]}");

            assertEquals(new StreamClient.Error("unknown-transfer", "no file 77 awaits confirmation", Optional.of(77L)),
                    receiver.nextError(WAIT));
            for (StreamClient.Sent file : sent) {
                assertEquals(1, file.awaitReceipt(WAIT).completed());
            }
        }
    }

    @Test
    void unsubscribingStopsDeliveries() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("news");
            receiver.subscribe("sports");
            receiver.unsubscribe("news");

            assertEquals(0, sender.send("news", "n.txt", 10, 1).awaitReceipt(WAIT).offered());
            sender.send("sports", "s.txt", 10, 2);
            assertEquals("s.txt", receiver.nextFile(WAIT).name());
        }
    }

    @Test
    void badRequestsGetStructuredErrorsAndTheConnectionStaysUsable() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient client = StreamClient.connect(endpoint())) {
            receiver.subscribe("errors");

            client.sendText("{\"type\":\"dance\"}");
            assertEquals("unknown-command", client.nextError(WAIT).code());
            client.sendText("{not json");
            assertEquals("bad-frame", client.nextError(WAIT).code());
            StreamClient.Outgoing badTopic = client.start("bad:topic", "a.txt", "", 3, 1);
            assertEquals(new StreamClient.Error("invalid-topic", "'bad:topic' is not a topic: a topic is letters and digits"
                    + " (any language) and - _ . ~ + @ /, up to 256 bytes; it cannot start with . or /, end with /, or contain"
                    + " .. or //", Optional.of(badTopic.id())), client.nextError(WAIT));
            badTopic.sendChunk(3);
            client.sendRaw(99, new byte[] {1, 2, 3});
            StreamClient.Error unknown = client.nextError(WAIT);
            assertEquals("unknown-transfer", unknown.code());
            assertEquals(Optional.of(99L), unknown.id(), "the refused file's data frame was not dropped quietly");
            client.sendEnd(98, "0".repeat(64));
            assertEquals(new StreamClient.Error("unknown-transfer", "no transfer 98 is open on this connection",
                    Optional.of(98L)), client.nextError(WAIT));

            StreamClient.Outgoing tooBig = client.start("errors", "huge.iso", "", 65L * 1024 * 1024, 1);
            StreamClient.Error refused = client.nextError(WAIT);
            assertEquals("too-large", refused.code());
            assertEquals(Optional.of(tooBig.id()), refused.id());
            tooBig.sendChunk(1000);

            StreamClient.Sent fine = client.send("errors", "fine.txt", 100, 2);
            assertEquals(fine.sha256(), receiver.nextFile(WAIT).sha256());
            assertEquals(1, fine.awaitReceipt(WAIT).completed());
        }
    }

    @Test
    void moreBytesThanDeclaredOrAWrongChecksumAbortTheFileForItsSubscribers() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("lies");

            StreamClient.Outgoing overlong = sender.start("lies", "overlong.bin", "", 10, 1);
            sender.sendRaw(overlong.id(), new byte[11]);
            assertEquals("size-mismatch", sender.nextError(WAIT).code());
            assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT));

            StreamClient.Outgoing forged = sender.start("lies", "forged.bin", "", 10, 2);
            forged.sendChunk(10);
            sender.sendEnd(forged.id(), "ab".repeat(32));
            assertEquals("checksum-mismatch", sender.nextError(WAIT).code());
            assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT));
            assertEquals(0, forged.awaitReceipt(WAIT).completed());
        }
    }

    @Test
    void aNameThatWouldClimbOutOfAReceiversFolderReachesNoReceiverInEitherProtocol() throws Exception {
        try (StreamClient streaming = StreamClient.connect(endpoint());
             LegacyClient original = LegacyClient.connect(endpoint());
             LegacyClient originalSender = LegacyClient.connect(endpoint());
             StreamClient streamingSender = StreamClient.connect(endpoint())) {
            original.subscribe("hostile-names");
            Subscriptions.awaitSubscribed(originalSender, "hostile-names", original);
            streaming.subscribe("hostile-names");

            streamingSender.send("hostile-names", "../../home/me/.bashrc", 10, 1);
            assertEquals("home/me/.bashrc", original.nextDelivery(WAIT).name());
            assertEquals("home/me/.bashrc", streaming.nextFile(WAIT).name());
            originalSender.sendFile("hostile-names", "text/plain", "..\\..\\C:\\boot.ini", new byte[] {1});
            assertEquals("boot.ini", streaming.nextFile(WAIT).name());
        }
    }

    @Test
    void aFileFromAnOriginalClientReachesStreamingSubscribersAndTheOtherWayRound() throws Exception {
        try (StreamClient streaming = StreamClient.connect(endpoint());
             LegacyClient original = LegacyClient.connect(endpoint());
             LegacyClient originalSender = LegacyClient.connect(endpoint())) {
            streaming.subscribe("mixed");
            original.subscribe("mixed");
            Subscriptions.awaitSubscribed(originalSender, "mixed", original);
            while (streaming.poll(Duration.ofMillis(200)).isPresent()) {
                // the probe files that confirmed the original subscription
            }

            byte[] content = "from the original client".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String legacySha = originalSender.sendFile("mixed", "text/plain", "old:style.txt", content);
            Received fromOriginal = streaming.nextFile(WAIT);
            assertEquals(new Received(fromOriginal.id(), "mixed", "old:style.txt", "text/plain", content.length, legacySha,
                    fromOriginal.sentAt(), false), fromOriginal);
            assertEquals("old:style.txt", original.nextDelivery(WAIT).name(), "the other original subscriber");

            try (StreamClient streamingSender = StreamClient.connect(endpoint())) {
                StreamClient.Sent sent = streamingSender.send("mixed", "new.bin", 5_000_001, 3);
                assertEquals(new LegacyClient.Delivery("application/octet-stream", "new.bin", 5_000_001, sent.sha256()),
                        original.nextDelivery(WAIT));
                assertEquals(sent.sha256(), streaming.nextFile(WAIT).sha256());
                assertEquals(2, sent.awaitReceipt(WAIT).completed());
            }
        }
    }

    @Test
    void manySmallFilesFromWsfilesClientTravelInBundlesAndReachEveryKindOfSubscriberIntact(@TempDir Path folder)
            throws Exception {
        Map<String, String> expected = new HashMap<>();
        List<OutgoingFile> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Path file = TestFiles.random(folder.resolve("note-" + i + ".txt"), 1 + i * 97L, i);
            files.add(OutgoingFile.of(file, file.getFileName().toString()));
        }
        Path large = TestFiles.random(folder.resolve("large.bin"), 200_000, 7);
        files.add(OutgoingFile.of(large, "large.bin"));
        for (OutgoingFile file : files) {
            expected.put(file.name(), TestFiles.sha256(file.path()));
        }
        HashingSink bundling = new HashingSink(() -> { });
        try (LegacyClient original = LegacyClient.connect(endpoint());
             LegacyClient probe = LegacyClient.connect(endpoint());
             StreamClient older = StreamClient.connect(endpoint());
             StreamConnection receiver = StreamConnection.connect(endpoint(), bundling, notice -> { });
             StreamConnection sender = StreamConnection.connect(endpoint(), bundling, notice -> { })) {
            original.subscribe("bundles");
            Subscriptions.awaitSubscribed(probe, "bundles", original);
            older.subscribe("bundles");
            receiver.subscribe("bundles");

            List<CompletableFuture<Optional<org.wsfile.client.Receipt>>> receipts = new ArrayList<>();
            for (OutgoingFile file : files) {
                receipts.add(sender.send("bundles", file, sent -> { }, sofar -> { }));
            }

            for (CompletableFuture<Optional<org.wsfile.client.Receipt>> receipt : receipts) {
                assertEquals(3, receipt.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow().completed());
            }
            assertEquals(expected, bundling.received());
            Map<String, String> olderGot = new HashMap<>();
            Map<String, String> originalGot = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                Received file = older.nextFile(WAIT);
                olderGot.put(file.name(), file.sha256());
                LegacyClient.Delivery delivery = original.nextDelivery(WAIT);
                originalGot.put(delivery.name(), delivery.sha256());
            }
            assertEquals(expected, olderGot);
            assertEquals(expected, originalGot);
        }
    }
}
