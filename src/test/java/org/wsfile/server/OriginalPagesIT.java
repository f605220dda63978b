package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.wsfile.testing.Browser;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.TestFiles;

/**
 * The original system's own sender and receiver pages, opened from disk as people open them
 * (their browser then says the origin is {@code null}), against a server that allows that.
 */
class OriginalPagesIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The original system's files, beside the repository (see pom.xml). */
    private static final Path ORIGINAL = Path.of(System.getProperty("wsfile.original.dir", "../shared/original"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-original-pages.war", "wsfile.allowed-origins=null\n");
    }

    @TempDir
    Path temp;

    @BeforeEach
    void theOriginalPagesAreAtHand() {
        boolean there = Files.isRegularFile(ORIGINAL.resolve("index.html")) && Files.isRegularFile(ORIGINAL.resolve("sender.html"));
        if (System.getenv("CI") != null && !there) {
            throw new AssertionError("the original system's pages are not at " + ORIGINAL.toAbsolutePath());
        }
        assumeTrue(there, "the original system's pages are not at " + ORIGINAL.toAbsolutePath());
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
