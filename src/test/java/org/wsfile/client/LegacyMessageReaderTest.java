package org.wsfile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LegacyMessageReaderTest {
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final List<String> notices = new ArrayList<>();
    private final List<RefusedException> errors = new ArrayList<>();
    private final LegacyMessageReader reader = new LegacyMessageReader(new FileSink() {
        @Override
        public void begin(long id, FileHeader header) {
            events.add("begin " + header.mime() + " | " + header.name());
        }

        @Override
        public void data(long id, ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            content.writeBytes(copy);
        }

        @Override
        public Optional<String> end(long id, Optional<String> sha256) {
            events.add("end");
            return Optional.empty();
        }

        @Override
        public void abort(long id, String reason) {
            events.add("abort " + reason);
        }
    }, notices::add, errors::add);

    @Test
    void aDeliveryInOneFrameIsReadWhole() {
        reader.part("text/plain:notes.txt:aGVsbG8=", true);

        assertEquals(List.of("begin text/plain | notes.txt", "end"), events);
        assertEquals("hello", content.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNameWithColonsEndsAtTheLastColon() {
        reader.part("text/plain:meeting 10:30: notes.txt:aGVsbG8=", true);

        assertEquals(List.of("begin text/plain | meeting 10:30: notes.txt", "end"), events);
    }

    @Test
    void fragmentsSplitAnywhereGiveTheSameFile() {
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        String message = "application/zip:a:b.zip:" + Base64.getEncoder().encodeToString(bytes);
        for (int from = 0; from < message.length(); from += 997) {
            reader.part(message.substring(from, Math.min(message.length(), from + 997)), from + 997 >= message.length());
        }

        assertEquals(List.of("begin application/zip | a:b.zip", "end"), events);
        assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(content.toByteArray()));
    }

    @Test
    void anEmptyFileIsAFile() {
        reader.part("text/plain:empty.txt:", true);

        assertEquals(List.of("begin text/plain | empty.txt", "end"), events);
        assertEquals(0, content.size());
    }

    @Test
    void anErrorFrameIsAnErrorNotAFile() {
        reader.part("error:invalid-topic:the topic is empty", true);

        assertEquals(List.of(), events);
        assertEquals("invalid-topic", errors.get(0).code());
        assertEquals("the topic is empty", errors.get(0).getMessage());
    }

    @Test
    void invalidBase64AbortsTheFile() {
        reader.part("text/plain:a.txt:" + "A".repeat(LegacyMessageReader.LONGEST_NAME + 4), false);
        reader.part("!!!!", true);

        assertEquals(List.of("begin text/plain | a.txt", "abort its content is not valid base64"), events);
    }

    @Test
    void aFileCutOffByTheConnectionIsAborted() {
        reader.part("text/plain:a.txt:" + "A".repeat(LegacyMessageReader.LONGEST_NAME + 4), false);

        reader.closed();

        assertEquals(List.of("begin text/plain | a.txt", "abort the connection closed before the file was complete"), events);
    }

    @Test
    void aMessageThatIsNoDeliveryIsIgnoredWithANotice() {
        reader.part("hello there", true);

        assertEquals(List.of(), events);
        assertEquals(1, notices.size());
    }
}
