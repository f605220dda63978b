package org.wsfile.ops;

import org.wsfile.relay.BrokerState;

/** What the health checks look at. */
public interface RelayState {
    /** The name of the liveness check, here and in MicroProfile Health. */
    String LIVE_CHECK = "wsfile-delivery-threads";
    /** The name of the readiness check, here and in MicroProfile Health. */
    String READY_CHECK = "wsfile-relay";

    /** Whether the threads that write to subscribers can take work. */
    boolean deliveryThreadsRunning();

    /** How the broker is doing: whether it reaches the other servers of the cluster (always, for a server on its own). */
    BrokerState broker();

    /** Whether the application has begun to stop. */
    boolean stopping();

    /** Whether the relay takes new work: its threads run, its broker is connected and it is not stopping. */
    default boolean ready() {
        return deliveryThreadsRunning() && broker().connected() && !stopping();
    }
}
