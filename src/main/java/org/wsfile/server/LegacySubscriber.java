package org.wsfile.server;

import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.Subscriber;

/**
 * A connection's subscriptions made in the original protocol: each file arrives as ONE text
 * message {@code {mime}:{file name}:{base64}}, written in fragments as the file's bytes arrive
 * ({@link LegacyMessage}, made once for all of the file's original-protocol subscribers).
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
        return new Delivery() {
            /** The file's message, shared with its other original-protocol subscribers once its first chunk came. */
            private LegacyMessage message;

            @Override
            public void chunk(Chunk chunk) {
                message = chunk.fileState(LegacyMessage.class, () -> new LegacyMessage(offer, outbox.buffer()));
                message.after(chunk).ifPresent(fragment -> lane.add(Outbox.Item.text(fragment, false)));
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
                // A file of no bytes has no chunk, and its short message is made here.
                Utf8Text last = (message == null ? new LegacyMessage(offer, outbox.buffer()) : message).end();
                lane.finish(Outbox.Item.text(last, true).then(outcome::completed));
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
