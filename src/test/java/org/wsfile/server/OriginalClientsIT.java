package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.wsfile.testing.Browser;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;

/**
 * The original system's own clients against wsfile: its sender and receiver pages, opened from
 * disk as people open them (their browser then says the origin is {@code null}, which this
 * server allows), and its command-line sender and receiver (Python, with Debian's
 * python3-websockets).
 */
class OriginalClientsIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The original system's files, beside the repository (see pom.xml). */
    private static final Path ORIGINAL = Path.of(System.getProperty("wsfile.original.dir", "../shared/original"));
    private static final String PYTHON = "/usr/bin/python3";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-original-clients.war", "wsfile.allowed-origins=null\n");
    }

    @TempDir
    Path temp;

    @BeforeEach
    void theOriginalClientsAreAtHand() {
        requireInCi(Files.isRegularFile(ORIGINAL.resolve("index.html")) && Files.isRegularFile(ORIGINAL.resolve("sender.py")),
                "the original system's clients are not at " + ORIGINAL.toAbsolutePath());
    }

    /** Skips a test when something it needs is missing, except in CI, where it must be there. */
    private static void requireInCi(boolean there, String otherwise) {
        if (System.getenv("CI") != null && !there) {
            throw new AssertionError(otherwise);
        }
        assumeTrue(there, otherwise);
    }

    @Test
    void aFileSentFromTheOriginalSenderPageArrivesWholeOnTheOriginalReceiverPage() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads"));
        Path lecture = TestFiles.random(temp.resolve("lecture 7.pdf"), 300_000, 7);
        String endpoint = endpoint().toString();
        try (Browser receiver = Browser.start(downloads, 1000, 800);
             Browser sender = Browser.start(temp, 1000, 800)) {
            receiver.open(ORIGINAL.resolve("index.html").toUri().toString());
            connect(receiver, endpoint, "class-7b");
            receiver.await(WAIT, page -> "Disconnect".equals(receiver.find("#connectionForm button").getText()));
            sender.open(ORIGINAL.resolve("sender.html").toUri().toString());
            connect(sender, endpoint, "class-7b");
            sender.await(WAIT, page -> "Send File".equals(sender.find("#connectionForm button").getText()));

            sender.find("#fileInput").sendKeys(lecture.toString());
            sender.find("#connectionForm button").click();

            receiver.await(WAIT, page -> receiver.find("#fileInfo").getText().equals("Received file: lecture 7.pdf"));
            receiver.find("#downloadButton").click();
            Path saved = receiver.awaitDownload(downloads, "lecture 7.pdf", Files.size(lecture), WAIT);
            assertEquals(TestFiles.sha256(lecture), TestFiles.sha256(saved));
        }
    }

    @Test
    void aLargeFileFromTheOriginalSenderProgramReachesTheOriginalReceiverProgramAndAStreamingSubscriber() throws Exception {
        requireInCi(pythonWebsockets(), PYTHON + " with the websockets library (apt-get install python3-websockets) is needed");
        Path folder = Files.createDirectories(temp.resolve("received"));
        Path lecture = TestFiles.random(temp.resolve("lecture-07.mp4"), 30_000_000, 7);
        String endpoint = endpoint().toString();
        Process receiver = new ProcessBuilder(PYTHON, ORIGINAL.resolve("receive.py").toAbsolutePath().toString(),
                "-u", endpoint, "-t", "class-7b").directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("receive.log").toFile()).start();
        try (LegacyClient probe = LegacyClient.connect(endpoint());
             StreamClient streaming = StreamClient.connect(endpoint())) {
            awaitReceiving(probe, folder);
            streaming.subscribe("class-7b");

            Process sender = new ProcessBuilder(PYTHON, ORIGINAL.resolve("sender.py").toAbsolutePath().toString(),
                    "-u", endpoint, "-t", "class-7b", "-f", lecture.toString()).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("send.log").toFile()).start();
            assertTrue(sender.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the original sender did not finish");
            assertEquals(0, sender.exitValue(), Files.readString(temp.resolve("send.log")));

            String sha256 = TestFiles.sha256(lecture);
            StreamClient.Received relayed = streaming.nextFile(WAIT);
            assertEquals("lecture-07.mp4", relayed.name());
            assertEquals(sha256, relayed.sha256());
            Path saved = folder.resolve("lecture-07.mp4");
            Instant deadline = Instant.now().plus(WAIT);
            while (!(Files.isRegularFile(saved) && Files.size(saved) == Files.size(lecture) && sha256.equals(TestFiles.sha256(saved)))) {
                assertTrue(Instant.now().isBefore(deadline), "the original receiver did not save the file: "
                        + Files.readString(temp.resolve("receive.log")));
                Thread.sleep(200);
            }
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends probe files until the original receiver program saves one: it has subscribed. */
    private static void awaitReceiving(LegacyClient probe, Path folder) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        for (int i = 0; ; i++) {
            assertTrue(Instant.now().isBefore(deadline), "the original receiver program did not subscribe");
            probe.sendFile("class-7b", "text/plain", "probe-" + i + ".txt", new byte[] {'p'});
            Path saved = folder.resolve("probe-" + i + ".txt");
            for (int wait = 0; wait < 10 && !Files.exists(saved); wait++) {
                Thread.sleep(100);
            }
            if (Files.exists(saved)) {
                return;
            }
        }
    }

    private static boolean pythonWebsockets() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import websockets").redirectErrorStream(true).start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void connect(Browser page, String endpoint, String topic) {
        WebElement url = page.find("#socketURL");
        url.clear();
        url.sendKeys(endpoint);
        WebElement topicField = page.find("#topic");
        topicField.clear();
        topicField.sendKeys(topic);
        page.find("#connectionForm button").click();
    }
}
