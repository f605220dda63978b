package org.wsfile.server;

import org.wsfile.relay.FanOut;

/**
 * Slows a sender to the pace of its subscribers. A legacy file stays in memory until every
 * subscriber has it; while more than the window of one sender's files is still on its way, the
 * server reads nothing more from that sender. A file larger than the window is therefore
 * delivered completely before the sender's next frame is read.
 */
final class SenderWindow {
    private final long capacity;
    private long inFlight;

    SenderWindow(long capacity) {
        this.capacity = capacity;
    }

    /** Counts a published file against the window until its fan-out is done; blocks while the window is over-full. */
    void hold(long bytes, FanOut fanOut) throws InterruptedException {
        synchronized (this) {
            inFlight += bytes;
        }
        fanOut.done().thenRun(() -> release(bytes));
        synchronized (this) {
            while (inFlight > capacity) {
                wait();
            }
        }
    }

    private synchronized void release(long bytes) {
        inFlight -= bytes;
        notifyAll();
    }
}
