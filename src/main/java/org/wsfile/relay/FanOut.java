package org.wsfile.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The outcome of one file for all the subscribers it was offered to: the sender's receipt. On a
 * server on its own, each subscriber reports its {@link Outcome}; in a cluster, the receipt is
 * made of parts, one per server, each reporting its subscribers' count and outcomes at once.
 */
public final class FanOut {
    private final long startNanos = System.nanoTime();
    private final List<String> failures = new ArrayList<>();
    private final CompletableFuture<FanOut> done = new CompletableFuture<>();
    private int offered;
    private int completed;
    private int unreported;

    FanOut(int offered) {
        this(offered, offered);
    }

    private FanOut(int offered, int reports) {
        this.offered = offered;
        this.unreported = reports;
        if (reports == 0) {
            done.complete(this);
        }
    }

    /** A receipt of {@code parts} servers' receipts, complete when each has {@link #partDone reported}. */
    public static FanOut ofParts(int parts) {
        return new FanOut(0, parts);
    }

    /** A fresh outcome for one subscriber. */
    Outcome outcome() {
        return new Outcome(this);
    }

    /** A part learnt how many subscribers it offers the file to (before it is {@link #partDone done}). */
    public synchronized void partOffered(int subscribers) {
        offered += subscribers;
    }

    /** A part is over: so many of its subscribers got the file, the others did not for these reasons. */
    public void partDone(int completedThere, List<String> failuresThere) {
        synchronized (this) {
            completed += completedThere;
            failures.addAll(failuresThere);
        }
        reported();
    }

    void reportCompleted() {
        synchronized (this) {
            completed++;
        }
        reported();
    }

    void reportFailed(String reason) {
        synchronized (this) {
            failures.add(reason);
        }
        reported();
    }

    private void reported() {
        boolean last;
        synchronized (this) {
            last = --unreported == 0;
        }
        if (last) {
            done.complete(this);
        }
    }

    /** How many subscribers the file was offered to; final once {@link #done()} has completed. */
    public synchronized int offered() {
        return offered;
    }

    /** How many subscribers got the whole file; final once {@link #done()} has completed. */
    public synchronized int completed() {
        return completed;
    }

    /** Why the others did not, one reason per subscriber; final once {@link #done()} has completed. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** How many subscribers the file was offered to, how many got it whole and why others did not, at one moment. */
    public record Count(int offered, int completed, List<String> failed) {
    }

    /** The counts so far, taken together. */
    public synchronized Count count() {
        return new Count(offered, completed, List.copyOf(failures));
    }

    /** Completes when every subscriber has reported. */
    public CompletionStage<FanOut> done() {
        return done;
    }

    /** Nanoseconds since the file was published. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
