package org.wsfile.protocol.stream;

import java.time.Instant;

/** The files sent to a topic before it was subscribed to, that a subscriber asks for (docs/PROTOCOL.md, "History"). */
public sealed interface HistoryRequest {
    /** The last {@code files} files kept. */
    record Last(int files) implements HistoryRequest {
    }

    /** Every kept file sent at or after {@code time}. */
    record Since(Instant time) implements HistoryRequest {
    }
}
