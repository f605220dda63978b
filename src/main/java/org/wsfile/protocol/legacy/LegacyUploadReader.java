package org.wsfile.protocol.legacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.StrictUtf8;

/**
 * A {@code message:{topic}:{mime}:{file name}:{base64}} frame of the original protocol read as it
 * arrives, as UTF-8 bytes in slices, without holding it whole: the header is checked as soon as it
 * is known (by {@link LegacyParser}, as for a whole frame) and the content is decoded on the way
 * into a {@link Sink}. The file name ends at the last {@code :} before the content, which has none;
 * as a name has at most {@link Names#MAX_NAME_BYTES} bytes, the header is known once that many
 * bytes past the mime type have arrived. One reader per message.
 */
public final class LegacyUploadReader {
    /** Where the decoded content goes. */
    public interface Sink {
        /**
         * The next decoded bytes, with the base64 characters they were decoded from (both valid
         * during the call only): a server that relays the file in the original protocol again may
         * pass the sender's text on rather than encode the bytes anew.
         */
        void write(ByteBuffer decoded, ByteBuffer base64) throws IOException;
    }

    /** Told the header as soon as it is known, before the content: may refuse the file then. */
    public interface HeaderCheck {
        void check(LegacyFile header) throws ProtocolException;
    }

    private final LegacyParser parser;
    private final long maxFileSize;
    private final Sink sink;
    private final HeaderCheck check;
    private final Base64.Decoder decoder = Base64.getDecoder();
    /** The longest header a valid file frame can have, in bytes, with the separator after the name. */
    private static final int LONGEST_HEADER = LegacyParser.MESSAGE.length() + Names.MAX_TOPIC_BYTES
            + Names.MAX_MIME_LENGTH * 4 + Names.MAX_NAME_BYTES + 3;
    private final ByteBuffer headerBytes = ByteBuffer.allocate(LONGEST_HEADER);
    /** Base64 characters that do not yet make a group of four. */
    private final ByteBuffer carry = ByteBuffer.allocate(4);
    private LegacyFile header;
    private long contentChars;
    private long decodedSize;
    private boolean padded;

    public LegacyUploadReader(long maxFileSize, HeaderCheck check, Sink sink) {
        this.parser = new LegacyParser(maxFileSize);
        this.maxFileSize = maxFileSize;
        this.check = check;
        this.sink = sink;
    }

    /**
     * Reads the next bytes of the frame.
     *
     * @throws ProtocolException if the frame is not a valid file (the rest of it is then of no use)
     * @throws IOException       if the sink fails
     */
    public void read(ByteBuffer slice) throws ProtocolException, IOException {
        if (header == null) {
            readHeader(slice, false);
        }
        if (header != null && slice.hasRemaining()) {
            decode(slice);
        }
    }

    /**
     * The frame has ended.
     *
     * @return the file's topic, mime type and name, with its size in {@link LegacyFile#decodedSize()}
     */
    public LegacyFile end() throws ProtocolException, IOException {
        if (header == null) {
            readHeader(ByteBuffer.allocate(0), true);
        }
        if (carry.position() > 0) {
            byte[] rest = new byte[carry.position()];
            carry.flip().get(rest);
            decodeGroups(ByteBuffer.wrap(rest));
        }
        return new LegacyFile(header.topic(), header.mime(), header.name(), "", 0, decodedSize);
    }

