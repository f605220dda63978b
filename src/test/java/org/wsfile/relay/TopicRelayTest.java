package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TopicRelayTest {
    private final Hub hub = new Hub();
    private final TopicRelay relay = new TopicRelay(new LocalBroker(hub));
    private final RecordingSubscriber sender = new RecordingSubscriber("sender");
    private final RecordingSubscriber first = new RecordingSubscriber("first");
    private final RecordingSubscriber second = new RecordingSubscriber("second");
    private final RecordingSubscriber elsewhere = new RecordingSubscriber("elsewhere");

    @Test
    void aFileIsOfferedToEverySubscriberOfItsTopicButNotToItsSendersConnection() {
        hub.subscribe(sender, "t");
        hub.subscribe(first, "t");
        hub.subscribe(second, "t");
        hub.subscribe(elsewhere, "other");

        Transfer transfer = relay.open("t", "a.txt", "text/plain", 2, sender.connectionId());

        assertEquals(2, transfer.fanOut().offered());
        assertEquals(List.of(transfer.offer()), first.deliveries().stream().map(d -> d.offer).toList());
        assertEquals(List.of(transfer.offer()), second.deliveries().stream().map(d -> d.offer).toList());
        assertEquals(List.of(), sender.deliveries());
        assertEquals(List.of(), elsewhere.deliveries());
    }

    @Test
    void theFanOutIsDoneWhenEverySubscriberHasReportedAndKeepsTheReasons() {
        hub.subscribe(first, "t");
        hub.subscribe(second, "t");
        Transfer transfer = relay.open("t", "a.txt", "text/plain", 2, sender.connectionId());

        first.deliveries().get(0).outcome.completed();
        assertFalse(transfer.fanOut().done().toCompletableFuture().isDone());
        second.deliveries().get(0).outcome.failed("too slow");
        second.deliveries().get(0).outcome.completed();

        assertTrue(transfer.fanOut().done().toCompletableFuture().isDone());
        assertEquals(1, transfer.fanOut().completed());
        assertEquals(List.of("too slow"), transfer.fanOut().failures());
    }

    @Test
    void aFileForATopicWithoutSubscribersIsDoneAtOnce() {
        Transfer transfer = relay.open("nobody", "a.txt", "text/plain", 2, sender.connectionId());

        assertEquals(0, transfer.fanOut().offered());
        assertTrue(transfer.fanOut().done().toCompletableFuture().isDone());
    }

    @Test
    void transfersInFlightHaveDistinctIds() {
        Transfer one = relay.open("t", "a.txt", "", 1, sender.connectionId());
        Transfer two = relay.open("t", "b.txt", "", 1, sender.connectionId());

        assertNotEquals(one.offer().id(), two.offer().id());
    }
}
