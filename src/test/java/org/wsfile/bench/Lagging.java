package org.wsfile.bench;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.testing.HashingSink;

/**
 * Receivers that fall behind, for the spooled-delivery benchmark: each checks what it receives as
 * a {@link HashingSink} does, and takes its time in the connection's reading thread, so that the
 * server sees a connection that reads slowly or not at all.
 */
final class Lagging implements FileSink {
    private final HashingSink hashing = new HashingSink(() -> { });
    private final Pace pace;

    /** How long a receiver takes over bytes that arrived, after {@code received} bytes in all. */
    private interface Pace {
        void after(long received, int bytes) throws InterruptedException;
    }

    private long received;

    private Lagging(Pace pace) {
        this.pace = pace;
    }

    /** A receiver that takes at most {@code bytesPerSecond}. */
    static Lagging throttled(long bytesPerSecond) {
        long start = System.nanoTime();
        return new Lagging((received, bytes) -> {
            long due = start + received * 1_000_000_000L / bytesPerSecond;
            long early = due - System.nanoTime();
            if (early > 0) {
                TimeUnit.NANOSECONDS.sleep(early);
            }
        });
    }

    /** A receiver that stops reading for {@code millis} once it has {@code at} bytes, as a phone gone to sleep. */
    static Lagging frozen(long at, long millis) {
        return new Lagging((received, bytes) -> {
            if (received - bytes < at && received >= at) {
                Thread.sleep(millis);
            }
        });
    }

    /** {@code sink}, telling {@code arrived} the {@link System#nanoTime()} at which a file arrived whole. */
    static FileSink timed(FileSink sink, CompletableFuture<Long> arrived) {
        return new FileSink() {
            @Override
            public void begin(long id, FileHeader header) {
                sink.begin(id, header);
            }

            @Override
            public void data(long id, ByteBuffer bytes) {
                sink.data(id, bytes);
            }

            @Override
            public Optional<String> end(long id, Optional<String> sha256) {
                Optional<String> problem = sink.end(id, sha256);
                arrived.complete(System.nanoTime());
                return problem;
            }

            @Override
            public void abort(long id, String reason) {
                sink.abort(id, reason);
                arrived.completeExceptionally(new AssertionError("aborted: " + reason));
            }
        };
    }

    /** The checks of what a receiver got, lagging or not. */
    static HashingSink hashing(FileSink sink) {
        return sink instanceof Lagging lagging ? lagging.hashing : (HashingSink) sink;
    }

    @Override
    public void begin(long id, FileHeader header) {
        hashing.begin(id, header);
    }

    @Override
    public void data(long id, ByteBuffer bytes) {
        int length = bytes.remaining();
        received += length;
        hashing.data(id, bytes);
        try {
            pace.after(received, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<String> end(long id, Optional<String> sha256) {
        return hashing.end(id, sha256);
    }

    @Override
    public void abort(long id, String reason) {
        hashing.abort(id, reason);
    }
}
