package org.wsfile.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.nats.client.Message;

import org.wsfile.cluster.ClusterMessages.Accepted;
import org.wsfile.cluster.ClusterMessages.Kind;
import org.wsfile.cluster.ClusterMessages.RemoteOffer;
import org.wsfile.cluster.ClusterMessages.Report;
import org.wsfile.cluster.ClusterMessages.Whole;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.HeldWrites;
import org.wsfile.relay.Publication;
import org.wsfile.relay.Transfer;

/**
 * One sender's files from another server, relayed to this server's subscribers in the order they
 * were sent, on a thread of its own while there is something to relay (the NATS connection's
 * thread only queues them here). Each file is a {@link Transfer} of its own here, which checks its
 * size and SHA-256 again. As the subscribers take the bytes, the sender's server gets credit back.
 */
final class IncomingLane implements Runnable {
    private static final Logger LOG = Logger.getLogger(IncomingLane.class.getName());
    /** Answers go at least every so many files, so that a long burst does not keep the sender waiting for them. */
    private static final int MAX_ACCEPTED = 1000;

    private final NatsBroker broker;
    private final String origin;
    private final String lane;
    private final Executor threads;
    private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
    /** The files this server takes part in, by the sender's server's id, with the next message each expects. */
    private final Map<Long, Receiving> receiving = new ConcurrentHashMap<>();
    private Publication previous;
    /** Files taken since the last answer to the sender's server, and the bytes of their messages. */
    private final List<Accepted> accepted = new ArrayList<>();
    private long uncredited;
    private boolean running;
    private long stoppedNanos = System.nanoTime();
    private String gone;

    private static final class Receiving {
        final Transfer transfer;
        long nextSequence = 1;

        Receiving(Transfer transfer) {
            this.transfer = transfer;
        }
    }

    IncomingLane(NatsBroker broker, String origin, String lane, Executor threads) {
        this.broker = broker;
        this.origin = origin;
        this.lane = lane;
        this.threads = threads;
    }

    /** Queues a message from the NATS connection's thread; never blocks. */
    void add(Message message) {
        queue.add(message);
        schedule();
    }

    /** The sender's server is gone or unreachable: every file in flight is aborted with this reason. */
    void abortAll(String reason) {
        synchronized (this) {
            gone = reason;
        }
        queue.clear();
        schedule();
    }

    /**
     * Whether the lane has had nothing in flight and nothing to do for {@code nanos}, so that it may
     * be forgotten (by then its last file's subscribers are ready for another).
     */
    synchronized boolean idleFor(long nanos) {
        return !running && queue.isEmpty() && receiving.isEmpty() && System.nanoTime() - stoppedNanos > nanos;
    }

