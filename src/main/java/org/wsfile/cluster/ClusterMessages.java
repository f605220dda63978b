package org.wsfile.cluster;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import org.wsfile.relay.FileOffer;

/**
 * The messages wsfile servers send each other over NATS: what they are ({@link Kind}) and where
 * they belong in headers, what they carry in the body (a file's bytes as they are, the rest in JSON).
 */
final class ClusterMessages {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String KIND = "Wsfile-Kind";
    private static final String NODE = "Wsfile-Node";
    private static final String LANE = "Wsfile-Lane";
    private static final String TRANSFER = "Wsfile-Transfer";
    private static final String COUNT = "Wsfile-Count";
    private static final String CREDIT = "Wsfile-Credit";
    /** The least a message counts against a sender's credit, so that small files are paced too. */
    private static final int LEAST_COST = 1024;

    /** What a message is. */
    enum Kind {
        /** On a topic's subject: a file starts (body: {@link RemoteOffer}). */
        OFFER,
        /** On a topic's subject: whole small files of one sender, one after the other (body: {@link #readWholes}). */
        WHOLES,
        /** On a topic's subject: the next bytes of a file (count: their position in the file's messages). */
        CHUNK,
        /** On a topic's subject: all bytes were sent (body: their SHA-256). */
        END,
        /** On a topic's subject: the file will not be completed (body: why). */
        ABORT,
        /**
         * To the sender's server: a server took the offers of these files, with how many subscribers
         * each goes to there (body: {@link #accepted}; maybe none), and gives credit for so many more
         * bytes of the sender's files.
         */
        ACCEPTED,
        /** To the sender's server: how files fared with a server's subscribers (body: {@link #reports}). */
        REPORT,
        /** On the presence subject: a server is there, with subscribers for these topics (body). */
        PRESENCE,
        /** On the presence subject: a server is stopping. */
        LEAVING
    }

    /**
     * A file offered by another server.
     *
     * @param text  whether it is a text ({@link org.wsfile.protocol.Texts})
     * @param nodes the servers the sender's server counts on to take it; the others ignore it
     * @param key   the file's key on the sender's server, so that it is the same on every server (absent from
     *              servers of a version before keys)
     */
    record RemoteOffer(String topic, String name, String mime, long size, Instant sentAt, boolean text, List<String> nodes,
                       Optional<String> key) {
    }

    /** How a file (by the sender's server's transfer id) fared with one server's subscribers. */
    record Report(long transfer, int completed, List<String> failures) {
    }

    /**
     * A small file in one message: its offer, its SHA-256 and its bytes.
     *
     * @param length the length of its {@link #whole} body, which is what it counts against credit
     */
    record Whole(RemoteOffer offer, String sha256, ByteBuffer content, int length) {
    }

    private ClusterMessages() {
    }

    /** How much a message with this body counts against a sender's credit. */
    static long cost(int bodyLength) {
        return Math.max(bodyLength, LEAST_COST);
    }

    /** A message about one sender's file, as the servers exchange them. */
    static Message message(String subject, Kind kind, String node, String lane, long transfer, long count, byte[] body) {
        Headers headers = new Headers().put(KIND, kind.name()).put(NODE, node).put(LANE, lane)
                .put(TRANSFER, Long.toString(transfer)).put(COUNT, Long.toString(count));
        return NatsMessage.builder().subject(subject).headers(headers).data(body).build();
    }

    /**
     * A server's answer to the offers of one sender's files it took since its last answer: for
     * each file, its id and how many subscribers it offers it to (12 bytes), with credit for the
     * sender's lane.
     */
    static Message accepted(String subject, String node, String lane, List<Accepted> files, long credit) {
        ByteBuffer body = ByteBuffer.allocate(files.size() * (Long.BYTES + Integer.BYTES));
        files.forEach(file -> body.putLong(file.transfer()).putInt(file.subscribers()));
        Message message = message(subject, Kind.ACCEPTED, node, lane, 0, files.size(), body.array());
        message.getHeaders().put(CREDIT, Long.toString(credit));
        return message;
    }

    /** One file in an {@link Kind#ACCEPTED} answer. */
    record Accepted(long transfer, int subscribers) {
    }

    static List<Accepted> readAccepted(byte[] body) {
        ByteBuffer files = ByteBuffer.wrap(body);
        List<Accepted> accepted = new ArrayList<>();
        while (files.remaining() >= Long.BYTES + Integer.BYTES) {
            accepted.add(new Accepted(files.getLong(), files.getInt()));
        }
        return accepted;
    }

    /** The credit an {@link Kind#ACCEPTED} answer gives. */
    static long credit(Message message) {
        return Long.parseLong(header(message, CREDIT));
    }

    /** A message about a server itself. */
    static Message message(String subject, Kind kind, String node, byte[] body) {
        return NatsMessage.builder().subject(subject).headers(new Headers().put(KIND, kind.name()).put(NODE, node))
                .data(body).build();
    }

