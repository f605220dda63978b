package org.wsfile.relay;

import java.time.Instant;

/**
 * What every subscriber learns about a file before its bytes arrive.
 *
 * @param id     the server's id for this transfer, unique among the transfers in flight
 * @param topic  the topic it was sent to
 * @param name   the file name the sender gave
 * @param mime   the mime type the sender gave (may be empty)
 * @param size   the size in bytes
 * @param sentAt when the server started relaying it
 * @param text   whether it is a text to show rather than a file to save ({@link org.wsfile.protocol.Texts})
 */
public record FileOffer(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text) {
    /** A file (not a text). */
    public FileOffer(long id, String topic, String name, String mime, long size, Instant sentAt) {
        this(id, topic, name, mime, size, sentAt, false);
    }
}
