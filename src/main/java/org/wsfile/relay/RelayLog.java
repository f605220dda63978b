package org.wsfile.relay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The relay's line per file, written at INFO for the first {@value #LINES_PER_SECOND} files of
 * each second and for every file that did not reach all its subscribers; the others of a busy
 * second go at FINE, and the next INFO line says how many there were. Thousands of small files a
 * second would otherwise fill the log (and cost the server more than relaying them); the counts
 * of every file are in the metrics.
 */
final class RelayLog {
    static final int LINES_PER_SECOND = 20;
    private static final Logger LOG = Logger.getLogger(TopicRelay.class.getName());

    private final LongSupplier nanoTime;
    private long second = Long.MIN_VALUE;
    private int lines;
    private long quiet;

    RelayLog() {
        this(System::nanoTime);
    }

    RelayLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void relayed(FileOffer offer, FanOut fanOut) {
        boolean complete = fanOut.failures().isEmpty();
        long quietBefore;
        boolean info;
        synchronized (this) {
            long now = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong());
            if (now != second) {
                second = now;
                lines = 0;
            }
            info = !complete || lines < LINES_PER_SECOND;
            if (info) {
                lines++;
                quietBefore = quiet;
                quiet = 0;
            } else {
                quiet++;
                quietBefore = 0;
            }
        }
        Level level = info ? Level.INFO : Level.FINE;
        // The source given, so that the logger need not walk the stack to find it.
        LOG.logp(level, TopicRelay.class.getName(), "log", () -> line(offer, fanOut)
                + (quietBefore == 0 ? "" : " (" + quietBefore + " more files relayed before it, logged at FINE)"));
    }

    // Concatenated rather than formatted: in a busy second this is done many times.
    private static String line(FileOffer offer, FanOut fanOut) {
        long millis = fanOut.elapsedNanos() / 1_000_000;
        return "relayed \"" + offer.name() + "\" (" + offer.size() + " bytes) on topic \"" + offer.topic() + "\" to "
                + fanOut.completed() + " of " + fanOut.offered() + " subscribers in " + millis + " ms ("
                + Math.round(offer.size() / 100.0 / Math.max(1, millis)) / 10.0 + " MB/s)"
                + (fanOut.failures().isEmpty() ? "" : "; not delivered: " + fanOut.failures());
    }
}
