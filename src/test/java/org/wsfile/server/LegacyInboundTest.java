package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Outcome;
import org.wsfile.relay.RecordingSubscriber;
import org.wsfile.relay.Subscriber;

/** What a connection sends in the original protocol, on a server without a container. */
class LegacyInboundTest {
    private final EmbeddedServer server = new EmbeddedServer();
    private final RecordingSubscriber healthy = new RecordingSubscriber("healthy");
    private final FakeTransport sender = FakeTransport.reading("sender");
    private final Connection connection = server.connect(sender);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFaultWhileRelayingAbortsTheFileForEverySubscriber() {
        server.context.hub.subscribe(healthy, "t");
        server.context.hub.subscribe(new Faulty(), "t");

        assertThrows(IllegalStateException.class, () -> connection.text("message:t:text/plain:a.txt:" + base64("hello")));

        assertEquals("the server could not relay the file", healthy.deliveries().get(0).abortReason);
    }

    @Test
    void aFileReachesAnOriginalSubscriberAsOneMessage() throws Exception {
        FakeTransport receiver = FakeTransport.reading("receiver");
        server.connect(receiver).text("subscribe:class-7b");

        connection.text("message:class-7b:text/plain:notes: 10:30.txt:" + base64("hello"));

        receiver.awaitWritten(1);
        assertEquals(List.of("text/plain:notes: 10:30.txt:" + base64("hello")), receiver.written);
    }

    @Test
    void aFilesTextLongerThanTheSubscriberBufferGoesOutInPartsEncodedOnceAndWholeWithANonAsciiName() throws Exception {
        FakeTransport receiver = FakeTransport.reading("receiver");
        server.connect(receiver).text("subscribe:class-7b");
        String base64 = Base64.getEncoder().encodeToString(new byte[3_200_000]);
        String expected = "text/plain:größe-日本.pdf:" + base64;

        connection.text("message:class-7b:text/plain:größe-日本.pdf:" + base64);

        receiver.awaitWritten(2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (receiver.text().length() < expected.length() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, receiver.text());
        assertTrue(receiver.encoded.size() > 1, "the file went out in " + receiver.encoded.size() + " parts");
    }

    @Test
    void aFileWhoseTextFitsTheSubscriberBufferGoesOutAsOneFrameAsTheOriginalSendsIt() throws Exception {
        FakeTransport receiver = FakeTransport.reading("receiver");
        server.connect(receiver).text("subscribe:t");
        String base64 = Base64.getEncoder().encodeToString(new byte[3_000_000]);

        connection.text("message:t:application/octet-stream:a.bin:" + base64);

        receiver.awaitWritten(1);
        assertEquals(List.of("application/octet-stream:a.bin:" + base64), receiver.written);
    }

    @Test
    void aMalformedFrameIsAnsweredWithAnErrorFrameAndTheConnectionStaysOpen() throws Exception {
        connection.text("hello");

        sender.awaitWritten(1);
        assertEquals("error:unknown-command:expected subscribe:{topic} or message:{topic}:{mime}:{file name}:{base64},"
                + " got \"hello\"", sender.text());
        assertEquals(false, sender.closed.isDone());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A subscriber whose delivery fails on the first bytes, as a fault in the server would. */
    private static final class Faulty implements Subscriber {
        @Override
        public Delivery deliver(FileOffer offer, Outcome outcome) {
            return new Delivery() {
                @Override
                public void chunk(Chunk chunk) {
                    throw new IllegalStateException("broken");
                }

                @Override
                public void awaitRoom() {
                }

                @Override
                public void awaitReadyForNext() {
                }

                @Override
                public void end(String sha256) {
                }

                @Override
                public void abort(String reason) {
                }
            };
        }

        @Override
        public String connectionId() {
            return "faulty";
        }
    }
}
