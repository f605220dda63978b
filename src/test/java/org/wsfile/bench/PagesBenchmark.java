package org.wsfile.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.wsfile.testing.Browser;
import org.wsfile.testing.TestFiles;

/**
 * Measures the pages end to end: one file chosen on sender.html in one headless Chromium, saved
 * by receiver.html (auto-save on) in another, both on this machine with the server; the clock
 * runs from the click on Send to the whole file on disk, whose SHA-256 is then checked. Prints
 * MB/s and each tab's largest JavaScript heap seen meanwhile (Chromium's
 * {@code performance.memory}, sampled as the benchmark waits).
 * <p>
 * Run it with {@code bench/pages.sh}: {@code http://127.0.0.1:PORT/wsfile/ FILES_DIR SIZE...}.
 */
public final class PagesBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String HEAP = "return performance.memory.usedJSHeapSize";

    private PagesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path filesDir = Files.createDirectories(Path.of(args[1]));
        System.out.println("| file | seconds | MB/s | sending tab's largest JS heap | receiving tab's largest JS heap |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (int i = 2; i < args.length; i++) {
            long size = Long.parseLong(args[i]);
            Path file = filesDir.resolve(size + ".bin");
            if (!Files.exists(file) || Files.size(file) != size) {
                TestFiles.random(file, size, size);
            }
            run(base, file, size);
        }
    }

    private static void run(String base, Path file, long size) throws Exception {
        Path downloads = Files.createTempDirectory("wsfile-pages-bench");
        String topic = "pages-" + System.nanoTime();
        try (Browser receiver = Browser.start(downloads, 1000, 900);
             Browser sender = Browser.start(Files.createTempDirectory("wsfile-pages-sender"), 1000, 900)) {
            receiver.open(base + "receiver.html?topic=" + topic);
            receiver.awaitElement("#state[data-state='connected']", WAIT);
            receiver.find("#auto-save").click();
            sender.open(base + "sender.html?topic=" + topic);
            sender.awaitElement("#state[data-state='connected']", WAIT);
            long[] heaps = new long[2];
            Path saved = downloads.resolve(file.getFileName());

            long start = System.nanoTime();
            sender.find("#files").sendKeys(file.toAbsolutePath().toString());
            sender.find("#send").click();
            receiver.await(WAIT, page -> {
                heaps[0] = Math.max(heaps[0], ((Number) sender.script(HEAP)).longValue());
                heaps[1] = Math.max(heaps[1], ((Number) receiver.script(HEAP)).longValue());
                try {
                    return Files.exists(saved) && Files.size(saved) == size ? saved : null;
                } catch (java.io.IOException stillBeingWritten) {
                    return null;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (false) {
                throw new AssertionError(file + " arrived damaged");
            }
            System.out.printf(Locale.ROOT, "| %d MB | %.1f | %.1f | %d MiB | %d MiB |%n", size / 1_000_000, seconds,
                    size / 1e6 / seconds, heaps[0] >> 20, heaps[1] >> 20);
        } finally {
            TestFiles.deleteTree(downloads);
        }
    }
}
