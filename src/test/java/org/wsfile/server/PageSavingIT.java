package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.TimeoutException;
import org.wsfile.testing.Browser;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;

/**
 * Where the receive page puts files as they arrive, in headless Chromium: large files saved
 * automatically go to the downloads while they arrive, and into a chosen folder every file does;
 * a file that does not arrive whole leaves nothing behind in either.
 */
class PageSavingIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SIZE = 40_000_000;
    /** Longer than Chromium lets a service worker live without an event (30 s). */
    private static final Duration SLOW_REST = Duration.ofSeconds(40);
    /**
     * Chromium's folder picker is a window of the desktop that the test cannot click through, so
     * the page is given the folder a person would have picked: one in the origin's private file
     * system, which the page writes through the same File System Access API.
     */
    private static final String PICKS_CLASS_FOLDER = """
            window.showDirectoryPicker = async () =>
                (await navigator.storage.getDirectory()).getDirectoryHandle('Class 7b', {create: true});
            """;
    /** The folder's files, by their paths in it, each with its size and SHA-256. */
    private static final String FOLDER_CONTENTS = """
            const hex = bytes => [...new Uint8Array(bytes)].map(b => b.toString(16).padStart(2, '0')).join('');
            const contents = {};
            async function walk(directory, prefix) {
                for await (const [name, entry] of directory.entries()) {
                    if (entry.kind === 'directory') {
                        await walk(entry, prefix + name + '/');
                    } else {
                        const file = await entry.getFile();
                        contents[prefix + name] = file.size + ' '
                            + hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
                    }
                }
            }
            return (async () => {
                await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('Class 7b'), '');
                return contents;
            })();
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-saving.war", "wsfile.max-file-size=256MiB\n");
    }

    @TempDir
    Path temp;

    private Path downloads;

    @BeforeEach
    void folders() throws IOException {
        downloads = Files.createDirectories(temp.resolve("downloads"));
    }

    @Test
    void aLargeFileSavedAutomaticallyIsWrittenToTheDownloadsWhileItArrives() throws Exception {
        try (Browser browser = Browser.start(downloads, 1000, 800);
             StreamClient java = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing lecture = halfSentAndBeingSaved(browser, java, "streamed", 11);

            while (lecture.hasMore()) {
                lecture.sendChunk(StreamClient.CHUNK_SIZE);
            }
            String sha256 = lecture.end();

            assertEquals(1, lecture.awaitReceipt(WAIT).completed());
            assertEquals(sha256, TestFiles.sha256(browser.awaitDownload(downloads, "lecture.mp4", SIZE, WAIT)));
            assertEquals("Received whole · saved to your downloads",
                    browser.find(row("lecture.mp4", "received") + " .status").getText().replaceAll(" · sent .*", ""));
        }
    }

    /**
     * A file that trickles in, as on a slow network, for longer than Chromium lets a service worker
     * live without an event (30 s): the bytes reach the worker through a message port, whose
     * messages are not events, so what keeps the worker alive is the page's announcement of the
     * download (whose handler waits for the download to finish) and its keep-alive messages.
     */
    @Test
    void aDownloadThatTricklesInForLongerThanAnIdleServiceWorkerLivesIsSavedWhole() throws Exception {
        try (Browser browser = Browser.start(downloads, 1000, 800);
             StreamClient java = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing lecture = halfSentAndBeingSaved(browser, java, "slow", 13);
            long start = System.nanoTime();

            // The rest over 40 seconds, as on a slow network.
            while (lecture.hasMore()) {
                lecture.sendChunk(StreamClient.CHUNK_SIZE);
                Thread.sleep(SLOW_REST.toMillis() / (SIZE / 2 / StreamClient.CHUNK_SIZE));
            }
            String sha256 = lecture.end();

            assertTrue(System.nanoTime() - start >= SLOW_REST.toNanos());
            assertEquals(1, lecture.awaitReceipt(WAIT).completed());
            assertEquals(sha256, TestFiles.sha256(browser.awaitDownload(downloads, "lecture.mp4", SIZE, WAIT)));
        }
    }

    @Test
    void aLargeFileCancelledWhileItIsSavedLeavesNothingInTheDownloads() throws Exception {
        try (Browser browser = Browser.start(downloads, 1000, 800);
             StreamClient java = StreamClient.connect(endpoint())) {
            StreamClient.Outgoing lecture = halfSentAndBeingSaved(browser, java, "cancelled", 12);

            lecture.cancel();

            browser.awaitElement(row("lecture.mp4", "lost"), WAIT);
            browser.await(WAIT, page -> listDownloads().isEmpty());
        }
    }

    @Test
    void filesAreSavedIntoTheChosenFolderAsTheyArriveAndItIsRememberedForTheNextVisit() throws Exception {
        try (Browser browser = Browser.start(downloads, 1000, 800);
             StreamClient java = StreamClient.connect(endpoint())) {
            browser.beforeEachPage(PICKS_CLASS_FOLDER);
            openReceivePage(browser, "into-folder");
            browser.find("#choose-folder").click();
            browser.await(WAIT, page -> browser.find("#folder-state").getText()
                    .equals("Saving every file into the folder “Class 7b” as it arrives."));

            StreamClient.Sent notes = java.send("into-folder", "lesson/notes.txt", 5_000, 21);
            StreamClient.Sent again = java.send("into-folder", "lesson/notes.txt", 6_000, 22);
            StreamClient.Sent video = java.send("into-folder", "lesson/slides/talk.mp4", SIZE, 23);
            StreamClient.Outgoing cut = java.start("into-folder", "unfinished.bin", "application/octet-stream", SIZE, 24);
            sendAtLeast(cut, SIZE / 2);
            cut.cancel();

            for (StreamClient.Sent sent : List.of(notes, again, video)) {
                assertEquals(1, sent.awaitReceipt(WAIT).completed());
            }
            browser.awaitElement(row("unfinished.bin", "lost"), WAIT);
            assertEquals(List.of("Received whole · saved into “Class 7b” as lesson/notes (1).txt",
                            "Received whole · saved into “Class 7b” as lesson/notes.txt"),
                    browser.script("return [...document.querySelectorAll(arguments[0])].map(status =>"
                            + " status.textContent.replace(/ · sent .*/, ''))", row("lesson/notes.txt", "received") + " .status"));
            Map<String, String> expected = Map.of(
                    "lesson/notes.txt", "5000 " + notes.sha256(),
                    "lesson/notes (1).txt", "6000 " + again.sha256(),
                    "lesson/slides/talk.mp4", SIZE + " " + video.sha256());
            Object[] contents = new Object[1];
            try {
                browser.await(WAIT, page -> expected.equals(contents[0] = browser.script(FOLDER_CONTENTS)));
            } catch (TimeoutException e) {
                assertEquals(expected, contents[0], "the folder's files");
            }
            assertTrue(listDownloads().isEmpty(), "nothing went to the downloads");
            browser.screenshot("receiver-folder");

            openReceivePage(browser, "into-folder");
            browser.await(WAIT, page -> browser.find("#folder-state").getText().contains("“Class 7b”"));
        }
    }

    private void openReceivePage(Browser browser, String topic) {
        browser.open(page("receiver.html?topic=" + topic));
        browser.awaitElement("#state[data-state='connected']", WAIT);
    }

    /**
     * A receive page saving automatically, and a large file of which half is sent and the rest
     * held back, once the browser has written part of it to the downloads already.
     */
    private StreamClient.Outgoing halfSentAndBeingSaved(Browser browser, StreamClient java, String topic, long seed) {
        openReceivePage(browser, topic);
        browser.find("#auto-save").click();
        StreamClient.Outgoing lecture = java.start(topic, "lecture.mp4", "video/mp4", SIZE, seed);
        sendAtLeast(lecture, SIZE / 2);
        browser.await(WAIT, page -> savedBytes() >= SIZE / 4);
        return lecture;
    }

    /** Sends chunks until at least this many bytes of the file are out. */
    private static void sendAtLeast(StreamClient.Outgoing file, long bytes) {
        for (long sent = 0; sent < bytes; ) {
            sent += file.sendChunk(StreamClient.CHUNK_SIZE);
        }
    }

    /** All bytes in the downloads folder, finished or not (Chromium writes into .crdownload files first). */
    private long savedBytes() {
        return listDownloads().stream().mapToLong(file -> file.toFile().length()).sum();
    }

    private List<Path> listDownloads() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String row(String name, String state) {
        return ".file[data-name='" + name + "'][data-state='" + state + "']";
    }
}
