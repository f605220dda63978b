package org.wsfile.cluster;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wsfile.cluster.ClusterMessages.Kind;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Publication;

/**
 * A file from one of this server's senders, on its way to this server's subscribers (through the
 * hub) and to the other servers that wanted its topic when it started (through NATS, on the topic's
 * subject). Its receipt gathers this server's and each other server's. The offer goes out with
 * the first bytes; a file that fits one message goes out whole at its end, in that one message.
 * Calls come from the sender's thread, in order; the other servers' answers come from the NATS
 * connection's thread.
 */
final class ClusterPublication implements Publication {
    private final NatsBroker broker;
    private final FileOffer offer;
    private final String lane;
    private final OutgoingLane credits;
    private final Publication local;
    private final Map<String, RemotePart> parts = new LinkedHashMap<>();
    private final FanOut receipt;
    private final String subject;
    private long sequence;
    private long relayed;
    private boolean offerSent;
    /** The whole content of a file that fits one message, kept until its end. */
    private byte[] held;

    ClusterPublication(NatsBroker broker, FileOffer offer, String lane, OutgoingLane credits, Publication local,
                       List<String> nodes) {
        this.broker = broker;
        this.offer = offer;
        this.lane = lane;
        this.credits = credits;
        this.local = local;
        this.subject = broker.subjects().topic(offer.topic());
        this.receipt = FanOut.ofParts(1 + nodes.size());
        nodes.forEach(node -> parts.put(node, new RemotePart(node, receipt)));
        FanOut here = local.fanOut();
        receipt.partOffered(here.offered());
        here.done().thenAccept(done -> receipt.partDone(done.completed(), done.failures()));
    }

    long id() {
        return offer.id();
    }

    RemotePart part(String node) {
        return parts.get(node);
    }

    Iterable<RemotePart> parts() {
        return parts.values();
    }

    @Override
    public FanOut fanOut() {
        return receipt;
    }

    @Override
    public void chunk(Chunk chunk) {
        local.chunk(chunk);
        ByteBuffer data = chunk.data();
        relayed += data.remaining();
        if (allDone()) {
            return;
        }
        if (!offerSent && relayed == offer.size() && data.remaining() <= broker.pieceSize()) {
            held = new byte[data.remaining()];
            data.get(held);
            return;
        }
        if (!offerSent) {
            send(Kind.OFFER, ClusterMessages.offer(offer, parts.keySet()));
        }
        while (data.hasRemaining()) {
            byte[] piece = new byte[Math.min(data.remaining(), broker.pieceSize())];
            data.get(piece);
            send(Kind.CHUNK, piece);
            broker.published(piece.length);
        }
    }

    /** Waits for this server's subscribers, then for every other server still in the file to give credit. */
    @Override
    public void awaitRoom() throws InterruptedException {
        local.awaitRoom();
        for (RemotePart part : parts.values()) {
            if (!credits.awaitRoom(part.node(), part::done, broker.stallNanos())) {
                leaveOut(part, "did not take the file's bytes for " + broker.stallNanos() / 1_000_000_000 + " s");
            }
        }
    }

    /** The other servers' subscribers wait for their own previous file there; the credit window bounds the rest. */
    @Override
    public void awaitReadyForNext() throws InterruptedException {
        local.awaitReadyForNext();
    }

    @Override
    public void end(String sha256) {
        local.end(sha256);
        if (offerSent) {
            send(Kind.END, ClusterMessages.text(sha256));
        } else if (!allDone()) {
            byte[] content = held == null ? new byte[0] : held;
            byte[] whole = ClusterMessages.whole(offer, parts.keySet(), sha256, content);
            offerSent();
            credits.smallFiles().add(subject, this, whole);
            count(whole.length);
            broker.published(content.length);
        }
    }

    @Override
    public void abort(String reason) {
        local.abort(reason);
        if (offerSent) {
            send(Kind.ABORT, ClusterMessages.text(reason));
        } else {
            // Nothing went out: no subscriber elsewhere was offered the file.
            parts.values().forEach(part -> part.reported(0, List.of()));
        }
    }

    /**
     * Sends the next message of the file to the topic's subject, after small files of the same
     * sender waiting to go; it counts against the credit of every server still in the file. A
     * message NATS does not take ends the file for every other server.
     */
    private void send(Kind kind, byte[] body) {
        try {
            credits.smallFiles().sendAfterWaiting(
                    ClusterMessages.message(subject, kind, broker.nodeId(), lane, offer.id(), sequence++, body));
        } catch (IllegalStateException notConnected) {
            lostConnection(notConnected);
            return;
        }
        if (kind == Kind.OFFER) {
            offerSent();
        }
        count(body.length);
    }

    /** NATS did not take a message of this file: the other servers will not get it. */
    void lostConnection(IllegalStateException notConnected) {
        parts.values().forEach(part -> leaveOut(part, "the connection to NATS was lost (" + notConnected.getMessage() + ")"));
    }

    /** Whether no other server waits for this file any more. */
    private boolean allDone() {
        return parts.values().stream().allMatch(RemotePart::done);
    }

    private void offerSent() {
        offerSent = true;
        parts.values().forEach(RemotePart::offerSent);
    }

    /** A message of the file counts against the credit of every server still in the file. */
    private void count(int bodyLength) {
        long cost = ClusterMessages.cost(bodyLength);
        parts.values().stream().filter(part -> !part.done()).forEach(part -> credits.sent(part.node(), cost));
    }

    /** The other server's subscribers will not get this file; the sender no longer waits for that server. */
    void leaveOut(RemotePart part, String reason) {
        part.failed(reason);
        credits.forget(part.node());
    }
}
