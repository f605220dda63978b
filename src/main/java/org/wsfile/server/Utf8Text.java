package org.wsfile.server;

import java.nio.charset.StandardCharsets;

/**
 * A text encoded in UTF-8 once for every connection it is written to: the original protocol
 * writes each part of a file's text, hundreds of kilobytes, to each of the file's subscribers,
 * and a connection that writes frames itself writes these very bytes to every one of them.
 */
final class Utf8Text {
    private final byte[] bytes;

    /** @param bytes UTF-8, never changed afterwards */
    Utf8Text(byte[] bytes) {
        this.bytes = bytes;
    }

    static Utf8Text of(String text) {
        return new Utf8Text(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The encoded text, shared: not to be changed. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return bytes.length;
    }

    /** The text, for a connection that takes strings. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
