package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.Receipt;
import org.wsfile.client.RefusedException;
import org.wsfile.client.StreamConnection;
import org.wsfile.testing.Cli;
import org.wsfile.testing.CuttingProxy;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.HashingSink;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;
import org.wsfile.testing.Waiting;

/**
 * Resume (docs/PROTOCOL.md, "Resuming a file" and "Resuming an upload"): {@code wsfile receive}
 * whose connection is cut mid-file keeps what arrived, reconnects and gets only the rest, from the
 * spool while the file is in flight and from topic history once it is over; {@code wsfile send}
 * cut off mid-file continues the upload on a new connection, within the server's resume window
 * (5 s here). The SHA-256 is checked over the whole file each time.
 */
class ResumeIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path KEPT = Path.of("target", "resume-it").toAbsolutePath();
    private static final long SIZE = 200_000_000;
    /** What a connection carries besides the file's bytes: the handshake, messages and frame headers. */
    private static final long FRAMING = 64 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        TestFiles.deleteTree(KEPT);
        return Deployments.wsfileWithSettings("wsfile-resume.war",
                "wsfile.history.files=3\nwsfile.history.dir=" + KEPT + "\nwsfile.sender.resume-window=5s\n");
    }

    @TempDir
    Path inbox;

    @Test
    void aReceiverCutOffAt30PercentResumesWhileTheSenderStillSendsAndGetsOnlyWhatItMissed() throws Exception {
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Cli receiver = receiving(network, "lecture", "--once");
             StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing file = sender.start("lecture", "lecture.mp4", "video/mp4", SIZE, 1);
            // A sender on a modest uplink: about 40 MB/s, so the file is still in flight when the receiver is back.
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> sendPaced(file, 2));

            Waiting.until(() -> network.bytesFromServer().get(0) >= SIZE * 3 / 10, WAIT, "30 % of the file to arrive");
            network.cut();
            receiver.awaitLine("lecture.mp4: cut off", WAIT);
            long kept = Files.size(partFile());
            String resuming = receiver.awaitLine("lecture.mp4: resuming from", WAIT);

            Cli.Result result = receiver.await(WAIT);
            String sha256 = sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.text());
            assertEquals(sha256, TestFiles.sha256(inbox.resolve("lecture.mp4")), "the whole file, checked as a whole");
            assertTrue(kept >= SIZE / 5, "the receiver kept what it had: " + kept);
            long resent = network.bytesFromServer().get(1) - (SIZE - kept);
            System.out.printf("resume: cut at %d bytes received, kept %d; the second connection carried the %d missing"
                    + " bytes and %d more (%s)%n", network.bytesFromServer().get(0), kept, SIZE - kept, resent, resuming);
            assertTrue(resent >= 0 && resent < FRAMING, "beyond the missing bytes, only framing was sent again: " + resent);
            assertEquals(List.of(), partFiles(), "no part file is left");
        }
    }

    @Test
    void aFileThatEndedWhileItsReceiverWasAwayResumesFromTopicHistory() throws Exception {
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Cli receiver = receiving(network, "notes", "--once");
             StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing file = sender.start("notes", "recording.wav", "audio/wav", 50_000_000, 2);
            sendUntilReceived(network, file, 15_000_000);
            network.cut();
            receiver.awaitLine("recording.wav: cut off", WAIT);
            // Nobody else receives it: the rest goes at once, and the file is over before the receiver is back.
            while (file.hasMore()) {
                file.sendChunk(StreamClient.CHUNK_SIZE);
            }
            String sha256 = file.end();
            file.awaitReceipt(WAIT);

            receiver.awaitLine("recording.wav: resuming from", WAIT);
            Cli.Result result = receiver.await(WAIT);
            assertEquals(0, result.exitCode(), result.text());
            assertEquals(sha256, TestFiles.sha256(inbox.resolve("recording.wav")));
            assertTrue(network.bytesFromServer().get(1) < 50_000_000 - 10_000_000, "only the rest came again");
        }
    }

    @Test
    void aConnectionThatFallsSilentMidFileIsGivenUpAndTheFileResumedOnANewOne() throws Exception {
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Cli receiver = receiving(network, "silent", "--once");
             StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing file = sender.start("silent", "slides.pdf", "application/pdf", 60_000_000, 4);
            sendUntilReceived(network, file, 20_000_000);

            network.freeze();
            String lost = receiver.awaitLine("connection lost", WAIT);
            String sha256 = sendPaced(file, 0);

            assertTrue(lost.contains("the server fell silent"), lost);
            receiver.awaitLine("slides.pdf: resuming from", WAIT);
            Cli.Result result = receiver.await(WAIT);
            assertEquals(0, result.exitCode(), result.text());
            assertEquals(sha256, TestFiles.sha256(inbox.resolve("slides.pdf")));
        }
    }

    @Test
    void aFileTheServerNoLongerHoldsIsNotResumedAndWhatArrivedOfItIsDeleted() throws Exception {
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Cli receiver = receiving(network, "gone", "--count", "2");
             StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing file = sender.start("gone", "draft.mp4", "video/mp4", 50_000_000, 3);
            long t0 = System.nanoTime();
            sendUntilReceived(network, file, 15_000_000);
            System.out.println("DEBUG sent " + (System.nanoTime() - t0) / 1000000);
            network.cut();
            System.out.println("DEBUG " + receiver.awaitLine("draft.mp4: cut off", WAIT) + " " + (System.nanoTime() - t0) / 1000000);
            file.cancel();

            String refused = receiver.awaitLine("draft.mp4: cannot be resumed", WAIT);
            System.out.println("DEBUG " + refused + " " + (System.nanoTime() - t0) / 1000000);
            assertTrue(refused.contains("no longer holds"), refused);
            Waiting.until(() -> partFiles().isEmpty(), WAIT, "what arrived of it to be deleted");
        }
    }

    @Test
    void aSenderCutOffMidFileGoesOnOverANewConnectionAndItsReceiverSeesTheFileContinue() throws Exception {
        Path video = TestFiles.random(inbox.resolve("assembly.mp4"), 100_000_000, 5);
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             StreamClient receiver = StreamClient.connect(endpoint())) {
            receiver.subscribe("uplink");
            try (Cli sender = Cli.start("send", "-u", network.through(endpoint()).toString(), "-t", "uplink",
                    video.toString())) {
                Waiting.until(() -> sentThrough(network, 0) >= 30_000_000, WAIT, "30 MB to be uploaded");
                network.cut();

                sender.awaitLine("continuing on a new connection", WAIT);
                Cli.Result result = sender.await(WAIT);
                assertEquals(0, result.exitCode(), result.text());
                assertTrue(result.text().contains("received by 1 of 1 subscribers"), result.text());
                assertEquals(TestFiles.sha256(video), receiver.nextFile(WAIT).sha256(), "one file, whole");
                assertTrue(receiver.poll(Duration.ofMillis(500)).isEmpty(), "no abort and no second copy");
                assertTrue(sentThrough(network, 1) < 100_000_000 - 25_000_000,
                        "the new connection carried the rest only: " + network.bytesToServer());
            }
        }
    }

    @Test
    void anUploadWaitsForItsSenderForTheResumeWindowAndNoLonger() throws Exception {
        OutgoingFile first = OutgoingFile.of(TestFiles.random(inbox.resolve("first.bin"), 60_000_000, 6), "first.bin");
        OutgoingFile second = OutgoingFile.of(TestFiles.random(inbox.resolve("second.bin"), 60_000_000, 7), "second.bin");
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             StreamClient receiver = StreamClient.connect(endpoint())) {
            receiver.subscribe("window");
            // Frozen: the server still believes the old connection alive, and the new one takes the upload over.
            uploadUntil(network, 0, first, "first", network::freeze);
            try (StreamConnection back = StreamConnection.connect(endpoint(), new HashingSink(() -> { }), notice -> { })) {
                Receipt receipt = back.resumeUpload(first, "first", sent -> { }, sofar -> { })
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
                assertEquals(1, receipt.completed(), receipt.toString());
            }
            assertEquals(TestFiles.sha256(first.path()), receiver.nextFile(WAIT).sha256());

            uploadUntil(network, 1, second, "second", network::cut);
            StreamClient.Aborted aborted = assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT));
            assertEquals("the sender did not come back within 5s", aborted.reason());
            try (StreamConnection late = StreamConnection.connect(endpoint(), new HashingSink(() -> { }), notice -> { })) {
                CompletableFuture<Optional<Receipt>> refused = late.resumeUpload(second, "second", sent -> { }, sofar -> { });
                ExecutionException problem = assertThrows(ExecutionException.class,
                        () -> refused.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertEquals("not-resumable", assertInstanceOf(RefusedException.class, problem.getCause()).code());
            }
        }
    }

    /**
     * Uploads the file as {@code key} on a connection through the proxy (its {@code index}-th) until
     * 10 MB passed; then the network fails ({@code cut} or {@code freeze}) and the sender gives up.
     */
    private void uploadUntil(CuttingProxy network, int index, OutgoingFile file, String key, Runnable failure)
            throws Exception {
        StreamConnection sender = StreamConnection.connect(network.through(endpoint()), new HashingSink(() -> { }), notice -> { });
        CompletableFuture<Void> uploading = CompletableFuture.runAsync(() -> {
            try {
                sender.upload("window", file, key, sent -> { }, sofar -> { });
            } catch (IOException lost) {
                // cut off, as intended
            }
        });
        Waiting.until(() -> sentThrough(network, index) >= 10_000_000, WAIT, "10 MB of " + file.name() + " to be uploaded");
        failure.run();
        sender.close();
        uploading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Bytes sent to the server through the proxy's {@code index}-th connection, 0 until it is made. */
    private static long sentThrough(CuttingProxy network, int index) {
        List<Long> sent = network.bytesToServer();
        return sent.size() > index ? sent.get(index) : 0;
    }

    /** {@code wsfile receive} of the topic into the inbox, connected through the proxy, once it receives. */
    private Cli receiving(CuttingProxy network, String topic, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("receive", "-u", network.through(endpoint()).toString(), "-t", topic,
                "-o", inbox.toString()));
        command.addAll(List.of(options));
        Cli receiver = Cli.start(command.toArray(String[]::new));
        receiver.awaitLine("receiving files sent to", WAIT);
        return receiver;
    }

    /** Sends the file's chunks, with a pause after each, until the receiver has had {@code bytes}. */
    private static void sendUntilReceived(CuttingProxy network, StreamClient.Outgoing file, long bytes)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (network.bytesFromServer().get(0) < bytes) {
            if (System.nanoTime() > deadline || !file.hasMore()) {
                throw new AssertionError("the receiver had " + network.bytesFromServer() + " bytes, not " + bytes + ", after "
                        + WAIT.toSeconds() + " s");
            }
            file.sendChunk(StreamClient.CHUNK_SIZE);
            Thread.sleep(5);
        }
    }

    /** Sends the rest of the file in chunks with a pause of {@code millis} after each; returns its checksum. */
    private static String sendPaced(StreamClient.Outgoing file, long millis) {
        try {
            while (file.hasMore()) {
                file.sendChunk(StreamClient.CHUNK_SIZE);
                Thread.sleep(millis);
            }
            return file.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path partFile() {
        List<Path> parts = partFiles();
        assertEquals(1, parts.size(), parts.toString());
        return parts.get(0);
    }

    private List<Path> partFiles() {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
