package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.client.Receipt;
import org.wsfile.client.RefusedException;
import org.wsfile.client.StreamConnection;
import org.wsfile.client.TextSink;
import org.wsfile.testing.Cli;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.Subscriptions;

/**
 * Texts (docs/PROTOCOL.md, "Texts"): shown by clients that know them, a plain-text file for the
 * others, refused when over the limit or not UTF-8.
 */
class TextsIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOSTILE = "Homework: https://example.org/read?page=3.\n<script>alert('x')</script>\u001b[2J done";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-texts.war", "wsfile.max-text-size=1KiB\n");
    }

    @TempDir
    Path temp;

    @Test
    void aTextReachesAJavaReceiverAsTextAndAnOriginalProtocolReceiverAsAPlainTextFile() throws Exception {
        BlockingQueue<TextSink.ReceivedText> texts = new LinkedBlockingQueue<>();
        try (StreamConnection receiver = StreamConnection.connect(endpoint(), new TextSink(new NoFiles(), texts::add), notice -> { });
             LegacyClient original = LegacyClient.connect(endpoint());
             LegacyClient prober = LegacyClient.connect(endpoint());
             StreamConnection sender = StreamConnection.connect(endpoint(), new NoFiles(), notice -> { })) {
            // The original protocol acknowledges no subscription: probe files show when it is in effect.
            original.subscribe("class-7b");
            Subscriptions.awaitSubscribed(prober, "class-7b", original);
            receiver.subscribe("class-7b");

            Optional<Receipt> receipt = sender.sendText("class-7b", HOSTILE).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(new TextSink.ReceivedText("class-7b", HOSTILE), texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            LegacyClient.Delivery file = original.nextDelivery(WAIT);
            assertTrue(file.name().matches("message-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.txt"), file.name());
            assertEquals("text/plain; charset=utf-8", file.mime());
            assertEquals(LegacyClient.sha256(HOSTILE.getBytes(StandardCharsets.UTF_8)), file.sha256());
            assertEquals(2, receipt.orElseThrow().completed());
        }
    }

    @Test
    void aTextOverTheServersLimitIsRefusedWithTheLimitAndReachesNoOne() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamConnection sender = StreamConnection.connect(endpoint(), new NoFiles(), notice -> { })) {
            receiver.subscribe("limits");

            CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> sender.sendText("limits", "x".repeat(1025)).join());

            RefusedException why = assertInstanceOf(RefusedException.class, refused.getCause());
            assertEquals("a text may have at most 1 KiB of UTF-8; this one has 1025 bytes (send it as a file instead)",
                    why.getMessage());
            assertEquals(Optional.empty(), receiver.poll(Duration.ofMillis(500)));
        }
    }

    @Test
    void aTextThatIsNotUtf8IsRefusedAndItsReceiversAreToldItWasAborted() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("bytes");
            byte[] notUtf8 = {'o', 'k', (byte) 0xC3, '('};
            sender.sendText("{\"type\":\"send\",\"id\":5,\"topic\":\"bytes\",\"kind\":\"text\",\"size\":4}");
            sender.sendRaw(5, notUtf8);
            sender.sendEnd(5, LegacyClient.sha256(notUtf8));

            StreamClient.Error error = sender.nextError(WAIT);
            assertEquals("invalid-text", error.code());
            assertEquals("a text must be UTF-8, and this one is not", error.message());
            StreamClient.Aborted aborted = assertInstanceOf(StreamClient.Aborted.class, receiver.next(WAIT));
            assertEquals("a text must be UTF-8, and this one is not", aborted.reason());
        }
    }

    @Test
    void theCommandLineSendsATextFromItsInputAndTheReceiverPrintsItAndAppendsItToAFile() throws Exception {
        Path texts = temp.resolve("texts.txt");
        try (Cli receiver = Cli.start("receive", "-u", endpoint().toString(), "-t", "office", "-o",
                temp.resolve("inbox").toString(), "--once", "--text-to", texts.toString())) {
            receiver.awaitLine("receiving files sent to", WAIT);

            Cli.Result sent = Cli.runWithInput(WAIT, HOSTILE, "send", "-u", base.toString(), "-t", "office", "--text", "-");

            assertEquals(0, sent.exitCode(), sent.text());
            assertTrue(sent.text().contains("text (79 B): sent, received by 1 of 1 subscribers"), sent.text());
            Cli.Result received = receiver.await(WAIT);
            assertEquals(0, received.exitCode(), received.text());
            // The escape character is shown, not obeyed, on the terminal; the file gets the text as it was.
            assertTrue(received.text().contains("text from office:\nHomework: https://example.org/read?page=3.\n"
                    + "<script>alert('x')</script>\uFFFD[2J done"), received.text());
            assertEquals(List.of(HOSTILE.split("\n")), Files.readAllLines(texts));
        }
    }

    /** For connections that only send, or only take texts. */
    private static final class NoFiles implements FileSink {
        @Override
        public void begin(long id, FileHeader header) {
            throw new AssertionError("no file expected, got " + header);
        }

        @Override
        public void data(long id, java.nio.ByteBuffer bytes) {
        }

        @Override
        public Optional<String> end(long id, Optional<String> sha256) {
            return Optional.empty();
        }

        @Override
        public void abort(long id, String reason) {
        }
    }
}
