package org.wsfile.protocol.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;

/**
 * The messages the server sends in the streaming protocol (docs/PROTOCOL.md), as the server
 * writes them and clients read them: {@link ServerMessages#encode} and {@link ServerMessages#parse}.
 */
public sealed interface ServerMessage {
    /**
     * The answer to {@code hello}: the protocol version, the limits that apply to this client, the
     * optional features it asked for that the server will use with it, and how many files of each
     * topic it keeps for subscribers who ask ({@code history}, 0 when it keeps none).
     */
    record Welcome(String protocol, long maxFileSize, int maxChunkSize, Set<String> features, int history)
            implements ServerMessage {
        public Welcome {
            features = Set.copyOf(features);
        }
    }

    /** A subscription is active: from now on files sent to the topic arrive. */
    record Subscribed(String topic) implements ServerMessage {
    }

    /** A subscription ended. */
    record Unsubscribed(String topic) implements ServerMessage {
    }

    /**
     * A file for a subscriber; its data frames carry {@code id}. A {@code text} is to be shown
     * rather than saved ({@link org.wsfile.protocol.Texts}); it is sent as {@code "kind": "text"}.
     * {@code key} names the file for a later {@code resume}; {@code offset} is where its bytes
     * start: 0, or where a receiver that asked to resume it said it had got to.
     */
    record File(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text,
                Optional<String> key, long offset) implements ServerMessage {
        /** A whole file, without a key (as in a bundle). */
        public File(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text) {
            this(id, topic, name, mime, size, sentAt, text, Optional.empty(), 0);
        }
    }

    /** A file that came whole in a {@linkplain Bundles bundle}: its {@code file} message and its checksum. */
    record BundledFile(File file, String sha256) {
    }

    /** All of a file's data was sent; its checksum. */
    record End(long id, String sha256) implements ServerMessage {
    }

    /** The answer to {@code resume-send}: the server has the upload's first {@code offset} bytes; the rest follows. */
    record Resumed(long id, long offset) implements ServerMessage {
    }

    /** A file will not be completed; whatever arrived of it must be discarded. */
    record Aborted(long id, String reason) implements ServerMessage {
    }

    /** How a sender's file fared: how many subscribers got it whole, of how many, and why the others did not. */
    record Receipt(long id, Optional<String> sha256, int offered, int completed, List<String> failed) implements ServerMessage {
        public Receipt {
            failed = List.copyOf(failed);
        }
    }

    /**
     * How a sender's file fares while some subscribers are still receiving it after its upload
     * ended (they fell behind and are fed from the server's spool): sent every second until the
     * receipt, to clients that name the {@link #FEATURE} in their {@code hello}.
     */
    record Receiving(long id, int offered, int completed, List<String> failed) implements ServerMessage {
        public static final String FEATURE = "receiving";

        public Receiving {
            failed = List.copyOf(failed);
        }

        /** How many subscribers are still receiving the file. */
        public int receiving() {
            return offered - completed - failed.size();
        }
    }

    /**
     * Something the client sent was refused; {@code id} names the transfer concerned, if any, and
     * {@code key} the file a refused {@code resume} asked for.
     */
    record Error(String code, String message, OptionalLong id, Optional<String> key) implements ServerMessage {
        /** A refusal that concerns no file to resume. */
        public Error(String code, String message, OptionalLong id) {
            this(code, message, id, Optional.empty());
        }
    }

    /** A message of a later version of the protocol, which this one does not know; clients ignore it. */
    record Unknown(String type) implements ServerMessage {
    }
}
