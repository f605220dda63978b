package org.wsfile.relay;

/**
 * The path every published file takes from its sender to the {@link Hub}s that hold its topic's
 * subscribers: its offer, each chunk, its end or its abort. {@link LocalBroker} hands them to
 * this server's hub; a broker for several servers also carries them to the hubs of the others
 * and brings theirs here, through each hub's {@link BrokerEventHandler}.
 */
public interface Broker {
    /**
     * Starts a file on its way.
     *
     * @param senderConnection the sender's connection, which does not get the file back
     */
    Publication publish(FileOffer offer, String senderConnection);

    /** How the broker is doing, for health, metrics and the status page: by default, a server on its own. */
    default BrokerState state() {
        return BrokerState.LOCAL;
    }
}
