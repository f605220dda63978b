package org.wsfile.client;

import java.util.Optional;

/**
 * What a connection knows about a file as it starts to arrive.
 *
 * @param topic the topic it was sent to; empty in the original protocol, which does not say
 * @param size  its size in bytes, or {@link #UNKNOWN_SIZE} in the original protocol
 * @param text   whether it is a text to show rather than a file to save ({@link org.wsfile.protocol.Texts})
 * @param key    names the file on its server, to resume it if the connection is cut; empty where there is none
 * @param offset where its bytes start: 0, or where a file being resumed got to
 */
public record FileHeader(String topic, String name, String mime, long size, boolean text, Optional<String> key,
                         long offset) {
    public static final long UNKNOWN_SIZE = -1;

    /** A whole file or text, not resumable. */
    public FileHeader(String topic, String name, String mime, long size, boolean text) {
        this(topic, name, mime, size, text, Optional.empty(), 0);
    }

    /** A whole file (not a text), not resumable. */
    public FileHeader(String topic, String name, String mime, long size) {
        this(topic, name, mime, size, false);
    }
}
