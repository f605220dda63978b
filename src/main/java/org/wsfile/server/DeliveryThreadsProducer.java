package org.wsfile.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the {@link DeliveryThreads} injectable as the object itself, not a client proxy: every
 * message a connection reads is handed to them, and a call through a proxy costs a thread-local
 * entry made and removed on the calling thread, several microseconds on the server's managed threads.
 */
@ApplicationScoped
public class DeliveryThreadsProducer {

    @Produces
    @Singleton
    DeliveryThreads deliveryThreads() {
        DeliveryThreads threads = new DeliveryThreads();
        threads.start();
        return threads;
    }

    void stop(@Disposes DeliveryThreads threads) {
        threads.stop();
    }
}
