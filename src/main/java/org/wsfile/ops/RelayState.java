package org.wsfile.ops;

/** What the health checks look at. */
public interface RelayState {
    /** The name of the liveness check, here and in MicroProfile Health. */
    String LIVE_CHECK = "wsfile-delivery-threads";
    /** The name of the readiness check, here and in MicroProfile Health. */
    String READY_CHECK = "wsfile-relay";

    /** Whether the threads that write to subscribers can take work. */
    boolean deliveryThreadsRunning();

    /** Whether the application has begun to stop. */
    boolean stopping();

    /** Whether the relay takes new work: its threads run and it is not stopping. */
    default boolean ready() {
        return deliveryThreadsRunning() && !stopping();
    }
}
