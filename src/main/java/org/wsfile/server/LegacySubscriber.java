package org.wsfile.server;


import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.Subscriber;

/**
 * A connection's subscriptions made in the original protocol: each file arrives as ONE text
 * message {@code {mime}:{file name}:{base64}}, written in fragments as the file's bytes arrive.
 * One message cannot be interleaved with another, so its lane is exclusive.
 */
final class LegacySubscriber implements Subscriber {
    private final String connectionId;
    private final Outbox outbox;

    LegacySubscriber(String connectionId, Outbox outbox) {
        this.connectionId = connectionId;
        this.outbox = outbox;
    }

    @Override
    public Delivery deliver(FileOffer offer, Outcome outcome) {
        Outbox.Lane lane = outbox.openLane(true, outcome::failed);
        lane.add(Outbox.Item.text(LegacyDeliveryEncoder.header(offer.mime(), offer.name()), false));
        LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
        return new Delivery() {
            @Override
            public void chunk(Chunk chunk) {
                String base64 = encoder.encode(chunk.data());
                if (!base64.isEmpty()) {
                    lane.add(Outbox.Item.text(base64, false));
                }
            }

            @Override
            public void awaitRoom() throws InterruptedException {
                lane.awaitRoom();
            }

            @Override
            public void awaitReadyForNext() throws InterruptedException {
                lane.awaitWritten();
            }

            @Override
            public void end(String sha256) {
                lane.finish(Outbox.Item.text(encoder.finish(), true).then(outcome::completed));
            }

            @Override
            public void abort(String reason) {
                outcome.failed("aborted: " + reason);
                // The original protocol cannot take back a message it has started: only closing the
                // connection keeps the receiver from taking the fragments it got for a whole file.
                if (lane.abandon()) {
                    outbox.close(Closure.deliveryAborted(reason));
                }
            }
        };
    }

    @Override
    public String connectionId() {
        return connectionId;
    }
}
