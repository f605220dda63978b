package org.wsfile.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The NATS subjects the servers of one cluster use. A topic becomes one subject token in base64url,
 * so nothing a client names (a topic may hold {@code .}, which separates NATS tokens) can reach
 * another subject or a wildcard ({@code *}, {@code >}); node ids and the cluster's name are checked
 * to be plain tokens when read ({@link org.wsfile.config.ClusterSettings}).
 */
final class Subjects {
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    private final String cluster;

    Subjects(String cluster) {
        this.cluster = cluster;
    }

    /** Where a topic's files go: offers, bytes, ends and aborts, to every server with subscribers for it. */
    String topic(String topic) {
        return cluster + ".topic." + TOKEN.encodeToString(topic.getBytes(StandardCharsets.UTF_8));
    }

    /** Every topic's subject, for a server that keeps every topic's files (topic history). */
    String everyTopic() {
        return cluster + ".topic.*";
    }

    /** Where one server hears about the files it sent: acceptances, receipts and credits. */
    String node(String nodeId) {
        return cluster + ".node." + nodeId;
    }

    /** Where every server says, every second, that it is there and which topics it has subscribers for. */
    String presence() {
        return cluster + ".presence";
    }
}
