package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;

/** What a connection sends in the streaming protocol, on a server without a container. */
class StreamInboundTest {
    /** One request a second, in bursts of two: nothing comes back during a test. */
    private final EmbeddedServer server = new EmbeddedServer(
            Settings.from(key -> key.equals(Settings.CONTROL_MESSAGES_PER_SECOND) ? Optional.of("1") : Optional.empty()),
            token -> new Permissions(List.of("class-7b"), List.of("*"), false));
    private final FakeTransport flooder = FakeTransport.reading("flooder");
    private final Connection connection = server.connect(flooder);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void confirmationsForAFrameFullOfUnknownFilesAreAnsweredOnlyUpToTheRequestRate() throws Exception {
        String ids = LongStream.rangeClosed(1, 2_500).mapToObj(Long::toString).collect(Collectors.joining(","));

        connection.text("{\"type\":\"received\",\"ids\":[" + ids + "]}");

        assertTrue(server.refusals.get() <= 3, server.refusals + " refusals answered");
    }

    @Test
    void refusedFilesThatAreNeverEndedAreRememberedOnlyUpToABound() throws Exception {
        for (int id = 1; id <= 10_000; id++) {
            connection.text("{\"type\":\"send\",\"id\":" + id + ",\"topic\":\"other-class\",\"name\":\"a.txt\",\"size\":1}");
        }

        assertEquals(StreamInbound.MAX_REMEMBERED_REFUSALS, connection.stream().rememberedRefusals());
        assertTrue(server.refusals.get() <= 3, server.refusals + " refusals answered");
    }

    @Test
    void aFileStreamsToASubscriberOnAnotherConnectionWithItsChecksumAndReceipt() throws Exception {
        FakeTransport receiver = FakeTransport.reading("receiver");
        Connection subscriber = server.connect(receiver);
        subscriber.text("{\"type\":\"subscribe\",\"topic\":\"class-7b\"}");
        receiver.awaitWritten(1);

        connection.text("{\"type\":\"send\",\"id\":1,\"topic\":\"class-7b\",\"name\":\"a.txt\",\"size\":5}");
        connection.binary(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 'h', 'e', 'l', 'l', 'o'}));
        connection.text("{\"type\":\"end\",\"id\":1,\"sha256\":\"" + HELLO_SHA256 + "\"}");
        receiver.awaitWritten(4);
        long id = ((ByteBuffer) receiver.written.get(2)).getInt(0) & 0xFFFF_FFFFL;
        subscriber.text("{\"type\":\"received\",\"id\":" + id + "}");

        flooder.awaitWritten(1);
        assertTrue(receiver.text().contains("\"type\":\"file\""), receiver.text());
        assertTrue(receiver.text().contains("\"type\":\"end\",\"id\":" + id + ",\"sha256\":\"" + HELLO_SHA256 + "\""),
                receiver.text());
        assertTrue(flooder.text().contains("\"type\":\"receipt\",\"id\":1,"), flooder.text());
        assertTrue(flooder.text().contains("\"completed\":1"), flooder.text());
    }

    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
}
