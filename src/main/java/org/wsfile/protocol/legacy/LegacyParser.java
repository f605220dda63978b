package org.wsfile.protocol.legacy;

import java.util.Base64;

import org.wsfile.protocol.ErrorCode;
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
    /** Longest topic accepted, in characters. */
    public static final int MAX_TOPIC_LENGTH = 256;
    /** Longest mime type accepted, in characters. */
    public static final int MAX_MIME_LENGTH = 255;
    /** Longest file name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;

    /** Base64 is checked in slices of this many characters (a multiple of 4) so it is never copied whole. */
    private static final int DECODE_SLICE = 256 * 1024;
    private static final int PREVIEW_LENGTH = 40;

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
        return base64 + MESSAGE.length() + MAX_TOPIC_LENGTH + MAX_MIME_LENGTH + MAX_NAME_LENGTH + 3;
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
                        + preview(frame) + "\"");
    }

    private static String subscribeTopic(String frame) throws ProtocolException {
        int length = frame.length() - SUBSCRIBE.length();
        if (length > MAX_TOPIC_LENGTH) {
            throw tooLongTopic();
        }
        String topic = frame.substring(SUBSCRIBE.length());
        if (topic.indexOf(':') >= 0) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "a topic cannot contain ':'");
        }
        return checkTopic(topic);
    }

    private LegacyFile message(String frame) throws ProtocolException {
        int topicStart = MESSAGE.length();
        int topicEnd = frame.indexOf(':', topicStart);
        if (topicEnd < 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a message needs message:{topic}:{mime}:{file name}:{base64}; no ':' after the topic");
        }
        if (topicEnd - topicStart > MAX_TOPIC_LENGTH) {
            throw tooLongTopic();
        }
        String topic = checkTopic(frame.substring(topicStart, topicEnd));

        int mimeEnd = frame.indexOf(':', topicEnd + 1);
        int dataSeparator = frame.lastIndexOf(':');
        if (mimeEnd < 0 || dataSeparator <= mimeEnd) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a message needs message:{topic}:{mime}:{file name}:{base64}; the mime type or file name is missing");
        }
        if (mimeEnd - topicEnd - 1 > MAX_MIME_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "the mime type is longer than " + MAX_MIME_LENGTH + " characters");
        }
        String mime = frame.substring(topicEnd + 1, mimeEnd);
        if (hasControlCharacter(mime)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the mime type contains control characters");
        }
        if (dataSeparator - mimeEnd - 1 > MAX_NAME_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_NAME,
                    "the file name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String name = frame.substring(mimeEnd + 1, dataSeparator);
        if (name.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name is empty");
        }
        if (hasControlCharacter(name)) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name contains control characters");
        }

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

    /** Decodes the content slice by slice, which both validates it and measures it. */
    private static long decodedSize(String frame, int dataStart) throws ProtocolException {
        Base64.Decoder decoder = Base64.getDecoder();
        long size = 0;
        for (int from = dataStart; from < frame.length(); from += DECODE_SLICE) {
            int to = Math.min(frame.length(), from + DECODE_SLICE);
            String slice = frame.substring(from, to);
            if (to < frame.length() && slice.indexOf('=') >= 0) {
                throw badBase64(from - dataStart);
            }
            try {
                size += decoder.decode(slice).length;
            } catch (IllegalArgumentException e) {
                throw badBase64(from - dataStart);
            }
        }
        return size;
    }

    private static String checkTopic(String topic) throws ProtocolException {
        if (topic.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic is empty");
        }
        if (hasControlCharacter(topic)) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic contains control characters");
        }
        return topic;
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static ProtocolException tooLongTopic() {
        return new ProtocolException(ErrorCode.INVALID_TOPIC,
                "the topic is longer than " + MAX_TOPIC_LENGTH + " characters");
    }

    private ProtocolException tooLarge(long size) {
        return new ProtocolException(ErrorCode.TOO_LARGE,
                "the file has " + size + " bytes, more than the limit of " + maxFileSize + " bytes");
    }

    private static ProtocolException badBase64(long offset) {
        return new ProtocolException(ErrorCode.BAD_BASE64,
                "the file content is not valid base64 (near character " + offset + " of the content)");
    }

    private static String preview(String frame) {
        String start = frame.length() > PREVIEW_LENGTH ? frame.substring(0, PREVIEW_LENGTH) + "…" : frame;
        return start.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
