package org.wsfile.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.Subscriber;

/**
 * A connection's subscriptions made in the streaming protocol: each file arrives as a {@code file}
 * message, data frames and an {@code end}, interleaved with other files. A file counts as received
 * only when the subscriber confirms it ({@code received}, after checking the SHA-256).
 */
final class StreamSubscriber implements Subscriber {
    /** A chunk as a streaming-protocol data frame, made once per chunk for all streaming subscribers. */
    private static final Function<Chunk, ByteBuffer> DATA_FRAME = chunk -> ChunkFrames.frame(chunk.transferId(), chunk.data());

    private final String connectionId;
    private final Outbox outbox;
    private final DeliveryThreads threads;
    private final Duration confirmationTimeout;
    /** Files sent or being sent that the subscriber has not yet confirmed, by id. */
    private final Map<Long, Unconfirmed> unconfirmed = new ConcurrentHashMap<>();

    /** A file awaiting confirmation, and the timer that gives up waiting once it is all sent. */
    private static final class Unconfirmed {
        final Outcome outcome;
        volatile ScheduledFuture<?> timeout;

        Unconfirmed(Outcome outcome) {
            this.outcome = outcome;
        }

        Outcome settle() {
            ScheduledFuture<?> timer = timeout;
            if (timer != null) {
                timer.cancel(false);
            }
            return outcome;
        }
    }

    StreamSubscriber(String connectionId, Outbox outbox, DeliveryThreads threads, Duration confirmationTimeout) {
        this.connectionId = connectionId;
        this.outbox = outbox;
        this.threads = threads;
        this.confirmationTimeout = confirmationTimeout;
    }

    @Override
    public Delivery deliver(FileOffer offer, Outcome outcome) {
        long id = offer.id();
        unconfirmed.put(id, new Unconfirmed(outcome));
        Outbox.Lane lane = outbox.openLane(false, reason -> fail(id, reason));
        lane.add(Outbox.Item.text(ServerMessages.file(id, offer.topic(), offer.name(), offer.mime(),
                offer.size(), offer.sentAt()), true));
        return new Delivery() {
            @Override
            public void chunk(Chunk chunk) {
                lane.add(Outbox.Item.binary(chunk.encoded(DATA_FRAME)));
            }

            @Override
            public void awaitRoom() throws InterruptedException {
                lane.awaitRoom();
            }

            @Override
            public void awaitReadyForNext() {
                // Files interleave on this connection: the next one need not wait.
            }

            @Override
            public void end(String sha256) {
                lane.finish(Outbox.Item.text(ServerMessages.end(id, sha256), true)
                        .then(() -> awaitConfirmation(id)));
            }

            @Override
            public void abort(String reason) {
                lane.abandon();
                fail(id, "aborted: " + reason);
                outbox.sendText(ServerMessages.aborted(id, reason));
            }
        };
    }

    /** The subscriber confirms it got a file whole. */
    void received(long id) throws ProtocolException {
        confirmed(id).completed();
    }

    /** The subscriber reports that it could not take a file. */
    void failed(long id, String reason) throws ProtocolException {
        confirmed(id).failed("the subscriber reported: " + reason);
    }

    /** The connection closed: nothing unconfirmed will be confirmed now. */
    void closed() {
        unconfirmed.keySet().forEach(id -> fail(id, "the connection closed before the file was confirmed"));
    }

    private Outcome confirmed(long id) throws ProtocolException {
        Unconfirmed file = unconfirmed.remove(id);
        if (file == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no file " + id + " awaits confirmation");
        }
        return file.settle();
    }

    private void awaitConfirmation(long id) {
        Unconfirmed file = unconfirmed.get(id);
        if (file != null) {
            file.timeout = threads.schedule(
                    () -> fail(id, "no confirmation within " + confirmationTimeout.toMillis() + " ms"), confirmationTimeout);
        }
    }

    private void fail(long id, String reason) {
        Unconfirmed file = unconfirmed.remove(id);
        if (file != null) {
            file.settle().failed(reason);
        }
    }

    @Override
    public String connectionId() {
        return connectionId;
    }
}
