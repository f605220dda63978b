package org.wsfile.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.ops.RelayState;

/** Whether the application can work: its delivery threads run and it is not stopping. */
@ApplicationScoped
public class ApplicationState implements RelayState {
    @Inject
    DeliveryThreads threads;

    private volatile boolean stopping;

    @Override
    public boolean deliveryThreadsRunning() {
        return threads.running();
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }
}
