package org.wsfile.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nats.client.Message;

import org.wsfile.cluster.ClusterMessages.Kind;

/**
 * Small files of one sender waiting a moment to cross to the other servers together: a burst of
 * them (a client's bundle) becomes one NATS message, which a receiving server relays in one go,
 * so that its subscribers get them bundled as this server's do. A file waits at most a
 * millisecond, and a message of the same sender that follows it never overtakes it.
 */
final class SmallFiles {
    private final NatsBroker broker;
    private final String lane;
    private final List<Waiting> waiting = new ArrayList<>();
    private String subject;
    private int bytes;
    private boolean flushDue;

    /** A file's {@link Kind#WHOLE} body, and the file it is, which fails elsewhere if it cannot be sent. */
    private record Waiting(ClusterPublication file, byte[] body) {
    }

    SmallFiles(NatsBroker broker, String lane) {
        this.broker = broker;
        this.lane = lane;
    }

    /** Queues a whole small file for the topic's subject, to go out within a millisecond. */
    synchronized void add(String topicSubject, ClusterPublication file, byte[] body) {
        // As many as one piece of a file takes (see Bundles.PREFERRED_SIZE for why no more).
        if (!waiting.isEmpty() && (!topicSubject.equals(subject) || bytes + body.length > broker.pieceSize())) {
            flush();
        }
        subject = topicSubject;
        waiting.add(new Waiting(file, body));
        bytes += body.length;
        if (!flushDue) {
            flushDue = true;
            broker.soon(this::flushWhenDue);
        }
    }

    /**
     * Sends a message of the same sender after the files waiting before it.
     *
     * @throws IllegalStateException if NATS cannot take it now (not connected)
     */
    synchronized void sendAfterWaiting(Message message) {
        flush();
        broker.send(message);
    }

    private synchronized void flushWhenDue() {
        flushDue = false;
        flush();
    }

    /** Sends the waiting files as one message. */
    private void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        byte[] body = ClusterMessages.wholes(waiting.stream().map(file -> Map.entry(file.file().id(), file.body())).toList());
        try {
            broker.send(ClusterMessages.message(subject, Kind.WHOLES, broker.nodeId(), lane, 0, waiting.size(), body));
        } catch (IllegalStateException notConnected) {
            waiting.forEach(file -> file.file().lostConnection(notConnected));
        }
        waiting.clear();
        bytes = 0;
    }
}
