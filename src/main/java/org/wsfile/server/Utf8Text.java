package org.wsfile.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.wsfile.websocket.WebSocketFrames;

/**
 * A text encoded in UTF-8 once for every connection it is written to, in an array with room
 * before it for the header of the WebSocket frame that carries it: the original protocol writes
 * each part of a file's text, hundreds of kilobytes, to each of the file's subscribers, and a
 * connection that writes frames itself writes this one array, header included, to every one of
 * them, so the text is neither copied nor joined to a header per connection.
 */
final class Utf8Text {
    /** The header's room, then the text. */
    private final byte[] frame;
    private final int room;
    /** The header written into the room, once one was. */
    private ByteBuffer header;

    private Utf8Text(byte[] frame, int room) {
        this.frame = frame;
        this.room = room;
    }

    static Utf8Text of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return of(bytes, 0, bytes.length);
    }

    /** The {@code length} bytes of {@code utf8} from {@code offset}, which are copied. */
    static Utf8Text of(byte[] utf8, int offset, int length) {
        int room = WebSocketFrames.headerLength(length);
        byte[] frame = new byte[room + length];
        System.arraycopy(utf8, offset, frame, room, length);
        return new Utf8Text(frame, room);
    }

    /**
     * A text that was put in place after room for its frame's header ({@link WebSocketFrames#headerLength}),
     * filling the rest of {@code frame}: the array is taken as it is, not copied, and must not change afterwards.
     */
    static Utf8Text inPlace(byte[] frame, int room) {
        if (room != WebSocketFrames.headerLength(frame.length - room)) {
            throw new IllegalArgumentException(room + " bytes of room before " + (frame.length - room) + " bytes of text");
        }
        return new Utf8Text(frame, room);
    }

    int length() {
        return frame.length - room;
    }

    /**
     * The text after this frame header, in one array of exactly that: the same array for every
     * connection that writes the text with the same header, as every subscriber of a file's text
     * does; a copy of its own for a connection that asks for another header.
     */
    synchronized byte[] framed(ByteBuffer header) {
        if (this.header == null && header.remaining() == room) {
            header.duplicate().get(frame, 0, room);
            this.header = header.duplicate();
        }
        if (header.equals(this.header)) {
            return frame;
        }
        byte[] own = new byte[header.remaining() + length()];
        header.duplicate().get(own, 0, header.remaining());
        System.arraycopy(frame, room, own, header.remaining(), length());
        return own;
    }

    /** The text, for a connection that takes strings. */
    @Override
    public String toString() {
        return new String(frame, room, length(), StandardCharsets.UTF_8);
    }
}
