package org.wsfile.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.wsfile.testing.PageTransfer;
import org.wsfile.testing.TestFiles;

/**
 * Measures the pages end to end ({@link PageTransfer}): one file from sender.html to
 * receiver.html in two headless Chromium instances on this machine with the server; the file's
 * SHA-256 is checked once saved. Prints MB/s and, for each tab, its largest JavaScript heap, how far its
 * renderer processes' memory grew, its longest stall and its slowest click.
 * <p>
 * Run it with {@code bench/pages.sh}: {@code http://127.0.0.1:PORT/wsfile/ FILES_DIR SIZE...}.
 */
public final class PagesBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(10);

    private PagesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path filesDir = Files.createDirectories(Path.of(args[1]));
        System.out.println("| file | seconds | MB/s | largest JS heap, sending / receiving tab"
                + " | renderer memory growth, sending / receiving | longest stall, sending / receiving"
                + " | slowest click, sending / receiving |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
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
        try {
            PageTransfer transfer = PageTransfer.run(base, file, downloads, WAIT);
            if (!TestFiles.sha256(transfer.saved()).equals(TestFiles.sha256(file))) {
                throw new AssertionError(file + " arrived damaged");
            }
            PageTransfer.Tab sender = transfer.sender();
            PageTransfer.Tab receiver = transfer.receiver();
            System.out.printf(Locale.ROOT, "| %d MB | %.1f | %.1f | %d / %d MiB | +%d / +%d MiB | %d / %d ms | %d / %d ms |%n",
                    size / 1_000_000, transfer.seconds(), size / 1e6 / transfer.seconds(), sender.heap() >> 20,
                    receiver.heap() >> 20, sender.memoryGrowth() >> 20, receiver.memoryGrowth() >> 20, sender.stall(),
                    receiver.stall(), sender.clickDelay(), receiver.clickDelay());
        } finally {
            TestFiles.deleteTree(downloads);
        }
    }
}
