package org.wsfile.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The broker of a server on its own: every file goes straight to this server's hub, in the sender's thread. */
@ApplicationScoped
public class LocalBroker implements Broker {
    @Inject
    BrokerEventHandler hub;

    LocalBroker() {
    }

    /** A broker to the given hub, outside a CDI container. */
    public LocalBroker(BrokerEventHandler hub) {
        this.hub = hub;
    }

    @Override
    public Publication publish(FileOffer offer, String senderConnection) {
        return hub.offered(offer, senderConnection);
    }
}
