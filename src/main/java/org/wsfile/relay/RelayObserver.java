package org.wsfile.relay;

/**
 * Told of each transfer's course, for metrics and the status page. Calls come from the threads
 * that move the transfer along, so they must be quick and must not block.
 */
public interface RelayObserver {
    /** An observer that ignores everything. */
    RelayObserver NONE = new RelayObserver() {
    };

    /** A transfer was opened; its bytes are about to flow. */
    default void opened(Transfer transfer) {
    }

    /** All of the transfer's bytes arrived and matched their checksum. */
    default void finished(Transfer transfer) {
    }

    /** The transfer was given up before its end. */
    default void aborted(Transfer transfer, String reason) {
    }

    /** Every subscriber the file was offered to has it or was dropped from it. */
    default void delivered(FileOffer offer, FanOut fanOut) {
    }
}
