package org.wsfile.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.stream.Bundles;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.QueuedDelivery;
import org.wsfile.relay.Subscriber;

/**
 * A connection's subscriptions made in the streaming protocol: each file arrives as a {@code file}
 * message, data frames and an {@code end}, interleaved with other files; or, once the client asked
 * for {@linkplain Bundles bundles}, a small file arrives whole in a bundle with others. A file
 * counts as received only when the subscriber confirms it ({@code received}, after checking the SHA-256).
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
    private volatile boolean bundles;

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

    /** The client takes small files whole in bundles from now on, and may send them so. */
    void useBundles() {
        bundles = true;
    }

    /** Whether the client asked for bundles in its {@code hello}. */
    boolean usesBundles() {
        return bundles;
    }

    @Override
    public Delivery deliver(FileOffer offer, Outcome outcome) {
        Outbox.Lane lane = openLane(offer.id(), outcome);
        return bundles && offer.size() <= Bundles.MAX_FILE_SIZE ? new WholeFile(offer, lane) : new Streamed(offer, lane, 0);
    }

    /** Delivers a file from byte {@code offset} on, to a subscriber that has the bytes before (it asked to resume it). */
    QueuedDelivery resume(FileOffer offer, long offset, Outcome outcome) {
        return new Streamed(offer, openLane(offer.id(), outcome), offset);
    }

    private Outbox.Lane openLane(long id, Outcome outcome) {
        unconfirmed.put(id, new Unconfirmed(outcome));
        return outbox.openLane(false, reason -> fail(id, reason));
    }

    /** One file on its way to this connection, interleaved with its other files; it may fall behind and be fed later. */
    private abstract static class Interleaved implements QueuedDelivery {
        final long id;
        final Outbox.Lane lane;

        Interleaved(long id, Outbox.Lane lane) {
            this.id = id;
            this.lane = lane;
        }

        @Override
        public void awaitRoom() throws InterruptedException {
            lane.awaitRoom();
        }

        @Override
        public boolean awaitRoom(long nanos) throws InterruptedException {
            return lane.awaitRoom(nanos);
        }

        @Override
        public boolean hasRoom() {
            return lane.hasRoom();
        }

        @Override
        public boolean farBehind() {
            return lane.farBehind();
        }

        @Override
        public boolean whenRoom(Runnable action) {
            return lane.whenRoom(action);
        }

        @Override
        public boolean gone() {
            return lane.gone();
        }

        @Override
        public void awaitReadyForNext() {
            // Files interleave on this connection: the next one need not wait.
        }
    }

    /**
     * A small file gathered until its end and queued as one bundle entry; the outbox bundles it
     * with others. The entry is made once for all the file's subscribers that take bundles.
     */
    private final class WholeFile extends Interleaved {
        private final FileOffer offer;
        private final List<ByteBuffer> parts = new ArrayList<>(1);
        private BundleEntry shared;

        WholeFile(FileOffer offer, Outbox.Lane lane) {
            super(offer.id(), lane);
            this.offer = offer;
        }

        @Override
        public void chunk(Chunk chunk) {
            // The data frame all streaming subscribers share, without its id: no copy of its own.
            parts.add(chunk.encoded(DATA_FRAME).position(ChunkFrames.ID_BYTES).slice());
            shared = chunk.fileState(BundleEntry.class, BundleEntry::new);
        }

        @Override
        public void end(String sha256) {
            Bundles.Entry entry = (shared == null ? new BundleEntry() : shared).get(offer, sha256, parts);
            lane.finish(Outbox.Item.bundled(entry).then(() -> awaitConfirmation(id)));
        }

        @Override
        public void abort(String reason) {
            // Nothing of the file was written, so the client has nothing to discard.
            lane.abandon();
            fail(id, "aborted: " + reason);
        }
    }

    /** A file's bundle entry, made by the first of its subscribers to reach its end. */
    private static final class BundleEntry {
        private Bundles.Entry entry;

        synchronized Bundles.Entry get(FileOffer offer, String sha256, List<ByteBuffer> parts) {
            if (entry == null) {
                entry = Bundles.Entry.of(ServerMessages.bundledFile(offer.id(), offer.topic(), offer.name(), offer.mime(),
                        offer.size(), offer.sentAt(), offer.text(), sha256), joined(parts));
            }
            return entry;
        }

        private static ByteBuffer joined(List<ByteBuffer> parts) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            ByteBuffer whole = ByteBuffer.allocate(parts.stream().mapToInt(ByteBuffer::remaining).sum());
            parts.forEach(part -> whole.put(part.duplicate()));
            return whole.flip();
        }
    }

    /** A file announced (from {@code offset} on), sent chunk by chunk as its data frames, and ended. */
    private final class Streamed extends Interleaved {
        Streamed(FileOffer offer, Outbox.Lane lane, long offset) {
            super(offer.id(), lane);
            lane.add(Outbox.Item.text(ServerMessages.file(id, offer.topic(), offer.name(), offer.mime(),
                    offer.size(), offer.sentAt(), offer.text(), offer.key(), offset), true));
        }

        @Override
        public void chunk(Chunk chunk) {
            lane.add(Outbox.Item.binary(chunk.encoded(DATA_FRAME)));
        }

        @Override
        public void end(String sha256) {
            lane.finish(Outbox.Item.text(ServerMessages.end(id, sha256), true).then(() -> awaitConfirmation(id)));
        }

        @Override
        public void abort(String reason) {
            lane.abandon();
            fail(id, "aborted: " + reason);
            outbox.sendText(ServerMessages.aborted(id, reason));
        }
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
