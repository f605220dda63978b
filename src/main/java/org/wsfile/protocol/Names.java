package org.wsfile.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for topics, file names and mime types, the same in both protocols, so a file can
 * cross from one to the other.
 */
public final class Names {
    /** Longest topic accepted, in bytes of UTF-8. */
    public static final int MAX_TOPIC_BYTES = 256;
    /** Longest mime type accepted, in characters. */
    public static final int MAX_MIME_LENGTH = 255;
    /** Longest file name accepted, with its folders, in bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 1024;
    /** Longest folder or file name within a file name, in bytes of UTF-8: what common file systems take. */
    public static final int MAX_NAME_PART_BYTES = 255;
    /** What a topic is made of, said to people whose topic is refused. */
    public static final String TOPIC_RULE = "a topic is letters and digits (any language) and - _ . ~ + @ /,"
            + " up to " + MAX_TOPIC_BYTES + " bytes; it cannot start with . or /, end with /, or contain .. or //";
    private static final int PREVIEW_LENGTH = 40;
    /** What a topic may have besides letters, marks and digits. */
    private static final String TOPIC_SYMBOLS = "-_.~+@/";

    private Names() {
    }

    /**
     * A topic is a name people type and share in links, not a path: see {@link #TOPIC_RULE}. No
     * spaces, no {@code :} (which ends a topic in the original protocol), no {@code *} (a
     * wildcard in access tokens), nothing a URL or a message bus would have to escape but
     * {@code /} and {@code @}.
     */
    public static String checkTopic(String topic) throws ProtocolException {
        if (topic.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic is empty");
        }
        if (utf8Length(topic) > MAX_TOPIC_BYTES) {
            throw topicTooLong();
        }
        if (!isTopicText(topic) || topic.startsWith(".") || topic.startsWith("/") || topic.endsWith("/")
                || topic.contains("..") || topic.contains("//")) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "'" + preview(topic) + "' is not a topic: " + TOPIC_RULE);
        }
        return topic;
    }

    /**
     * A file name is at most {@value #MAX_NAME_BYTES} bytes of UTF-8 without control characters,
     * and each of its folders and its file name at most {@value #MAX_NAME_PART_BYTES} bytes. It may
     * name folders ({@code photos/a.jpg}); what could make a receiver write outside its folder is
     * taken out, so no receiver ever gets it: see {@link #pathComponents(String)}.
     *
     * @return the name as receivers get it
     */
    public static String checkFileName(String name) throws ProtocolException {
        if (name.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name is empty");
        }
        if (utf8Length(name) > MAX_NAME_BYTES) {
            throw nameTooLong();
        }
        if (hasControlCharacter(name)) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name contains control characters");
        }
        List<String> components = pathComponents(name);
        if (components.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_NAME, "the file name is only folders such as .. or /");
        }
        for (String component : components) {
            int bytes = utf8Length(component);
            if (bytes > MAX_NAME_PART_BYTES) {
                throw new ProtocolException(ErrorCode.INVALID_NAME, "'" + preview(component) + "' has " + bytes
                        + " bytes; a file or folder name may have at most " + MAX_NAME_PART_BYTES + " bytes (UTF-8)");
            }
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
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '/';
            if (c == '/' || c == '\\') {
                addComponent(components, part.toString().strip());
                part.setLength(0);
            } else if (!isBidiControl(c)) {
                part.append(c);
            }
        }
        return components;
    }

    private static void addComponent(List<String> components, String part) {
        boolean drive = components.isEmpty() && part.length() == 2 && part.charAt(1) == ':' && Character.isLetter(part.charAt(0));
        if (!part.isEmpty() && !part.equals(".") && !part.equals("..") && !drive) {
            components.add(part);
        }
    }

    /** The marks that reverse or isolate the direction of text: LRM, RLM, LRE to RLO, LRI to PDI. */
    private static boolean isBidiControl(char c) {
        return c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    /** Letters, marks and decimal digits of any script, and {@link #TOPIC_SYMBOLS}: checked a character at a time, once per file sent. */
    private static boolean isTopicText(String topic) {
        for (int i = 0; i < topic.length(); ) {
            int c = topic.codePointAt(i);
            int type = Character.getType(c);
            boolean allowed = Character.isLetter(c) || type == Character.DECIMAL_DIGIT_NUMBER
                    || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK || TOPIC_SYMBOLS.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
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

    /** The refusal of a topic over {@link #MAX_TOPIC_BYTES}. */
    public static ProtocolException topicTooLong() {
        return new ProtocolException(ErrorCode.INVALID_TOPIC, "the topic is longer than " + MAX_TOPIC_BYTES + " bytes (UTF-8)");
    }

    /** The refusal of a file name over {@link #MAX_NAME_BYTES}. */
    public static ProtocolException nameTooLong() {
        return new ProtocolException(ErrorCode.INVALID_NAME, "the file name is longer than " + MAX_NAME_BYTES
                + " bytes (UTF-8), folders included");
    }

    /** The refusal of a mime type over {@link #MAX_MIME_LENGTH}. */
    public static ProtocolException mimeTooLong() {
        return new ProtocolException(ErrorCode.BAD_FRAME, "the mime type is longer than " + MAX_MIME_LENGTH + " characters");
    }

    /** The refusal of a file over the size limit. */
    public static ProtocolException tooLarge(long size, long maxFileSize) {
        return new ProtocolException(ErrorCode.TOO_LARGE,
                "the file has " + size + " bytes, more than the limit of " + limit(maxFileSize));
    }

    /** {@code 500 MiB (524288000 bytes)}, or {@code 10 bytes} where the unit is bytes anyway. */
    private static String limit(long bytes) {
        String exact = Sizes.exact(bytes);
        return exact.endsWith("bytes") || exact.endsWith("byte") ? exact : exact + " (" + bytes + " bytes)";
    }

    /** The start of a text, safe to quote in an error: at most 40 characters, control characters replaced. */
    public static String preview(String text) {
        String start = text.length() > PREVIEW_LENGTH ? text.substring(0, PREVIEW_LENGTH) + "…" : text;
        return start.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /** The length of a text in bytes of UTF-8, as {@code getBytes(UTF_8)} would make it (an unpaired surrogate as {@code ?}). */
    public static int utf8Length(String text) {
        // Counted rather than encoded: nearly every name is ASCII, for which the first loop is all there is.
        int length = text.length();
        int ascii = 0;
        while (ascii < length && text.charAt(ascii) < 0x80) {
            ascii++;
        }
        int bytes = ascii;
        for (int i = ascii; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                // An unpaired surrogate encodes as the one byte '?'.
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes;
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
