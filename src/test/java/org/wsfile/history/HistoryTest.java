package org.wsfile.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.config.HistorySettings;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.relay.HeldWrites;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.RecordingSubscriber;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;
import org.wsfile.relay.TransferIds;

/** What a subscriber that asks for a topic's history is handed, and how. */
class HistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Hub hub = new Hub();
    private final TopicRelay relay = new TopicRelay(new LocalBroker(hub));
    private final History history = new History();
    /** What the subscriber's connection saw, in order: each file's end, whether it was held then, and its release. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** A connection that holds its writes back, as the server's outbox does, whenever the files it is handed may leave together. */
    private final Subscriber connection = new RecordingSubscriber("receiver", file -> {
        boolean held = HeldWrites.hold(this, () -> seen.add("released"));
        seen.add(file.offer.name() + (held ? ", held" : ""));
    });

    @Test
    void theKeptFilesAreHandedToTheConnectionHeldUntilTheLastSoThatTheyLeaveTogether() throws Exception {
        keep();
        for (int i = 1; i <= 4; i++) {
            send("class-7b", "lesson-" + i + ".txt", "lesson " + i);
        }

        history.replay(connection, "class-7b", new HistoryRequest.Last(10));

        assertEquals(List.of("lesson-1.txt, held", "lesson-2.txt", "lesson-3.txt", "lesson-4.txt", "released"), seen);
    }

    @Test
    void aFileStillArrivingIsWaitedForWithTheKeptOnesLetGo() throws Exception {
        keep();
        send("class-7b", "lesson-1.txt", "lesson 1");
        byte[] content = "lesson 2".getBytes(StandardCharsets.UTF_8);
        Transfer arriving = relay.open("class-7b", "lesson-2.txt", "text/plain", content.length, "sender");
        arriving.write(ByteBuffer.wrap(content, 0, 3));

        CompletableFuture<Void> replayed = CompletableFuture.runAsync(() -> {
            try {
                history.replay(connection, "class-7b", new HistoryRequest.Last(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTimeoutPreemptively(WAIT, () -> {
            while (!seen.contains("released")) {
                Thread.sleep(5);
            }
        }, "the kept file was let go while the other was still arriving");
        arriving.write(ByteBuffer.wrap(content, 3, content.length - 3));
        arriving.finish(Optional.empty());
        replayed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertEquals(List.of("lesson-1.txt, held", "released", "lesson-2.txt"), seen);
    }

    private void keep() {
        history.settings = new HistorySettings(10, Optional.empty(), 1 << 20, 1 << 24, dir);
        history.hub = hub;
        history.ids = new TransferIds();
        history.onStart(new Object());
    }

    private void send(String topic, String name, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Transfer transfer = relay.open(topic, name, "text/plain", bytes.length, "sender");
        transfer.write(ByteBuffer.wrap(bytes));
        transfer.finish(Optional.empty());
    }
}
