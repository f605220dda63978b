package org.wsfile.protocol.stream;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;

/** Reads the JSON control frames of the streaming protocol and checks every field. */
public final class ControlParser {
    /** The longest control frame read, in characters; real ones are a few hundred. */
    public static final int MAX_FRAME_LENGTH = 16 * 1024;
    private static final int SHA256_HEX_LENGTH = 64;
    /** Keys are a few dozen characters; anything much longer is not one. */
    private static final int MAX_KEY_LENGTH = 128;
    /** The messages whose id is one the sender chose for its own transfer. */
    private static final Set<String> SENDER_TYPES = Set.of("send", "end", "cancel", "resume-send");
    /** Looked up once: {@code Json.createReader} searches for the provider on every call, which costs milliseconds in a server. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ControlParser() {
    }

    /** True if a text frame belongs to the streaming protocol rather than the original one. */
    public static boolean isControlFrame(String frame) {
        return frame.startsWith("{");
    }

    /**
     * Reads one control frame.
     *
     * @throws ProtocolException saying what is wrong with it
     */
    public static ControlMessage parse(String frame) throws ProtocolException {
        if (frame.length() > MAX_FRAME_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a control frame may have at most " + MAX_FRAME_LENGTH + " characters");
        }
        JsonObject json = read(frame);
        return naming(json, () -> message(json));
    }

    /** A file that came whole in a {@linkplain Bundles bundle}: its {@code send} and its checksum. */
    public record BundledFile(ControlMessage.Send send, String sha256) {
    }

