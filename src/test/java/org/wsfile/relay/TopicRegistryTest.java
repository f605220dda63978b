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

import org.junit.jupiter.api.Test;

class TopicRegistryTest {
    private final TopicRegistry registry = new TopicRegistry();
    private final Subscriber alice = new RecordingSubscriber("alice");
    private final Subscriber bob = new RecordingSubscriber("bob");

    @Test
    void aSubscriberCanHaveSeveralTopics() {
        registry.subscribe(alice, "math");
        registry.subscribe(alice, "art");
        registry.subscribe(bob, "math");

        assertEquals(Set.of(alice, bob), registry.subscribers("math"));
        assertEquals(Set.of(alice), registry.subscribers("art"));
        assertEquals(Set.of("math", "art"), registry.topicsOf(alice));
    }

    @Test
    void subscribingTwiceIsReportedAndHarmless() {
        assertTrue(registry.subscribe(alice, "math"));
        assertFalse(registry.subscribe(alice, "math"));
        assertEquals(Set.of(alice), registry.subscribers("math"));
    }

    @Test
    void unsubscribeRemovesOneTopicAndEmptyTopicsDisappear() {
        registry.subscribe(alice, "math");
        registry.subscribe(alice, "art");

        assertTrue(registry.unsubscribe(alice, "math"));
        assertFalse(registry.unsubscribe(alice, "math"));

        assertEquals(Set.of(), registry.subscribers("math"));
        assertEquals(Set.of("art"), registry.topicsOf(alice));
        assertEquals(1, registry.topicCount());
    }

    @Test
    void forgetRemovesTheSubscriberFromEveryTopic() {
        registry.subscribe(alice, "math");
        registry.subscribe(alice, "art");
        registry.subscribe(bob, "art");

        registry.forget(alice);

        assertEquals(Set.of(), registry.subscribers("math"));
        assertEquals(Set.of(bob), registry.subscribers("art"));
        assertEquals(Set.of(), registry.topicsOf(alice));
        assertEquals(1, registry.topicCount());
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
                        registry.subscribe(s, "topic-" + (i % 5));
                        registry.subscribe(s, "shared");
                        registry.subscribers("shared").forEach(Subscriber::connectionId);
                        registry.forget(s);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, registry.topicCount());
    }
}
