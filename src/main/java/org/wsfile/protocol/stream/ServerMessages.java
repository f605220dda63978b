package org.wsfile.protocol.stream;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/** Writes and reads the JSON control frames the server sends in the streaming protocol; see docs/PROTOCOL.md. */
public final class ServerMessages {
    /** The protocol's name, also accepted as a WebSocket subprotocol. */
    public static final String PROTOCOL = "wsfile.v1";
    /**
     * Looked up once: the {@code Json} factory methods search for the provider on every call, which costs milliseconds in a
     * server. Its readers are closed after use, which hands their buffers back to its pool for the next message.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServerMessages() {
    }

    /**
     * The answer to {@code hello}: the protocol version, the limits that apply to this client, the
     * features granted and the files kept of each topic (0: no history).
     */
    public static String welcome(long maxFileSize, int maxChunkSize, Set<String> features, int history) {
        return encode(new ServerMessage.Welcome(PROTOCOL, maxFileSize, maxChunkSize, features, history));
    }

    /** Confirms a subscription: from now on files sent to the topic arrive. */
    public static String subscribed(String topic) {
        return encode(new ServerMessage.Subscribed(topic));
    }

    /** Confirms that a subscription ended. */
    public static String unsubscribed(String topic) {
        return encode(new ServerMessage.Unsubscribed(topic));
    }

    /**
     * Announces a file to a subscriber; its data frames carry {@code id}, and start at byte {@code offset}
     * (0 unless the subscriber asked to resume it); {@code key} names it for a later resume.
     */
    public static String file(long id, String topic, String name, String mime, long size, Instant sentAt, boolean text,
                              String key, long offset) {
        return encode(new ServerMessage.File(id, topic, name, mime, size, sentAt, text, Optional.of(key), offset));
    }

    /** The header of a file delivered whole in a {@linkplain Bundles bundle}. */
    public static String bundledFile(long id, String topic, String name, String mime, long size, Instant sentAt,
                                     boolean text, String sha256) {
        return file(new ServerMessage.File(id, topic, name, mime, size, sentAt, text)).add("sha256", sha256).build().toString();
    }

    /** Tells a subscriber that all of a file's data was sent, and its checksum. */
    public static String end(long id, String sha256) {
        return encode(new ServerMessage.End(id, sha256));
    }

    /** Tells a sender that resumes an upload how many of its bytes the server has. */
    public static String resumed(long id, long offset) {
        return encode(new ServerMessage.Resumed(id, offset));
    }

    /** Tells a subscriber that a file will not be completed and whatever arrived of it must be discarded. */
    public static String aborted(long id, String reason) {
        return encode(new ServerMessage.Aborted(id, reason));
    }

    /** Tells a sender how many subscribers got its file whole, out of how many it was offered to, and why the others did not. */
    public static String receipt(long id, String sha256, int offered, int completed, List<String> failures) {
        return encode(new ServerMessage.Receipt(id, Optional.ofNullable(sha256), offered, completed, failures));
    }

    /** Tells a sender how its file fares so far while some subscribers are still receiving it. */
    public static String receiving(long id, int offered, int completed, List<String> failures) {
        return encode(new ServerMessage.Receiving(id, offered, completed, failures));
    }

    /** Tells a client why something it sent was refused; {@code id} names the transfer concerned, if any. */
    public static String error(ProtocolException problem, OptionalLong id) {
        return encode(new ServerMessage.Error(problem.code().wireName(), problem.getMessage(), id));
    }

    /** Tells a client that the file it asked to resume cannot be, and why. */
    public static String resumeRefused(ProtocolException problem, String key) {
        return encode(new ServerMessage.Error(problem.code().wireName(), problem.getMessage(), OptionalLong.empty(),
                Optional.of(key)));
    }

    /** A message as its JSON control frame. */
    public static String encode(ServerMessage message) {
        JsonObjectBuilder json;
        if (message instanceof ServerMessage.Welcome welcome) {
            json = type("welcome").add("protocol", welcome.protocol()).add("maxFileSize", welcome.maxFileSize())
                    .add("maxChunkSize", welcome.maxChunkSize())
                    .add("features", JSON.createArrayBuilder(new TreeSet<>(welcome.features())))
                    .add("history", welcome.history());
        } else if (message instanceof ServerMessage.Subscribed subscribed) {
            json = type("subscribed").add("topic", subscribed.topic());
        } else if (message instanceof ServerMessage.Unsubscribed unsubscribed) {
            json = type("unsubscribed").add("topic", unsubscribed.topic());
        } else if (message instanceof ServerMessage.File file) {
            json = file(file);
        } else if (message instanceof ServerMessage.End end) {
            json = type("end").add("id", end.id()).add("sha256", end.sha256());
        } else if (message instanceof ServerMessage.Resumed resumed) {
            json = type("resumed").add("id", resumed.id()).add("offset", resumed.offset());
        } else if (message instanceof ServerMessage.Aborted aborted) {
            json = type("aborted").add("id", aborted.id()).add("reason", aborted.reason());
        } else if (message instanceof ServerMessage.Receipt receipt) {
            json = type("receipt").add("id", receipt.id()).add("offered", receipt.offered())
                    .add("completed", receipt.completed()).add("failed", JSON.createArrayBuilder(receipt.failed()));
            receipt.sha256().ifPresent(sha256 -> json.add("sha256", sha256));
        } else if (message instanceof ServerMessage.Receiving receiving) {
            json = type("receiving").add("id", receiving.id()).add("offered", receiving.offered())
                    .add("completed", receiving.completed()).add("failed", JSON.createArrayBuilder(receiving.failed()))
                    .add("receiving", receiving.receiving());
        } else if (message instanceof ServerMessage.Error error) {
            json = type("error").add("code", error.code()).add("message", error.message());
            error.id().ifPresent(id -> json.add("id", id));
            error.key().ifPresent(key -> json.add("key", key));
        } else {
            json = type(((ServerMessage.Unknown) message).type());
        }
        return json.build().toString();
    }

