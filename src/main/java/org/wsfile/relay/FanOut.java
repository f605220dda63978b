package org.wsfile.relay;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.wsfile.protocol.legacy.LegacyFile;

/** One file on its way to the subscribers of its topic: how many it was offered to and how many got it whole. */
public final class FanOut {
    private final LegacyFile file;
    private final int offered;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger unfinished;
    private final AtomicInteger completed = new AtomicInteger();
    private final CompletableFuture<FanOut> done = new CompletableFuture<>();

    FanOut(LegacyFile file, int offered) {
        this.file = file;
        this.offered = offered;
        this.unfinished = new AtomicInteger(offered);
        if (offered == 0) {
            done.complete(this);
        }
    }

    /** A subscriber got the whole file. */
    public void receivedWhole() {
        completed.incrementAndGet();
        finishOne();
    }

    /** A subscriber was dropped or disconnected before it got the whole file. */
    public void dropped() {
        finishOne();
    }

    private void finishOne() {
        if (unfinished.decrementAndGet() == 0) {
            done.complete(this);
        }
    }

    public LegacyFile file() {
        return file;
    }

    /** How many subscribers the file was offered to. */
    public int offered() {
        return offered;
    }

    /** How many subscribers got the whole file; final once {@link #done()} has completed. */
    public int completed() {
        return completed.get();
    }

    /** Completes when every subscriber it was offered to has got the file or been dropped. */
    public CompletionStage<FanOut> done() {
        return done;
    }

    /** Nanoseconds since the file was published. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }
}
