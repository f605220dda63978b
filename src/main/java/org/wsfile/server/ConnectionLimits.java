package org.wsfile.server;

import java.util.Optional;

import org.wsfile.auth.Permissions;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.Hub;

/** What one connection may do and have at once, as both protocols check it. */
final class ConnectionLimits {
    private ConnectionLimits() {
    }

    /**
     * Refuses a subscription the connection's token does not allow, or a new topic once the
     * subscriber has {@code maxTopics}; subscribing again to a topic it has is fine.
     */
    static void checkSubscription(Hub hub, Subscriber subscriber, Permissions permissions, String topic,
                                  int maxTopics) throws ProtocolException {
        checkMayReceive(permissions, topic);
        var topics = hub.topicsOf(subscriber);
        if (topics.size() >= maxTopics && !topics.contains(topic)) {
            throw new ProtocolException(ErrorCode.TOO_MANY_TOPICS,
                    "a connection may subscribe to at most " + maxTopics + " topics; unsubscribe from one first");
        }
    }

    /** Refuses what the connection's token does not allow it to receive: a subscription, or a file to resume. */
    static void checkMayReceive(Permissions permissions, String topic) throws ProtocolException {
        if (!permissions.canSubscribe(topic)) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, "not allowed to receive files sent to " + topic);
        }
    }

    /** The refusal of a file to a topic the connection's token does not allow, if it does not. */
    static Optional<ProtocolException> publishRefusal(Permissions permissions, String topic) {
        return permissions.canPublish(topic) ? Optional.empty()
                : Optional.of(new ProtocolException(ErrorCode.NOT_ALLOWED, "not allowed to publish to " + topic));
    }

    /** The refusal of a control message over the rate. */
    static ProtocolException rateLimited(int perSecond) {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "more than " + perSecond + " messages a second from this connection; this one was ignored");
    }
}
