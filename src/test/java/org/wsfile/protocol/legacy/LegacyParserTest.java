package org.wsfile.protocol.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;

class LegacyParserTest {
    private final LegacyParser parser = new LegacyParser(1_000_000);

    @Test
    void subscribeNamesTheTopic() throws ProtocolException {
        assertEquals(new LegacyCommand.Subscribe("class-7b"), parser.parse("subscribe:class-7b"));
    }

    @Test
    void messageIsSplitIntoTopicMimeNameAndContent() throws ProtocolException {
        String frame = "message:chat:text/plain:notes.txt:" + base64("hello");

        LegacyFile file = publish(frame);

        assertEquals("chat", file.topic());
        assertEquals("text/plain", file.mime());
        assertEquals("notes.txt", file.name());
        assertEquals(5, file.decodedSize());
        assertEquals(base64("hello"), frame.substring(file.dataStart()));
        assertEquals("text/plain:notes.txt:", LegacyDeliveryEncoder.header(file.mime(), file.name()));
    }

    @Test
    void fileNameKeepsItsColonsAndNonAsciiCharacters() throws ProtocolException {
        LegacyFile file = publish("message:famille:image/jpeg:été 10:30: 📷.jpg:" + base64("x"));

        assertEquals("famille", file.topic());
        assertEquals("image/jpeg", file.mime());
        assertEquals("été 10:30: 📷.jpg", file.name());
    }

    @Test
    void emptyMimeAndEmptyContentAreAllowed() throws ProtocolException {
        LegacyFile file = publish("message:t::empty.txt:");

        assertEquals("", file.mime());
        assertEquals(0, file.decodedSize());
    }

    @Test
    void contentLongerThanOneDecodingSliceIsMeasuredExactly() throws ProtocolException {
        byte[] content = new byte[700_001];
        LegacyFile file = publish("message:t:a/b:big.bin:" + Base64.getEncoder().encodeToString(content));

        assertEquals(content.length, file.decodedSize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello                          | UNKNOWN_COMMAND",
        "Subscribe:x                    | UNKNOWN_COMMAND",
        "message:                       | BAD_FRAME",
        "message:topic-only             | BAD_FRAME",
        "message:t:mime-only            | BAD_FRAME",
        "message:t:text/plain::aGk=     | INVALID_NAME",
        "message::text/plain:a.txt:aGk= | INVALID_TOPIC",
        "message:t:text/plain:a.txt:a   | BAD_BASE64",
        "message:t:text/plain:a.txt:a!== | BAD_BASE64",
        "message:t:text/plain:a.txt:aGk=aGk= | BAD_BASE64",
        "subscribe:                     | INVALID_TOPIC",
        "subscribe:a:b                  | INVALID_TOPIC",
    })
    void malformedFramesAreRefusedWithTheirCode(String frame, ErrorCode code) {
        assertEquals(code, refused(frame).code());
    }

    @Test
    void controlCharactersAreRefusedInTopicsAndNames() {
        assertEquals(ErrorCode.INVALID_TOPIC, refused("subscribe:a\nb").code());
        assertEquals(ErrorCode.INVALID_NAME, refused("message:t:text/plain:a\u0000b:aGk=").code());
    }

    @Test
    void overlongTopicIsRefused() {
        String topic = "t".repeat(Names.MAX_TOPIC_BYTES + 1);
        assertEquals(ErrorCode.INVALID_TOPIC, refused("subscribe:" + topic).code());
        assertEquals(ErrorCode.INVALID_TOPIC, refused("message:" + topic + ":a:b:").code());
    }

    @Test
    void paddingInsideTheContentIsRefusedEvenAcrossDecodingSlices() {
        String first = Base64.getEncoder().encodeToString(new byte[256 * 1024 / 4 * 3 - 1]);
        String frame = "message:t:a/b:x.bin:" + first + base64("more");

        assertEquals(ErrorCode.BAD_BASE64, refused(frame).code());
    }

    @Test
    void aFileOverTheLimitIsRefusedAsTooLarge() {
        LegacyParser small = new LegacyParser(10);

        ProtocolException problem = refused(small, "message:t:a/b:x.bin:" + base64("eleven byte"));

        assertEquals(ErrorCode.TOO_LARGE, problem.code());
        assertEquals("the file has 11 bytes, more than the limit of 10 bytes", problem.getMessage());
    }

    @Test
    void aFileExactlyAtTheLimitIsAccepted() throws ProtocolException {
        LegacyParser small = new LegacyParser(10);

        LegacyCommand command = small.parse("message:t:a/b:x.bin:" + base64("ten bytes!"));

        assertEquals(10, assertInstanceOf(LegacyCommand.Publish.class, command).file().decodedSize());
    }

    @Test
    void maxFrameLengthFitsTheLargestFileWithTheLongestPrefix() throws ProtocolException {
        int max = 3000;
        String frame = "message:" + "t".repeat(Names.MAX_TOPIC_BYTES) + ':' + "m".repeat(Names.MAX_MIME_LENGTH)
                + ':' + longestName() + ':' + Base64.getEncoder().encodeToString(new byte[max]);

        assertEquals(frame.length(), LegacyParser.maxFrameLength(max));
        assertEquals(max, assertInstanceOf(LegacyCommand.Publish.class, new LegacyParser(max).parse(frame))
                .file().decodedSize());
    }

    /** A name of exactly {@link Names#MAX_NAME_BYTES} bytes, each of its parts as long as a part may be. */
    private static String longestName() {
        String part = "n".repeat(Names.MAX_NAME_PART_BYTES);
        String name = String.join("/", part, part, part, part);
        return name + "/" + "n".repeat(Names.MAX_NAME_BYTES - name.length() - 1);
    }

    @Test
    void errorFrameCarriesCodeAndSentence() {
        assertEquals("error:bad-frame:the mime type is missing",
                LegacyFrames.error(new ProtocolException(ErrorCode.BAD_FRAME, "the mime type is missing")));
    }

    private LegacyFile publish(String frame) throws ProtocolException {
        return assertInstanceOf(LegacyCommand.Publish.class, parser.parse(frame)).file();
    }

    private ProtocolException refused(String frame) {
        return refused(parser, frame);
    }

    private static ProtocolException refused(LegacyParser parser, String frame) {
        return assertThrows(ProtocolException.class, () -> parser.parse(frame));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
