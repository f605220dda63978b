package org.wsfile.cluster;

import java.util.Collections;
import java.util.List;

import org.wsfile.relay.FanOut;

/**
 * Another server's share of a file this server's sender sent: how many subscribers it offered the
 * file to, then how they fared, both into the sender's receipt. Only the first ending counts: a
 * server's report, or a failure when it falls silent, leaves, or the connection to NATS is lost.
 */
final class RemotePart {
    private final String node;
    private final FanOut receipt;
    /** When the offer went out; until then nothing is awaited from the server. */
    private long offerSentNanos;
    private boolean offerSent;
    private int offered = -1;
    private boolean done;

    RemotePart(String node, FanOut receipt) {
        this.node = node;
        this.receipt = receipt;
    }

    String node() {
        return node;
    }

    synchronized boolean done() {
        return done;
    }

    synchronized void offerSent() {
        offerSent = true;
        offerSentNanos = System.nanoTime();
    }

    /** Whether the server has not said within {@code nanos} of the offer that it took the file. */
    synchronized boolean unansweredFor(long nanos) {
        return !done && offerSent && offered < 0 && System.nanoTime() - offerSentNanos > nanos;
    }

    synchronized void accepted(int subscribers) {
        if (!done && offered < 0) {
            offered = subscribers;
            receipt.partOffered(subscribers);
        }
    }

    void reported(int completed, List<String> failures) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            if (offered < 0) {
                receipt.partOffered(completed + failures.size());
            }
        }
        receipt.partDone(completed, failures);
    }

    /** The server's subscribers did not get the file (all of them, as far as this server can tell). */
    void failed(String reason) {
        int subscribers;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            // A server that never said how many it had counts as one subscriber that did not get the file.
            subscribers = offered < 0 ? 1 : offered;
            if (offered < 0) {
                receipt.partOffered(1);
            }
        }
        receipt.partDone(0, Collections.nCopies(subscribers, "server " + node + ": " + reason));
    }
}
