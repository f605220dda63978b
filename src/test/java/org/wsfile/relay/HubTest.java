package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class HubTest {
    private final Hub hub = new Hub();
    private final Subscriber alice = new RecordingSubscriber("alice");
    private final Subscriber bob = new RecordingSubscriber("bob");

    @Test
    void aSubscriberCanHaveSeveralTopics() {
        hub.subscribe(alice, "math");
        hub.subscribe(alice, "art");
        hub.subscribe(bob, "math");

        assertEquals(Set.of(alice, bob), hub.subscribers("math"));
        assertEquals(Set.of(alice), hub.subscribers("art"));
        assertEquals(Set.of("math", "art"), hub.topicsOf(alice));
    }

    @Test
    void subscribingTwiceIsReportedAndHarmless() {
        assertTrue(hub.subscribe(alice, "math"));
        assertFalse(hub.subscribe(alice, "math"));
        assertEquals(Set.of(alice), hub.subscribers("math"));
    }

    @Test
    void unsubscribeRemovesOneTopicAndEmptyTopicsDisappear() {
        hub.subscribe(alice, "math");
        hub.subscribe(alice, "art");

        assertTrue(hub.unsubscribe(alice, "math"));
        assertFalse(hub.unsubscribe(alice, "math"));

        assertEquals(Set.of(), hub.subscribers("math"));
        assertEquals(Set.of("art"), hub.topicsOf(alice));
        assertEquals(1, hub.topicCount());
    }

    @Test
    void forgetRemovesTheSubscriberFromEveryTopic() {
        hub.subscribe(alice, "math");
        hub.subscribe(alice, "art");
        hub.subscribe(bob, "art");

        hub.forget(alice);

        assertEquals(Set.of(), hub.subscribers("math"));
        assertEquals(Set.of(bob), hub.subscribers("art"));
        assertEquals(Set.of(), hub.topicsOf(alice));
        assertEquals(1, hub.topicCount());
    }

    @Test
    void concurrentSubscribesAndForgetsLeaveNoTrace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Subscriber s = new RecordingSubscriber("s" + i);
                        hub.subscribe(s, "topic-" + (i % 5));
                        hub.subscribe(s, "shared");
                        hub.subscribers("shared").forEach(Subscriber::connectionId);
                        hub.forget(s);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, hub.topicCount());
    }
}
