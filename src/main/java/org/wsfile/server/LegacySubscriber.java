package org.wsfile.server;


import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.Subscriber;

/**
 * A connection's subscriptions made in the original protocol: each file arrives as ONE text
 * message {@code {mime}:{file name}:{base64}}, written in fragments of about
 * {@value #FRAGMENT_CHARS} characters as the file's bytes arrive, a small file in one piece.
 * One message cannot be interleaved with another, so its lane is exclusive.
 */
final class LegacySubscriber implements Subscriber {
    /** Characters of a delivery gathered before they are written as a fragment of its message. */
    static final int FRAGMENT_CHARS = 256 * 1024;

    private final String connectionId;
    private final Outbox outbox;

    LegacySubscriber(String connectionId, Outbox outbox) {
        this.connectionId = connectionId;
        this.outbox = outbox;
    }

    @Override
    public Delivery deliver(FileOffer offer, Outcome outcome) {
        Outbox.Lane lane = outbox.openLane(true, outcome::failed);
        LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
        // Text gathered until it is worth a fragment: every message and fragment costs the container
        // as much as many bytes, so a small file leaves as one message, header, content and all.
        StringBuilder gathered = new StringBuilder(LegacyDeliveryEncoder.header(offer.mime(), offer.name()));
        return new Delivery() {
            @Override
            public void chunk(Chunk chunk) {
                gathered.append(encoder.encode(chunk.data()));
                if (gathered.length() >= FRAGMENT_CHARS) {
                    lane.add(Outbox.Item.text(gathered.toString(), false));
                    gathered.setLength(0);
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
                lane.finish(Outbox.Item.text(gathered.append(encoder.finish()).toString(), true).then(outcome::completed));
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
