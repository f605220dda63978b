package org.wsfile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One file from sender.html in one headless Chromium to receiver.html (auto-save on) in another,
 * on a fresh topic: the time from the click on Send to the whole file in the receiving browser's
 * download folder, each tab's largest JavaScript heap seen meanwhile (Chromium's
 * {@code performance.memory}, sampled as it waits), and each tab's longest stall: how much later
 * than due a 50 ms timer on the page's main thread ran, at worst (what a click would have waited).
 *
 * @param seconds        from the click to the file saved whole
 * @param senderHeap     the sending tab's largest JS heap, in bytes
 * @param receiverHeap   the receiving tab's largest JS heap, in bytes
 * @param senderStall    the sending tab's longest stall, in milliseconds
 * @param receiverStall  the receiving tab's longest stall, in milliseconds
 * @param saved          the file as the receiving browser saved it
 */
public record PageTransfer(double seconds, long senderHeap, long receiverHeap, long senderStall, long receiverStall,
                           Path saved) {
    private static final String HEAP = "return performance.memory.usedJSHeapSize";
    private static final String WATCH_STALLS = """
            window.wsfileStall = 0;
            let due = performance.now() + 50;
            setInterval(() => {
                const now = performance.now();
                window.wsfileStall = Math.max(window.wsfileStall, now - due);
                due = now + 50;
            }, 50);
            """;
    private static final String STALL = "return Math.round(window.wsfileStall)";

    /** Sends {@code file} from the pages at {@code base} (ending in /) and waits for it to be saved into {@code downloads}. */
    public static PageTransfer run(String base, Path file, Path downloads, Duration timeout) throws IOException {
        String topic = "pages-" + System.nanoTime();
        long size = Files.size(file);
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(Files.createTempDirectory("wsfile-pages-sender"), 1000, 900)) {
            receiver.open(base + "receiver.html?topic=" + topic);
            receiver.awaitElement("#state[data-state='connected']", timeout);
            receiver.find("#auto-save").click();
            sender.open(base + "sender.html?topic=" + topic);
            sender.awaitElement("#state[data-state='connected']", timeout);
            long[] heaps = new long[2];
            Path saved = downloads.resolve(file.getFileName());

            sender.script(WATCH_STALLS);
            receiver.script(WATCH_STALLS);
            long start = System.nanoTime();
            sender.find("#files").sendKeys(file.toAbsolutePath().toString());
            sender.find("#send").click();
            receiver.await(timeout, page -> {
                heaps[0] = Math.max(heaps[0], ((Number) sender.script(HEAP)).longValue());
                heaps[1] = Math.max(heaps[1], ((Number) receiver.script(HEAP)).longValue());
                try {
                    return Files.exists(saved) && Files.size(saved) == size ? saved : null;
                } catch (IOException stillBeingWritten) {
                    return null;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            return new PageTransfer(seconds, heaps[0], heaps[1], ((Number) sender.script(STALL)).longValue(),
                    ((Number) receiver.script(STALL)).longValue(), saved);
        }
    }
}
