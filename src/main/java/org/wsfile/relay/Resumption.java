package org.wsfile.relay;

/** A subscriber's way to take a file from an offset on, as one that was cut off mid-file and asked to resume it. */
@FunctionalInterface
public interface Resumption {
    /** Starts delivering {@code offer} from byte {@code offset} on; must not block. */
    QueuedDelivery deliver(FileOffer offer, long offset, Outcome outcome);
}
