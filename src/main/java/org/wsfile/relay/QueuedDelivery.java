package org.wsfile.relay;

/**
 * A delivery to a subscriber that takes what is queued for it at its own pace, so it can fall
 * behind the file's sender and be fed later ({@link Spool}): a streaming-protocol subscriber.
 * "Room" is what {@link #awaitRoom()} waits for: no more than the subscriber's buffer waiting.
 */
public interface QueuedDelivery extends Delivery {

    /** Whether the subscriber takes more now without going past its buffer (also true once it is gone). */
    boolean hasRoom();

    /** Waits up to {@code nanos} for room; returns whether there is room. */
    boolean awaitRoom(long nanos) throws InterruptedException;

    /** Whether more than twice its buffer waits for the subscriber: it is far behind its senders. */
    boolean farBehind();

    /**
     * Runs {@code action} on another thread once the subscriber has room or is gone.
     *
     * @return false, without running it, if there is room now
     */
    boolean whenRoom(Runnable action);

    /** Whether the subscriber no longer takes this file (its connection closed); it has reported why. */
    boolean gone();
}
