package org.wsfile.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Texts are short messages (a line, a link) that travel as small files marked as texts:
 * clients that know them show them, and every other receiver (an original-protocol client, an
 * older streaming client) gets a plain-text file named after the time it was sent.
 */
public final class Texts {
    /** The mime type every text travels with. */
    public static final String MIME = "text/plain; charset=utf-8";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'message-'yyyy-MM-dd'T'HH-mm-ss'Z.txt'")
            .withZone(ZoneOffset.UTC);

    private Texts() {
    }

    /** The file name a text sent at this moment gets: {@code message-2026-11-26T05-41-46Z.txt}. */
    public static String fileName(Instant sentAt) {
        return NAME.format(sentAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