    /** @throws IllegalArgumentException if the message is not one of wsfile's */
    static Kind kind(Message message) {
        String kind = header(message, KIND);
        try {
            return Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a message of unknown kind " + kind + " on " + message.getSubject(), e);
        }
    }

    static String node(Message message) {
        return header(message, NODE);
    }

    static String lane(Message message) {
        return header(message, LANE);
    }

    static long transfer(Message message) {
        return Long.parseLong(header(message, TRANSFER));
    }

    static long count(Message message) {
        return Long.parseLong(header(message, COUNT));
    }

    static byte[] offer(FileOffer offer, Collection<String> nodes) {
        return offerJson(offer, nodes).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static RemoteOffer readOffer(byte[] body) {
        return readOffer(read(new ByteArrayInputStream(body)));
    }

    /**
     * A {@link Kind#WHOLES} message's body: the number of files, then for each its transfer id, the
     * length of its {@link #whole} body and that body.
     */
    static byte[] wholes(List<Map.Entry<Long, byte[]>> files) {
        int bytes = files.stream().mapToInt(file -> Long.BYTES + Integer.BYTES + file.getValue().length).sum();
        ByteBuffer body = ByteBuffer.allocate(Integer.BYTES + bytes).putInt(files.size());
        files.forEach(file -> body.putLong(file.getKey()).putInt(file.getValue().length).put(file.getValue()));
        return body.array();
    }

    /** The files in a {@link Kind#WHOLES} message, each its transfer id and its {@link #whole} body. */
    static List<Map.Entry<Long, Whole>> readWholes(byte[] body) {
        ByteBuffer message = ByteBuffer.wrap(body);
        int files = count(message, Long.BYTES + Integer.BYTES);
        List<Map.Entry<Long, Whole>> wholes = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            long transfer = message.getLong();
            byte[] whole = new byte[count(message, 1)];
            message.get(whole);
            wholes.add(Map.entry(transfer, readWhole(whole)));
        }
        return wholes;
    }

    /**
     * A count read off the message, checked against what is left of it, so that a damaged
     * message cannot make the reader allocate more than the message holds.
     */
    private static int count(ByteBuffer message, int bytesEach) {
        int count = message.getInt();
        if (count < 0 || (long) count * bytesEach > message.remaining()) {
            throw new IllegalArgumentException("a count of " + count + " where " + message.remaining() + " bytes are left");
        }
        return count;
    }

    /** The offer in JSON, its length before it, then the file's bytes. */
    static byte[] whole(FileOffer offer, Collection<String> nodes, String sha256, byte[] content) {
        byte[] json = offerJson(offer, nodes).add("sha256", sha256).build().toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + json.length + content.length).putInt(json.length).put(json).put(content)
                .array();
    }

    static Whole readWhole(byte[] body) {
        ByteBuffer message = ByteBuffer.wrap(body);
        int jsonLength = count(message, 1);
        JsonObject json = read(new ByteArrayInputStream(body, Integer.BYTES, jsonLength));
        return new Whole(readOffer(json), json.getString("sha256"),
                message.position(Integer.BYTES + jsonLength).slice(), body.length);
    }

    private static JsonObjectBuilder offerJson(FileOffer offer, Collection<String> nodes) {
        return JSON.createObjectBuilder().add("topic", offer.topic()).add("name", offer.name()).add("mime", offer.mime())
                .add("size", offer.size()).add("sentAt", offer.sentAt().toEpochMilli()).add("text", offer.text())
                .add("nodes", JSON.createArrayBuilder(nodes)).add("key", offer.key());
    }

    private static RemoteOffer readOffer(JsonObject json) {
        return new RemoteOffer(json.getString("topic"), json.getString("name"), json.getString("mime"),
                json.getJsonNumber("size").longValueExact(), Instant.ofEpochMilli(json.getJsonNumber("sentAt").longValueExact()),
                json.getBoolean("text", false), strings(json.getJsonArray("nodes")),
                Optional.ofNullable(json.getString("key", null)));
    }

    static byte[] reports(List<Report> reports) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        reports.forEach(report -> list.add(JSON.createObjectBuilder().add("transfer", report.transfer())
                .add("completed", report.completed()).add("failures", JSON.createArrayBuilder(report.failures()))));
        return list.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<Report> readReports(byte[] body) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream()
                    .map(json -> new Report(json.getJsonNumber("transfer").longValueExact(), json.getInt("completed"),
                            strings(json.getJsonArray("failures"))))
                    .toList();
        }
    }

    static byte[] presence(Set<String> topics) {
        return JSON.createArrayBuilder(topics).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> readPresence(byte[] body) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            return Set.copyOf(strings(reader.readArray()));
        }
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static JsonObject read(ByteArrayInputStream body) {
        try (JsonReader reader = JSON.createReader(body)) {
            return reader.readObject();
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toList());
    }

    private static String header(Message message, String name) {
        Headers headers = message.getHeaders();
        String value = headers == null ? null : headers.getFirst(name);
        if (value == null) {
            throw new IllegalArgumentException("a message without " + name + " on " + message.getSubject());
        }
        return value;
    }
}
