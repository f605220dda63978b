package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.LegacyClient.Delivery;
import org.wsfile.testing.RawWebSocket;
import org.wsfile.testing.Subscriptions;

/** The original protocol, spoken by clients that know nothing of wsfile, against the deployed WAR. */
class LegacyRelayIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(500);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfile();
    }

    @Test
    void everySubscriberOfTheTopicReceivesTheFile() throws Exception {
        try (LegacyClient first = LegacyClient.connect(endpoint());
             LegacyClient second = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            first.subscribe("class-7b");
            second.subscribe("class-7b");
            Subscriptions.awaitSubscribed(sender, "class-7b", first, second);

            byte[] content = "homework for Monday".getBytes(StandardCharsets.UTF_8);
            String sha = sender.sendFile("class-7b", "text/plain", "homework.txt", content);

            Delivery expected = new Delivery("text/plain", "homework.txt", content.length, sha);
            assertEquals(expected, first.nextDelivery(WAIT));
            assertEquals(expected, second.nextDelivery(WAIT));
        }
    }

    @Test
    void filesReachOnlyTheSubscribersOfTheirTopic() throws Exception {
        try (LegacyClient mathOnly = LegacyClient.connect(endpoint());
             LegacyClient artOnly = LegacyClient.connect(endpoint());
             LegacyClient both = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            mathOnly.subscribe("math");
            artOnly.subscribe("art");
            both.subscribe("math");
            both.subscribe("art");
            Subscriptions.awaitSubscribed(sender, "math", mathOnly, both);
            Subscriptions.awaitSubscribed(sender, "art", artOnly, both);

            sender.sendFile("math", "text/plain", "algebra.txt", new byte[] {1, 2, 3});
            sender.sendFile("art", "image/png", "sketch.png", new byte[] {4, 5});

            assertEquals("algebra.txt", mathOnly.nextDelivery(WAIT).name());
            assertEquals("sketch.png", artOnly.nextDelivery(WAIT).name());
            assertEquals("algebra.txt", both.nextDelivery(WAIT).name());
            assertEquals("sketch.png", both.nextDelivery(WAIT).name());
            assertTrue(mathOnly.poll(QUIET).isEmpty(), "math subscriber got an art file");
            assertTrue(artOnly.poll(QUIET).isEmpty(), "art subscriber got a math file");
        }
    }

    @Test
    void fileNameWithColonsAndNonAsciiCharactersArrivesIntact() throws Exception {
        String topic = "famille-é";
        String name = "Zeugnis 10:30 – Ünïcødé 日本 📄.txt";
        try (LegacyClient receiver = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            receiver.subscribe(topic);
            Subscriptions.awaitSubscribed(sender, topic, receiver);

            byte[] content = "Grüße".getBytes(StandardCharsets.UTF_8);
            String sha = sender.sendFile(topic, "text/plain;charset=utf-8", name, content);

            assertEquals(new Delivery("text/plain;charset=utf-8", name, content.length, sha),
                    receiver.nextDelivery(WAIT));
        }
    }

    @Test
    void aSubscribedConnectionCanStillSendAndDoesNotGetItsOwnFileBack() throws Exception {
        try (LegacyClient alice = LegacyClient.connect(endpoint());
             LegacyClient bob = LegacyClient.connect(endpoint())) {
            alice.subscribe("office");
            bob.subscribe("office");
            Subscriptions.awaitSubscribed(alice, "office", bob);
            Subscriptions.awaitSubscribed(bob, "office", alice);

            alice.sendFile("office", "application/pdf", "notice.pdf", new byte[] {9, 9, 9});

            assertEquals("notice.pdf", bob.nextDelivery(WAIT).name());
            assertTrue(alice.poll(QUIET).isEmpty(), "the sender got its own file back");
        }
    }

    @Test
    void anEmptyFileIsRelayed() throws Exception {
        try (LegacyClient receiver = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            receiver.subscribe("empty");
            Subscriptions.awaitSubscribed(sender, "empty", receiver);

            String sha = sender.sendFile("empty", "", "empty.txt", new byte[0]);

            assertEquals(new Delivery("", "empty.txt", 0, sha), receiver.nextDelivery(WAIT));
        }
    }

    @Test
    void malformedFramesGetAnErrorFrameAndTheConnectionStaysUsable() throws Exception {
        try (LegacyClient client = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            client.sendText("hello");
            assertTrue(client.nextError(WAIT).text().startsWith("error:unknown-command:"));
            client.sendText("message:no-separators");
            assertTrue(client.nextError(WAIT).text().startsWith("error:bad-frame:"));
            client.sendText("message:t:text/plain:a.txt:not base64!");
            assertTrue(client.nextError(WAIT).text().startsWith("error:bad-base64:"));
            client.sendText("subscribe:");
            assertTrue(client.nextError(WAIT).text().startsWith("error:invalid-topic:"));

            assertStillSubscribesAndReceives(client, sender, "after-errors");
        }
    }

    @Test
    void aBinaryFrameGetsAnErrorFrameAndTheConnectionStaysUsable() throws Exception {
        try (LegacyClient client = LegacyClient.connect(endpoint());
             LegacyClient sender = LegacyClient.connect(endpoint())) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertTrue(client.nextError(WAIT).text().startsWith("error:unexpected-binary:"));

            assertStillSubscribesAndReceives(client, sender, "after-binary");
        }
    }

    @Test
    void aFileSentAsOneUnfragmentedFrameLikeTheOriginalClientIsRelayed() throws Exception {
        try (LegacyClient receiver = LegacyClient.connect(endpoint());
             LegacyClient prober = LegacyClient.connect(endpoint());
             RawWebSocket original = RawWebSocket.connect(endpoint())) {
            receiver.subscribe("raw");
            Subscriptions.awaitSubscribed(prober, "raw", receiver);

            String sha = original.sendLegacyFile("raw", "application/octet-stream", "three-fragments.bin",
                    3 * 1024 * 1024 + 17, 42);

            assertEquals(new Delivery("application/octet-stream", "three-fragments.bin", 3 * 1024 * 1024 + 17, sha),
                    receiver.nextDelivery(WAIT));
        }
    }

    private static void assertStillSubscribesAndReceives(LegacyClient client, LegacyClient sender, String topic)
            throws Exception {
        client.subscribe(topic);
        Subscriptions.awaitSubscribed(sender, topic, client);
        sender.sendFile(topic, "text/plain", "still-works.txt", new byte[] {1});
        assertEquals("still-works.txt", client.nextDelivery(WAIT).name());
    }
}
