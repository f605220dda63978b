package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.testing.Browser;
import org.wsfile.testing.CuttingProxy;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;
import org.wsfile.testing.Waiting;

/** The send and receive pages in real headless Chromium, against the deployed WAR. */
class BrowserIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-browser.war", "wsfile.max-file-size=256MiB\n");
    }

    @TempDir
    Path temp;

    private Path outbox;
    private Path downloads;

    @BeforeEach
    void folders() throws IOException {
        outbox = Files.createDirectories(temp.resolve("outbox"));
        downloads = Files.createDirectories(temp.resolve("downloads"));
    }

    @Test
    void twoFilesSentFromTheSendPageArriveIntactOnTheReceivePage() throws Exception {
        Path photo = picture(outbox.resolve("board.png"));
        Path notes = TestFiles.random(outbox.resolve("notes 10:30.bin"), 1_500_000, 1);
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(temp, 1000, 900)) {
            openPages(receiver, sender, "class-7b");

            sender.find("#files").sendKeys(photo + "\n" + notes);
            sender.find("#send").click();

            for (String name : List.of("board.png", "notes 10:30.bin")) {
                String status = sender.awaitElement(row(name, "delivered") + " .status", WAIT).getText();
                assertEquals("Received by 1 of 1", status);
                receiver.awaitElement(row(name, "received"), WAIT);
            }
            receiver.awaitElement(row("board.png", "received") + " img", WAIT);
            assertEquals(TestFiles.sha256(photo),
                    TestFiles.sha256(receiver.awaitDownload(downloads, "board.png", Files.size(photo), WAIT)));
            assertEquals(TestFiles.sha256(notes),
                    TestFiles.sha256(receiver.awaitDownload(downloads, "notes 10_30.bin", Files.size(notes), WAIT)));
            sender.screenshot("sender");
            receiver.screenshot("receiver");
        }
    }

    @Test
    void aTextFromTheSendPageIsShownAsTextWithItsLinksAndAnOlderClientGetsItAsAFile() throws Exception {
        String text = "Read https://example.org/a?b=1, then <img src=x onerror=\"document.title='hacked'\"> page 3.";
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(temp, 1000, 900);
             StreamClient older = StreamClient.connect(endpoint())) {
            older.subscribe("texts");
            openPages(receiver, sender, "texts");

            sender.find("#text").sendKeys(text);
            sender.find("#send").click();

            assertEquals("Received by 2 of 2", sender.awaitElement(row("Text", "delivered") + " .status", WAIT).getText());
            assertEquals(text, receiver.awaitElement(row("Text", "received") + " .text-content", WAIT).getText());
            receiver.screenshot("receiver-text");
            assertEquals(List.of("https://example.org/a?b=1 noopener noreferrer"), receiver.script(
                    "return [...document.querySelectorAll('.text-content *')].map(e => e.tagName === 'A' ? e.href + ' ' + e.rel : e.tagName)"));
            StreamClient.Received file = older.nextFile(WAIT);
            assertTrue(file.name().matches("message-[0-9T-]+Z\\.txt"), file.name());
            assertEquals("text/plain; charset=utf-8", file.mime());
            assertEquals(LegacyClient.sha256(text.getBytes(StandardCharsets.UTF_8)), file.sha256());

            sender.script("const field = document.getElementById('text'); field.value = 'x'.repeat(70000);"
                    + " field.dispatchEvent(new Event('input'));");
            sender.find("#send").click();
            assertEquals("Too large for this server: a text may have at most 64 KiB of UTF-8; this one has 70 kB"
                    + " (send it as a file instead)", sender.awaitElement(row("Text", "refused") + " .status", WAIT).getText());
            assertEquals("Receive files · wsfile", receiver.script("return document.title"), "the text's markup never ran");
        }
    }

    @Test
    void smallFilesChosenTogetherOnTheSendPageArriveIntactOnTheReceivePageAndAtAnOlderClient() throws Exception {
        // Eight: Chromium stops a page's automatic downloads after ten until the user allows more.
        List<Path> notes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            notes.add(TestFiles.random(outbox.resolve("note-" + i + ".txt"), 100 + i * 7000L, 10 + i));
        }
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(temp, 1000, 900);
             StreamClient older = StreamClient.connect(endpoint())) {
            older.subscribe("class-7c");
            openPages(receiver, sender, "class-7c");

            sender.find("#files").sendKeys(String.join("\n", notes.stream().map(Path::toString).toList()));
            sender.find("#send").click();

            for (Path note : notes) {
                String name = note.getFileName().toString();
                assertEquals("Received by 2 of 2", sender.awaitElement(row(name, "delivered") + " .status", WAIT).getText());
                receiver.awaitElement(row(name, "received"), WAIT);
                assertEquals(TestFiles.sha256(note),
                        TestFiles.sha256(receiver.awaitDownload(downloads, name, Files.size(note), WAIT)));
                assertEquals(TestFiles.sha256(note), older.nextFile(WAIT).sha256());
            }
        }
    }

    @Test
    void aFolderChosenOnTheSendPageArrivesAsItsFilesNamedByTheirPathsInIt() throws Exception {
        Path lesson = Files.createDirectories(outbox.resolve("lesson"));
        Path notes = TestFiles.random(lesson.resolve("notes.txt"), 5_000, 21);
        Path slides = TestFiles.random(Files.createDirectories(lesson.resolve("slides")).resolve("part-1.bin"), 300_000, 22);
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(temp, 1000, 900);
             StreamClient java = StreamClient.connect(endpoint())) {
            java.subscribe("class-7f");
            openPages(receiver, sender, "class-7f");

            sender.find("#folder").sendKeys(lesson.toString());
            sender.find("#send").click();

            List<StreamClient.Received> atJava = List.of(java.nextFile(WAIT), java.nextFile(WAIT));
            for (Path file : List.of(notes, slides)) {
                String name = outbox.relativize(file).toString();
                String sha256 = TestFiles.sha256(file);
                assertEquals("Received by 2 of 2", sender.awaitElement(row(name, "delivered") + " .status", WAIT).getText());
                receiver.awaitElement(row(name, "received"), WAIT);
                assertTrue(atJava.stream().anyMatch(got -> got.name().equals(name) && got.sha256().equals(sha256)),
                        name + " at the Java client: " + atJava);
                // Browsers save a name with folders in it as one name.
                assertEquals(sha256, TestFiles.sha256(receiver.awaitDownload(downloads,
                        name.replace('/', '_'), Files.size(file), WAIT)));
            }
        }
    }

    @Test
    void aDroppedFolderIsReadWholeWhateverBatchesItsReaderGives() throws Exception {
        try (Browser browser = Browser.start(temp, 1000, 900)) {
            browser.open(page("sender.html"));
            // File-system entries as a drop gives them; each directory's reader answers in two batches, then none.
            Object names = browser.script("""
                    const file = (path, text) => ({isFile: true, isDirectory: false, name: path.split('/').pop(),
                        fullPath: '/' + path, file: ok => ok(new File([text], path.split('/').pop()))});
                    const folder = (path, children) => {
                        const batches = [children.slice(0, 1), children.slice(1), []];
                        return {isFile: false, isDirectory: true, name: path.split('/').pop(), fullPath: '/' + path,
                            createReader: () => ({readEntries: ok => setTimeout(() => ok(batches.shift() || []))})};
                    };
                    return import('./js/folders.js').then(folders => folders.entriesFiles([
                        file('top.txt', 't'),
                        folder('lesson', [file('lesson/b.txt', 'bb'), folder('lesson/slides', [file('lesson/slides/1.bin', '1')]),
                            file('lesson/a.txt', 'aaa')])
                    ])).then(files => files.map(({file, name}) => name + ' ' + file.size));
                    """);
            assertEquals(List.of("lesson/a.txt 3", "lesson/b.txt 2", "lesson/slides/1.bin 1", "top.txt 1"), names);
        }
    }

    @Test
    void theTopicComesFromTheAddressAndTheReceivePageShowsItsLinkAndQrCode() throws Exception {
        try (Browser phone = Browser.start(downloads, 412, 915)) {
            phone.open(page("receiver.html?topic=family"));
            awaitConnected(phone);

            assertEquals("family", phone.find("#topic-name").getText());
            assertEquals(page("receiver.html?topic=family"), phone.find("#share-link").getAttribute("href"));
            assertTrue(phone.find("#qr svg").getAttribute("innerHTML").contains("path"), "no QR code drawn");
            phone.screenshot("receiver-phone");

            phone.open(page(""));
            phone.screenshot("index-phone");
            phone.find("#topic").sendKeys("class-7b");
            phone.find("button[value='receiver.html']").click();
            phone.await(WAIT, page -> page.getCurrentUrl().endsWith("receiver.html?topic=class-7b"));
            awaitConnected(phone);
        }
    }

    @Test
    void aBrowserSenderReachesAJavaReceiverAndAJavaSenderABrowserReceiver() throws Exception {
        Path report = TestFiles.random(outbox.resolve("report.pdf"), 700_000, 2);
        try (Browser browser = Browser.start(downloads, 1000, 800);
             StreamClient java = StreamClient.connect(endpoint())) {
            java.subscribe("to-java");
            browser.open(page("sender.html?topic=to-java"));
            awaitConnected(browser);

            browser.find("#files").sendKeys(report.toString());
            browser.find("#send").click();

            StreamClient.Received got = java.nextFile(WAIT);
            assertEquals("report.pdf", got.name());
            assertEquals(TestFiles.sha256(report), got.sha256());
            browser.awaitElement(row("report.pdf", "delivered"), WAIT);

            browser.open(page("receiver.html?topic=to-browser"));
            awaitConnected(browser);
            browser.find("#auto-save").click();
            StreamClient.Sent sent = java.send("to-browser", "from-java.bin", 900_000, 3);

            browser.awaitElement(row("from-java.bin", "received"), WAIT);
            assertEquals(1, sent.awaitReceipt(WAIT).completed());
            assertEquals(sent.sha256(), TestFiles.sha256(browser.awaitDownload(downloads, "from-java.bin", 900_000, WAIT)));
        }
    }

    @Test
    void theSendPageSaysHowManyHaveTheFileWhileAReceiverThatFellBehindStillReceivesItThenTheFinalCount() throws Exception {
        Path video = TestFiles.random(outbox.resolve("assembly.mp4"), 30_000_000, 6);
        try (Browser browser = Browser.start(downloads, 1000, 700);
             StreamClient healthy = StreamClient.connect(endpoint());
             StreamClient asleep = StreamClient.connect(endpoint())) {
            healthy.subscribe("asleep");
            asleep.subscribe("asleep");
            asleep.pauseReading();
            browser.open(page("sender.html?topic=asleep"));
            awaitConnected(browser);

            browser.find("#files").sendKeys(video.toString());
            browser.find("#send").click();

            assertEquals(TestFiles.sha256(video), healthy.nextFile(WAIT).sha256());
            browser.await(WAIT, page -> browser.find(row("assembly.mp4", "sending") + " .status").getText().contains("so far"));
            assertEquals("Received by 1 of 2 so far, 1 still receiving",
                    browser.find(row("assembly.mp4", "sending") + " .status").getText());
            asleep.resumeReading();
            assertEquals(TestFiles.sha256(video), asleep.nextFile(WAIT).sha256());
            assertEquals("Received by 2 of 2", browser.awaitElement(row("assembly.mp4", "delivered") + " .status", WAIT).getText());
        }
    }

    @Test
    void theReceivePageKeepsAFileALostConnectionCutOffAndGetsOnlyTheRestWhenItIsBack() throws Exception {
        long size = 60_000_000;
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Browser browser = Browser.start(downloads, 1000, 700);
             StreamClient sender = StreamClient.connect(endpoint())) {
            browser.open(network.through(URI.create(page("receiver.html?topic=page-cut"))).toString());
            awaitConnected(browser);
            browser.find("#auto-save").click();
            StreamClient.Outgoing file = sender.start("page-cut", "lecture.mp4", "video/mp4", size, 8);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (fromServer(network) < size / 3) {
                assertTrue(System.nanoTime() < deadline && file.hasMore(), "the page had " + fromServer(network) + " bytes");
                file.sendChunk(StreamClient.CHUNK_SIZE);
                Thread.sleep(5);
            }
            long beforeCut = fromServer(network);

            network.cut();
            browser.awaitElement(row("lecture.mp4", "paused"), WAIT);
            browser.awaitElement(row("lecture.mp4", "arriving"), WAIT);
            while (file.hasMore()) {
                file.sendChunk(StreamClient.CHUNK_SIZE);
            }
            String sha256 = file.end();

            browser.awaitElement(row("lecture.mp4", "received"), WAIT);
            assertEquals(sha256, TestFiles.sha256(browser.awaitDownload(downloads, "lecture.mp4", size, WAIT)));
            assertTrue(fromServer(network) < size + size / 10, "what came before the cut was not sent again: "
                    + beforeCut + " bytes before, " + fromServer(network) + " in all");
        }
    }

    @Test
    void theSendPageGoesOnWithAnUploadOverANewConnectionWhenItsConnectionIsLost() throws Exception {
        Path video = TestFiles.random(outbox.resolve("assembly.mp4"), 60_000_000, 9);
        try (CuttingProxy network = CuttingProxy.to(endpoint());
             Browser browser = Browser.start(downloads, 1000, 700);
             StreamClient receiver = StreamClient.connect(endpoint())) {
            receiver.subscribe("page-uplink");
            browser.open(network.through(URI.create(page("sender.html?topic=page-uplink"))).toString());
            awaitConnected(browser);
            browser.find("#files").sendKeys(video.toString());
            browser.find("#send").click();
            Waiting.until(() -> network.bytesToServer().stream().mapToLong(Long::longValue).sum() > 20_000_000, WAIT,
                    "20 MB to be uploaded");

            network.cut();

            assertEquals("Received by 1 of 1", browser.awaitElement(row("assembly.mp4", "delivered") + " .status", WAIT)
                    .getText());
            assertEquals(TestFiles.sha256(video), receiver.nextFile(WAIT).sha256(), "one file, whole");
            assertTrue(receiver.poll(Duration.ofMillis(500)).isEmpty(), "no abort and no second copy");
        }
    }

    /** Bytes the server sent through the proxy on every connection (the pages' own files are a few hundred KB). */
    private static long fromServer(CuttingProxy network) {
        return network.bytesFromServer().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aFileBeingSentCanBeCancelledAndItsReceiversAreToldItWasAborted() throws Exception {
        Path video = TestFiles.random(outbox.resolve("lecture.mp4"), 200_000_000, 5);
        try (Browser browser = Browser.start(downloads, 1000, 700);
             StreamClient java = StreamClient.connect(endpoint())) {
            java.subscribe("cancel");
            browser.open(page("sender.html?topic=cancel"));
            awaitConnected(browser);
            browser.find("#files").sendKeys(video.toString());
            browser.find("#send").click();
            browser.await(WAIT, page -> browser.find(row("lecture.mp4", "sending") + " .status").getText().contains("%"));

            browser.find(row("lecture.mp4", "sending") + " button").click();

            assertEquals("Cancelled", browser.awaitElement(row("lecture.mp4", "failed") + " .status", WAIT).getText());
            StreamClient.Aborted aborted = assertInstanceOf(StreamClient.Aborted.class, java.next(WAIT));
            assertEquals("cancelled by the sender", aborted.reason());
        }
    }

    @Test
    void aFileOverTheServersLimitShowsWhyItWasNotSent() throws Exception {
        Path video = outbox.resolve("holiday.mp4");
        try (RandomAccessFile sparse = new RandomAccessFile(video.toFile(), "rw")) {
            sparse.setLength(257L * 1024 * 1024);
        }
        try (Browser browser = Browser.start(downloads, 1000, 700)) {
            browser.open(page("sender.html?topic=limits"));
            awaitConnected(browser);

            browser.find("#files").sendKeys(video.toString());
            browser.find("#send").click();

            String status = browser.awaitElement(row("holiday.mp4", "refused") + " .status", WAIT).getText();
            assertTrue(status.startsWith("Too large for this server"), status);
            assertTrue(status.endsWith("269 MB is over the server's limit of 256 MiB"), status);
            browser.screenshot("sender-refused");

            Path notes = TestFiles.random(outbox.resolve("notes.txt"), 100, 6);
            browser.find("#topic").clear();
            browser.find("#topic").sendKeys("bad:topic");
            browser.find("#files").sendKeys(notes.toString());
            browser.find("#send").click();
            assertEquals("That topic cannot be used: 'bad:topic' is not a topic: a topic is letters and digits (any language)"
                            + " and - _ . ~ + @ /, up to 256 bytes; it cannot start with . or /, end with /, or contain .. or //",
                    browser.awaitElement(row("notes.txt", "refused") + " .status", WAIT).getText());
        }
    }

    /**
     * A paced socket (js/paced-socket.js, what the receive page uses in Chromium) reads the next
     * message only when the page is ready for it: until then the server, and through it the sender,
     * must wait, rather than the bytes piling up in the page. A plain WebSocket would take the whole
     * file at once.
     */
    @Test
    void aPacedSocketHoldsTheSenderBackUntilThePageIsReadyForMore() throws Exception {
        long size = 200_000_000;
        try (Browser browser = Browser.start(downloads, 800, 600);
             StreamClient sender = StreamClient.connect(endpoint())) {
            browser.open(page("index.html"));
            browser.script(PACED_RECEIVER, endpoint().toString(), "paced");
            browser.await(WAIT, page -> browser.script("return window.paced.subscribed"));

            StreamClient.Outgoing file = sender.start("paced", "held.bin", "application/octet-stream", size, 8);
            AtomicLong sent = new AtomicLong();
            CompletableFuture<String> sending = CompletableFuture.supplyAsync(() -> {
                while (file.hasMore()) {
                    sent.addAndGet(file.sendChunk(StreamClient.CHUNK_SIZE));
                }
                return file.end();
            });
            long held = steady(sent, Duration.ofSeconds(2), Duration.ofSeconds(20));
            long read = ((Number) browser.script("return window.paced.bytes")).longValue();
            System.out.printf("paced socket, page not ready: the sender stopped at %d MB, the page had read %d MB%n",
                    held / 1_000_000, read / 1_000_000);
            assertTrue(held < size / 2, "the sender went on to " + held + " bytes while the page read nothing");
            assertTrue(read <= 4 * StreamClient.CHUNK_SIZE, "the page read " + read + " bytes while not ready");

            browser.script("window.paced.ready()");
            String sha256 = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            browser.await(WAIT, page -> browser.script("return window.paced.ended"));
            assertEquals(size, ((Number) browser.script("return window.paced.bytes")).longValue());
            assertEquals(sha256, browser.script("return window.paced.sha256"));
        }
    }

    /**
     * Opens a PacedSocket on the page (arguments: the endpoint, a topic), subscribes, and from the
     * subscription's acknowledgement on reads nothing until window.paced.ready() is called; counts
     * the data bytes that come, and notes the file's end.
     */
    private static final String PACED_RECEIVER = """
            const [url, topic] = arguments;
            window.paced = {bytes: 0, subscribed: false, ended: false};
            import('./js/paced-socket.js').then(({PacedSocket}) => {
                let gate = Promise.resolve();
                const socket = new PacedSocket(url, 'wsfile.v1', () => gate);
                socket.onopen = () => {
                    socket.send(JSON.stringify({type: 'hello'}));
                    socket.send(JSON.stringify({type: 'subscribe', topic}));
                };
                socket.onmessage = ({data}) => {
                    if (typeof data !== 'string') {
                        window.paced.bytes += data.byteLength - 4;
                        return;
                    }
                    const message = JSON.parse(data);
                    if (message.type === 'subscribed') {
                        gate = new Promise(ready => window.paced.ready = ready);
                        window.paced.subscribed = true;
                    } else if (message.type === 'end') {
                        window.paced.sha256 = message.sha256;
                        window.paced.ended = true;
                    }
                };
            });
            """;

    /** Waits until the count has not changed for {@code still}, at most {@code timeout}; returns it. */
    private static long steady(AtomicLong count, Duration still, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = count.get();
        long since = System.nanoTime();
        while (System.nanoTime() - since < still.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the count still grew after " + timeout + ": " + count.get());
            }
            Thread.sleep(100);
            long now = count.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    private static String row(String name, String state) {
        return ".file[data-name='" + name + "'][data-state='" + state + "']";
    }

    /** The receive page saving every file it gets, then the send page, both on this topic and connected. */
    private void openPages(Browser receiver, Browser sender, String topic) {
        receiver.open(page("receiver.html?topic=" + topic));
        awaitConnected(receiver);
        receiver.find("#auto-save").click();
        sender.open(page("sender.html?topic=" + topic));
        awaitConnected(sender);
    }

    private static void awaitConnected(Browser browser) {
        browser.awaitElement("#state[data-state='connected']", WAIT);
    }

    /** A small real PNG, so that the receive page has an image to preview. */
    private static Path picture(Path file) throws IOException {
        BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(0x1a5fb4), 320, 180, new Color(0x26a269)));
        graphics.fillRect(0, 0, 320, 180);
        graphics.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
