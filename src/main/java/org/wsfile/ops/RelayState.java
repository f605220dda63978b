package org.wsfile.ops;

/** What the health checks look at. */
public interface RelayState {
    /** Whether the threads that write to subscribers can take work. */
    boolean deliveryThreadsRunning();

    /** Whether the application has begun to stop. */
    boolean stopping();

    /** Whether the relay takes new work: its threads run and it is not stopping. */
    default boolean ready() {
        return deliveryThreadsRunning() && !stopping();
    }
}