    /**
     * Reads the header of a file in a bundle: a {@code send} with its {@code sha256}.
     *
     * @throws ProtocolException saying what is wrong with it
     */
    public static BundledFile parseBundled(String header) throws ProtocolException {
        JsonObject json = read(header);
        return naming(json, () -> {
            if (!(message(json) instanceof ControlMessage.Send send)) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "a bundle carries \"send\" messages only");
            }
            return new BundledFile(send, sha256(json));
        });
    }

    private interface Reading<T> {
        T read() throws ProtocolException;
    }

    /** A malformed message of a sender still names its transfer, so the sender learns which file was refused. */
    private static <T> T naming(JsonObject json, Reading<T> reading) throws ProtocolException {
        try {
            return reading.read();
        } catch (ProtocolException problem) {
            boolean fromSender = json.get("type") instanceof JsonString type && SENDER_TYPES.contains(type.getString());
            OptionalLong id = fromSender && json.containsKey("id") ? wholeNumber(json.get("id"), ChunkFrames.MAX_ID)
                    : OptionalLong.empty();
            throw new ProtocolException(problem.code(), problem.getMessage(), id);
        }
    }

    private static ControlMessage message(JsonObject json) throws ProtocolException {
        String type = string(json, "type");
        return switch (type) {
            case "hello" -> new ControlMessage.Hello(features(json));
            case "subscribe" -> new ControlMessage.Subscribe(Names.checkTopic(string(json, "topic")), history(json));
            case "unsubscribe" -> new ControlMessage.Unsubscribe(Names.checkTopic(string(json, "topic")));
            case "resume" -> new ControlMessage.Resume(key(json), size(json, "offset"));
            case "resume-send" -> new ControlMessage.ResumeSend(id(json), key(json));
            case "send" -> send(json);
            case "end" -> new ControlMessage.End(id(json), sha256(json));
            case "cancel" -> new ControlMessage.Cancel(id(json));
            case "received" -> new ControlMessage.Received(json.containsKey("ids") ? ids(json) : List.of(id(json)));
            case "failed" -> new ControlMessage.Failed(id(json),
                    optionalString(json, "reason").orElse("no reason given"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_COMMAND,
                    "unknown message type \"" + Names.preview(type) + "\"");
        };
    }

    /** What a subscribe asks of the topic's history: {@code last} files, or those {@code since} a time; or nothing. */
    private static Optional<HistoryRequest> history(JsonObject json) throws ProtocolException {
        if (json.containsKey("last") && json.containsKey("since")) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a subscribe asks for \"last\" or \"since\", not both");
        }
        if (json.containsKey("last")) {
            return Optional.of(new HistoryRequest.Last((int) wholeNumber(json, "last", Integer.MAX_VALUE)));
        }
        if (json.containsKey("since")) {
            String since = string(json, "since");
            try {
                return Optional.of(new HistoryRequest.Since(Instant.parse(since)));
            } catch (DateTimeParseException e) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "\"since\" is a time such as 2026-11-26T08:00:00Z, not \""
                        + Names.preview(since) + "\"");
            }
        }
        return Optional.empty();
    }

    private static ControlMessage.Send send(JsonObject json) throws ProtocolException {
        String topic = Names.checkTopic(string(json, "topic"));
        String kind = optionalString(json, "kind").orElse("file");
        return switch (kind) {
            case "file" -> new ControlMessage.Send(id(json), topic, Names.checkFileName(string(json, "name")),
                    Names.checkMime(optionalString(json, "mime").orElse("")), size(json), false,
                    json.containsKey("key") ? Optional.of(key(json)) : Optional.empty());
            case "text" -> ControlMessage.Send.text(id(json), topic, size(json));
            default -> throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "\"kind\" is \"file\" or \"text\", not \"" + Names.preview(kind) + "\"");
        };
    }

    private static JsonObject read(String frame) throws ProtocolException {
        try (JsonReader reader = JSON.createReader(new StringReader(frame))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "a control frame is a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a control frame is a JSON object; this one is not valid JSON");
        }
    }

    private static String string(JsonObject json, String field) throws ProtocolException {
        return optionalString(json, field).orElseThrow(
                () -> new ProtocolException(ErrorCode.BAD_FRAME, "the field \"" + field + "\" is missing"));
    }

    private static Optional<String> optionalString(JsonObject json, String field) throws ProtocolException {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the field \"" + field + "\" must be a string");
        }
        return Optional.of(text.getString());
    }

    private static long wholeNumber(JsonObject json, String field, long max) throws ProtocolException {
        JsonValue value = json.get(field);
        if (value == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the field \"" + field + "\" is missing");
        }
        return wholeNumber(value, max).orElseThrow(() -> new ProtocolException(ErrorCode.BAD_FRAME,
                "the field \"" + field + "\" must be a whole number from 0 to " + max));
    }

    /** The value as a whole number from 0 to {@code max}; empty if it is anything else. */
    private static OptionalLong wholeNumber(JsonValue value, long max) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long whole = number.longValueExact();
                if (whole >= 0 && whole <= max) {
                    return OptionalLong.of(whole);
                }
            } catch (ArithmeticException tooBig) {
                // not a long, so over any maximum
            }
        }
        return OptionalLong.empty();
    }

    private static long id(JsonObject json) throws ProtocolException {
        return wholeNumber(json, "id", ChunkFrames.MAX_ID);
    }

    /** A non-empty list of transfer ids, so that a receiver can confirm a burst of files in one frame. */
    private static List<Long> ids(JsonObject json) throws ProtocolException {
        // Made only when needed: every subscriber sends many of these, and an exception costs its stack trace.
        Supplier<ProtocolException> notIds = () -> new ProtocolException(ErrorCode.BAD_FRAME,
                "the field \"ids\" must be a non-empty list of whole numbers from 0 to " + ChunkFrames.MAX_ID);
        if (!(json.get("ids") instanceof JsonArray array) || array.isEmpty()) {
            throw notIds.get();
        }
        List<Long> ids = new ArrayList<>(array.size());
        for (JsonValue element : array) {
            ids.add(wholeNumber(element, ChunkFrames.MAX_ID).orElseThrow(notIds));
        }
        return ids;
    }

    /** The optional features a client asks for; names the server does not know are kept, and it ignores them. */
    private static Set<String> features(JsonObject json) throws ProtocolException {
        JsonValue value = json.get("features");
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonString.class::isInstance)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "the field \"features\" must be a list of strings");
        }
        return array.stream().map(feature -> ((JsonString) feature).getString()).collect(Collectors.toUnmodifiableSet());
    }

    private static long size(JsonObject json) throws ProtocolException {
        return size(json, "size");
    }

    private static long size(JsonObject json, String field) throws ProtocolException {
        return wholeNumber(json, field, Long.MAX_VALUE);
    }

    /** A file's key, as the server gave it in a {@code file} message or a sender in its {@code send}: short, and printable. */
    private static String key(JsonObject json) throws ProtocolException {
        String key = string(json, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "\"key\" is the key of a file the server sent, not \""
                    + Names.preview(key) + "\"");
        }
        return key;
    }

    private static String sha256(JsonObject json) throws ProtocolException {
        String sha = string(json, "sha256");
        if (sha.length() != SHA256_HEX_LENGTH || !sha.chars().allMatch(HexFormat::isHexDigit)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "\"sha256\" must be 64 hexadecimal digits");
        }
        return sha.toLowerCase(Locale.ROOT);
    }
}
