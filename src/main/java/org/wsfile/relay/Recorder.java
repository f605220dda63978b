package org.wsfile.relay;

import java.util.Optional;

/** Keeps files as they are relayed (topic history): a delivery of its own alongside the subscribers'. */
public interface Recorder {
    /** A delivery that keeps this file, or empty if it is not kept; it does not count as a subscriber. */
    Optional<Delivery> record(FileOffer offer);
}
