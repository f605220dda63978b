package org.wsfile.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.ops.RelayState;
import org.wsfile.relay.Broker;
import org.wsfile.relay.BrokerState;

/** Whether the application can work: its delivery threads run, its broker reaches the other servers (if any) and it is not stopping. */
@ApplicationScoped
public class ApplicationState implements RelayState {
    @Inject
    DeliveryThreads threads;
    @Inject
    Broker broker;

    private volatile boolean stopping;

    @Override
    public boolean deliveryThreadsRunning() {
        return threads.running();
    }

    @Override
    public BrokerState broker() {
        return broker.state();
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }
}
