package org.wsfile.ops;

/** What the health checks look at. */
public interface RelayState {
    /** The name of the liveness check, here and in MicroProfile Health. */
    String LIVE_CHECK = "wsfile-delivery-threads";
    /** The name of the readiness check, here and in MicroProfile Health. */
    String READY_CHECK = "wsfile-relay";

    /** Whether the threads that write to subscribers can take work. */
    boolean deliveryThreadsRunning();

    /** Whether the broker reaches the other servers of the cluster; always true for a server on its own. */
    boolean brokerConnected();

    /** {@code local} or {@code nats}, as {@link org.wsfile.relay.BrokerState#kind()}. */
    String brokerKind();

    /** Whether the application has begun to stop. */
    boolean stopping();

    /** Whether the relay takes new work: its threads run, its broker is connected and it is not stopping. */
    default boolean ready() {
        return deliveryThreadsRunning() && brokerConnected() && !stopping();
    }
}
