package org.wsfile.client;

/**
 * What a connection knows about a file as it starts to arrive.
 *
 * @param topic the topic it was sent to; empty in the original protocol, which does not say
 * @param size  its size in bytes, or {@link #UNKNOWN_SIZE} in the original protocol
 */
public record FileHeader(String topic, String name, String mime, long size) {
    public static final long UNKNOWN_SIZE = -1;
}
