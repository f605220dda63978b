package org.wsfile.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to send: where its bytes are and the name and type receivers see.
 *
 * @param name the name receivers get, possibly with folders ({@code photos/2024/a.jpg})
 */
public record OutgoingFile(Path path, String name, String mime, long size) {

    /** The file at {@code path}, named {@code name}, with its type guessed from the name. */
    public static OutgoingFile of(Path path, String name) throws IOException {
        String mime = Files.probeContentType(path);
        return new OutgoingFile(path, name, mime == null ? "application/octet-stream" : mime, Files.size(path));
    }
}
