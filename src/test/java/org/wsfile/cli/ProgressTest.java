package org.wsfile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aLineShowsBarShareBytesSpeedAndTimeLeft() {
        Progress progress = new Progress("report.pdf", 45_000_000, now::get);
        progress.update(18_900_000);
        now.set(TimeUnit.SECONDS.toNanos(2));

        assertEquals("report.pdf  [########------------]  42%  18.9 MB/45.0 MB  9.45 MB/s  0:03 left",
                progress.line(100));
    }

    @Test
    void aFileOfUnknownSizeShowsBytesAndSpeedOnly() {
        Progress progress = new Progress("old.bin", -1, now::get);
        progress.update(1500);
        now.set(TimeUnit.SECONDS.toNanos(1));

        assertEquals("old.bin  1.50 kB  1.50 kB/s", progress.line(100));
    }

    @Test
    void aLongNameIsShortenedInTheMiddleToFitTheWidth() {
        Progress progress = new Progress("a-very-long-name-of-a-holiday-video-from-2024.mp4", 100, now::get);

        String line = progress.line(60);

        assertEquals(60, line.length(), line);
        assertTrue(line.matches("a-very-?…[-0-9]*\\.mp4  \\[.*"), line);
    }

    @Test
    void sizesAndDurationsReadNaturally() {
        assertEquals("999 B", Progress.bytes(999));
        assertEquals("1.00 kB", Progress.bytes(1000));
        assertEquals("123 MB", Progress.bytes(123_400_000));
        assertEquals("2.00 GB", Progress.bytes(1_999_999_999));
        assertEquals("0:05", Progress.duration(4.2));
        assertEquals("1:01:01", Progress.duration(3661));
    }

    @Test
    void onATerminalTheLiveLineIsRedrawnInPlaceAndGivesWayToTheOutcome() {
        StringWriter written = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(written), true, 80, now::get);
        ProgressDisplay.Task task = display.start("a.bin", 1000);

        now.set(TimeUnit.MILLISECONDS.toNanos(200));
        task.update(500);
        now.set(TimeUnit.MILLISECONDS.toNanos(250));
        task.update(600);
        task.finish("a.bin: sent");

        String live = "a.bin  [##########----------]  50%  500 B/1.00 kB  2.50 kB/s  0:01 left";
        assertEquals(live + "\r" + " ".repeat(live.length()) + "\r" + "a.bin: sent" + System.lineSeparator(),
                written.toString(), "the update within 100 ms of the last one was drawn");
    }

    @Test
    void withoutATerminalOnlyPlainLinesAreWritten() {
        StringWriter written = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(written), false, 80, now::get);
        ProgressDisplay.Task task = display.start("a.bin", 1000);

        now.set(TimeUnit.SECONDS.toNanos(1));
        task.update(100);
        now.set(TimeUnit.SECONDS.toNanos(11));
        task.update(500);
        task.finish("a.bin: sent");

        assertEquals("a.bin  [##########----------]  50%  500 B/1.00 kB  45 B/s  0:11 left" + System.lineSeparator()
                + "a.bin: sent" + System.lineSeparator(), written.toString());
    }
}
