package org.wsfile.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Gathers what a connection sends into few messages, as every message costs the server more than
 * a small file's bytes. The first item after a quiet spell goes at once; items that come after it
 * are held, and checked on every tick while any are held: they go at a tick that follows one with
 * nothing new (the burst is over), or once they have been held for {@code longestTicks} ticks (the
 * burst goes on), or sooner when they fill a batch. With {@code longestTicks} of one, every tick
 * sends what it finds.
 *
 * @param <T> what is gathered
 */
final class Batches<T> {
    /**
     * Where ticks run, their threads kept for the next: a tick sends, and a send may wait on a full
     * network. ({@code CompletableFuture}'s default executor would start a new thread for every tick
     * on a machine of two cores or fewer.)
     */
    private static final ExecutorService TICKS = Executors.newCachedThreadPool(DaemonThreads.named("wsfile-batches"));

    private final Consumer<List<T>> sender;
    private final ToIntFunction<T> weight;
    private final int maxWeight;
    private final int longestTicks;
    private final Executor nextTick;
    private final List<T> waiting = new ArrayList<>();
    private int waitingWeight;
    private boolean ticking;
    private boolean addedSinceTick;
    private int heldTicks;

    /**
     * @param tickMillis   how often held items are looked at
     * @param longestTicks how many ticks items are held at most while more keep coming
     * @param weight       what an item counts towards {@code maxWeight}
     * @param maxWeight    the most a batch may hold; an item that weighs more goes alone
     * @param sender       sends one batch; called with this object's lock held, so that batches leave in order
     */
    Batches(long tickMillis, int longestTicks, ToIntFunction<T> weight, int maxWeight, Consumer<List<T>> sender) {
        this(CompletableFuture.delayedExecutor(tickMillis, TimeUnit.MILLISECONDS, TICKS), longestTicks, weight, maxWeight,
                sender);
    }

    /** As above, with {@code nextTick} running each tick when it is due (tests run ticks by hand). */
    Batches(Executor nextTick, int longestTicks, ToIntFunction<T> weight, int maxWeight, Consumer<List<T>> sender) {
        this.nextTick = nextTick;
        this.longestTicks = longestTicks;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.sender = sender;
    }

    synchronized void add(T item) {
        int itemWeight = weight.applyAsInt(item);
        if (waitingWeight + itemWeight > maxWeight) {
            flushNow();
        }
        waiting.add(item);
        waitingWeight += itemWeight;
        if (ticking) {
            addedSinceTick = true;
        } else {
            flushNow();
            ticking = true;
            nextTick.execute(this::tick);
        }
    }

    private synchronized void tick() {
        if (waiting.isEmpty()) {
            ticking = false;
            return;
        }
        heldTicks++;
        if (!addedSinceTick || heldTicks >= longestTicks) {
            flushNow();
        }
        addedSinceTick = false;
        nextTick.execute(this::tick);
    }

    /** Sends what is held now, whatever the ticks. */
    synchronized void flushNow() {
        if (!waiting.isEmpty()) {
            sender.accept(List.copyOf(waiting));
            waiting.clear();
            waitingWeight = 0;
        }
        heldTicks = 0;
    }
}
