package org.wsfile.cli;

import java.util.Locale;
import java.util.function.LongSupplier;

/** How far one file has got: bytes, share, speed and time left, and how to show it in one line. */
final class Progress {
    private static final int BAR_WIDTH = 20;

    private final String name;
    private final long total;
    private final LongSupplier clock;
    private final long startNanos;
    private long done;

    /**
     * @param total the file's size, or a negative number if it is not known
     * @param clock nanoseconds, as {@link System#nanoTime()} gives them
     */
    Progress(String name, long total, LongSupplier clock) {
        this.name = name;
        this.total = total;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    void update(long bytesDone) {
        done = bytesDone;
    }

    long done() {
        return done;
    }

    double seconds() {
        return Math.max(1e-9, (clock.getAsLong() - startNanos) / 1e9);
    }

    /** Bytes per second since the start. */
    double speed() {
        return done / seconds();
    }

    /** The progress line, {@code name  [#####-----]  42%  18.9 MB/45.0 MB  12.3 MB/s  0:02 left}, at most {@code width} characters. */
    String line(int width) {
        StringBuilder details = new StringBuilder();
        if (total >= 0) {
            double share = total == 0 ? 1 : (double) done / total;
            int filled = (int) Math.round(share * BAR_WIDTH);
            details.append("  [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(share * 100)))
                    .append("  ").append(bytes(done)).append('/').append(bytes(total));
        } else {
            details.append("  ").append(bytes(done));
        }
        details.append("  ").append(bytes(Math.round(speed()))).append("/s");
        if (total >= 0 && done > 0 && done < total) {
            details.append("  ").append(duration((total - done) / speed())).append(" left");
        }
        return fit(name, width - details.length()) + details;
    }

    /** A size in decimal units: 999 B, 1.5 kB, 12.3 MB, 4.70 GB. */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** A duration as {@code m:ss} or {@code h:mm:ss}. */
    static String duration(double seconds) {
        long whole = (long) Math.ceil(seconds);
        long hours = whole / 3600;
        long minutes = whole / 60 % 60;
        long secs = whole % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }

    /** The name, shortened in the middle with … if it is longer than {@code width}. */
    private static String fit(String name, int width) {
        int room = Math.max(8, width);
        if (name.length() <= room) {
            return name;
        }
        int head = (room - 1) / 2;
        return name.substring(0, head) + '…' + name.substring(name.length() - (room - 1 - head));
    }
}
