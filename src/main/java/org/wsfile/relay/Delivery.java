package org.wsfile.relay;

/** One file on its way to one subscriber. Calls come from the sender's thread, in order. */
public interface Delivery {

    /** Queues the next bytes; must not block. The chunk is shared with the transfer's other subscribers. */
    void chunk(Chunk chunk);

    /** Blocks while this subscriber has too much waiting, so the sender goes at the pace of its subscribers. */
    void awaitRoom() throws InterruptedException;

    /**
     * Blocks until the subscriber could start on another file from the same sender: for a subscriber
     * that takes one file at a time, until this one is written out (or given up).
     */
    void awaitReadyForNext() throws InterruptedException;

    /** All bytes were queued; {@code sha256} is the content's checksum, already verified by the relay. */
    void end(String sha256);

    /** The file will not be completed; the subscriber must not keep what it got as if it were whole. */
    void abort(String reason);
}
