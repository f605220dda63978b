package org.wsfile.protocol.legacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;

/** A file frame read as it arrives, in slices of any size, comes out as the whole-frame parser reads it, or is refused alike. */
class LegacyUploadReaderTest {
    private static final String SEED = "20261125";
    private static final long MAX = 1 << 20;

    @Property(seed = SEED)
    void aFileReadInSlicesIsTheFileTheWholeFrameParserReadsWithTheBase64ItCameIn(@ForAll("topics") String topic, @ForAll("names") String name,
            @ForAll @Size(max = 3000) byte[] content, @ForAll @IntRange(min = 1, max = 1500) int slice)
            throws Exception {
        String base64 = Base64.getEncoder().encodeToString(content);
        String frame = "message:" + topic + ":text/plain:" + name + ":" + base64;
        LegacyFile whole = ((LegacyCommand.Publish) new LegacyParser(MAX).parse(frame)).file();

        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        ByteArrayOutputStream chars = new ByteArrayOutputStream();
        LegacyFile read = readInSlices(frame, slice, decoded, chars);

        assertEquals(whole.topic(), read.topic());
        assertEquals(whole.mime(), read.mime());
        assertEquals(whole.name(), read.name());
        assertEquals(whole.decodedSize(), read.decodedSize());
        assertArrayEquals(content, decoded.toByteArray());
        assertEquals(base64, chars.toString(StandardCharsets.US_ASCII));
    }

    @Property(seed = SEED)
    void anyFrameIsRefusedWithTheCodeTheWholeFrameParserGivesOrReadAlike(@ForAll("fileFrames") String frame,
            @ForAll @IntRange(min = 1, max = 40) int slice) throws IOException {
        ProtocolException wholeRefusal = null;
        LegacyFile whole = null;
        try {
            whole = ((LegacyCommand.Publish) new LegacyParser(MAX).parse(frame)).file();
        } catch (ProtocolException refused) {
            wholeRefusal = refused;
        }
        try {
            LegacyFile read = readInSlices(frame, slice, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertEquals(null, wholeRefusal, "read what the parser refused: " + frame);
            assertEquals(whole.name(), read.name());
            assertEquals(whole.decodedSize(), read.decodedSize());
        } catch (ProtocolException refused) {
            assertEquals(wholeRefusal == null ? null : wholeRefusal.code(), refused.code(), frame);
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedAsSoonAsItsContentPassesIt() {
        String frame = "message:t:text/plain:big.bin:" + Base64.getEncoder().encodeToString(new byte[3000]);
        LegacyUploadReader reader = new LegacyUploadReader(1000, header -> { }, (decoded, chars) -> { });

        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> reader.read(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8))));

        assertEquals(ErrorCode.TOO_LARGE, refused.code());
    }

    @Test
    void aTopicMimeTypeOrNameTooLongIsRefusedBeforeTheFrameEndsAsTheWholeFrameParserRefusesIt() throws Exception {
        String base64 = "AAAA".repeat(1000);
        for (String frame : List.of("message:" + "t".repeat(3000) + ":text/plain:a.txt:" + base64,
                "message:t:" + "x".repeat(3000) + ":a.txt:" + base64,
                "message:t:text/plain:" + "é".repeat(2000) + ":" + base64)) {
            ProtocolException whole = assertThrows(ProtocolException.class, () -> new LegacyParser(MAX).parse(frame));
            LegacyUploadReader reader = new LegacyUploadReader(MAX, header -> { }, (decoded, chars) -> { });

            ProtocolException early = assertThrows(ProtocolException.class,
                    () -> reader.read(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8), 0, 3000)));

            assertEquals(whole.code(), early.code(), frame.substring(0, 30));
            assertEquals(whole.getMessage(), early.getMessage());
        }
    }

    @Test
    void paddingInTheMiddleOfTheContentIsRefused() {
        LegacyUploadReader reader = new LegacyUploadReader(MAX, header -> { }, (decoded, chars) -> { });

        ProtocolException refused = assertThrows(ProtocolException.class, () -> {
            reader.read(ByteBuffer.wrap("message:t:text/plain:a.txt:QQ==".getBytes(StandardCharsets.UTF_8)));
            reader.read(ByteBuffer.wrap("QUFB".getBytes(StandardCharsets.UTF_8)));
            reader.end();
        });

        assertEquals(ErrorCode.BAD_BASE64, refused.code());
    }

    private static LegacyFile readInSlices(String frame, int slice, ByteArrayOutputStream decoded,
            ByteArrayOutputStream base64) throws ProtocolException, IOException {
        LegacyUploadReader reader = new LegacyUploadReader(MAX, header -> { }, (bytes, chars) -> {
            copy(bytes, decoded);
            copy(chars, base64);
        });
        ByteBuffer all = ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8));
        while (all.hasRemaining()) {
            int take = Math.min(slice, all.remaining());
            reader.read(all.slice(all.position(), take));
            all.position(all.position() + take);
        }
        return reader.end();
    }

    private static void copy(ByteBuffer from, ByteArrayOutputStream to) {
        byte[] copy = new byte[from.remaining()];
        from.get(copy);
        to.writeBytes(copy);
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of("class-7b", "école/6e-b", "日本", "a.b~c+d@e");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("notes 10:30.txt", "a:b:c", "photos/2024/a.jpg", "größe.pdf"),
                Arbitraries.strings().withCharRange('a', 'z').withChars(':', ' ', '.').ofMinLength(1).ofMaxLength(1100)
                        .filter(LegacyUploadReaderTest::isFileName));
    }

    private static boolean isFileName(String name) {
        try {
            Names.checkFileName(name);
            return true;
        } catch (ProtocolException refused) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> fileFrames() {
        Arbitrary<String> parts = Arbitraries.oneOf(Arbitraries.of("t", "text/plain", "a.txt", "", "=", "==", "AAAA", "QQ==",
                "QUJD", "Q", "\u0000", "../x", "ü"), Arbitraries.strings().ofMaxLength(12));
        return parts.list().ofMinSize(1).ofMaxSize(6).map(list -> "message:" + String.join(":", list));
    }
}
