package org.wsfile.relay;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.protocol.stream.ChunkFrames;

/**
 * The relay path: a file published to a topic is delivered to every current subscriber of that
 * topic except its sender's own connection. This is the one seam between the endpoint and
 * delivery; a multi-server mode would put a message bus behind it.
 */
@ApplicationScoped
public class TopicRelay {
    private static final Logger LOG = Logger.getLogger(TopicRelay.class.getName());

    @Inject
    TopicRegistry registry;
    @Inject
    RelayObserver observer;

    private final AtomicLong lastId = new AtomicLong();

    TopicRelay() {
    }

    /** A relay over the given registry, outside a CDI container. */
    public TopicRelay(TopicRegistry registry) {
        this.registry = registry;
        this.observer = RelayObserver.NONE;
    }

    /**
     * Opens a transfer of a file to the topic's subscribers at this moment.
     *
     * @param senderConnection the sender's connection, which does not get the file back
     */
    public Transfer open(String topic, String name, String mime, long size, String senderConnection) {
        FileOffer offer = new FileOffer(nextId(), topic, name, mime, size, Instant.now());
        List<Subscriber> receivers = registry.subscribers(topic).stream()
                .filter(subscriber -> !subscriber.connectionId().equals(senderConnection))
                .toList();
        FanOut fanOut = new FanOut(receivers.size());
        List<Delivery> deliveries = receivers.stream()
                .map(receiver -> receiver.deliver(offer, fanOut.outcome()))
                .toList();
        Transfer transfer = new Transfer(offer, deliveries, fanOut, observer);
        observer.opened(transfer);
        fanOut.done().thenAccept(done -> {
            log(offer, done);
            observer.delivered(offer, done);
        });
        return transfer;
    }

    /** Ids go round within what a data frame can carry; by the time one comes back its transfer is long over. */
    private long nextId() {
        return lastId.updateAndGet(id -> id == ChunkFrames.MAX_ID ? 1 : id + 1);
    }

    private static void log(FileOffer offer, FanOut fanOut) {
        long millis = fanOut.elapsedNanos() / 1_000_000;
        LOG.info(() -> String.format("relayed \"%s\" (%d bytes) on topic \"%s\" to %d of %d subscribers in %d ms (%.1f MB/s)%s",
                offer.name(), offer.size(), offer.topic(), fanOut.completed(), fanOut.offered(), millis,
                offer.size() / 1000.0 / Math.max(1, millis), fanOut.failures().isEmpty() ? "" : "; not delivered: " + fanOut.failures()));
    }
}
