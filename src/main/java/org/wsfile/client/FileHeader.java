package org.wsfile.client;

/**
 * What a connection knows about a file as it starts to arrive.
 *
 * @param topic the topic it was sent to; empty in the original protocol, which does not say
 * @param size  its size in bytes, or {@link #UNKNOWN_SIZE} in the original protocol
 * @param text  whether it is a text to show rather than a file to save ({@link org.wsfile.protocol.Texts})
 */
public record FileHeader(String topic, String name, String mime, long size, boolean text) {
    public static final long UNKNOWN_SIZE = -1;

    /** A file (not a text). */
    public FileHeader(String topic, String name, String mime, long size) {
        this(topic, name, mime, size, false);
    }
}