    /**
     * Reads a control frame from the server. A message of a type this version does not know is
     * {@link ServerMessage.Unknown}, so that clients can ignore what a later server adds.
     *
     * @throws ProtocolException if the frame is not JSON or a known message lacks a field or has one of the wrong kind
     */
    public static ServerMessage parse(String frame) throws ProtocolException {
        try (JsonReader reader = JSON.createReader(new StringReader(frame))) {
            return parse(reader.readObject());
        } catch (JsonException | ClassCastException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "not a message of the streaming protocol: " + e.getMessage());
        }
    }

    private static ServerMessage parse(JsonObject json) throws ProtocolException {
        try {
            String type = json.getString("type");
            return switch (type) {
                case "welcome" -> new ServerMessage.Welcome(json.getString("protocol"), number(json, "maxFileSize"),
                        json.getInt("maxChunkSize"), Set.copyOf(strings(json.getJsonArray("features"))),
                        json.getInt("history", 0));
                case "subscribed" -> new ServerMessage.Subscribed(json.getString("topic"));
                case "unsubscribed" -> new ServerMessage.Unsubscribed(json.getString("topic"));
                case "file" -> new ServerMessage.File(number(json, "id"), json.getString("topic"), json.getString("name"),
                        json.getString("mime"), number(json, "size"), Instant.parse(json.getString("sentAt")),
                        "text".equals(json.getString("kind", "file")), Optional.ofNullable(json.getString("key", null)),
                        json.containsKey("offset") ? number(json, "offset") : 0);
                case "end" -> new ServerMessage.End(number(json, "id"), json.getString("sha256"));
                case "resumed" -> new ServerMessage.Resumed(number(json, "id"), number(json, "offset"));
                case "aborted" -> new ServerMessage.Aborted(number(json, "id"), json.getString("reason"));
                case "receipt" -> new ServerMessage.Receipt(number(json, "id"),
                        Optional.ofNullable(json.getString("sha256", null)), json.getInt("offered"), json.getInt("completed"),
                        strings(json.getJsonArray("failed")));
                case "receiving" -> new ServerMessage.Receiving(number(json, "id"), json.getInt("offered"),
                        json.getInt("completed"), strings(json.getJsonArray("failed")));
                case "error" -> new ServerMessage.Error(json.getString("code"), json.getString("message"),
                        json.containsKey("id") ? OptionalLong.of(number(json, "id")) : OptionalLong.empty(),
                        Optional.ofNullable(json.getString("key", null)));
                default -> new ServerMessage.Unknown(type);
            };
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException | DateTimeParseException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "not a message of the streaming protocol: " + e.getMessage());
        }
    }

    /**
     * Reads the header of a file in a bundle: a {@code file} message with its {@code sha256}.
     *
     * @throws ProtocolException if it is not one
     */
    public static ServerMessage.BundledFile parseBundled(String header) throws ProtocolException {
        try (JsonReader reader = JSON.createReader(new StringReader(header))) {
            JsonObject json = reader.readObject();
            if (parse(json) instanceof ServerMessage.File file) {
                return new ServerMessage.BundledFile(file, json.getString("sha256"));
            }
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a bundle carries \"file\" messages only");
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "not a bundled file's header: " + e.getMessage());
        }
    }

    private static JsonObjectBuilder file(ServerMessage.File file) {
        JsonObjectBuilder json = type("file").add("id", file.id()).add("topic", file.topic()).add("name", file.name())
                .add("mime", file.mime()).add("size", file.size()).add("sentAt", file.sentAt().toString());
        file.key().ifPresent(key -> json.add("key", key));
        if (file.offset() > 0) {
            json.add("offset", file.offset());
        }
        // Files carry no kind, as before texts existed.
        return file.text() ? json.add("kind", "text") : json;
    }

    private static long number(JsonObject json, String field) {
        return json.getJsonNumber(field).longValueExact();
    }

    /** The strings of a JSON list, in order; none if the list is absent (a field a server before it did not send). */
    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObjectBuilder type(String type) {
        return JSON.createObjectBuilder().add("type", type);
    }
}
