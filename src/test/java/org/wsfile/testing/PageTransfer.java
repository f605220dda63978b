package org.wsfile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One file from sender.html in one headless Chromium to receiver.html (auto-save on) in another,
 * on a fresh topic: the time from the click on Send to the whole file in the receiving browser's
 * download folder, and each tab's largest JavaScript heap seen meanwhile (Chromium's
 * {@code performance.memory}, sampled as it waits).
 *
 * @param seconds       from the click to the file saved whole
 * @param senderHeap    the sending tab's largest JS heap, in bytes
 * @param receiverHeap  the receiving tab's largest JS heap, in bytes
 * @param saved         the file as the receiving browser saved it
 */
public record PageTransfer(double seconds, long senderHeap, long receiverHeap, Path saved) {
    private static final String HEAP = "return performance.memory.usedJSHeapSize";

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
            return new PageTransfer((System.nanoTime() - start) / 1e9, heaps[0], heaps[1], saved);
        }
    }
}
