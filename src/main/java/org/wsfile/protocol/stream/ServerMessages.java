package org.wsfile.protocol.stream;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import org.wsfile.protocol.ProtocolException;

/** The JSON control frames the server sends in the streaming protocol; see docs/PROTOCOL.md. */
public final class ServerMessages {
    /** The protocol's name, also accepted as a WebSocket subprotocol. */
    public static final String PROTOCOL = "wsfile.v1";
    /** Looked up once: the {@code Json} factory methods search for the provider on every call, which costs milliseconds in a server. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServerMessages() {
    }

    /** The answer to {@code hello}: the protocol version and the limits that apply to this client. */
    public static String welcome(long maxFileSize, int maxChunkSize) {
        return type("welcome").add("protocol", PROTOCOL).add("maxFileSize", maxFileSize)
                .add("maxChunkSize", maxChunkSize).build().toString();
    }

    /** Confirms a subscription: from now on files sent to the topic arrive. */
    public static String subscribed(String topic) {
        return type("subscribed").add("topic", topic).build().toString();
    }

    /** Confirms that a subscription ended. */
    public static String unsubscribed(String topic) {
        return type("unsubscribed").add("topic", topic).build().toString();
    }

    /** Announces a file to a subscriber; its data frames carry {@code id}. */
    public static String file(long id, String topic, String name, String mime, long size, Instant sentAt) {
        return type("file").add("id", id).add("topic", topic).add("name", name).add("mime", mime)
                .add("size", size).add("sentAt", sentAt.toString()).build().toString();
    }

    /** Tells a subscriber that all of a file's data was sent, and its checksum. */
    public static String end(long id, String sha256) {
        return type("end").add("id", id).add("sha256", sha256).build().toString();
    }

    /** Tells a subscriber that a file will not be completed and whatever arrived of it must be discarded. */
    public static String aborted(long id, String reason) {
        return type("aborted").add("id", id).add("reason", reason).build().toString();
    }

    /** Tells a sender how many subscribers got its file whole, out of how many it was offered to, and why the others did not. */
    public static String receipt(long id, String sha256, int offered, int completed, List<String> failures) {
        JsonObjectBuilder receipt = type("receipt").add("id", id).add("offered", offered).add("completed", completed)
                .add("failed", JSON.createArrayBuilder(failures));
        if (sha256 != null) {
            receipt.add("sha256", sha256);
        }
        return receipt.build().toString();
    }

    /** Tells a client why something it sent was refused; {@code id} names the transfer concerned, if any. */
    public static String error(ProtocolException problem, OptionalLong id) {
        JsonObjectBuilder error = type("error").add("code", problem.code().wireName()).add("message", problem.getMessage());
        id.ifPresent(transfer -> error.add("id", transfer));
        return error.build().toString();
    }

    private static JsonObjectBuilder type(String type) {
        return JSON.createObjectBuilder().add("type", type);
    }
}
