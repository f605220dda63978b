package org.wsfile.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.FileOffer;

/**
 * One file as the original protocol delivers it, {@code {mime}:{file name}:{base64}}, made once
 * for all of the file's original-protocol subscribers: the text is gathered, in UTF-8, into
 * fragments of about {@value #FRAGMENT_BYTES} bytes (every fragment costs as much as many bytes, so
 * a small file is one message), and each fragment's bytes are written as they are to every
 * subscriber. Chunks come to the subscribers one after another, each chunk to each of them: the
 * first to see a chunk encodes it, the others get what it made. The header, the only text that
 * is not ASCII, is all in the first fragment, so no fragment splits a character.
 */
final class LegacyMessage {
    /** Bytes gathered before they are written as a fragment of the message. */
    static final int FRAGMENT_BYTES = 256 * 1024;

    private final LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
    private final Gathered gathered = new Gathered();
    private Chunk lastChunk;
    private Optional<Utf8Text> fragment = Optional.empty();
    private Utf8Text end;

    LegacyMessage(FileOffer offer) {
        gathered.writeBytes(LegacyDeliveryEncoder.header(offer.mime(), offer.name()).getBytes(StandardCharsets.UTF_8));
    }

    /** The fragment this chunk completes, if it completes one. */
    synchronized Optional<Utf8Text> after(Chunk chunk) {
        if (chunk != lastChunk) {
            lastChunk = chunk;
            gathered.writeBytes(encoder.encode(chunk.data()));
            fragment = gathered.size() >= FRAGMENT_BYTES ? Optional.of(take()) : Optional.empty();
        }
        return fragment;
    }

    /** The message's last fragment, once the file's last chunk was seen. */
    synchronized Utf8Text end() {
        if (end == null) {
            gathered.writeBytes(encoder.finish());
            end = take();
        }
        return end;
    }

    private Utf8Text take() {
        Utf8Text taken = Utf8Text.of(gathered.buffer(), gathered.size());
        gathered.reset();
        return taken;
    }

    /** Gathers bytes and lends its buffer, so that a fragment is copied once, straight into its frame. */
    private static final class Gathered extends ByteArrayOutputStream {
        byte[] buffer() {
            return buf;
        }
    }
}
