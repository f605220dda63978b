package org.wsfile.relay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A subscriber that keeps what it is delivered, for tests that settle each outcome themselves. */
public final class RecordingSubscriber implements Subscriber {
    private final String name;
    private final List<Recorded> deliveries = new ArrayList<>();

    public RecordingSubscriber(String name) {
        this.name = name;
    }

    /** One file as this subscriber saw it. */
    public static final class Recorded implements Delivery {
        public final FileOffer offer;
        public final Outcome outcome;
        public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public String endSha256;
        public String abortReason;
        public int roomChecks;

        Recorded(FileOffer offer, Outcome outcome) {
            this.offer = offer;
            this.outcome = outcome;
        }

        @Override
        public void chunk(Chunk chunk) {
            ByteBuffer data = chunk.data();
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            bytes.writeBytes(copy);
        }

        @Override
        public void awaitRoom() {
            roomChecks++;
        }

        @Override
        public void awaitReadyForNext() {
        }

        @Override
        public void end(String sha256) {
            endSha256 = sha256;
        }

        @Override
        public void abort(String reason) {
            abortReason = reason;
        }
    }

    @Override
    public synchronized Delivery deliver(FileOffer offer, Outcome outcome) {
        Recorded recorded = new Recorded(offer, outcome);
        deliveries.add(recorded);
        return recorded;
    }

    public synchronized List<Recorded> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public String connectionId() {
        return name;
    }
}
