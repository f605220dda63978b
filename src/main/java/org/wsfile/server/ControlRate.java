package org.wsfile.server;

import java.util.function.LongSupplier;

/**
 * A token bucket: lets through a number of messages per second on average, and bursts of twice
 * that, so a person clicking or a client subscribing to a few topics at once is never held
 * back, while a client that floods the server with requests is.
 */
final class ControlRate {
    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    /** @param clock nanoseconds, as {@link System#nanoTime()} gives them */
    ControlRate(int perSecond, LongSupplier clock) {
        this.perNano = perSecond / 1e9;
        this.burst = 2.0 * perSecond;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** Takes one message's token; false if there is none, and the message is to be refused. */
    synchronized boolean tryTake() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
