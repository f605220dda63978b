package org.wsfile.relay;

import java.time.Instant;

import org.wsfile.protocol.Texts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where a sender's file starts: it gets an id and an offer, goes out through the {@link Broker},
 * and comes back as a {@link Transfer} that checks its size and checksum on the way. When every
 * subscriber has it or was dropped from it, the relay logs the file ({@link RelayLog}) and tells the observer.
 */
@ApplicationScoped
public class TopicRelay {
    @Inject
    Broker broker;
    @Inject
    RelayObserver observer;
    @Inject
    TransferIds ids;

    private final RelayLog log = new RelayLog();

    TopicRelay() {
    }

    /** A relay through the given broker, outside a CDI container. */
    public TopicRelay(Broker broker) {
        this(broker, new TransferIds());
    }

    /** A relay through the given broker with ids it shares with the broker, outside a CDI container. */
    public TopicRelay(Broker broker, TransferIds ids) {
        this.broker = broker;
        this.observer = RelayObserver.NONE;
        this.ids = ids;
    }

    /**
     * Opens a transfer of a file to the topic's subscribers at this moment.
     *
     * @param senderConnection the sender's connection, which does not get the file back
     */
    public Transfer open(String topic, String name, String mime, long size, String senderConnection) {
        return open(new FileOffer(ids.next(), topic, name, mime, size, Instant.now()), senderConnection);
    }

    /** Opens a transfer of a text ({@link Texts}) of this many bytes of UTF-8, named after this moment. */
    public Transfer openText(String topic, long size, String senderConnection) {
        Instant now = Instant.now();
        return open(new FileOffer(ids.next(), topic, Texts.fileName(now), Texts.MIME, size, now, true), senderConnection);
    }

    private Transfer open(FileOffer offer, String senderConnection) {
        Publication publication = broker.publish(offer, senderConnection);
        Transfer transfer = new Transfer(offer, publication, observer);
        observer.opened(transfer);
        publication.fanOut().done().thenAccept(done -> {
            log.relayed(offer, done);
            observer.delivered(offer, done);
        });
        return transfer;
    }
}
