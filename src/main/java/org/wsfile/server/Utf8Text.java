package org.wsfile.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text encoded in UTF-8 once for every connection it is written to: the original protocol
 * writes each part of a file's text, hundreds of kilobytes, to each of the file's subscribers,
 * and a connection that writes frames itself writes these very bytes to every one of them.
 */
final class Utf8Text {
    private final byte[] bytes;
    /** The text as one whole WebSocket frame, with the header it was last asked for: most often asked for again. */
    private volatile Frame frame;

    private record Frame(ByteBuffer header, byte[] whole) {
    }

    /** @param bytes UTF-8, never changed afterwards */
    Utf8Text(byte[] bytes) {
        this.bytes = bytes;
    }

    static Utf8Text of(String text) {
        return new Utf8Text(text.getBytes(StandardCharsets.UTF_8));
    }

    int length() {
        return bytes.length;
    }

    /**
     * The text after this frame header, in one array: made once for every connection that writes
     * the text with the same header, as every subscriber of a file's text does, so that each writes
     * one shared array and the container need not join a header of its own to it.
     */
    byte[] framed(ByteBuffer header) {
        Frame made = frame;
        if (made == null || !made.header().equals(header)) {
            byte[] whole = new byte[header.remaining() + bytes.length];
            header.duplicate().get(whole, 0, header.remaining());
            System.arraycopy(bytes, 0, whole, header.remaining(), bytes.length);
            made = new Frame(header.duplicate(), whole);
            frame = made;
        }
        return made.whole();
    }

    /** The text, for a connection that takes strings. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
