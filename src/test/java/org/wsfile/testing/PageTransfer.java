package org.wsfile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One file from sender.html in one headless Chromium to receiver.html (auto-save on) in another,
 * on a fresh topic: the time from the click on Send to the whole file in the receiving browser's
 * download folder, and for each tab, sampled as it waits: its largest JavaScript heap (Chromium's
 * {@code performance.memory}), how far the resident memory of its browser's renderer processes
 * (the page and its workers) grew above what it was just before the click, its longest stall:
 * how much later than due a 50 ms timer on the page's main thread ran, at worst, and how long
 * clicks on its heading took to be handled, at worst.
 *
 * @param seconds  from the click to the file saved whole
 * @param sender   the sending tab
 * @param receiver the receiving tab
 * @param saved    the file as the receiving browser saved it
 */
public record PageTransfer(double seconds, Tab sender, Tab receiver, Path saved) {
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
    /** Records how long after it happened each click on the page was handled, at worst. */
    private static final String WATCH_CLICKS = """
            window.wsfileClickDelay = 0;
            document.addEventListener('click', event => {
                window.wsfileClickDelay = Math.max(window.wsfileClickDelay, performance.now() - event.timeStamp);
            }, true);
            """;
    private static final String CLICK_DELAY = "return Math.round(window.wsfileClickDelay)";

    /**
     * What one tab used.
     *
     * @param heap         its largest JS heap, in bytes
     * @param memoryGrowth how far its renderer processes' resident memory rose above its level before the transfer, in bytes
     * @param stall        its longest stall, in milliseconds
     * @param clickDelay   the longest a click on its heading (made through the browser's input, as a person's,
     *                     every time it was sampled) waited to be handled, in milliseconds
     */
    public record Tab(long heap, long memoryGrowth, long stall, long clickDelay) {
    }

    /** What the receive page runs in. */
    public enum Receiver {
        DESKTOP, PHONE
    }

    /** Sends {@code file} from the pages at {@code base} (ending in /) and waits for it to be saved into {@code downloads}. */
    public static PageTransfer run(String base, Path file, Path downloads, Duration timeout) throws IOException {
        return run(base, file, downloads, timeout, Receiver.DESKTOP);
    }

    /** As {@link #run(String, Path, Path, Duration)}, with the receive page in a desktop browser or an emulated phone. */
    public static PageTransfer run(String base, Path file, Path downloads, Duration timeout, Receiver kind)
            throws IOException {
        String topic = "pages-" + System.nanoTime();
        long size = Files.size(file);
        try (Browser receiver = kind == Receiver.PHONE ? Browser.phone(downloads) : Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(Files.createTempDirectory("wsfile-pages-sender"), 1000, 900)) {
            receiver.open(base + "receiver.html?topic=" + topic);
            receiver.awaitElement("#state[data-state='connected']", timeout);
            receiver.find("#auto-save").click();
            sender.open(base + "sender.html?topic=" + topic);
            sender.awaitElement("#state[data-state='connected']", timeout);
            Watch sending = new Watch(sender);
            Watch receiving = new Watch(receiver);
            Path saved = downloads.resolve(file.getFileName());

            long start = System.nanoTime();
            sender.find("#files").sendKeys(file.toAbsolutePath().toString());
            sender.find("#send").click();
            receiver.await(timeout, page -> {
                sending.sample();
                receiving.sample();
                try {
                    return Files.exists(saved) && Files.size(saved) == size ? saved : null;
                } catch (IOException stillBeingWritten) {
                    return null;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            return new PageTransfer(seconds, sending.result(), receiving.result(), saved);
        }
    }

    /** One tab's figures as they are sampled. */
    private static final class Watch {
        private final Browser browser;
        private final long idleMemory;
        private long heap;
        private long memory;

        Watch(Browser browser) throws IOException {
            this.browser = browser;
            browser.script(WATCH_STALLS);
            browser.script(WATCH_CLICKS);
            idleMemory = browser.rendererMemory();
            memory = idleMemory;
        }

        void sample() {
            browser.find("h1").click();
            heap = Math.max(heap, ((Number) browser.script(HEAP)).longValue());
            try {
                memory = Math.max(memory, browser.rendererMemory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Tab result() {
            return new Tab(heap, memory - idleMemory, ((Number) browser.script(STALL)).longValue(),
                    ((Number) browser.script(CLICK_DELAY)).longValue());
        }
    }
}
