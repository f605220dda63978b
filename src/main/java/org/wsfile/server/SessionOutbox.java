package org.wsfile.server;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import org.wsfile.config.Settings;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.Subscriber;

/**
 * Everything the server writes to one connection goes through its outbox, in order, on a writer
 * thread of its own while there is something to write. Large files go out as fragments of one
 * text message, each a slice of the file's shared frame. A connection that accepts no data for
 * the send timeout, or lets too many files queue up, is dropped; nobody else waits for it.
 */
final class SessionOutbox implements Subscriber {
    private static final Logger LOG = Logger.getLogger(SessionOutbox.class.getName());
    /** Characters per fragment: large enough to keep per-frame costs small, small enough to bound each write. */
    static final int FRAGMENT_CHARS = 1 << 20;

    private final Session session;
    private final Settings settings;
    private final DeliveryThreads threads;
    private final Consumer<Subscriber> onDropped;

    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private int queuedFiles;
    private boolean writing;
    private boolean closed;

    SessionOutbox(Session session, Settings settings, DeliveryThreads threads, Consumer<Subscriber> onDropped) {
        this.session = session;
        this.settings = settings;
        this.threads = threads;
        this.onDropped = onDropped;
    }

    @Override
    public void offer(LegacyFile file, FanOut fanOut) {
        enqueue(new FileDelivery(file, fanOut));
    }

    /** Queues a text message of the server's own, such as an error frame. */
    void sendText(String text) {
        enqueue(new TextMessage(text));
    }

    @Override
    public String describe() {
        return "connection " + session.getId();
    }

    /** The connection has closed: nothing more is written and whatever waits is given up. */
    void closed() {
        abandonAll();
    }

    private void enqueue(Outgoing item) {
        int waiting;
        synchronized (this) {
            if (closed) {
                waiting = -1;
            } else if (item instanceof FileDelivery && queuedFiles >= settings.subscriberMaxQueuedFiles()) {
                waiting = queuedFiles;
            } else {
                queue.add(item);
                if (item instanceof FileDelivery) {
                    queuedFiles++;
                }
                if (!writing) {
                    writing = true;
                    threads.execute(this::writeQueued);
                }
                return;
            }
        }
        item.abandon();
        if (waiting >= 0) {
            drop("too far behind: " + waiting + " files waiting");
        }
    }

    private void writeQueued() {
        while (true) {
            Outgoing next;
            synchronized (this) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
                if (next instanceof FileDelivery) {
                    queuedFiles--;
                }
            }
            try {
                next.writeTo(this);
                next.sent();
            } catch (IOException | RuntimeException e) {
                next.abandon();
                drop("write failed: " + e.getMessage());
                return;
            }
        }
    }

    /** Writes one fragment; if it is not accepted within the send timeout, the connection is dropped. */
    private void write(String fragment, boolean last) throws IOException {
        ScheduledFuture<?> stall = threads.schedule(
                () -> drop("too slow: accepted no data for " + settings.subscriberSendTimeout().toMillis() + " ms"),
                settings.subscriberSendTimeout());
        try {
            session.getBasicRemote().sendText(fragment, last);
        } finally {
            stall.cancel(false);
        }
    }

    /** Closes the connection because it cannot keep up; its topics forget it and its queue is given up. */
    private void drop(String reason) {
        if (!abandonAll()) {
            return;
        }
        onDropped.accept(this);
        LOG.warning(() -> "dropped subscriber " + describe() + ": " + reason);
        Closing.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, reason);
    }

    /** @return true if this call closed the outbox */
    private boolean abandonAll() {
        List<Outgoing> abandoned;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            queuedFiles = 0;
        }
        abandoned.forEach(Outgoing::abandon);
        return true;
    }

    /** One message waiting to be written. Exactly one of {@link #sent()} and {@link #abandon()} is called. */
    private interface Outgoing {
        void writeTo(SessionOutbox outbox) throws IOException;

        default void sent() {
        }

        default void abandon() {
        }
    }

    private record TextMessage(String text) implements Outgoing {
        @Override
        public void writeTo(SessionOutbox outbox) throws IOException {
            outbox.write(text, true);
        }
    }

    /** A file as the original protocol delivers it: {@code {mime}:{file name}:{base64}}, one message. */
    private record FileDelivery(LegacyFile file, FanOut fanOut) implements Outgoing {
        @Override
        public void writeTo(SessionOutbox outbox) throws IOException {
            String header = file.deliveryHeader();
            String frame = file.frame();
            int from = file.dataStart();
            int end = frame.length();
            if (header.length() + (end - from) <= FRAGMENT_CHARS) {
                outbox.write(header + frame.substring(from), true);
                return;
            }
            outbox.write(header, false);
            while (from < end) {
                int to = Math.min(end, from + FRAGMENT_CHARS);
                outbox.write(frame.substring(from, to), to == end);
                from = to;
            }
        }

        @Override
        public void sent() {
            fanOut.receivedWhole();
        }

        @Override
        public void abandon() {
            fanOut.dropped();
        }
    }
}
