package org.wsfile.protocol.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.StrictUtf8;

/**
 * Reads the files of {@linkplain Bundles bundle} frames as they arrive, fragment by fragment,
 * after the marker: each file's header whole, its content as it comes, without holding a whole
 * frame. One reader per connection, fed one fragment at a time; after a
 * {@link ProtocolException} the rest of the frame is skipped.
 */
public final class BundleReader {
    /** Where the files go. */
    public interface Handler {
        /** A file starts: its header, and how many content bytes follow. */
        void begin(String header, int contentLength);

        /** The next bytes of the file begun last; valid during the call only. */
        void content(ByteBuffer bytes);

        /** The file begun last has all its bytes. */
        void end();
    }

    private final ByteBuffer lengths = ByteBuffer.allocate(Bundles.LENGTHS_BYTES);
    private ByteBuffer header;
    private int contentLeft = -1;
    private boolean skipping;

    /**
     * Reads one fragment of a bundle, the marker already taken off.
     *
     * @param last whether it ends its frame
     * @throws ProtocolException if the frame breaks the format (a length out of range, a header
     *                           that is not UTF-8, a frame that ends inside a file); the rest of
     *                           the frame is then skipped, and a file begun is not ended
     */
    public void fragment(ByteBuffer part, boolean last, Handler handler) throws ProtocolException {
        try {
            if (!skipping) {
                read(part, handler);
                if (last && (lengths.position() > 0 || header != null || contentLeft >= 0)) {
                    throw new ProtocolException(ErrorCode.BAD_FRAME, "the bundle ends inside a file");
                }
            }
        } catch (ProtocolException problem) {
            skipping = !last;
            reset();
            throw problem;
        } finally {
            if (last) {
                skipping = false;
                reset();
            }
        }
    }

    private void read(ByteBuffer part, Handler handler) throws ProtocolException {
        while (part.hasRemaining() || contentLeft == 0) {
            if (contentLeft >= 0) {
                int take = Math.min(contentLeft, part.remaining());
                if (take > 0) {
                    handler.content(part.slice(part.position(), take));
                    part.position(part.position() + take);
                    contentLeft -= take;
                }
                if (contentLeft == 0) {
                    contentLeft = -1;
                    handler.end();
                }
            } else if (header != null) {
                copy(part, header);
                if (!header.hasRemaining()) {
                    int length = lengths.getInt(4);
                    String text = utf8(header.flip());
                    header = null;
                    lengths.clear();
                    handler.begin(text, length);
                    contentLeft = length;
                }
            } else {
                copy(part, lengths);
                if (!lengths.hasRemaining()) {
                    header = ByteBuffer.allocate(checked(lengths.getInt(0), 1, Bundles.MAX_HEADER_SIZE, "header"));
                    checked(lengths.getInt(4), 0, Bundles.MAX_SIZE, "file");
                }
            }
        }
    }

    private void reset() {
        lengths.clear();
        header = null;
        contentLeft = -1;
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int take = Math.min(from.remaining(), to.remaining());
        to.put(from.slice(from.position(), take));
        from.position(from.position() + take);
    }

    private static int checked(int length, int min, int max, String what) throws ProtocolException {
        if (length < min || length > max) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a bundled " + what + " of " + Integer.toUnsignedString(length)
                    + " bytes; it must have " + min + " to " + max);
        }
        return length;
    }

    private static String utf8(ByteBuffer bytes) throws ProtocolException {
        try {
            return StrictUtf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a bundled file's header is not UTF-8");
        }
    }
}
