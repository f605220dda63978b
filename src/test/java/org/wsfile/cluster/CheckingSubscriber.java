package org.wsfile.cluster;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.wsfile.protocol.Sha256;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.Subscriber;

/**
 * A subscriber that checks each file it gets against the checksum its end carries, as a client
 * does, and settles the outcome; it can be made slow, taking bytes only as the test lets it.
 */
final class CheckingSubscriber implements Subscriber {
    /** How one file arrived: its SHA-256 and size if whole, or why not. */
    record Received(String sha256, long size, String abortReason) {
    }

    private final String connection;
    private final Semaphore pace;
    private final Map<String, CompletableFuture<Received>> files = new ConcurrentHashMap<>();
    private final Map<String, FileOffer> offers = new ConcurrentHashMap<>();

    private CheckingSubscriber(String connection, Semaphore pace) {
        this.connection = connection;
        this.pace = pace;
    }

    static CheckingSubscriber quick(String connection) {
        return new CheckingSubscriber(connection, null);
    }

    /** A subscriber that takes one chunk for each permit the test releases. */
    static CheckingSubscriber slow(String connection, Semaphore pace) {
        return new CheckingSubscriber(connection, pace);
    }

    /** How the file of this name arrived, once it has. */
    CompletableFuture<Received> file(String name) {
        return files.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    /** What this subscriber was told of the file of this name, if it was offered it. */
    FileOffer offer(String name) {
        return offers.get(name);
    }

    int filesStarted() {
        return files.size();
    }

    @Override
    public Delivery deliver(FileOffer offer, Outcome outcome) {
        offers.put(offer.name(), offer);
        CompletableFuture<Received> result = file(offer.name());
        MessageDigest digest = Sha256.digest();
        return new Delivery() {
            private long size;

            @Override
            public void chunk(Chunk chunk) {
                ByteBuffer data = chunk.data();
                size += data.remaining();
                digest.update(data);
            }

            @Override
            public void awaitRoom() throws InterruptedException {
                if (pace != null && !pace.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the slow subscriber go on");
                }
            }

            @Override
            public void awaitReadyForNext() {
            }

            @Override
            public void end(String sha256) {
                String actual = Sha256.hex(digest);
                if (actual.equals(sha256) && size == offer.size()) {
                    outcome.completed();
                } else {
                    outcome.failed("damaged");
                }
                result.complete(new Received(actual, size, null));
            }

            @Override
            public void abort(String reason) {
                outcome.failed(reason);
                result.complete(new Received(null, size, reason));
            }
        };
    }

    @Override
    public String connectionId() {
        return connection;
    }
}
