package org.wsfile.relay;

import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.protocol.legacy.LegacyFile;

/**
 * The relay path: a file published to a topic is offered to every current subscriber of that topic
 * except its sender. This is the one seam between the endpoint and delivery.
 */
@ApplicationScoped
public class TopicRelay {
    private static final Logger LOG = Logger.getLogger(TopicRelay.class.getName());

    @Inject
    TopicRegistry registry;

    TopicRelay() {
    }

    /** A relay over the given registry, outside a CDI container. */
    public TopicRelay(TopicRegistry registry) {
        this.registry = registry;
    }

    /** Offers the file to the topic's subscribers; the returned fan-out tells when they all have it. */
    public FanOut publish(LegacyFile file, Subscriber sender) {
        List<Subscriber> receivers = registry.subscribers(file.topic()).stream()
                .filter(subscriber -> subscriber != sender)
                .toList();
        FanOut fanOut = new FanOut(file, receivers.size());
        receivers.forEach(receiver -> receiver.offer(file, fanOut));
        fanOut.done().thenAccept(TopicRelay::log);
        return fanOut;
    }

    private static void log(FanOut fanOut) {
        LegacyFile file = fanOut.file();
        LOG.info(() -> String.format("relayed \"%s\" (%d bytes) on topic \"%s\" to %d of %d subscribers in %d ms",
                file.name(), file.decodedSize(), file.topic(), fanOut.completed(), fanOut.offered(),
                fanOut.elapsedNanos() / 1_000_000));
    }
}
