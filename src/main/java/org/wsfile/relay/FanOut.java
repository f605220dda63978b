package org.wsfile.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The outcome of one file for all the subscribers it was offered to: the sender's receipt. */
public final class FanOut {
    private final int offered;
    private final long startNanos = System.nanoTime();
    private final List<String> failures = new ArrayList<>();
    private final CompletableFuture<FanOut> done = new CompletableFuture<>();
    private int completed;
    private int unreported;

    FanOut(int offered) {
        this.offered = offered;
        this.unreported = offered;
        if (offered == 0) {
            done.complete(this);
        }
    }

    /** A fresh outcome for one subscriber. */
    Outcome outcome() {
        return new Outcome(this);
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

    /** How many subscribers the file was offered to. */
    public int offered() {
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

    /** Completes when every subscriber has reported. */
    public CompletionStage<FanOut> done() {
        return done;
    }

    /** Nanoseconds since the file was published. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
