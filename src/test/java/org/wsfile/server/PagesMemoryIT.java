package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * sender reads and hashes it a slice at a time, the receiver hands each slice to the browser's
 * download as it arrives (js/saving.js), on a desktop as on a phone.
 */
class PagesMemoryIT extends DeployedWar {
    private static final long MIB = 1024 * 1024;
    /** Both tabs stayed near 60 MiB for this file; keeping the slices in the page took the receiving one to 287 MiB. */
    private static final long MOST_HEAP = 100 * MIB;
    /**
     * A tab's renderer processes grew by up to 241–288 MiB for a 1 GB file (garbage between
     * collections, not the file: keeping it in the tab would add its whole size); more than this
     * means the file is being held.
     */
    private static final long MOST_GROWTH = 400 * MIB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-pages.war", "wsfile.max-file-size=2GB\n");
    }

    @TempDir
    Path temp;

    @Test
    void a300MbFileGoesFromPageToPageIntactWhileNeitherTabsJavaScriptHeapPasses100MiB() throws Exception {
        Path file = TestFiles.random(temp.resolve("lecture.bin"), 300_000_000, 30);
        Path downloads = Files.createDirectories(temp.resolve("downloads"));

        PageTransfer transfer = PageTransfer.run(page(""), file, downloads, Duration.ofMinutes(3));

        print("300 MB page to page", transfer);
        assertIntactWithinBounds(file, transfer);
    }

    @Test
    void aPhoneReceivesA1GbFileWholeWithItsMemoryBounded() throws Exception {
        Path file = TestFiles.random(temp.resolve("lecture-video.mp4"), 1_000_000_000, 31);
        Path downloads = Files.createDirectories(temp.resolve("phone-downloads"));

        PageTransfer transfer = PageTransfer.run(page(""), file, downloads, Duration.ofMinutes(5), PageTransfer.Receiver.PHONE);

        print("1 GB page to an emulated phone", transfer);
        assertIntactWithinBounds(file, transfer);
    }

    private static void print(String what, PageTransfer transfer) {
        System.out.printf(Locale.ROOT, "%s: %.1f s; sending tab: JS heap %d MiB, renderer memory +%d MiB, longest stall %d ms;"
                        + " receiving tab: %d MiB, +%d MiB, %d ms%n", what, transfer.seconds(),
                transfer.sender().heap() / MIB, transfer.sender().memoryGrowth() / MIB, transfer.sender().stall(),
                transfer.receiver().heap() / MIB, transfer.receiver().memoryGrowth() / MIB, transfer.receiver().stall());
    }

    private static void assertIntactWithinBounds(Path file, PageTransfer transfer) throws IOException {
        assertEquals(TestFiles.sha256(file), TestFiles.sha256(transfer.saved()));
        for (PageTransfer.Tab tab : List.of(transfer.sender(), transfer.receiver())) {
            String which = tab == transfer.sender() ? "the sending tab" : "the receiving tab";
            assertTrue(tab.heap() < MOST_HEAP, which + "'s JS heap reached " + tab.heap() / MIB + " MiB");
            assertTrue(tab.memoryGrowth() < MOST_GROWTH, which + "'s renderer memory grew by " + tab.memoryGrowth() / MIB + " MiB");
        }
    }
}
