package org.wsfile.server;

import org.wsfile.protocol.Names;

/**
 * A text and its length in bytes of UTF-8, measured once for every connection it is written to:
 * the original protocol writes each part of a file's text, hundreds of kilobytes, to each of the
 * file's subscribers, and a connection that writes frames itself must know the length first.
 *
 * @param utf8Length the length of {@code value} in UTF-8, as {@link Names#utf8Length} counts it
 */
record MeasuredText(String value, int utf8Length) {

    /** A text measured now. */
    static MeasuredText of(String value) {
        return new MeasuredText(value, Names.utf8Length(value));
    }
}
