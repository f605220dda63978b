package org.wsfile.client;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where a connection puts the files it receives. Calls come one at a time, from the connection's
 * reading thread; several files may be under way at once, told apart by their id.
 */
public interface FileSink {

    /** A file starts to arrive. */
    void begin(long id, FileHeader header);

    /** The file's next bytes; the buffer is valid only during the call. */
    void data(long id, ByteBuffer bytes);

    /**
     * All of the file's bytes have arrived.
     *
     * @param sha256 the checksum the server vouches for, if its protocol has one
     * @return empty if the file was kept, otherwise why not (e.g. the checksum did not match)
     */
    Optional<String> end(long id, Optional<String> sha256);

    /** The file will not be completed: nothing of it may be kept. */
    void abort(long id, String reason);

    /**
     * The connection closed mid-file. A sink that can resume files keeps what arrived of one that has a
     * {@linkplain FileHeader#key() key}, to ask for the rest on the next connection; by default the file is aborted.
     */
    default void cut(long id, String reason) {
        abort(id, reason);
    }
}
