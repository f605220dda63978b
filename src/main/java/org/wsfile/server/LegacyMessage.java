package org.wsfile.server;

import java.util.Optional;

import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.FileOffer;

/**
 * One file as the original protocol delivers it, {@code {mime}:{file name}:{base64}}, made once
 * for all of the file's original-protocol subscribers: the text is gathered into fragments of
 * about {@value #FRAGMENT_CHARS} characters (every fragment costs the container as much as many
 * bytes, so a small file is one message), and each fragment is one string that every
 * subscriber's outbox queues. Chunks come to the subscribers one after another, each chunk to
 * each of them: the first to see a chunk encodes it, the others get what it made.
 */
final class LegacyMessage {
    /** Characters gathered before they are written as a fragment of the message. */
    static final int FRAGMENT_CHARS = 256 * 1024;

    private final LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
    private final StringBuilder gathered;
    private Chunk lastChunk;
    private Optional<String> fragment = Optional.empty();
    private String end;

    LegacyMessage(FileOffer offer) {
        this.gathered = new StringBuilder(LegacyDeliveryEncoder.header(offer.mime(), offer.name()));
    }

    /** The fragment this chunk completes, if it completes one. */
    synchronized Optional<String> after(Chunk chunk) {
        if (chunk != lastChunk) {
            lastChunk = chunk;
            gathered.append(encoder.encode(chunk.data()));
            fragment = gathered.length() >= FRAGMENT_CHARS ? Optional.of(gathered.toString()) : Optional.empty();
            if (fragment.isPresent()) {
                gathered.setLength(0);
            }
        }
        return fragment;
    }

    /** The message's last fragment, once the file's last chunk was seen. */
    synchronized String end() {
        if (end == null) {
            end = gathered.append(encoder.finish()).toString();
            gathered.setLength(0);
        }
        return end;
    }
}
