package org.wsfile.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import org.wsfile.protocol.legacy.Base64Slices;
import org.wsfile.protocol.legacy.LegacyCommand;
import org.wsfile.protocol.legacy.LegacyParser;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ControlParser;

/**
 * Property tests of everything that reads what clients send: whatever arrives, a parser either
 * understands it or refuses it with a {@link ProtocolException}, never anything else; and what
 * it understands, it understands right. The seed is fixed so CI runs the same cases every time;
 * for a longer hunt, {@code mvn test -Dtest=ParserFuzzTest -Djqwik.tries.default=200000}
 * (and remove the seeds for fresh cases).
 */
class ParserFuzzTest {
    private static final String SEED = "20261125";

    @Property(seed = SEED)
    void anyTextIsAControlFrameOrARefusal(@ForAll @StringLength(max = 300) String frame) {
        parseControl(frame);
    }

    @Property(seed = SEED)
    void anyJsonObjectIsAControlFrameOrARefusal(@ForAll("jsonObjects") String frame) {
        parseControl(frame);
    }

    @Property(seed = SEED)
    void anyBytesAreADataFrameOrARefusal(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            ChunkFrames.Chunk chunk = ChunkFrames.parse(ByteBuffer.wrap(bytes));
            assertEquals(bytes.length - ChunkFrames.ID_BYTES, chunk.data().remaining());
        } catch (ProtocolException refused) {
            assertEquals(ErrorCode.BAD_FRAME, refused.code());
        }
    }

    @Property(seed = SEED)
    void anyTextIsAnOriginalCommandOrARefusal(@ForAll("originalFrames") String frame) {
        try {
            LegacyCommand command = new LegacyParser(1 << 20).parse(frame);
            if (command instanceof LegacyCommand.Publish publish) {
                Base64Slices content = publish.file().content();
                while (content.hasNext()) {
                    content.next();
                }
            }
        } catch (ProtocolException refused) {
            // refusing is fine
        }
    }

    @Property(seed = SEED)
    void aWellFormedOriginalFileComesOutAsItWentIn(@ForAll("topics") String topic, @ForAll("names") String name,
                                                 @ForAll @Size(max = 2000) byte[] content) throws ProtocolException {
        String frame = "message:" + topic + ":text/plain:" + name + ":" + Base64.getEncoder().encodeToString(content);

        LegacyCommand.Publish publish = (LegacyCommand.Publish) new LegacyParser(1 << 20).parse(frame);

        assertEquals(topic, publish.file().topic());
        assertEquals(Names.checkFileName(name), publish.file().name());
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        Base64Slices slices = publish.file().content();
        while (slices.hasNext()) {
            decoded.writeBytes(slices.next());
        }
        assertArrayEquals(content, decoded.toByteArray());
    }

    @Property(seed = SEED)
    void noFileNameThatPassesCanClimbOutOfAFolder(@ForAll("hostileNames") String name) {
        String safe;
        try {
            safe = Names.checkFileName(name);
        } catch (ProtocolException refused) {
            return;
        }
        assertFalse(safe.startsWith("/") || safe.contains("\\") || safe.contains("//"), safe);
        for (String part : safe.split("/")) {
            assertFalse(part.isEmpty() || part.equals(".") || part.equals(".."), safe);
        }
    }

    @Property(seed = SEED)
    void noTopicThatPassesNeedsEscapingInALinkAFileNameOrAToken(@ForAll @StringLength(max = 40) String topic) {
        if (isTopic(topic)) {
            assertFalse(topic.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                    || ":*>?#%&\\\"'<|".indexOf(c) >= 0), topic);
            assertFalse(topic.contains("..") || topic.startsWith("/"), topic);
        }
    }

    private static boolean isTopic(String topic) {
        try {
            Names.checkTopic(topic);
            return true;
        } catch (ProtocolException refused) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> jsonObjects() {
        Arbitrary<String> keys = Arbitraries.of("type", "id", "ids", "topic", "name", "mime", "size", "sha256", "reason");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("\"hello\"", "\"subscribe\"", "\"send\"", "\"end\"", "\"cancel\"", "\"received\"",
                        "\"failed\"", "null", "true", "[]", "{}", "[1,2]", "-1", "1.5", "4294967296", "1e400"),
                Arbitraries.longs().map(number -> Long.toString(number)),
                Arbitraries.strings().ofMaxLength(20).map(text -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return Arbitraries.maps(keys, values).ofMaxSize(6).map(fields -> {
            StringBuilder json = new StringBuilder("{");
            fields.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key).append("\":").append(value));
            return json.append('}').toString();
        });
    }

    @Provide
    Arbitrary<String> originalFrames() {
        Arbitrary<String> parts = Arbitraries.oneOf(Arbitraries.of("message", "subscribe", "", ":", "=", "==", "AAAA", "\u0000"),
                Arbitraries.strings().ofMaxLength(12));
        return parts.list().ofMaxSize(8).map(list -> String.join(":", list));
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.', '_', '/', 'é', '7').ofMinLength(1).ofMaxLength(30)
                .filter(ParserFuzzTest::isTopic);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(':', '.', ' ', '-', '/').ofMinLength(1).ofMaxLength(40)
                .filter(name -> !Names.pathComponents(name).isEmpty());
    }

    @Provide
    Arbitrary<String> hostileNames() {
        return Arbitraries.of("..", ".", "/", "\\", "a", "C:", "\u202e", " ", "x.txt").list().ofMaxSize(10)
                .map(parts -> String.join("", parts));
    }

    private static void parseControl(String frame) {
        try {
            ControlParser.parse(frame);
        } catch (ProtocolException refused) {
            // refusing is fine
        }
    }
}
