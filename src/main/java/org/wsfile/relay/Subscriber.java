package org.wsfile.relay;

/** Something that receives the files published to the topics it subscribed to: in the server, one connection. */
public interface Subscriber {

    /**
     * Starts delivering a file. Must not block. The returned delivery receives the file's bytes;
     * the subscriber reports exactly once to {@code outcome} whether it got the file whole.
     */
    Delivery deliver(FileOffer offer, Outcome outcome);

    /** The connection this subscriber is part of: a sender never receives its own files. */
    String connectionId();
}
