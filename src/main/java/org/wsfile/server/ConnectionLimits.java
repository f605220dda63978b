package org.wsfile.server;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.TopicRegistry;

/** The limits on what one connection may have at once, as both protocols check them. */
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

    /** The refusal of a control message over the rate. */
    static ProtocolException rateLimited(int perSecond) {
        return new ProtocolException(ErrorCode.RATE_LIMITED,
                "more than " + perSecond + " messages a second from this connection; this one was ignored");
    }
}
