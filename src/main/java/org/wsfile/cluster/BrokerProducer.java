package org.wsfile.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.wsfile.config.ClusterSettings;
import org.wsfile.config.HistorySettings;
import org.wsfile.config.Settings;
import org.wsfile.relay.Broker;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TransferIds;
import org.wsfile.server.DeliveryThreads;

/**
 * Picks the broker: through NATS to the other servers of a cluster when
 * {@code wsfile.cluster.nats-url} is set, straight to this server's hub otherwise.
 */
@ApplicationScoped
public class BrokerProducer {
    @Inject
    ClusterSettings cluster;
    @Inject
    Settings settings;
    @Inject
    Hub hub;
    @Inject
    TransferIds ids;
    @Inject
    DeliveryThreads threads;
    @Inject
    HistorySettings history;

    @Produces
    @ApplicationScoped
    Broker broker() {
        if (!cluster.enabled()) {
            return new LocalBroker(hub);
        }
        // Another server's subscriber that stops reading is dropped there after the send timeout;
        // only a server that gives no credit for twice that is left out of a file from here.
        NatsBroker broker = new NatsBroker(cluster, hub, ids, threads::execute, settings.subscriberSendTimeout().multipliedBy(2),
                history.enabled());
        broker.start();
        return broker;
    }

    void close(@Disposes Broker broker) {
        if (broker instanceof NatsBroker nats) {
            nats.close();
        }
    }
}
