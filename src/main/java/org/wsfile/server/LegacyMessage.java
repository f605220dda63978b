package org.wsfile.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.FileOffer;
import org.wsfile.websocket.WebSocketFrames;

/**
 * One file as the original protocol delivers it, {@code {mime}:{file name}:{base64}}, made once
 * for all of the file's original-protocol subscribers: the text is gathered, in UTF-8, into one
 * frame if it fits a subscriber's buffer ({@code wsfile.subscriber.buffer}), as the original sends
 * it (a receiver copies a fragmented message once more to join it: Node's {@code ws} receivers took
 * 20 % more files of 1 MB a second sent whole), else into fragments of about
 * {@value #FRAGMENT_BYTES} bytes, so that memory does not grow with the file; each frame's bytes
 * are written as they are to every subscriber. Chunks come to the subscribers one after another,
 * each chunk to each of them: the first to see a chunk adds its base64, the others get what it
 * made. The base64 is the file's bytes encoded or, when the sender sent exactly that, the sender's
 * own ({@link #forwarding}). The header, the only text that is not ASCII, is all in the first
 * fragment, so no fragment splits a character.
 */
final class LegacyMessage {
    /** Bytes gathered before they are written as a fragment of a longer message. */
    static final int FRAGMENT_BYTES = 256 * 1024;

    private final Base64Source base64;
    /** Whether the message goes as one frame, written once the file's last chunk was seen. */
    private final boolean oneFrame;
    /** Sized for the message, or two fragments of it, at once: growing it for every file cost more than the file. */
    private final Gathered gathered;
    private Chunk lastChunk;
    private Optional<Utf8Text> fragment = Optional.empty();
    private Utf8Text end;

    /**
     * The message of a file whose bytes are encoded as they come.
     *
     * @param oneFrameUpTo the longest message sent as one frame
     */
    LegacyMessage(FileOffer offer, long oneFrameUpTo) {
        this(offer, new Encoding(), oneFrameUpTo);
    }

    private LegacyMessage(FileOffer offer, Base64Source base64, long oneFrameUpTo) {
        this.base64 = base64;
        byte[] header = LegacyDeliveryEncoder.header(offer.mime(), offer.name()).getBytes(StandardCharsets.UTF_8);
        long length = header.length + (offer.size() + 2) / 3 * 4;
        oneFrame = length <= oneFrameUpTo;
        gathered = oneFrame ? new Gathered((int) length, WebSocketFrames.headerLength((int) length)) : new Gathered(2 * FRAGMENT_BYTES, 0);
        gathered.writeBytes(header);
    }

    /**
     * The message of a file that arrived as this base64, which is what encoding its bytes gives
     * ({@link UploadSpool#sendersBase64()}): passed on as it is, a part for each chunk of the
     * file's bytes as they are relayed, so that it keeps their pace.
     */
    static LegacyMessage forwarding(FileOffer offer, HeldBytes sendersBase64, long oneFrameUpTo) {
        return new LegacyMessage(offer, new Forwarding(sendersBase64), oneFrameUpTo);
    }

    /** The fragment this chunk completes, if it completes one. */
    synchronized Optional<Utf8Text> after(Chunk chunk) {
        if (chunk != lastChunk) {
            lastChunk = chunk;
            base64.add(chunk.data(), gathered);
            fragment = !oneFrame && gathered.size() >= FRAGMENT_BYTES ? Optional.of(take()) : Optional.empty();
        }
        return fragment;
    }

    /** The message's last fragment, once the file's last chunk was seen. */
    synchronized Utf8Text end() {
        if (end == null) {
            base64.finish(gathered);
            end = oneFrame ? gathered.frame() : take();
        }
        return end;
    }

    /** The fragment gathered so far; the next is gathered in the same buffer. */
    private Utf8Text take() {
        Utf8Text taken = Utf8Text.of(gathered.buffer(), 0, gathered.size());
        gathered.reset();
        return taken;
    }

    /** Where the base64 of the file's bytes comes from, chunk after chunk. */
    private interface Base64Source {
        /** Adds the base64 of the chunk's bytes, as far as they make whole groups. */
        void add(ByteBuffer chunk, Gathered to);

        /** Adds the rest, the last group padded. */
        void finish(Gathered to);
    }

    /** Encodes the bytes. */
    private static final class Encoding implements Base64Source {
        private final LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();

        @Override
        public void add(ByteBuffer chunk, Gathered to) {
            to.writeBytes(encoder.encode(chunk));
        }

        @Override
        public void finish(Gathered to) {
            to.writeBytes(encoder.finish());
        }
    }

    /** Takes the base64 the sender sent: each three bytes relayed stand for the next four characters. */
    private static final class Forwarding implements Base64Source {
        private final HeldBytes text;
        private long bytesSeen;
        private long added;

        Forwarding(HeldBytes text) {
            this.text = text;
        }

        @Override
        public void add(ByteBuffer chunk, Gathered to) {
            bytesSeen += chunk.remaining();
            addUpTo(bytesSeen / 3 * 4, to);
        }

        @Override
        public void finish(Gathered to) {
            addUpTo(text.size(), to);
        }

        private void addUpTo(long end, Gathered to) {
            text.copy(added, end, to);
            added = end;
        }
    }

    /**
     * Gathers bytes and lends its buffer, so that a fragment is copied once, straight into its frame;
     * a message sent as one frame is gathered after room for the frame's header, in an array that
     * becomes the frame if the message fills it, as it does when the file is the size it was said to be.
     */
    private static final class Gathered extends ByteArrayOutputStream {
        private final int room;

        Gathered(int length, int room) {
            super(room + length);
            this.room = room;
            count = room;
        }

        byte[] buffer() {
            return buf;
        }

        /** The whole message, gathered after room for its header, as the one frame it goes in. */
        Utf8Text frame() {
            int length = count - room;
            return count == buf.length && room == WebSocketFrames.headerLength(length)
                    ? Utf8Text.inPlace(buf, room)
                    : Utf8Text.of(buf, room, length);
        }
    }
}
