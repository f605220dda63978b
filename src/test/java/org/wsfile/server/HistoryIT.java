package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.testing.Browser;
import org.wsfile.testing.Cli;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StatusPage;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.Subscriptions;
import org.wsfile.testing.TestFiles;

/**
 * Topic history (docs/PROTOCOL.md, "History"): with {@code wsfile.history.files=3}, a subscriber
 * who joins late asks for the last files or those since a time and gets them, in order, with
 * the time they were first sent and their checksums, then the live ones.
 */
class HistoryIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path KEPT = Path.of("target", "history-it").toAbsolutePath();

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        TestFiles.deleteTree(KEPT);
        return Deployments.wsfileWithSettings("wsfile-history.war",
                "wsfile.history.files=3\nwsfile.history.dir=" + KEPT + "\n");
    }

    @TempDir
    Path temp;

    @Test
    void aLateSubscriberGetsTheLastFilesInOrderWithTheirTimesAndChecksumsThenLiveOnes() throws Exception {
        try (StreamClient sender = StreamClient.connect(endpoint());
             LegacyClient original = LegacyClient.connect(endpoint());
             LegacyClient prober = LegacyClient.connect(endpoint())) {
            // The original protocol acknowledges no subscription: probe files show when it is in effect.
            original.subscribe("late");
            Subscriptions.awaitSubscribed(prober, "late", original);
            List<StreamClient.Sent> sent = new ArrayList<>();
            List<Instant> sentBetween = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                sentBetween.add(Instant.now());
                sent.add(sender.send("late", "lesson-" + i + ".bin", i == 4 ? 3_000_000 : 1_000 * i, i));
                sent.get(i - 1).awaitReceipt(WAIT);
                Thread.sleep(10);
            }
            for (int i = 1; i <= 4; i++) {
                assertEquals("lesson-" + i + ".bin", original.nextDelivery(WAIT).name());
            }
            try (StreamClient late = StreamClient.connect(endpoint());
                 StreamClient since = StreamClient.connect(endpoint())) {
                late.subscribe("late", Optional.of(new HistoryRequest.Last(2)));
                since.subscribe("late", Optional.of(new HistoryRequest.Since(sentBetween.get(2))));

                for (StreamClient subscriber : List.of(late, since)) {
                    StreamClient.Received third = subscriber.nextFile(WAIT);
                    StreamClient.Received fourth = subscriber.nextFile(WAIT);
                    assertEquals(List.of("lesson-3.bin", "lesson-4.bin"), List.of(third.name(), fourth.name()));
                    assertEquals(List.of(sent.get(2).sha256(), sent.get(3).sha256()), List.of(third.sha256(), fourth.sha256()));
                    assertTrue(third.sentAt().isAfter(sentBetween.get(2)) && third.sentAt().isBefore(sentBetween.get(3)),
                            "the time it was first sent: " + third.sentAt());
                }

                StreamClient.Sent live = sender.send("late", "live.bin", 500, 9);
                assertEquals("live.bin", late.nextFile(WAIT).name());
                assertEquals("live.bin", since.nextFile(WAIT).name());
                assertEquals("live.bin", original.nextDelivery(WAIT).name(), "an original-protocol subscriber gets no history");
                assertEquals(3, live.awaitReceipt(WAIT).completed(), "history counts in no receipt");
            }
        }
    }

    @Test
    void theReceivePageGetsTheLastFilesItsAddressAsksForAndTheStatusPageShowsWhatIsKept() throws Exception {
        try (StreamClient sender = StreamClient.connect(endpoint())) {
            for (String name : List.of("old.pdf", "week-1.pdf", "week-2.pdf")) {
                sender.send("page-history", name, 2_000, name.length()).awaitReceipt(WAIT);
            }
        }
        try (Browser browser = Browser.start(Files.createDirectories(temp.resolve("downloads")), 1000, 900)) {
            browser.open(page("receiver.html?topic=page-history&last=2"));

            for (String name : List.of("week-1.pdf", "week-2.pdf")) {
                browser.awaitElement(".file[data-name='" + name + "'][data-state='received']", WAIT);
            }
            assertTrue(browser.find("#history-choice").isDisplayed(), "the page offers history where the server keeps it");
            assertEquals(0, ((Number) browser.script("return document.querySelectorAll(\".file[data-name='old.pdf']\").length"))
                    .intValue());
            browser.find("#last").clear();
            browser.find("#last").sendKeys("3");
            browser.find("#get-last").click();
            browser.awaitElement(".file[data-name='old.pdf'][data-state='received']", WAIT);
        }
        JsonObject topic = StatusPage.fetch(page("status")).getJsonArray("topics").getValuesAs(JsonObject.class)
                .stream().filter(entry -> entry.getString("topic").equals("page-history")).findFirst().orElseThrow();
        assertEquals(6_000, topic.getJsonNumber("historyBytes").longValue());
    }

    @Test
    void theCommandLineReceivesTheLastFilesAndATextKeptAmongThem() throws Exception {
        try (StreamClient sender = StreamClient.connect(endpoint())) {
            StreamClient.Sent notes = sender.send("office", "notes.pdf", 20_000, 1);
            notes.awaitReceipt(WAIT);
            sender.sendText("{\"type\":\"send\",\"id\":77,\"topic\":\"office\",\"kind\":\"text\",\"size\":5}");
            sender.sendRaw(77, "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sender.sendEnd(77, LegacyClient.sha256("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            sender.receipt(77).orTimeout(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        Path inbox = temp.resolve("inbox");

        Cli.Result received = Cli.run(WAIT, "receive", "-u", endpoint().toString(), "-t", "office", "-o", inbox.toString(),
                "--last", "2", "--count", "2");

        assertEquals(0, received.exitCode(), received.text());
        assertTrue(received.text().contains("text from office:\nhello"), received.text());
        assertEquals(20_000, Files.size(inbox.resolve("notes.pdf")));
    }

}
