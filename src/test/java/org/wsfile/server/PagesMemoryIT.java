package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.PageTransfer;
import org.wsfile.testing.TestFiles;

/**
 * The send and receive pages keep their JavaScript heaps small whatever the file's size: the
 * sender reads and hashes it a slice at a time, the receiver puts each slice in the browser's
 * blob store as it arrives.
 */
class PagesMemoryIT extends DeployedWar {
    private static final long MIB = 1024 * 1024;
    /** Both tabs stayed near 60 MiB for this file; keeping the slices in the page took the receiving one to 287 MiB. */
    private static final long MOST_HEAP = 100 * MIB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfile();
    }

    @TempDir
    Path temp;

    @Test
    void a300MbFileGoesFromPageToPageIntactWhileNeitherTabsJavaScriptHeapPasses100MiB() throws Exception {
        Path file = TestFiles.random(temp.resolve("lecture.bin"), 300_000_000, 30);
        Path downloads = Files.createDirectories(temp.resolve("downloads"));

        PageTransfer transfer = PageTransfer.run(page(""), file, downloads, Duration.ofMinutes(3));

        System.out.printf(Locale.ROOT, "300 MB page to page: %.1f s, largest JS heap: sending tab %d MiB, receiving tab %d MiB;"
                        + " longest stall: sending tab %d ms, receiving tab %d ms%n", transfer.seconds(),
                transfer.senderHeap() / MIB, transfer.receiverHeap() / MIB, transfer.senderStall(), transfer.receiverStall());
        assertEquals(TestFiles.sha256(file), TestFiles.sha256(transfer.saved()));
        assertTrue(transfer.senderHeap() < MOST_HEAP, "the sending tab's heap reached " + transfer.senderHeap() / MIB + " MiB");
        assertTrue(transfer.receiverHeap() < MOST_HEAP,
                "the receiving tab's heap reached " + transfer.receiverHeap() / MIB + " MiB");
    }
}
