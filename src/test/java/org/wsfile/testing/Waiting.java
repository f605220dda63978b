package org.wsfile.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads or processes bring about, never longer than a timeout. */
public final class Waiting {
    private Waiting() {
    }

    /** @throws AssertionError naming {@code what} if the condition does not hold within {@code timeout} */
    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(5);
        }
    }
}
