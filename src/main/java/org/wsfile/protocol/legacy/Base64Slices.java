package org.wsfile.protocol.legacy;

import java.util.Base64;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/**
 * The base64 content of a frame, decoded one slice at a time, so it is never copied or decoded whole.
 * Each slice is 256 Ki characters (192 KiB of bytes), a multiple of 4 so every slice decodes on its own.
 */
public final class Base64Slices {
    static final int SLICE_CHARS = 256 * 1024;

    private final Base64.Decoder decoder = Base64.getDecoder();
    private final String frame;
    private final int start;
    private int from;

    /** The content {@code frame[start..]}. */
    Base64Slices(String frame, int start) {
        this.frame = frame;
        this.start = start;
        this.from = start;
    }

    public boolean hasNext() {
        return from < frame.length();
    }

    /**
     * Decodes the next slice.
     *
     * @throws ProtocolException if it is not valid base64
     */
    public byte[] next() throws ProtocolException {
        int to = Math.min(frame.length(), from + SLICE_CHARS);
        String slice = frame.substring(from, to);
        int offset = from - start;
        from = to;
        // Padding may only end the content, and the decoder would accept it at the end of any slice.
        if (to < frame.length() && slice.indexOf('=') >= 0) {
            throw badBase64(offset);
        }
        try {
            return decoder.decode(slice);
        } catch (IllegalArgumentException e) {
            throw badBase64(offset);
        }
    }

    /** The refusal of content that is not base64, near this character of it: for either way a frame is read. */
    static ProtocolException badBase64(long offset) {
        return new ProtocolException(ErrorCode.BAD_BASE64,
                "the file content is not valid base64 (near character " + offset + " of the content)");
    }
}
