package org.wsfile.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.config.HistorySettings;
import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.RecordingSubscriber;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;

class HistoryStoreTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final Hub hub = new Hub();
    private final TopicRelay relay = new TopicRelay(new LocalBroker(hub));

    @Test
    void theLastFilesOfEachTopicAreKeptInOrderAndSurviveARestart() throws Exception {
        HistoryStore store = keep(3, Optional.empty(), 10 * MIB, 100 * MIB, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            send("class-7b", "lesson-" + i + ".txt", "lesson " + i);
        }
        send("office", "memo.txt", "memo");

        HistoryStore reopened = keep(3, Optional.empty(), 10 * MIB, 100 * MIB, Clock.systemUTC());

        for (HistoryStore seen : List.of(store, reopened)) {
            assertEquals(List.of("lesson-3.txt", "lesson-4.txt", "lesson-5.txt"), names(seen, "class-7b", new HistoryRequest.Last(10)));
            assertEquals(List.of("lesson-4.txt", "lesson-5.txt"), names(seen, "class-7b", new HistoryRequest.Last(2)));
            assertEquals(List.of("memo.txt"), names(seen, "office", new HistoryRequest.Last(10)));
        }
        RetainedFile last = reopened.replay("class-7b", new HistoryRequest.Last(1)).kept().get(0);
        assertEquals("lesson 5", Files.readString(last.data()));
        assertEquals(Sha256.hex(digest("lesson 5")), last.sha256());
        assertEquals(8, countFiles(), "three files and their entries on one topic, one on the other");
    }

    @Test
    void theOldestGoFirstWhenATopicOrTheWholeStoreWouldHoldTooManyBytes() throws Exception {
        HistoryStore store = keep(100, Optional.empty(), 25, 40, Clock.systemUTC());
        send("a", "a1", "x".repeat(10));
        send("a", "a2", "x".repeat(10));
        send("a", "a3", "x".repeat(10));
        assertEquals(List.of("a2", "a3"), names(store, "a", new HistoryRequest.Last(10)), "25 bytes per topic at most");

        send("b", "b1", "x".repeat(12));
        send("b", "b2", "x".repeat(12));

        assertEquals(List.of("a3"), names(store, "a", new HistoryRequest.Last(10)), "40 bytes in all at most: a2 went first");
        assertEquals(List.of("b1", "b2"), names(store, "b", new HistoryRequest.Last(10)));
    }

    @Test
    void filesOlderThanTheMaximumAgeAreNotOfferedAndSinceTakesThoseSentFromThen() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        HistoryStore store = keep(10, Optional.of(Duration.ofHours(1)), 10 * MIB, 100 * MIB, clock);
        send("t", "early.txt", "early");
        Thread.sleep(5);
        Instant between = Instant.now();
        send("t", "late.txt", "late");

        assertEquals(List.of("late.txt"), names(store, "t", new HistoryRequest.Since(between)));
        clock.now = Instant.now().plus(Duration.ofMinutes(59));
        assertEquals(List.of("early.txt", "late.txt"), names(store, "t", new HistoryRequest.Last(10)));
        clock.now = Instant.now().plus(Duration.ofMinutes(61));
        assertEquals(List.of(), names(store, "t", new HistoryRequest.Last(10)));
        assertEquals(0, countFiles(), "expired files are deleted");
    }

    @Test
    void aFileStillArrivingIsOfferedOnceWholeAndAnAbortedOneLeavesNothing() throws Exception {
        HistoryStore store = keep(10, Optional.empty(), 10 * MIB, 100 * MIB, Clock.systemUTC());
        Transfer arriving = relay.open("t", "video.mp4", "video/mp4", 6, "sender");
        arriving.write(ByteBuffer.wrap("half ".getBytes(StandardCharsets.UTF_8)));
        Transfer cut = relay.open("t", "cut.bin", "", 10, "sender");
        cut.write(ByteBuffer.wrap(new byte[4]));

        HistoryStore.Replay replay = store.replay("t", new HistoryRequest.Last(10));
        arriving.write(ByteBuffer.wrap("!".getBytes(StandardCharsets.UTF_8)));
        arriving.finish(Optional.empty());
        cut.abort("cancelled by the sender");

        assertEquals(List.of(), replay.kept());
        List<Optional<RetainedFile>> whenWhole = replay.arriving().stream().map(HistoryStoreTest::await).toList();
        assertEquals("video.mp4", whenWhole.get(0).orElseThrow().name());
        assertFalse(whenWhole.get(1).isPresent(), "the aborted file is never offered");
        assertEquals(2, countFiles(), "the whole file and its entry; nothing of the aborted one");
    }

    @Test
    void aTextStaysATextAndAStopLeavesNoPartialFileBehind() throws Exception {
        keep(10, Optional.empty(), 10 * MIB, 100 * MIB, Clock.systemUTC());
        Transfer text = relay.openText("t", 5, "sender");
        text.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
        text.finish(Optional.empty());
        relay.open("t", "never-finished.bin", "", 10, "sender").write(ByteBuffer.wrap(new byte[3]));

        HistoryStore reopened = keep(10, Optional.empty(), 10 * MIB, 100 * MIB, Clock.systemUTC());

        List<RetainedFile> kept = reopened.replay("t", new HistoryRequest.Last(10)).kept();
        assertEquals(1, kept.size());
        assertTrue(kept.get(0).text());
        assertEquals("text/plain; charset=utf-8", kept.get(0).mime());
        assertEquals(2, countFiles(), "the unfinished file's part was deleted when the store opened again");
    }

    @Test
    void aFileThatDoesNotFitOnTheDiskIsNotKeptAndStillReachesItsSubscribers() throws Exception {
        HistoryStore store = HistoryStore.open(new HistorySettings(10, Optional.empty(), 10 * MIB, 100 * MIB, dir),
                Clock.systemUTC(), () -> 1_000);
        hub.record(store::record);
        RecordingSubscriber subscriber = new RecordingSubscriber("s");
        hub.subscribe(subscriber, "t");

        send("t", "small.txt", "fits");
        send("t", "large.bin", "x".repeat(2_000));

        assertEquals(List.of("small.txt"), names(store, "t", new HistoryRequest.Last(10)));
        assertEquals(2, subscriber.deliveries().size());
        assertEquals(2_000, subscriber.deliveries().get(1).bytes.size());
        assertTrue(subscriber.deliveries().get(1).endSha256 != null, "the large file was relayed whole");
    }

    private HistoryStore keep(int files, Optional<Duration> maxAge, long topicBytes, long totalBytes, Clock clock)
            throws Exception {
        HistoryStore store = HistoryStore.open(new HistorySettings(files, maxAge, topicBytes, totalBytes, dir), clock);
        hub.record(store::record);
        return store;
    }

    private void send(String topic, String name, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Transfer transfer = relay.open(topic, name, "text/plain", bytes.length, "sender");
        transfer.write(ByteBuffer.wrap(bytes));
        transfer.finish(Optional.empty());
    }

    private static List<String> names(HistoryStore store, String topic, HistoryRequest request) {
        return store.replay(topic, request).kept().stream().map(RetainedFile::name).toList();
    }

    private long countFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static java.security.MessageDigest digest(String content) {
        java.security.MessageDigest digest = Sha256.digest();
        digest.update(content.getBytes(StandardCharsets.UTF_8));
        return digest;
    }

    private static Optional<RetainedFile> await(CompletableFuture<Optional<RetainedFile>> file) {
        try {
            return file.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
