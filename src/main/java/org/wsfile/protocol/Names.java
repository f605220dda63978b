package org.wsfile.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules for topics, file names and mime types, the same in both protocols, so a file can
 * cross from one to the other.
 */
public final class Names {
    /** Longest topic accepted, in characters. */
    public static final int MAX_TOPIC_LENGTH = 256;
    /** Longest mime type accepted, in characters. */
    public static final int MAX_MIME_LENGTH = 255;
    /** Longest file name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;
    private static final int PREVIEW_LENGTH = 40;
    private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]+");
    private static final Pattern BIDI_CONTROLS = Pattern.compile("[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

    private Names() {
    }

    /** A topic is 1 to 256 characters without control characters or {@code :} (which ends a topic in the original protocol). */
    public static String checkTopic(String topic) throws ProtocolException {
        if (topic.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic is empty");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw topicTooLong();
        }
        if (hasControlCharacter(topic)) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic contains control characters");
        }
        if (topic.indexOf(':') >= 0) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "a topic cannot contain ':'");
        }
        return topic;
    }

    /**
     * A file name is 1 to 1024 characters without control characters. It may name folders
     * ({@code photos/a.jpg}); what could make a receiver write outside its folder is taken out,
     * so no receiver ever gets it: see {@link #pathComponents(String)}.
     *
     * @return the name as receivers get it
     */
    public static String checkFileName(String name) throws ProtocolException {
        if (name.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw nameTooLong();
        }
        if (hasControlCharacter(name)) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name contains control characters");
        }
        List<String> components = pathComponents(name);
        if (components.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name is only folders such as .. or /");
        }
        return String.join("/", components);
    }

    /**
     * The folders and file of a name, safe to follow from a receiver's folder: a backslash
     * separates like /, and empty parts, {@code .} and {@code ..} are dropped (so is a leading
     * / or a drive such as {@code C:}); characters that reverse the direction of text, which can disguise an
     * extension ({@code exe.txt} shown as {@code txt.exe}), are removed.
     */
    public static List<String> pathComponents(String name) {
        List<String> components = new ArrayList<>();
        for (String part : SEPARATORS.split(BIDI_CONTROLS.matcher(name).replaceAll(""))) {
            String trimmed = part.strip();
            boolean drive = components.isEmpty() && trimmed.length() == 2 && trimmed.charAt(1) == ':'
                    && Character.isLetter(trimmed.charAt(0));
            if (!trimmed.isEmpty() && !trimmed.equals(".") && !trimmed.equals("..") && !drive) {
                components.add(trimmed);
            }
        }
        return components;
    }

    /** A mime type is up to 255 characters without control characters; it may be empty. */
    public static String checkMime(String mime) throws ProtocolException {
        if (mime.length() > MAX_MIME_LENGTH) {
            throw mimeTooLong();
        }
        if (hasControlCharacter(mime)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the mime type contains control characters");
        }
        return mime;
    }

    /** The refusal of a topic over {@link #MAX_TOPIC_LENGTH}. */
    public static ProtocolException topicTooLong() {
        return new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic is longer than " + MAX_TOPIC_LENGTH + " characters");
    }

    /** The refusal of a file name over {@link #MAX_NAME_LENGTH}. */
    public static ProtocolException nameTooLong() {
        return new ProtocolException(ErrorCode.INVALID_NAME, "the file name is longer than " + MAX_NAME_LENGTH + " characters");
    }

    /** The refusal of a mime type over {@link #MAX_MIME_LENGTH}. */
    public static ProtocolException mimeTooLong() {
        return new ProtocolException(ErrorCode.BAD_FRAME, "the mime type is longer than " + MAX_MIME_LENGTH + " characters");
    }

    /** The refusal of a file over the size limit. */
    public static ProtocolException tooLarge(long size, long maxFileSize) {
        return new ProtocolException(ErrorCode.TOO_LARGE,
                "the file has " + size + " bytes, more than the limit of " + maxFileSize + " bytes");
    }

    /** The start of a text, safe to quote in an error: at most 40 characters, control characters replaced. */
    public static String preview(String text) {
        String start = text.length() > PREVIEW_LENGTH ? text.substring(0, PREVIEW_LENGTH) + "…" : text;
        return start.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
