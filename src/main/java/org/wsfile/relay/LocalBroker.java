package org.wsfile.relay;

/** The broker of a server on its own: every file goes straight to this server's hub, in the sender's thread. */
public class LocalBroker implements Broker {
    private final BrokerEventHandler hub;

    /** A broker to the given hub. */
    public LocalBroker(BrokerEventHandler hub) {
        this.hub = hub;
    }

    @Override
    public Publication publish(FileOffer offer, String senderConnection) {
        return hub.offered(offer, senderConnection);
    }
}