    /** Gathers header bytes until the last separator before the content can be told, and checks the header. */
    private void readHeader(ByteBuffer slice, boolean ended) throws ProtocolException, IOException {
        int take = Math.min(slice.remaining(), headerBytes.remaining());
        headerBytes.put(slice.slice(slice.position(), take));
        slice.position(slice.position() + take);
        if (!ended && headerBytes.hasRemaining()) {
            return;
        }
        byte[] bytes = Arrays.copyOf(headerBytes.array(), headerBytes.position());
        int colons = colons(bytes);
        if (colons < 4 && !ended) {
            // The longest header has arrived without the separators: the part under way is too long.
            throw colons == 1 ? Names.topicTooLong() : colons == 2 ? Names.mimeTooLong() : Names.nameTooLong();
        }
        if (colons < 4) {
            // The whole frame, too short to be a file: the parser says what is missing.
            parser.parse(new String(bytes, StandardCharsets.UTF_8));
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a message needs message:{topic}:{mime}:{file name}:{base64}");
        }
        int separator = lastSeparator(bytes);
        String prefix = utf8(bytes, separator + 1);
        // The header alone, as a frame with no content: the parser checks it as it checks a whole frame.
        if (!(parser.parse(prefix) instanceof LegacyCommand.Publish publish)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a file frame starts with " + LegacyParser.MESSAGE);
        }
        header = publish.file();
        check.check(header);
        ByteBuffer content = ByteBuffer.wrap(bytes, separator + 1, bytes.length - separator - 1);
        if (content.hasRemaining()) {
            decode(content);
        }
    }

    private static int colons(byte[] bytes) {
        int colons = 0;
        for (byte b : bytes) {
            if (b == ':') {
                colons++;
            }
        }
        return colons;
    }

    /** Where the content starts: after the last ':', as the content has none. */
    private static int lastSeparator(byte[] bytes) {
        for (int i = bytes.length - 1; ; i--) {
            if (bytes[i] == ':') {
                return i;
            }
        }
    }

    private void decode(ByteBuffer slice) throws ProtocolException, IOException {
        if (padded && slice.hasRemaining()) {
            throw badBase64();
        }
        while (carry.position() > 0 && carry.hasRemaining() && slice.hasRemaining()) {
            carry.put(slice.get());
        }
        if (!carry.hasRemaining()) {
            decodeGroups(carry.flip());
            carry.clear();
        }
        int whole = slice.remaining() / 4 * 4;
        if (whole > 0) {
            decodeGroups(slice.slice(slice.position(), whole));
            slice.position(slice.position() + whole);
        }
        carry.put(slice);
    }

    /** Decodes whole groups of four characters into the sink; padding may only end the content. */
    private void decodeGroups(ByteBuffer groups) throws ProtocolException, IOException {
        if (padded) {
            throw badBase64();
        }
        // The decoder refuses padding anywhere but at the end of what it is given; at the end of
        // these groups, it must also be the end of the content.
        boolean endsPadded = groups.hasRemaining() && groups.get(groups.limit() - 1) == '=';
        long offset = contentChars;
        contentChars += groups.remaining();
        ByteBuffer chars = groups.duplicate();
        ByteBuffer decoded;
        try {
            decoded = decoder.decode(groups);
            padded = endsPadded;
        } catch (IllegalArgumentException e) {
            throw Base64Slices.badBase64(offset);
        }
        decodedSize += decoded.remaining();
        if (decodedSize > maxFileSize) {
            throw Names.tooLarge(decodedSize, maxFileSize);
        }
        sink.write(decoded, chars);
    }

    private ProtocolException badBase64() {
        return Base64Slices.badBase64(contentChars);
    }

    private static String utf8(byte[] bytes, int length) throws ProtocolException {
        try {
            return StrictUtf8.decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the message is not UTF-8 text");
        }
    }

    /** Whether a text frame that starts with these bytes is a file, which this reader takes as it arrives. */
    public static boolean isFile(ByteBuffer start) {
        byte[] prefix = LegacyParser.MESSAGE.getBytes(StandardCharsets.US_ASCII);
        return start.remaining() >= prefix.length && start.slice(start.position(), prefix.length).equals(ByteBuffer.wrap(prefix));
    }

    /** How many bytes a frame's start must have before {@link #isFile} can tell. */
    public static int bytesToTell() {
        return LegacyParser.MESSAGE.length();
    }
}
