package org.wsfile.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where the rest of a file goes once one of its subscribers falls behind its sender, so that the
 * sender and the other subscribers need not wait: the subscriber is fed from there at its own pace.
 */
public interface Spool {

    /** Room for the bytes of {@code offer} from byte {@code from} on; empty if there is none now. */
    Optional<SpoolFile> open(FileOffer offer, long from);

    /** A file's bytes from some offset on, written by its sender's thread and read by its subscribers'. */
    interface SpoolFile {
        /**
         * Adds the next bytes.
         *
         * @throws IOException if they cannot be kept (the spool's budget or the disk is full), saying why
         */
        void append(ByteBuffer bytes) throws IOException;

        /** Reads bytes of the file from {@code offset} (an offset in the file, not in the spool) into {@code into}. */
        void read(ByteBuffer into, long offset) throws IOException;

        /** The file's offset after the last byte appended. */
        long end();

        /** No more bytes come: what the spool holds open for appending can go; reading goes on. */
        void complete();

        /** Gives the space back; nothing is read or appended after. May be called more than once. */
        void close();
    }
}