    private void schedule() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
        }
        try {
            threads.execute(this);
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                running = false;
            }
            queue.clear();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                String reason;
                synchronized (this) {
                    reason = gone;
                    gone = null;
                }
                if (reason != null) {
                    abortReceiving(reason);
                }
                Message message = queue.poll();
                if (message == null) {
                    answer();
                    synchronized (this) {
                        if (queue.isEmpty() && gone == null) {
                            running = false;
                            stoppedNanos = System.nanoTime();
                            return;
                        }
                    }
                    continue;
                }
                handle(message);
            }
        } catch (InterruptedException stopping) {
            abortReceiving("the server is stopping");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "files from server " + origin + " could not be relayed", e);
            abortReceiving("this server failed to relay it: " + e);
        }
        synchronized (this) {
            running = false;
            stoppedNanos = System.nanoTime();
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** The server the files come from. */
    String origin() {
        return origin;
    }

    private void handle(Message message) throws InterruptedException {
        Kind kind = ClusterMessages.kind(message);
        long id = ClusterMessages.transfer(message);
        byte[] body = message.getData();
        if (kind == Kind.OFFER) {
            start(id, ClusterMessages.readOffer(body), body.length);
            return;
        }
        if (kind == Kind.WHOLES) {
            // Relayed together, so that each subscriber here gets them in as few messages as its outbox can bundle.
            HeldWrites.during(() -> {
                for (Map.Entry<Long, Whole> file : ClusterMessages.readWholes(body)) {
                    relayWhole(file.getKey(), file.getValue());
                }
            });
            return;
        }
        Receiving file = receiving.get(id);
        if (file == null) {
            return; // a file this server was not counted on for
        }
        uncredited += ClusterMessages.cost(body.length);
        if (ClusterMessages.count(message) != file.nextSequence++) {
            receiving.remove(id).transfer.abort("part of the file was lost between the servers");
            return;
        }
        switch (kind) {
            case CHUNK -> write(id, file, ByteBuffer.wrap(body));
            case END -> finish(id, file, ClusterMessages.text(body));
            case ABORT -> receiving.remove(id).transfer.abort(ClusterMessages.text(body));
            default -> {
            }
        }
        if (uncredited >= broker.window() / 4 || accepted.size() >= MAX_ACCEPTED) {
            answer();
        }
    }

    private void relayWhole(long id, Whole whole) throws InterruptedException {
        Receiving file = start(id, whole.offer(), whole.length());
        if (file != null) {
            write(id, file, whole.content());
            if (receiving.get(id) == file) {
                finish(id, file, whole.sha256());
            }
        }
    }

    /**
     * Offers a file to this server's subscribers, if the sender's server counts on this one, and
     * answers with their number and credit for the offer's message.
     *
     * @return the file, or null if this server is not counted on for it
     */
    private Receiving start(long id, RemoteOffer remote, int messageLength) throws InterruptedException {
        if (!remote.nodes().contains(broker.nodeId())) {
            return null;
        }
        // As on the sender's server: subscribers that take one file at a time finish the previous one first.
        if (previous != null) {
            previous.awaitReadyForNext();
        }
        FileOffer local = new FileOffer(broker.nextLocalId(), remote.topic(), remote.name(), remote.mime(), remote.size(),
                remote.sentAt(), remote.text());
        // Keyed as on the sender's server, so that a receiver cut off resumes it on any server that holds it.
        FileOffer offer = remote.key().map(key -> new FileOffer(local.id(), local.topic(), local.name(), local.mime(),
                local.size(), local.sentAt(), local.text(), key)).orElse(local);
        Publication publication = broker.hub().offered(offer, NatsBroker.senderElsewhere(origin, lane));
        previous = publication;
        Receiving file = new Receiving(Transfer.forwarding(offer, publication));
        receiving.put(id, file);
        FanOut here = publication.fanOut();
        uncredited += ClusterMessages.cost(messageLength);
        accepted.add(new Accepted(id, here.offered()));
        // A server that keeps every topic's history takes the file whole, subscribers here or not: its report,
        // which ends the file for it on the sender's server, waits for the file's end.
        CompletionStage<FanOut> reported = broker.keepsEveryTopic()
                ? here.done().thenCombine(file.transfer.over(), (done, over) -> done) : here.done();
        reported.thenAccept(done -> broker.reports().add(origin, new Report(id, done.completed(), done.failures())));
        return file;
    }

    private void write(long id, Receiving file, ByteBuffer piece) throws InterruptedException {
        broker.received(piece.remaining());
        try {
            file.transfer.write(piece);
        } catch (ProtocolException tooMuch) {
            receiving.remove(id);
        }
    }

    private void finish(long id, Receiving file, String sha256) {
        receiving.remove(id);
        try {
            file.transfer.finish(Optional.of(sha256));
        } catch (ProtocolException damaged) {
            LOG.warning(() -> "a file from server " + origin + " arrived damaged: " + damaged.getMessage());
        }
    }

    private void abortReceiving(String reason) {
        receiving.values().forEach(file -> file.transfer.abort(reason));
        receiving.clear();
        accepted.clear();
        uncredited = 0;
    }

    /** Tells the sender's server which files this server took since the last answer, and gives credit for their bytes. */
    private void answer() {
        if (uncredited > 0 || !accepted.isEmpty()) {
            broker.accepted(origin, lane, accepted, uncredited);
            accepted.clear();
            uncredited = 0;
        }
    }
}
