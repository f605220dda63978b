package org.wsfile.relay;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One subscriber's copy of a file that may fall behind the file's sender (see {@link LocalFanOut}).
 * It is given the bytes as they come while it keeps up: at first the sender waits for it
 * (<em>pacing</em>); once it made the sender wait while another subscriber could take more, it
 * still gets them but is no longer waited for (<em>behind</em>); once far behind, it is fed from
 * the spool on its own connection's threads, as fast as it takes them (<em>spooled</em>), and
 * paces the sender again if it catches up with it.
 */
final class SpooledCopy {
    private static final int READ_SIZE = 256 * 1024;

    private enum State { PACING, BEHIND, SPOOLED, OVER }

    private final QueuedDelivery subscriber;
    private final LocalFanOut file;
    private State state = State.PACING;
    /** Bytes the subscriber has been given. */
    private long position;
    /** Where it is fed from while spooled. */
    private Spool.SpoolFile spool;

    SpooledCopy(QueuedDelivery subscriber, LocalFanOut file) {
        this(subscriber, file, 0);
    }

    /** A copy whose subscriber has the file's bytes up to {@code position} (it resumes the file). */
    SpooledCopy(QueuedDelivery subscriber, LocalFanOut file, long position) {
        this.subscriber = subscriber;
        this.file = file;
        this.position = position;
    }

    /** Whether the sender waits for this subscriber. */
    synchronized boolean isPacing() {
        return state == State.PACING && !subscriber.gone();
    }

    synchronized boolean isBehind() {
        return state == State.BEHIND;
    }

    synchronized boolean isSpooled() {
        return state == State.SPOOLED;
    }

    synchronized long position() {
        return position;
    }

    boolean farBehind() {
        return subscriber.farBehind();
    }

    /** Whether the subscriber takes more now without going past its buffer. */
    boolean hasRoom() {
        return subscriber.hasRoom();
    }

    /** Waits up to {@code nanos} for the subscriber to have room, holding no lock meanwhile. */
    boolean awaitRoom(long nanos) throws InterruptedException {
        return subscriber.awaitRoom(nanos);
    }

    /** The sender goes on without waiting for this subscriber. */
    synchronized void fallBehind() {
        if (state == State.PACING) {
            state = State.BEHIND;
        }
    }

    /** The sender waits for this subscriber again (the spool cannot take what it would miss). */
    synchronized void pace() {
        if (state == State.BEHIND) {
            state = State.PACING;
        }
    }

    /** Feeds the subscriber from {@code spooled} from now on, which holds the file from this copy's position on. */
    void spool(Spool.SpoolFile spooled) {
        synchronized (this) {
            state = State.SPOOLED;
            spool = spooled;
        }
        feed();
    }

    /** The file's next bytes, at {@code offset}: taken unless this copy is fed from the spool (or had them from it). */
    synchronized void chunk(Chunk chunk, long offset, int size) {
        if ((state == State.PACING || state == State.BEHIND) && offset == position) {
            position += size;
            subscriber.chunk(chunk);
        }
    }

    /** The file is whole; a spooled copy ends once it has been fed the rest. */
    synchronized void end(String sha256) {
        if (state == State.PACING || state == State.BEHIND) {
            state = State.OVER;
            subscriber.end(sha256);
        }
    }

    void abort(String reason) {
        synchronized (this) {
            if (state == State.OVER) {
                return;
            }
            if (state == State.SPOOLED) {
                leave(State.OVER);
            }
            state = State.OVER;
            subscriber.abort(reason);
        }
    }

    /**
     * Gives the subscriber what the spool holds for it while it has room; then waits for room, or
     * ends the file, or goes back to taking the bytes as they come when it has caught up.
     */
    private void feed() {
        while (true) {
            Spool.SpoolFile from;
            long at;
            int length;
            synchronized (this) {
                if (state != State.SPOOLED) {
                    return;
                }
                if (subscriber.gone()) {
                    leave(State.OVER);
                    return;
                }
                if (!subscriber.hasRoom()) {
                    if (subscriber.whenRoom(this::feed)) {
                        return;
                    }
                    continue;
                }
                long available = spool.end();
                if (position == available) {
                    String sha256 = file.sha256();
                    if (sha256 != null) {
                        leave(State.OVER);
                        subscriber.end(sha256);
                    } else {
                        leave(State.PACING);
                    }
                    return;
                }
                from = spool;
                at = position;
                length = (int) Math.min(READ_SIZE, available - position);
            }
            // Read with no lock held: the sender's thread may offer this copy the next bytes meanwhile.
            ByteBuffer bytes = ByteBuffer.allocate(length);
            try {
                from.read(bytes, at);
            } catch (IOException e) {
                abort("the server could not read back the file's spooled bytes: " + e.getMessage());
                return;
            }
            synchronized (this) {
                if (state != State.SPOOLED || position != at) {
                    return;
                }
                position += length;
                subscriber.chunk(file.chunkOf(bytes.flip()));
            }
        }
    }

    private void leave(State next) {
        state = next;
        spool = null;
        file.spoolLeft();
    }
}
