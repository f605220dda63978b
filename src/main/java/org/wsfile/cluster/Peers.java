package org.wsfile.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.wsfile.relay.BrokerState;

/**
 * The other servers of the cluster this server has heard from lately, and the topics each has
 * subscribers for: a file goes to the servers that want its topic when it starts.
 */
final class Peers {
    /**
     * In a server's presence, in place of a topic (no topic can be {@code *}): the server keeps a topic
     * history, and wants every topic's files, with subscribers for them or not.
     */
    static final String EVERY_TOPIC = "*";

    private record Peer(Set<String> topics, long heardNanos, Instant heardAt) {
    }

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    /** A server said it is there, with subscribers for these topics. */
    void heard(String node, Set<String> topics) {
        peers.put(node, new Peer(topics, System.nanoTime(), Instant.now()));
    }

    /** @return whether the server was known */
    boolean left(String node) {
        return peers.remove(node) != null;
    }

    /** Forgets every server, as when this one lost its connection and cannot know who is there. */
    void clear() {
        peers.clear();
    }

    /** The servers with subscribers for a topic. */
    List<String> wanting(String topic) {
        List<String> nodes = new ArrayList<>();
        peers.forEach((node, peer) -> {
            if (peer.topics().contains(topic) || peer.topics().contains(EVERY_TOPIC)) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    boolean knows(String node) {
        return peers.containsKey(node);
    }

    /** The servers not heard from for {@code silenceNanos}. */
    List<String> silentFor(long silenceNanos) {
        long now = System.nanoTime();
        List<String> silent = new ArrayList<>();
        peers.forEach((node, peer) -> {
            if (now - peer.heardNanos() > silenceNanos) {
                silent.add(node);
            }
        });
        return silent;
    }

    List<BrokerState.Peer> state() {
        List<BrokerState.Peer> state = new ArrayList<>();
        peers.forEach((node, peer) -> state.add(new BrokerState.Peer(node,
                peer.topics().stream().filter(topic -> !topic.equals(EVERY_TOPIC)).collect(Collectors.toUnmodifiableSet()),
                peer.heardAt())));
        state.sort(Comparator.comparing(BrokerState.Peer::nodeId));
        return state;
    }
}
