package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.legacy.LegacyFile;

class TopicRelayTest {
    private final TopicRegistry registry = new TopicRegistry();
    private final TopicRelay relay = new TopicRelay(registry);
    private final RecordingSubscriber sender = new RecordingSubscriber("sender");
    private final RecordingSubscriber first = new RecordingSubscriber("first");
    private final RecordingSubscriber second = new RecordingSubscriber("second");
    private final RecordingSubscriber elsewhere = new RecordingSubscriber("elsewhere");

    @Test
    void aFileIsOfferedToEverySubscriberOfItsTopicButNotToItsSender() {
        registry.subscribe(sender, "t");
        registry.subscribe(first, "t");
        registry.subscribe(second, "t");
        registry.subscribe(elsewhere, "other");

        FanOut fanOut = relay.publish(file("t"), sender);

        assertEquals(2, fanOut.offered());
        assertEquals(List.of(fanOut), first.offers());
        assertEquals(List.of(fanOut), second.offers());
        assertEquals(List.of(), sender.offers());
        assertEquals(List.of(), elsewhere.offers());
    }

    @Test
    void theFanOutIsDoneWhenEverySubscriberGotItOrWasDropped() {
        registry.subscribe(first, "t");
        registry.subscribe(second, "t");
        FanOut fanOut = relay.publish(file("t"), sender);

        first.offers().get(0).receivedWhole();
        assertFalse(fanOut.done().toCompletableFuture().isDone());
        second.offers().get(0).dropped();

        assertTrue(fanOut.done().toCompletableFuture().isDone());
        assertEquals(1, fanOut.completed());
    }

    @Test
    void aFileForATopicWithoutSubscribersIsDoneAtOnce() {
        FanOut fanOut = relay.publish(file("nobody"), sender);

        assertEquals(0, fanOut.offered());
        assertTrue(fanOut.done().toCompletableFuture().isDone());
    }

    static LegacyFile file(String topic) {
        String frame = "message:" + topic + ":text/plain:a.txt:aGk=";
        return new LegacyFile(topic, "text/plain", "a.txt", frame, frame.length() - 4, 2);
    }
}
