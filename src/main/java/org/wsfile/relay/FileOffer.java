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
 * @param key    names this file on this server for good, unlike its id, which names one delivery of it: a
 *               receiver cut off mid-file asks to resume it by its key (kept with the file in topic history)
 */
public record FileOffer(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text,
                        String key) {
    /** A file or text relayed now, keyed by its time and id. */
    public FileOffer(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text) {
        this(id, topic, name, mime, size, sentAt, text, Long.toString(sentAt.toEpochMilli(), 36) + "-" + id);
    }

    /** A file (not a text). */
    public FileOffer(long id, String topic, String name, String mime, long size, Instant sentAt) {
        this(id, topic, name, mime, size, sentAt, false);
    }
}
