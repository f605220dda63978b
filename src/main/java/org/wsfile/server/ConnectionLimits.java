package org.wsfile.server;

import org.wsfile.auth.Permissions;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.TopicRegistry;

/** What one connection may do and have at once, as both protocols check it. */
final class ConnectionLimits {
    private ConnectionLimits() {
    }

    /** Refuses a new topic once the subscriber has {@code max}; subscribing again to one it has is fine. */
    static void checkTopics(TopicRegistry registry, Subscriber subscriber, String topic, int max) throws ProtocolException {
        var topics = registry.topicsOf(subscriber);
        if (topics.size() >= max && !topics.contains(topic)) {
            throw new ProtocolException(ErrorCode.TOO_MANY_TOPICS,
                    "a connection may subscribe to at most " + max + " topics; unsubscribe from one first");
        }
    }

    /** Refuses a subscription the connection's token does not allow. */
    static void checkSubscribe(Permissions permissions, String topic) throws ProtocolException {
        if (!permissions.canSubscribe(topic)) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, "not allowed to receive files sent to " + topic);
        }
    }

    /** Refuses a file to a topic the connection's token does not allow. */
    static void checkPublish(Permissions permissions, String topic) throws ProtocolException {
        if (!permissions.canPublish(topic)) {
            throw new ProtocolException(ErrorCode.NOT_ALLOWED, "not allowed to publish to " + topic);
        }
    }

    /** The refusal of a control message over the rate. */
    static ProtocolException rateLimited(int perSecond) {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "more than " + perSecond + " messages a second from this connection; this one was ignored");
    }
}
