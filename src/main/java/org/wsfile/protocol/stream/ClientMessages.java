package org.wsfile.protocol.stream;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/** The JSON control frames a client sends in the streaming protocol; see docs/PROTOCOL.md. */
public final class ClientMessages {
    private static final JsonProvider JSON = JsonProvider.provider();

    private ClientMessages() {
    }

    /** Greets the server and names the optional features this client can use. */
    public static String hello(Collection<String> features) {
        return type("hello").add("features", JSON.createArrayBuilder(features)).build().toString();
    }

    public static String subscribe(String topic) {
        return subscribe(topic, Optional.empty());
    }

    /** Subscribes, asking for the files of the topic's history that {@code history} names, if any. */
    public static String subscribe(String topic, Optional<HistoryRequest> history) {
        JsonObjectBuilder json = type("subscribe").add("topic", topic);
        history.ifPresent(request -> {
            if (request instanceof HistoryRequest.Last last) {
                json.add("last", last.files());
            } else {
                json.add("since", ((HistoryRequest.Since) request).time().toString());
            }
        });
        return json.build().toString();
    }

    /** Asks for the file named {@code key} again, from byte {@code offset} on (the bytes before are here already). */
    public static String resume(String key, long offset) {
        return type("resume").add("key", key).add("offset", offset).build().toString();
    }

    public static String unsubscribe(String topic) {
        return type("unsubscribe").add("topic", topic).build().toString();
    }

    public static String send(long id, String topic, String name, String mime, long size) {
        return sendMessage(id, topic, name, mime, size).build().toString();
    }

    /** Opens the transfer of a file whose upload the sender may continue on a new connection, naming it {@code key}. */
    public static String send(long id, String topic, String name, String mime, long size, String key) {
        return sendMessage(id, topic, name, mime, size).add("key", key).build().toString();
    }

    /** Continues, as transfer {@code id}, the upload named {@code key} that a dropped connection cut off. */
    public static String resumeSend(long id, String key) {
        return type("resume-send").add("id", id).add("key", key).build().toString();
    }

    /** Opens the transfer of a text of this many bytes of UTF-8 (it has no name or mime type of its own). */
    public static String sendText(long id, String topic, long size) {
        return type("send").add("id", id).add("topic", topic).add("kind", "text").add("size", size).build().toString();
    }

    /** The header of a file sent whole in a {@linkplain Bundles bundle}. */
    public static String bundledSend(long id, String topic, String name, String mime, long size, String sha256) {
        return sendMessage(id, topic, name, mime, size).add("sha256", sha256).build().toString();
    }

    private static JsonObjectBuilder sendMessage(long id, String topic, String name, String mime, long size) {
        return type("send").add("id", id).add("topic", topic).add("name", name).add("mime", mime).add("size", size);
    }

    public static String end(long id, String sha256) {
        return type("end").add("id", id).add("sha256", sha256).build().toString();
    }

    public static String cancel(long id) {
        return type("cancel").add("id", id).build().toString();
    }

    /** Confirms that the files arrived whole. */
    public static String received(List<Long> ids) {
        return type("received").add("ids", JSON.createArrayBuilder(ids)).build().toString();
    }

    public static String failed(long id, String reason) {
        return type("failed").add("id", id).add("reason", reason).build().toString();
    }

    private static JsonObjectBuilder type(String type) {
        return JSON.createObjectBuilder().add("type", type);
    }
}
