package org.wsfile.relay;

/** How what a {@link Broker} carries reaches the subscribers of one server: the {@link Hub} takes it. */
public interface BrokerEventHandler {
    /**
     * A file was published to a topic: offer it to this server's subscribers of the topic.
     *
     * @param senderConnection the sender's connection, which does not get the file back
     * @return where the file's chunks, end or abort go, and the subscribers' receipt
     */
    Publication offered(FileOffer offer, String senderConnection);
}
