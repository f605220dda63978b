package org.wsfile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BatchesTest {
    /** Ticks are run by the test, one at a time, instead of by a timer. */
    private final Queue<Runnable> ticks = new ArrayDeque<>();
    private final List<List<Integer>> sent = new ArrayList<>();

    private Batches<Integer> batches(int longestTicks, int maxWeight) {
        return new Batches<>(ticks::add, longestTicks, item -> item, maxWeight, sent::add);
    }

    private void tick() {
        Runnable next = ticks.poll();
        assertTrue(next != null, "a tick is due");
        next.run();
    }

    @Test
    void theFirstItemAfterAQuietSpellGoesAtOnce() {
        Batches<Integer> batches = batches(10, 1000);
        batches.add(1);
        assertEquals(List.of(List.of(1)), sent);
    }

    @Test
    void itemsOfABurstGoTogetherAtTheFirstTickWithNothingNew() {
        Batches<Integer> batches = batches(10, 1000);
        batches.add(1);
        batches.add(2);
        batches.add(3);
        tick();
        assertEquals(List.of(List.of(1)), sent, "held while items keep coming");
        tick();
        assertEquals(List.of(List.of(1), List.of(2, 3)), sent);
    }

    @Test
    void aBurstThatGoesOnIsSentEveryLongestTicks() {
        Batches<Integer> batches = batches(3, 1000);
        batches.add(1);
        for (int item = 2; item <= 7; item++) {
            batches.add(item);
            tick();
        }
        assertEquals(List.of(List.of(1), List.of(2, 3, 4), List.of(5, 6, 7)), sent);
    }

    @Test
    void withALongestOfOneTickEveryTickSendsWhatItFinds() {
        Batches<Integer> batches = batches(1, 1000);
        batches.add(1);
        batches.add(2);
        tick();
        batches.add(3);
        batches.add(4);
        tick();
        assertEquals(List.of(List.of(1), List.of(2), List.of(3, 4)), sent);
    }

    @Test
    void aBatchThatWouldOutweighTheMostGoesAtOnce() {
        Batches<Integer> batches = batches(10, 10);
        batches.add(1);
        batches.add(4);
        batches.add(5);
        batches.add(6);
        assertEquals(List.of(List.of(1), List.of(4, 5)), sent);
        tick();
        tick();
        assertEquals(List.of(List.of(1), List.of(4, 5), List.of(6)), sent);
    }

    @Test
    void ticksStopWhenNothingIsHeldAndTheNextItemGoesAtOnce() {
        Batches<Integer> batches = batches(10, 1000);
        batches.add(1);
        tick();
        assertTrue(ticks.isEmpty(), "no tick is due with nothing held");
        batches.add(2);
        assertEquals(List.of(List.of(1), List.of(2)), sent);
    }

    @Test
    void flushNowSendsWhatIsHeldWhateverTheTicks() {
        Batches<Integer> batches = batches(10, 1000);
        batches.add(1);
        batches.add(2);
        batches.flushNow();
        assertEquals(List.of(List.of(1), List.of(2)), sent);
    }

    @Test
    void timedTicksSendOnDaemonThreadsKeptForTheNextTick() throws InterruptedException {
        int rounds = 20;
        Thread test = Thread.currentThread();
        List<Thread> ticking = new CopyOnWriteArrayList<>();
        CountDownLatch allSent = new CountDownLatch(2 * rounds);
        Batches<Integer> timed = new Batches<>(1, 1, item -> 1, 1000, batch -> {
            if (Thread.currentThread() != test) {
                ticking.add(Thread.currentThread());
            }
            batch.forEach(item -> allSent.countDown());
        });
        for (int round = 0; round < rounds; round++) {
            timed.add(1); // goes at once, on this thread, after a quiet spell
            timed.add(2); // held for the next tick
            Thread.sleep(5); // past that tick, and the one after it that finds nothing and stops
        }
        assertTrue(allSent.await(10, TimeUnit.SECONDS), "every item was sent");
        assertTrue(ticking.size() >= rounds / 2, "ticks sent the held items: " + ticking.size());
        assertTrue(ticking.stream().allMatch(thread -> thread.isDaemon() && thread.getName().equals("wsfile-batches")),
                "ticks run on the client's daemon threads: " + ticking);
        long threads = ticking.stream().distinct().count();
        assertTrue(threads < rounds / 2, "threads are kept for later ticks, not started for each: " + threads + " for "
                + ticking.size() + " ticks that sent");
    }
}
