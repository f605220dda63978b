package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.Receipt;
import org.wsfile.client.StreamConnection;
import org.wsfile.testing.Cli;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.HashingSink;
import org.wsfile.testing.StatusPage;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;
import org.wsfile.testing.Waiting;

/**
 * Spooled delivery (docs/PROTOCOL.md, "Subscribers that fall behind"): a streaming receiver that
 * stops reading, or reads slowly, holds up neither the sender nor the other receivers; it is fed
 * from the server's spool at its own pace and still gets the whole file, and the sender hears
 * meanwhile how many have it. With a spool of 64 MiB, a receiver that would need more is given up.
 */
class SpoolIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SPOOL = Path.of("target", "spool-it").toAbsolutePath();

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        TestFiles.deleteTree(SPOOL);
        return Deployments.wsfileWithSettings("wsfile-spool.war",
                "wsfile.spool.max-bytes=64MiB\nwsfile.spool.dir=" + SPOOL + "\n");
    }

    @TempDir
    Path temp;

    @Test
    void aFrozenReceiverHoldsUpNobodyAndGetsTheWholeFileWhenItThawsWhileTheSenderHearsHowManyHaveIt() throws Exception {
        Path video = TestFiles.random(temp.resolve("video.mp4"), 50_000_000, 1);
        List<Receipt> meanwhile = new CopyOnWriteArrayList<>();
        try (StreamClient healthy = subscriber("frozen"); StreamClient frozen = subscriber("frozen");
             StreamConnection sender = StreamConnection.connect(endpoint(), new HashingSink(() -> { }), notice -> { })) {
            frozen.pauseReading();

            CompletableFuture<Optional<Receipt>> receipt = sender.send("frozen", OutgoingFile.of(video, "video.mp4"),
                    sent -> { }, meanwhile::add);

            assertEquals(TestFiles.sha256(video), healthy.nextFile(WAIT).sha256(), "the healthy receiver gets it whole");
            Waiting.until(() -> !meanwhile.isEmpty(), WAIT, "the sender to hear that one receiver is still receiving");
            assertEquals(new Receipt(2, 1, List.of()), meanwhile.get(0));
            assertEquals(1, meanwhile.get(0).receiving());
            assertTrue(spoolBytes() > 0, "the rest of the file waits in the spool for the frozen receiver");

            frozen.resumeReading();
            assertEquals(TestFiles.sha256(video), frozen.nextFile(WAIT).sha256(), "the frozen one gets it whole once it thaws");
            Receipt done = receipt.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertEquals(new Receipt(2, 2, List.of()), done, "the receipt counts it once it confirmed");
            Waiting.until(() -> spoolBytes() == 0, WAIT, "the spool to be emptied");
        }
    }

    @Test
    void theCommandLineSenderSaysHowManyHaveTheFileWhileOneStillReceivesThenTheFinalCount() throws Exception {
        Path slides = TestFiles.random(temp.resolve("slides.pdf"), 30_000_000, 4);
        try (StreamClient healthy = subscriber("cli-frozen"); StreamClient frozen = subscriber("cli-frozen")) {
            frozen.pauseReading();
            try (Cli sender = Cli.start("send", "-u", endpoint().toString(), "-t", "cli-frozen", slides.toString())) {
                String sofar = sender.awaitLine("still receiving", WAIT);

                assertTrue(sofar.contains("slides.pdf: received by 1 of 2 so far, 1 still receiving"), sofar);
                assertEquals(TestFiles.sha256(slides), healthy.nextFile(WAIT).sha256());
                frozen.resumeReading();
                assertEquals(TestFiles.sha256(slides), frozen.nextFile(WAIT).sha256());
                Cli.Result result = sender.await(WAIT);
                assertEquals(0, result.exitCode(), result.text());
                assertTrue(result.text().contains("received by 2 of 2 subscribers"), result.text());
            }
        }
    }

    @Test
    void aThrottledReceiverDoesNotSlowTheHealthyOneAndGetsTheFileAtItsOwnPace() throws Exception {
        try (StreamClient healthy = subscriber("throttled"); StreamClient throttled = subscriber("throttled");
             StreamClient sender = StreamClient.connect(endpoint())) {
            AtomicBoolean throttling = new AtomicBoolean(true);
            // Reads a twentieth of the time, as a phone on poor Wi-Fi: far slower than the healthy one
            // even when the tests' JVMs and the server share two busy cores.
            CompletableFuture<Void> throttle = CompletableFuture.runAsync(() -> {
                try {
                    while (throttling.get()) {
                        throttled.pauseReading();
                        Thread.sleep(190);
                        throttled.resumeReading();
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            StreamClient.Sent sent = sender.send("throttled", "lecture.mp4", 40_000_000, 2);

            assertEquals(sent.sha256(), healthy.nextFile(WAIT).sha256());
            // It may not even have read the file's header yet, if it was paused while the healthy one took all 40 MB.
            assertEquals(Optional.empty(), throttled.poll(Duration.ZERO),
                    "the throttled receiver does not have the file yet when the healthy one has it");
            throttling.set(false);
            throttle.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(sent.sha256(), throttled.nextFile(WAIT).sha256());
            assertEquals(2, sent.awaitReceipt(WAIT).completed());
        }
    }

    @Test
    void aReceiverThatWouldNeedMoreThanTheSpoolHoldsIsGivenUpCleanlyAndTheOthersGetTheFile() throws Exception {
        try (StreamClient healthy = subscriber("full"); StreamClient frozen = subscriber("full");
             StreamClient sender = StreamClient.connect(endpoint())) {
            frozen.pauseReading();

            StreamClient.Sent sent = sender.send("full", "too-much.iso", 150_000_000, 3);

            assertEquals(sent.sha256(), healthy.nextFile(WAIT).sha256());
            StreamClient.Receipt receipt = sent.awaitReceipt(WAIT);
            assertEquals(1, receipt.completed(), receipt.toString());
            assertTrue(receipt.failed().get(0).contains("the server's spool could not keep the rest of the file"),
                    receipt.toString());
            frozen.resumeReading();
            StreamClient.Aborted aborted = assertInstanceOf(StreamClient.Aborted.class, frozen.next(WAIT));
            assertTrue(aborted.reason().contains("wsfile.spool.max-bytes"), aborted.reason());
            Waiting.until(() -> spoolBytes() == 0, WAIT, "the spool to be emptied");
        }
    }

    private StreamClient subscriber(String topic) {
        StreamClient client = StreamClient.connect(endpoint());
        client.subscribe(topic);
        return client;
    }

    private long spoolBytes() {
        try {
            return StatusPage.fetch(page("status")).getJsonNumber("spoolBytes").longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
