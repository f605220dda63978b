package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.config.Settings;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;

/** What the outbox does when a connection cannot keep up, on a connection without a network. */
class OutboxTest {
    private static final long WAIT_SECONDS = 10;

    private final DeliveryThreads threads = new DeliveryThreads();
    private final Settings settings = new Settings(1 << 20, 65536, Duration.ofSeconds(30), 100, 1000, Duration.ofSeconds(60),
            Duration.ofMinutes(2), Set.of(), Settings.Limits.DEFAULTS,
            Settings.WebSocketEngine.CONTAINER);

    OutboxTest() {
        threads.start();
    }

    @AfterEach
    void stopThreads() {
        threads.stop();
    }

    @Test
    void aConnectionWithMoreWaitingThanTheMaxBufferIsDroppedAsTooFarBehind() throws Exception {
        FakeTransport connection = FakeTransport.stalled();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });
        CompletableFuture<String> firstAbandoned = new CompletableFuture<>();
        Outbox.Lane first = outbox.openLane(false, firstAbandoned::complete);
        Outbox.Lane second = outbox.openLane(false, reason -> { });

        first.add(binary(600));
        second.add(binary(600));

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1008, close.code());
        assertEquals("too far behind: 1200 bytes waiting, more than 1000", close.reason());
        assertEquals("dropped: too far behind: 1200 bytes waiting, more than 1000",
                firstAbandoned.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aFileThatWouldWaitTooLongBehindAnotherWholeMessageIsGivenUpForThatConnectionOnly() throws Exception {
        FakeTransport connection = FakeTransport.stalled();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });
        Outbox.Lane writing = outbox.openLane(true, reason -> { });
        CompletableFuture<String> waiting = new CompletableFuture<>();
        Outbox.Lane behind = outbox.openLane(true, waiting::complete);
        writing.add(Outbox.Item.text("x".repeat(600), false));
        connection.awaitWriteBegun();

        behind.add(Outbox.Item.text("y".repeat(600), false));

        assertEquals("busy receiving another file: 1200 bytes waiting, more than 1000",
                waiting.get(WAIT_SECONDS, TimeUnit.SECONDS));
        writing.finish(Outbox.Item.text("z", true));
        connection.resume();
        writing.awaitWritten();
        assertEquals("x".repeat(600) + "z", connection.text());
        assertFalse(connection.closed.isDone());
    }

    @Test
    void aConnectionThatAcceptsNothingForTheSendTimeoutIsDroppedAsTooSlow() throws Exception {
        FakeTransport connection = FakeTransport.stalled();
        Settings quick = new Settings(1 << 20, 65536, Duration.ofMillis(200), 100, 1000, Duration.ofSeconds(60),
                Duration.ofMinutes(2), Set.of(), Settings.Limits.DEFAULTS,
                Settings.WebSocketEngine.CONTAINER);
        Outbox outbox = new Outbox(connection, quick, threads, () -> { }, () -> { });

        outbox.sendText("hello");

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1008, close.code());
        assertEquals("too slow: accepted no data for 200 ms", close.reason());
    }

    @Test
    void aNonBlockingConnectionIsWrittenOnTheCallersThreadAndGoesOnWhenItCanTakeMore() throws Exception {
        NetworkTransport connection = new NetworkTransport();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });

        outbox.sendText("a");
        assertEquals(List.of("a on " + Thread.currentThread().getName()), connection.written);
        connection.full = true;
        outbox.sendText("b");
        outbox.sendText("c");
        assertEquals(1, connection.written.size(), "written while the connection said it was full");

        connection.tookEverything();

        connection.awaitWritten(3);
        assertEquals(List.of("a", "b", "c"), connection.written.stream().map(write -> write.split(" ")[0]).toList());
        assertFalse(connection.closed.isDone());
    }

    @Test
    void aNonBlockingConnectionThatTakesNothingForTheSendTimeoutIsDroppedAsTooSlow() throws Exception {
        NetworkTransport connection = new NetworkTransport();
        connection.full = true;
        Settings quick = new Settings(1 << 20, 65536, Duration.ofMillis(200), 100, 1000, Duration.ofSeconds(60),
                Duration.ofMinutes(2), Set.of(), Settings.Limits.DEFAULTS,
                Settings.WebSocketEngine.CONTAINER);
        Outbox outbox = new Outbox(connection, quick, threads, () -> { }, () -> { });

        outbox.sendText("hello");

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("too slow: accepted no data for 200 ms", close.reason());
        assertTrue(connection.written.isEmpty());
    }

    /** A non-blocking connection that says it is full while {@link #full}, and calls back when it has taken everything. */
    private final class NetworkTransport implements NonBlockingTransport {
        final List<String> written = new CopyOnWriteArrayList<>();
        final CompletableFuture<Closure> closed = new CompletableFuture<>();
        volatile boolean full;
        private Runnable whenWritable;
        private boolean owesCallback;

        @Override
        public void whenWritable(Runnable callback) {
            whenWritable = callback;
        }

        @Override
        public synchronized boolean writable() {
            owesCallback |= full;
            return !full;
        }

        void tookEverything() {
            boolean callBack;
            synchronized (this) {
                full = false;
                callBack = owesCallback;
                owesCallback = false;
            }
            if (callBack) {
                threads.execute(whenWritable);
            }
        }

        void awaitWritten(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (written.size() < count) {
                assertTrue(System.nanoTime() < deadline, "only " + written + " written");
                Thread.sleep(5);
            }
        }

        @Override
        public String id() {
            return "network";
        }

        @Override
        public void sendText(String text, boolean last) {
            written.add(text + " on " + Thread.currentThread().getName());
        }

        @Override
        public void sendBinary(ByteBuffer message) {
            written.add("binary on " + Thread.currentThread().getName());
        }

        @Override
        public void close(Closure closure) {
            closed.complete(closure);
        }
    }

    @Test
    void anOriginalSubscriberWhoseFileIsAbortedHalfWrittenIsClosedWith1011() throws Exception {
        FakeTransport connection = FakeTransport.reading();
        Outbox outbox = new Outbox(connection, Settings.from(key -> Optional.empty()), threads, () -> { }, () -> { });
        Hub hub = new Hub();
        hub.subscribe(new LegacySubscriber("fake", outbox), "t");
        Transfer transfer = new TopicRelay(new LocalBroker(hub)).open("t", "a.bin", "application/octet-stream",
                8_000_000, "sender");

        // Enough for the subscriber to write a first fragment of the message.
        transfer.write(ByteBuffer.wrap(new byte[LegacyMessage.FRAGMENT_BYTES / 4 * 3]));
        connection.awaitWriteBegun();
        transfer.abort("cancelled by the sender");

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1011, close.code());
        assertEquals("the file being delivered was aborted: cancelled by the sender", close.reason());
        assertTrue(connection.text().startsWith("application/octet-stream:a.bin:"), connection.text());
        assertEquals(Optional.empty(), transfer.sha256());
    }

    @Test
    void aLaneGivenUpWhileItsItemIsWrittenLeavesTheBufferLimitsIntact() throws Exception {
        FakeTransport connection = FakeTransport.stalled();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });
        Outbox.Lane aborted = outbox.openLane(false, reason -> { });
        aborted.add(binary(600));
        connection.awaitWriteBegun();
        aborted.abandon();
        connection.resume();
        connection.awaitWritten(1);
        connection.stall();

        Outbox.Lane next = outbox.openLane(false, reason -> { });
        next.add(binary(600));
        next.add(binary(600));

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("too far behind: 1200 bytes waiting, more than 1000", close.reason());
    }

    @Test
    void writingAfterTheApplicationStoppedClosesTheConnectionAsGoingAway() throws Exception {
        FakeTransport connection = FakeTransport.reading();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });
        threads.stop();

        outbox.sendText("hello");

        Closure close = connection.closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1001, close.code());
    }

    @Test
    void aSmallFileReachesAnOriginalSubscriberAsOneMessageAndAnAbortBeforeItsEndLeavesTheConnectionOpen() throws Exception {
        FakeTransport connection = FakeTransport.reading();
        Outbox outbox = new Outbox(connection, settings, threads, () -> { }, () -> { });
        Hub hub = new Hub();
        hub.subscribe(new LegacySubscriber("fake", outbox), "t");
        TopicRelay relay = new TopicRelay(new LocalBroker(hub));

        Transfer aborted = relay.open("t", "a.bin", "text/plain", 10, "sender");
        aborted.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
        aborted.abort("cancelled by the sender");
        Transfer small = relay.open("t", "b.txt", "text/plain", 5, "sender");
        small.write(ByteBuffer.wrap("he".getBytes(StandardCharsets.UTF_8)));
        small.write(ByteBuffer.wrap("llo".getBytes(StandardCharsets.UTF_8)));
        small.finish(Optional.empty());

        connection.awaitWritten(1);
        assertEquals(List.of("text/plain:b.txt:aGVsbG8="), connection.written);
        assertFalse(connection.closed.isDone());
    }

    @Test
    void theOriginalSubscribersOfAFileAreSentOneTextMadeOnce() throws Exception {
        Hub hub = new Hub();
        FakeTransport first = FakeTransport.reading("first");
        FakeTransport second = FakeTransport.reading("second");
        hub.subscribe(new LegacySubscriber("first", new Outbox(first, settings, threads, () -> { }, () -> { })), "t");
        hub.subscribe(new LegacySubscriber("second", new Outbox(second, settings, threads, () -> { }, () -> { })), "t");

        Transfer file = new TopicRelay(new LocalBroker(hub)).open("t", "a.txt", "text/plain", 5, "sender");
        file.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
        file.finish(Optional.empty());

        first.awaitWritten(1);
        second.awaitWritten(1);
        assertEquals(List.of("text/plain:a.txt:aGVsbG8="), first.written);
        assertSame(first.encoded.get(0), second.encoded.get(0));
    }

    private static Outbox.Item binary(int size) {
        return Outbox.Item.binary(ByteBuffer.allocate(size));
    }
}
