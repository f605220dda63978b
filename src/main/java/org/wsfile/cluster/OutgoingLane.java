package org.wsfile.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.wsfile.relay.HeldWrites;

/**
 * One sender's files on their way to other servers, and the credit each of those servers gives:
 * bytes sent to a server count against a window until it says it has handed them to its
 * subscribers, so the sender goes at the pace of the slowest server and no server is sent more
 * than a window ahead (NATS would drop a server that falls too far behind as a slow consumer).
 */
final class OutgoingLane {
    private final long window;
    private final SmallFiles smallFiles;
    /** Bytes sent to each server that it has not yet credited. */
    private final Map<String, Long> outstanding = new HashMap<>();
    /** When each server last gave credit, or was first sent something after having none outstanding. */
    private final Map<String, Long> progressNanos = new HashMap<>();
    private int open;

    OutgoingLane(long window, SmallFiles smallFiles) {
        this.window = window;
        this.smallFiles = smallFiles;
    }

    /** The sender's small files waiting to cross together; every message of the sender goes out through it, in order. */
    SmallFiles smallFiles() {
        return smallFiles;
    }

    synchronized void opened() {
        open++;
    }

    synchronized void closed() {
        open--;
    }

    /** Nothing open and nothing owed: the lane may be forgotten. */
    synchronized boolean idle() {
        return open == 0 && outstanding.isEmpty();
    }

    synchronized void sent(String node, long cost) {
        if (!outstanding.containsKey(node)) {
            progressNanos.put(node, System.nanoTime());
        }
        outstanding.merge(node, cost, Long::sum);
    }

    synchronized void credited(String node, long bytes) {
        Long owed = outstanding.get(node);
        if (owed == null) {
            return;
        }
        if (owed - bytes <= 0) {
            outstanding.remove(node);
        } else {
            outstanding.put(node, owed - bytes);
        }
        progressNanos.put(node, System.nanoTime());
        notifyAll();
    }

    /** The server is gone: what it owes is forgotten, and nobody waits for it. */
    synchronized void forget(String node) {
        outstanding.remove(node);
        progressNanos.remove(node);
        notifyAll();
    }

    /**
     * Waits while the server has more than a window outstanding, unless {@code givenUp} says the
     * sender no longer waits for it.
     *
     * @return false if the server gave no credit for {@code stallNanos} meanwhile
     */
    boolean awaitRoom(String node, BooleanSupplier givenUp, long stallNanos) throws InterruptedException {
        if (mustWait(node, givenUp)) {
            HeldWrites.release(); // this server's subscribers need not wait for the other server
        }
        synchronized (this) {
            while (mustWait(node, givenUp)) {
                long left = progressNanos.get(node) + stallNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return true;
        }
    }

    private synchronized boolean mustWait(String node, BooleanSupplier givenUp) {
        return outstanding.getOrDefault(node, 0L) > window && !givenUp.getAsBoolean();
    }
}
