package org.wsfile.relay;

import java.util.concurrent.atomic.AtomicBoolean;

/** How one delivery ended. Only the first report counts, so every path that ends a delivery may report. */
public final class Outcome {
    private final FanOut fanOut;
    private final AtomicBoolean reported = new AtomicBoolean();

    Outcome(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /** The subscriber got the whole file. */
    public void completed() {
        if (reported.compareAndSet(false, true)) {
            fanOut.reportCompleted();
        }
    }

    /** The subscriber did not get the whole file, and why. */
    public void failed(String reason) {
        if (reported.compareAndSet(false, true)) {
            fanOut.reportFailed(reason);
        }
    }
}
