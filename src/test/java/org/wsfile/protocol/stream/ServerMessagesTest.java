package org.wsfile.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/** The server's messages read back as they were written, and data frames read whole however they are split. */
class ServerMessagesTest {
    private static final String SEED = "20261125";

    @Property(seed = SEED)
    void everyMessageReadsBackAsItWasWritten(@ForAll("messages") ServerMessage message) throws ProtocolException {
        assertEquals(message, ServerMessages.parse(ServerMessages.encode(message)));
    }

    @Property(seed = SEED)
    void dataFramesReadTheSameHoweverTheyAreSplit(@ForAll @Size(min = 1, max = 5) List<@Size(max = 300) byte[]> payloads,
                                                 @ForAll @IntRange(min = 1, max = 7) int fragment) {
        Map<Long, ByteArrayOutputStream> read = new HashMap<>();
        DataFrameReader reader = new DataFrameReader();
        for (int i = 0; i < payloads.size(); i++) {
            ByteBuffer frame = ChunkFrames.frame(0xFFFF_FF00L + i, ByteBuffer.wrap(payloads.get(i)));
            while (frame.hasRemaining()) {
                int length = Math.min(fragment, frame.remaining());
                ByteBuffer part = frame.slice(frame.position(), length);
                frame.position(frame.position() + length);
                reader.fragment(part, !frame.hasRemaining(), (id, bytes, last) -> {
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    read.computeIfAbsent(id, k -> new ByteArrayOutputStream()).writeBytes(copy);
                });
            }
        }
        for (int i = 0; i < payloads.size(); i++) {
            ByteArrayOutputStream got = read.get(0xFFFF_FF00L + i);
            assertArrayEquals(payloads.get(i), got == null ? new byte[0] : got.toByteArray());
        }
    }

    @Test
    void aMessageOfALaterVersionIsUnknownNotAnError() throws ProtocolException {
        assertEquals(new ServerMessage.Unknown("history"), ServerMessages.parse("{\"type\":\"history\",\"files\":[]}"));
    }

    @Test
    void aMessageWithoutItsFieldsIsRefused() {
        for (String frame : List.of("not json", "{\"type\":\"file\",\"id\":1}", "{\"type\":\"end\",\"id\":\"x\",\"sha256\":\"\"}",
                "{\"type\":\"file\",\"id\":1,\"topic\":\"t\",\"name\":\"n\",\"mime\":\"\",\"size\":1,\"sentAt\":\"soon\"}")) {
            ProtocolException refused = assertThrows(ProtocolException.class, () -> ServerMessages.parse(frame), frame);
            assertEquals(ErrorCode.BAD_FRAME, refused.code());
        }
    }

    @Test
    void theServersFramesAreTheDocumentedOnes() throws ProtocolException {
        assertEquals("{\"type\":\"end\",\"id\":42,\"sha256\":\"ab\"}", ServerMessages.end(42, "ab"));
        ServerMessage receipt = ServerMessages.parse(ServerMessages.receipt(1, null, 2, 1, List.of("too slow")));
        assertEquals(Optional.empty(), assertInstanceOf(ServerMessage.Receipt.class, receipt).sha256());
    }

    @Provide
    Arbitrary<ServerMessage> messages() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<Long> ids = Arbitraries.longs().between(0, ChunkFrames.MAX_ID);
        Arbitrary<Long> sizes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Integer> counts = Arbitraries.integers().between(0, 100_000);
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
        Arbitrary<String> sha = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        List<Arbitrary<? extends ServerMessage>> kinds = new ArrayList<>(List.of(
                Combinators.combine(sizes, counts, text.set().ofMaxSize(3), counts).as((max, chunk, features, history) ->
                        new ServerMessage.Welcome(ServerMessages.PROTOCOL, max, chunk, features, history)),
                text.map(ServerMessage.Subscribed::new),
                text.map(ServerMessage.Unsubscribed::new),
                Combinators.combine(
                        Combinators.combine(ids, text, text, text, sizes, times, Arbitraries.of(true, false))
                                .as(ServerMessage.File::new),
                        text.optional(), sizes).as((file, key, offset) -> new ServerMessage.File(file.id(), file.topic(),
                                file.name(), file.mime(), file.size(), file.sentAt(), file.text(), key, offset)),
                Combinators.combine(ids, sha).as(ServerMessage.End::new),
                Combinators.combine(ids, text).as(ServerMessage.Aborted::new),
                Combinators.combine(ids, sha.optional(), counts, counts, text.list().ofMaxSize(3)).as(ServerMessage.Receipt::new),
                Combinators.combine(text, text, ids.optional(), text.optional()).as((code, message, id, key) ->
                        new ServerMessage.Error(code, message, id.map(OptionalLong::of).orElse(OptionalLong.empty()), key)),
                Combinators.combine(ids, counts, counts, text.list().ofMaxSize(3)).as(ServerMessage.Receiving::new)));
        return Arbitraries.oneOf(kinds);
    }
}
