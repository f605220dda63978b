package org.wsfile.relay;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This server's ids for the transfers it delivers, whether its own senders' or another server's:
 * a subscriber tells its files apart by them, so they are unique among the transfers in flight on
 * this server.
 */
@ApplicationScoped
public class TransferIds {
    /**
     * The largest transfer id: ids must fit the 4 bytes that streaming-protocol data frames carry
     * them in, whose largest value marks a bundle of small files.
     */
    static final long MAX_ID = 0xFFFF_FFFEL;

    private final AtomicLong lastId = new AtomicLong();

    /** Ids go round within what a data frame can carry; by the time one comes back its transfer is long over. */
    public long next() {
        return lastId.updateAndGet(id -> id == MAX_ID ? 1 : id + 1);
    }
}
