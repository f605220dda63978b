package org.wsfile.protocol.stream;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A JSON control frame a client sends in the streaming protocol; see docs/PROTOCOL.md. */
public sealed interface ControlMessage {

    /** A message about one transfer, named by its id. */
    sealed interface AboutTransfer extends ControlMessage {
        long id();
    }

    /** Asks for the server's protocol version and limits, and for the optional features the client can use. */
    record Hello(Set<String> features) implements ControlMessage {
        public Hello {
            features = Set.copyOf(features);
        }
    }

    /** Start receiving the files sent to a topic, and first those of its history that the subscriber asks for. */
    record Subscribe(String topic, Optional<HistoryRequest> history) implements ControlMessage {
        /** Without history. */
        public Subscribe(String topic) {
            this(topic, Optional.empty());
        }
    }

    /** Sends again the file named {@code key}, from byte {@code offset} on: the receiver has the bytes before. */
    record Resume(String key, long offset) implements ControlMessage {
    }

    /** Stop receiving the files sent to a topic. */
    record Unsubscribe(String topic) implements ControlMessage {
    }

    /**
     * Opens a transfer: binary chunks with this id follow, then an {@link End}. A text
     * ({@link org.wsfile.protocol.Texts}) has no name or mime type of its own. A sender that gives a
     * {@code key} may continue the upload on a new connection if this one drops ({@link ResumeSend}).
     */
    record Send(long id, String topic, String name, String mime, long size, boolean text, Optional<String> key)
            implements AboutTransfer {
        /** A file or text that cannot be resumed. */
        public Send(long id, String topic, String name, String mime, long size, boolean text) {
            this(id, topic, name, mime, size, text, Optional.empty());
        }

        /** A file that cannot be resumed. */
        public Send(long id, String topic, String name, String mime, long size) {
            this(id, topic, name, mime, size, false);
        }

        /** A text of this many bytes of UTF-8. */
        public static Send text(long id, String topic, long size) {
            return new Send(id, topic, "", "", size, true);
        }
    }

    /**
     * Continues, as transfer {@code id} of this connection, the upload the sender named {@code key} in
     * its {@link Send} on a connection that dropped; the server answers where it got to.
     */
    record ResumeSend(long id, String key) implements AboutTransfer {
    }

    /** Closes a transfer; the server checks the size and the SHA-256 before it tells the subscribers. */
    record End(long id, String sha256) implements AboutTransfer {
    }

    /** The sender gives up a transfer; its subscribers are told it was aborted. */
    record Cancel(long id) implements AboutTransfer {
    }

    /** A subscriber got one or more files whole and their SHA-256 matched. */
    record Received(List<Long> ids) implements ControlMessage {
        public Received {
            ids = List.copyOf(ids);
        }
    }

    /** A subscriber could not take a file, e.g. because its SHA-256 did not match. */
    record Failed(long id, String reason) implements AboutTransfer {
    }
}
