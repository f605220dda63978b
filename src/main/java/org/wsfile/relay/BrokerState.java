package org.wsfile.relay;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Broker} reports of itself, for health, metrics and the status page.
 *
 * @param kind           {@code local} (this server on its own) or {@code nats}
 * @param nodeId         this server's name among the others
 * @param connected      whether the broker reaches the other servers (always true for a server on its own)
 * @param peers          the other servers heard from lately
 * @param publishedBytes bytes of files sent to other servers
 * @param receivedBytes  bytes of files received from other servers
 * @param droppedPeers   how many times another server fell silent and its files in flight were given up
 */
public record BrokerState(String kind, String nodeId, boolean connected, List<Peer> peers, long publishedBytes,
                          long receivedBytes, long droppedPeers) {

    /** A server on its own. */
    public static final BrokerState LOCAL = new BrokerState("local", "local", true, List.of(), 0, 0, 0);

    /**
     * Another server.
     *
     * @param nodeId   its name
     * @param topics   the topics it has subscribers for
     * @param lastSeen when it was last heard from
     */
    public record Peer(String nodeId, Set<String> topics, Instant lastSeen) {
    }
}
