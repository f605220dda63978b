package org.wsfile.history;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file kept in a topic's history: what its receivers were told of it, and where its bytes are.
 *
 * @param sequence its place among every file kept, older files first
 * @param sentAt   when it was first relayed; a subscriber who gets it from history is told this time
 * @param sha256   its checksum, as verified when it was relayed
 * @param key      the key its receivers were told, by which one cut off mid-file may resume it
 */
public record RetainedFile(long sequence, String topic, String name, String mime, long size, Instant sentAt,
                           String sha256, boolean text, String key, Path data) {
}
