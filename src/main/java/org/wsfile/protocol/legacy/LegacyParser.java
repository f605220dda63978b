package org.wsfile.protocol.legacy;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;

/**
 * Parses frames of the original text protocol.
 * <p>
 * {@code message:{topic}:{mime}:{file name}:{base64}}: the topic ends at the first {@code :} after
 * {@code message:} and the mime type at the next. Base64 never contains {@code :}, so the content
 * starts after the <em>last</em> one and the file name is everything in between: a file name with
 * colons arrives intact, which the original got wrong.
 */
public final class LegacyParser {
    /** Prefix of a subscribe frame. */
    public static final String SUBSCRIBE = "subscribe:";
    /** Prefix of a file frame. */
    public static final String MESSAGE = "message:";


    private final long maxFileSize;

    /** @param maxFileSize the largest file, in bytes, that a message may carry */
    public LegacyParser(long maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    /**
     * The longest frame that can carry a file of the given size: its base64 plus the longest
     * prefix the limits allow.
     */
    public static long maxFrameLength(long maxFileSize) {
        long base64 = (maxFileSize + 2) / 3 * 4;
        return base64 + MESSAGE.length() + Names.MAX_TOPIC_BYTES + Names.MAX_MIME_LENGTH + Names.MAX_NAME_BYTES + 3;
    }

    /**
     * Reads one frame.
     *
     * @throws ProtocolException with a sentence that says what is wrong with the frame
     */
    public LegacyCommand parse(String frame) throws ProtocolException {
        if (frame.startsWith(SUBSCRIBE)) {
            return new LegacyCommand.Subscribe(subscribeTopic(frame));
        }
        if (frame.startsWith(MESSAGE)) {
            return new LegacyCommand.Publish(message(frame));
        }
        throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND,
                "expected subscribe:{topic} or message:{topic}:{mime}:{file name}:{base64}, got \""
                        + Names.preview(frame) + "\"");
    }

    private static String subscribeTopic(String frame) throws ProtocolException {
        if (frame.length() - SUBSCRIBE.length() > Names.MAX_TOPIC_BYTES) {
            throw Names.topicTooLong();
        }
        return Names.checkTopic(frame.substring(SUBSCRIBE.length()));
    }

    // Lengths are checked before any substring is taken, so a frame of hundreds of megabytes
    // that lacks separators is never copied.
    private LegacyFile message(String frame) throws ProtocolException {
        int topicStart = MESSAGE.length();
        int topicEnd = frame.indexOf(':', topicStart);
        if (topicEnd < 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a message needs message:{topic}:{mime}:{file name}:{base64}; no ':' after the topic");
        }
        if (topicEnd - topicStart > Names.MAX_TOPIC_BYTES) {
            throw Names.topicTooLong();
        }
        String topic = Names.checkTopic(frame.substring(topicStart, topicEnd));

        int mimeEnd = frame.indexOf(':', topicEnd + 1);
        int dataSeparator = frame.lastIndexOf(':');
        if (mimeEnd < 0 || dataSeparator <= mimeEnd) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a message needs message:{topic}:{mime}:{file name}:{base64}; the mime type or file name is missing");
        }
        if (mimeEnd - topicEnd - 1 > Names.MAX_MIME_LENGTH) {
            throw Names.mimeTooLong();
        }
        String mime = Names.checkMime(frame.substring(topicEnd + 1, mimeEnd));
        if (dataSeparator - mimeEnd - 1 > Names.MAX_NAME_BYTES) {
            throw Names.nameTooLong();
        }
        String name = Names.checkFileName(frame.substring(mimeEnd + 1, dataSeparator));

        int dataStart = dataSeparator + 1;
        int base64Length = frame.length() - dataStart;
        // Padding removes at most two bytes, so this is the smallest size the content can decode to.
        long leastSize = (long) base64Length / 4 * 3 - 2;
        if (leastSize > maxFileSize) {
            throw tooLarge(leastSize);
        }
        long size = decodedSize(frame, dataStart);
        if (size > maxFileSize) {
            throw tooLarge(size);
        }
        return new LegacyFile(topic, mime, name, frame, dataStart, size);
    }

    /** Decodes the content, which both validates it and measures it. */
    private static long decodedSize(String frame, int dataStart) throws ProtocolException {
        Base64Slices slices = new Base64Slices(frame, dataStart);
        long size = 0;
        while (slices.hasNext()) {
            size += slices.next().length;
        }
        return size;
    }

    private ProtocolException tooLarge(long size) {
        return Names.tooLarge(size, maxFileSize);
    }

}
