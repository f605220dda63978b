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
    /** The UTF-8 length of what is gathered: the header's, measured once, and one byte per base64 character. */
    private int gatheredBytes;
    private Chunk lastChunk;
    private Optional<MeasuredText> fragment = Optional.empty();
    private MeasuredText end;

    LegacyMessage(FileOffer offer) {
        MeasuredText header = MeasuredText.of(LegacyDeliveryEncoder.header(offer.mime(), offer.name()));
        this.gathered = new StringBuilder(header.value());
        this.gatheredBytes = header.utf8Length();
    }

    /** The fragment this chunk completes, if it completes one. */
    synchronized Optional<MeasuredText> after(Chunk chunk) {
        if (chunk != lastChunk) {
            lastChunk = chunk;
            gather(encoder.encode(chunk.data()));
            fragment = gathered.length() >= FRAGMENT_CHARS ? Optional.of(take()) : Optional.empty();
        }
        return fragment;
    }

    /** The message's last fragment, once the file's last chunk was seen. */
    synchronized MeasuredText end() {
        if (end == null) {
            gather(encoder.finish());
            end = take();
        }
        return end;
    }

    private void gather(String base64) {
        gathered.append(base64);
        gatheredBytes += base64.length();
    }

    private MeasuredText take() {
        MeasuredText taken = new MeasuredText(gathered.toString(), gatheredBytes);
        gathered.setLength(0);
        gatheredBytes = 0;
        return taken;
    }
}
