package org.wsfile.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Gathers what a connection sends into few messages, as every message costs the server more than
 * a small file's bytes: the first item after a quiet spell goes at once, the items that come
 * during the window after it go together at its end, or sooner when they fill a batch.
 *
 * @param <T> what is gathered
 */
final class Batches<T> {
    private final Consumer<List<T>> sender;
    private final ToIntFunction<T> weight;
    private final int maxWeight;
    private final Executor later;
    private final List<T> waiting = new ArrayList<>();
    private int waitingWeight;
    private boolean windowOpen;

    /**
     * @param sender    sends one batch; called with this object's lock held, so that batches leave in order
     * @param weight    what an item counts towards {@code maxWeight}
     * @param maxWeight the most a batch may hold; an item that weighs more goes alone
     */
    Batches(long windowMillis, ToIntFunction<T> weight, int maxWeight, Consumer<List<T>> sender) {
        this.sender = sender;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.later = CompletableFuture.delayedExecutor(windowMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void add(T item) {
        int itemWeight = weight.applyAsInt(item);
        if (waitingWeight + itemWeight > maxWeight) {
            flushNow();
        }
        waiting.add(item);
        waitingWeight += itemWeight;
        if (!windowOpen) {
            flush();
        }
    }

    private synchronized void flush() {
        if (waiting.isEmpty()) {
            windowOpen = false;
            return;
        }
        flushNow();
        windowOpen = true;
        later.execute(this::flush);
    }

    /** Sends what waits now, window or not. */
    synchronized void flushNow() {
        if (!waiting.isEmpty()) {
            sender.accept(List.copyOf(waiting));
            waiting.clear();
            waitingWeight = 0;
        }
    }
}
