package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.RecordingSubscriber;
import org.wsfile.relay.TopicRegistry;
import org.wsfile.relay.TopicRelay;

class SenderWindowTest {
    private final TopicRegistry registry = new TopicRegistry();
    private final TopicRelay relay = new TopicRelay(registry);
    private final RecordingSubscriber slow = new RecordingSubscriber("slow");

    @Test
    void aSenderWithinItsWindowIsNotHeld() throws Exception {
        registry.subscribe(slow, "t");
        SenderWindow window = new SenderWindow(100);

        window.hold(40, publish());
        window.hold(40, publish());

        assertEquals(2, slow.offers().size());
    }

    @Test
    void aSenderOverItsWindowWaitsUntilEnoughHasBeenDelivered() throws Exception {
        registry.subscribe(slow, "t");
        SenderWindow window = new SenderWindow(100);
        window.hold(60, publish());

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> hold(window, 60));

        Thread.sleep(200);
        assertTrue(!second.isDone(), "the sender was not held although 120 bytes of a 100-byte window were in flight");
        slow.offers().get(0).receivedWhole();
        second.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFileLargerThanTheWindowIsHeldUntilItIsDelivered() throws Exception {
        registry.subscribe(slow, "t");
        SenderWindow window = new SenderWindow(100);

        CompletableFuture<Void> big = CompletableFuture.runAsync(() -> hold(window, 500));

        Thread.sleep(200);
        assertTrue(!big.isDone());
        slow.offers().get(0).dropped();
        big.get(5, TimeUnit.SECONDS);
    }

    private void hold(SenderWindow window, long bytes) {
        try {
            window.hold(bytes, publish());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private FanOut publish() {
        String frame = "message:t:a/b:x:aGk=";
        return relay.publish(new LegacyFile("t", "a/b", "x", frame, frame.length() - 4, 2), null);
    }
}
