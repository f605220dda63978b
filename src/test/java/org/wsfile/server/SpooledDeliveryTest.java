package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.config.Settings;
import org.wsfile.config.SpoolSettings;
import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.Units;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;
import org.wsfile.spool.SpoolStore;
import org.wsfile.testing.Waiting;

/**
 * Spooled delivery on connections without a network: a streaming subscriber that stops reading
 * is left behind and fed from the spool later, so the sender and the other subscribers go on.
 */
class SpooledDeliveryTest {
    private static final long WAIT_SECONDS = 10;
    private static final int CHUNK = 64 * 1024;

    private final DeliveryThreads threads = new DeliveryThreads();
    /** 64 KiB of subscriber buffer: a stalled subscriber is far behind after a few chunks. */
    private final Settings settings = new Settings(1 << 30, 65536, Duration.ofSeconds(30), 64 * 1024, 64 << 20,
            Duration.ofSeconds(60), Duration.ofMinutes(2), Set.of(), Settings.Limits.DEFAULTS,
            Settings.WebSocketEngine.CONTAINER);
    private final Hub hub = new Hub();
    private final TopicRelay relay = new TopicRelay(new LocalBroker(hub));
    private SpoolStore spool;

    @TempDir
    Path dir;

    SpooledDeliveryTest() {
        threads.start();
    }

    @AfterEach
    void stop() throws IOException {
        threads.stop();
        if (spool != null) {
            spool.close();
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsFedFromTheSpoolLaterWhileTheSenderAndTheOthersGoOn() throws Exception {
        useSpool("1GiB");
        FakeTransport reading = subscriber("reading", FakeTransport.reading("reading"));
        FakeTransport stalled = subscriber("stalled", FakeTransport.stalled());
        byte[] content = content(4 << 20);

        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> send(content));

        String sha = sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertArrayEquals(content, awaitFile(reading, sha), "the subscriber that reads gets the file whole");
        assertTrue(spool.bytes() > 0, "the stalled subscriber's rest of the file waits in the spool");
        stalled.resume();
        assertArrayEquals(content, awaitFile(stalled, sha), "the stalled one gets it whole once it reads again");
        Waiting.until(() -> spool.bytes() == 0, Duration.ofSeconds(WAIT_SECONDS), "the spool to give its space back");
        assertEquals(List.of(), spooledFiles(), "the spooled file is deleted once read");
    }

    @Test
    void aSubscriberFedFromTheSpoolIsAbortedWhenTheSpoolCannotHoldTheRestAndTheOthersStillGetTheFile() throws Exception {
        useSpool("256KiB");
        FakeTransport reading = subscriber("reading", FakeTransport.reading("reading"));
        FakeTransport stalled = subscriber("stalled", FakeTransport.stalled());
        byte[] content = content(4 << 20);

        String sha = CompletableFuture.supplyAsync(() -> send(content)).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertArrayEquals(content, awaitFile(reading, sha));
        stalled.resume();
        Waiting.until(() -> stalled.text().contains("\"type\":\"aborted\""), Duration.ofSeconds(WAIT_SECONDS),
                "the stalled subscriber to be told its copy is aborted");
        assertTrue(stalled.text().contains("the server's spool could not keep the rest of the file"), stalled.text());
        assertEquals(0, spool.bytes());
    }

    @Test
    void aSubscriberAloneStillPacesItsSenderAsThereIsNobodyElseToServe() throws Exception {
        useSpool("1GiB");
        FakeTransport stalled = subscriber("stalled", FakeTransport.stalled());
        byte[] content = content(4 << 20);

        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> send(content));

        stalled.awaitWriteBegun();
        Thread.sleep(300);
        assertFalse(sent.isDone(), "the sender waits for its only subscriber");
        assertEquals(0, spool.bytes());
        stalled.resume();
        assertArrayEquals(content, awaitFile(stalled, sent.get(WAIT_SECONDS, TimeUnit.SECONDS)));
    }

    @Test
    void withoutASpoolTheSenderGoesAtThePaceOfItsSlowestSubscriber() throws Exception {
        FakeTransport reading = subscriber("reading", FakeTransport.reading("reading"));
        FakeTransport stalled = subscriber("stalled", FakeTransport.stalled());
        byte[] content = content(4 << 20);

        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> send(content));

        Thread.sleep(300);
        assertFalse(sent.isDone(), "the sender waits for the stalled subscriber");
        stalled.resume();
        String sha = sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertArrayEquals(content, awaitFile(reading, sha));
        assertArrayEquals(content, awaitFile(stalled, sha));
    }

    @Test
    void smallFilesPileUpForAStalledSubscriberInTheSpoolNotInMemoryAndAllArriveOnceItReads() throws Exception {
        useSpool("1GiB");
        FakeTransport reading = subscriber("reading", FakeTransport.reading("reading"));
        FakeTransport stalled = subscriber("stalled", FakeTransport.stalled());
        int files = 300;
        byte[] content = content(10_000);

        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < files; i++) {
                send(content);
            }
        });

        sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Waiting.until(() -> ends(reading) == files, Duration.ofSeconds(WAIT_SECONDS), "the reading subscriber to get every file");
        assertTrue(spool.bytes() > 0, "what the stalled subscriber could not take waits in the spool");
        stalled.resume();
        Waiting.until(() -> ends(stalled) == files, Duration.ofSeconds(WAIT_SECONDS), "the stalled one to get every file");
        Waiting.until(() -> spool.bytes() == 0, Duration.ofSeconds(WAIT_SECONDS), "the spool to give its space back");
    }

    private void useSpool(String maxBytes) throws IOException {
        spool = SpoolStore.open(new SpoolSettings(Units.parseSize(maxBytes), dir));
        hub.spool(spool);
    }

    private FakeTransport subscriber(String id, FakeTransport transport) {
        Outbox outbox = new Outbox(transport, settings, threads, () -> { }, () -> { });
        hub.subscribe(new StreamSubscriber(id, outbox, threads, Duration.ofSeconds(30)), "t");
        return transport;
    }

    private String send(byte[] content) {
        try {
            Transfer transfer = relay.open("t", "video.mp4", "video/mp4", content.length, "sender");
            for (int at = 0; at < content.length; at += CHUNK) {
                transfer.write(ByteBuffer.wrap(content, at, Math.min(CHUNK, content.length - at)));
            }
            MessageDigest sha256 = Sha256.digest();
            sha256.update(content);
            return transfer.finish(Optional.of(Sha256.hex(sha256)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of the one file the connection was sent, once its end with {@code sha256} was written. */
    private static byte[] awaitFile(FakeTransport connection, String sha256) throws InterruptedException {
        Waiting.until(() -> connection.text().contains(sha256), Duration.ofSeconds(WAIT_SECONDS), "the file's end");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object fragment : connection.written) {
            if (fragment instanceof ByteBuffer frame) {
                ByteBuffer data = frame.duplicate().position(ChunkFrames.ID_BYTES);
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.writeBytes(chunk);
            }
        }
        return bytes.toByteArray();
    }

    private static long ends(FakeTransport connection) {
        return connection.written.stream().filter(String.class::isInstance)
                .filter(text -> ((String) text).contains("\"type\":\"end\"")).count();
    }

    private List<Path> spooledFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(path -> path.toString().endsWith(".spool")).toList();
        }
    }

    private static byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }
}
