package org.wsfile.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows the progress of files being sent or received. On a terminal one line is redrawn in place
 * (at most ten times a second) for the file that moved last, and finished files stay as lines
 * above it; otherwise, as in a log or a pipe, it writes a plain line every ten seconds per file.
 */
final class ProgressDisplay {
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PLAIN_LINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintWriter out;
    private final boolean terminal;
    private final int width;
    private final LongSupplier clock;
    private String liveLine = "";
    private Task liveOwner;

    ProgressDisplay(PrintWriter out, boolean terminal, int width, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
        this.clock = clock;
    }

    /** A display on standard output, live if it is a terminal, as wide as the terminal says. */
    static ProgressDisplay onStandardOutput(PrintWriter out) {
        int width = 80;
        try {
            width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
        } catch (NumberFormatException e) {
            // keep 80
        }
        return new ProgressDisplay(out, System.console() != null, width - 1, System::nanoTime);
    }

    /** Starts showing a file; {@code total} is negative if its size is not known. */
    Task start(String name, long total) {
        return new Task(new Progress(name, total, clock));
    }

    /** Writes a line of its own, above the live line. */
    synchronized void println(String line) {
        clearLive();
        out.println(line);
        redrawLive();
        out.flush();
    }

    private void clearLive() {
        if (terminal && !liveLine.isEmpty()) {
            out.print('\r' + " ".repeat(liveLine.length()) + '\r');
        }
    }

    private void redrawLive() {
        if (terminal && !liveLine.isEmpty()) {
            out.print(liveLine);
        }
    }

    /** One file being shown. */
    final class Task {
        private final Progress progress;
        private long lastShown;

        private Task(Progress progress) {
            this.progress = progress;
            this.lastShown = clock.getAsLong();
        }

        /** The number of bytes done so far. */
        void update(long done) {
            progress.update(done);
            long now = clock.getAsLong();
            synchronized (ProgressDisplay.this) {
                if (terminal && now - lastShown >= REDRAW_NANOS) {
                    clearLive();
                    liveLine = progress.line(width);
                    liveOwner = this;
                    redrawLive();
                    out.flush();
                    lastShown = now;
                } else if (!terminal && now - lastShown >= PLAIN_LINE_NANOS) {
                    out.println(progress.line(width));
                    out.flush();
                    lastShown = now;
                }
            }
        }

        /** The file is done: its live line gives way to {@code outcome}. */
        void finish(String outcome) {
            synchronized (ProgressDisplay.this) {
                dismiss();
                out.println(outcome);
                out.flush();
            }
        }

        /** The file is done and something else will say so: its live line goes. */
        void dismiss() {
            synchronized (ProgressDisplay.this) {
                if (liveOwner == this) {
                    clearLive();
                    liveLine = "";
                    liveOwner = null;
                    out.flush();
                }
            }
        }

        Progress progress() {
            return progress;
        }
    }
}
