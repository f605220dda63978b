package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.wsfile.config.Settings;
import org.wsfile.protocol.stream.Bundles;
import org.wsfile.relay.HeldWrites;

/**
 * Everything the server writes to one connection goes through its outbox, so a connection that
 * stops reading holds up nobody else: a transport that blocks is written to on a writer thread of
 * its own while there is something to write; a {@link NonBlockingTransport} on whichever thread
 * queued something, for as long as it takes more, and then on the thread that says it can again.
 * Each file being delivered has a {@link Lane}; lanes take turns, one message each, so several
 * files interleave. An <em>exclusive</em> lane (the original protocol's one-message
 * delivery) is written to its end before any other lane gets a turn.
 * <p>
 * Senders wait in {@link Lane#awaitRoom()} while more than {@link Settings#subscriberBuffer()} waits
 * to be written ahead of them. A connection that accepts no data for the send timeout, or lets more
 * than {@link Settings#subscriberMaxBuffer()} pile up, is closed.
 */
final class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final Transport transport;
    private final Settings settings;
    private final DeliveryThreads threads;
    private final Runnable onClosing;
    private final Runnable onDropped;

    /** Open lanes in the order they were opened: the order in which exclusive lanes are written. */
    private final Set<Lane> lanes = new LinkedHashSet<>();
    /** Non-exclusive lanes with something to write, in turn order. */
    private final ArrayDeque<Lane> turns = new ArrayDeque<>();
    private Lane exclusive;
    /** Run on a writer thread once the connection has room again or closes (see {@link Lane#whenRoom}). */
    private final List<Runnable> roomWaiters = new ArrayList<>();
    /** While a non-blocking transport cannot take more: drops the connection unless it can in time. */
    private ScheduledFuture<?> stall;
    private long queuedBytes;
    /** Threads relaying files that arrived together to this connection: bundle entries wait for them to end. */
    private int holders;
    private boolean writing;
    private boolean closed;

    /**
     * @param onClosing run when the outbox closes its connection, before the container reports the close
     * @param onDropped run when it closes its connection for not keeping up
     */
    Outbox(Transport transport, Settings settings, DeliveryThreads threads, Runnable onClosing, Runnable onDropped) {
        this.transport = transport;
        if (transport instanceof NonBlockingTransport nonBlocking) {
            nonBlocking.whenWritable(this::resume);
        }
        this.settings = settings;
        this.threads = threads;
        this.onClosing = onClosing;
        this.onDropped = onDropped;
    }

    /** How many bytes may wait for this connection before its senders are slowed down ({@code wsfile.subscriber.buffer}). */
    long buffer() {
        return settings.subscriberBuffer();
    }

    /** A lane for one file; {@code onAbandoned} is told why if the connection closes before its last message is written. */
    Lane openLane(boolean exclusiveMessage, Consumer<String> onAbandoned) {
        Lane lane = new Lane(exclusiveMessage, onAbandoned);
        synchronized (this) {
            if (closed) {
                lane.abandoned = true;
            } else {
                lanes.add(lane);
            }
        }
        if (lane.abandoned) {
            onAbandoned.accept("the connection closed");
        }
        return lane;
    }

    /** Queues a text message of the server's own, such as an acknowledgement or an error. */
    void sendText(String text) {
        Lane lane = openLane(false, reason -> { });
        lane.finish(Item.text(text, true));
    }

    /** Whether the connection is closed, or being closed. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** The connection has closed: nothing more is written and every open lane is abandoned. */
    void closed(String reason) {
        abandonAll(reason);
    }

    /** Closes the connection; every open lane is abandoned. */
    void close(Closure closure) {
        shutDown(closure, closure.reason());
    }

    /** Closes the connection because it cannot keep up. */
    void drop(String reason) {
        if (shutDown(Closure.dropped(reason), "dropped: " + reason)) {
            onDropped.run();
            LOG.warning(() -> "dropped connection " + transport.id() + ": " + reason);
        }
    }

    /**
     * @param laneReason what the files still on their way are told
     * @return true if this call closed the connection, false if it was closed already
     */
    private boolean shutDown(Closure closure, String laneReason) {
        if (!abandonAll(laneReason)) {
            return false;
        }
        onClosing.run();
        transport.close(closure);
        return true;
    }

    /** @return true if this call closed the outbox */
    private boolean abandonAll(String reason) {
        List<Lane> abandoned;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            if (stall != null) {
                stall.cancel(false);
                stall = null;
            }
            abandoned = new ArrayList<>(lanes);
            abandoned.forEach(lane -> lane.abandoned = true);
            lanes.clear();
            turns.clear();
            exclusive = null;
            queuedBytes = 0;
            notifyAll();
        }
        abandoned.forEach(lane -> lane.onAbandoned.accept(reason));
        wakeRoomWaiters();
        return true;
    }

    private void writeQueued() {
        while (true) {
            List<Queued> batch;
            boolean wake;
            try {
                synchronized (this) {
                    if (closed || !hasNext()) {
                        writing = false;
                        return;
                    }
                    if (!transportWritable()) {
                        return; // resumed once the transport can take more
                    }
                    batch = take(nextLane());
                }
                write(batch);
            } catch (IOException | RuntimeException e) {
                // Usually the client has gone; closing tells the rest of the server.
                if (shutDown(Closure.writeFailed(), "the connection failed: " + e.getMessage())) {
                    LOG.fine(() -> "connection " + transport.id() + " failed: " + e.getMessage());
                }
                return;
            }
            synchronized (this) {
                for (Queued written : batch) {
                    Lane lane = written.lane();
                    Item item = written.item();
                    // A lane given up while this item was written no longer counts: its bytes, this
                    // item's included, were taken off when it was given up.
                    if (!lane.abandoned) {
                        lane.bytes -= item.size();
                        queuedBytes -= item.size();
                    }
                    if (item.last()) {
                        lane.finished = true;
                        lanes.remove(lane);
                    }
                }
                notifyAll();
                wake = !roomWaiters.isEmpty() && hasRoom();
            }
            batch.forEach(written -> written.item().afterWrite().run());
            if (wake) {
                wakeRoomWaiters();
            }
        }
    }

    /**
     * Whether the transport takes a write now: always, for one that blocks. A non-blocking one
     * that cannot calls {@link #resume()} once it can; the connection is dropped if that takes
     * longer than the send timeout. Called with the outbox's lock held, so the callback, which
     * takes it, finds the timer set.
     */
    private boolean transportWritable() throws IOException {
        if (!(transport instanceof NonBlockingTransport nonBlocking) || nonBlocking.writable()) {
            return true;
        }
        stall = dropUnlessDoneInTime();
        return false;
    }

    /** A timer that drops the connection when the send timeout is over, unless cancelled first. */
    private ScheduledFuture<?> dropUnlessDoneInTime() {
        return threads.schedule(
                () -> drop("too slow: accepted no data for " + settings.subscriberSendTimeout().toMillis() + " ms"),
                settings.subscriberSendTimeout());
    }

    /** The non-blocking transport can take more: the writer goes on, on the thread that says so. */
    private void resume() {
        synchronized (this) {
            if (stall == null) {
                return;
            }
            stall.cancel(false);
            stall = null;
        }
        writeQueued();
    }

    /** An item taken off its lane to be written. */
    private record Queued(Lane lane, Item item) {
    }

    /**
     * The lane's next item to write; when it is a bundle entry, with it the entries at the head of
     * the lanes next in turn, as many as fit one bundle, so that small files queued together leave
     * in one message.
     */
    private List<Queued> take(Lane lane) {
        Item item = next(lane);
        if (item.entry() == null) {
            return List.of(new Queued(lane, item));
        }
        List<Queued> batch = new ArrayList<>();
        batch.add(new Queued(lane, item));
        int size = Bundles.emptySize() + item.entry().size();
        while (exclusive == null && !turns.isEmpty()) {
            Item following = turns.peek().items.peek();
            if (following.entry() == null || size + following.entry().size() > Bundles.PREFERRED_SIZE) {
                break;
            }
            Lane next = turns.poll();
            batch.add(new Queued(next, next(next)));
            size += following.entry().size();
        }
        return batch;
    }

    /** Takes the lane's next item and gives the lane its next turn. */
    private Item next(Lane lane) {
        Item item = lane.items.poll();
        if (lane.exclusive) {
            exclusive = item.last() ? null : lane;
        } else if (!lane.items.isEmpty()) {
            turns.add(lane);
        }
        return item;
    }

    /**
     * Starts the writer: on the calling thread for a non-blocking transport, else on a writer
     * thread. Once the application stops, its threads take no more work: the connection is then
     * closed as going away, rather than left with a writer that never comes.
     */
    private void startWriter() {
        if (transport instanceof NonBlockingTransport) {
            writeQueued();
            return;
        }
        try {
            threads.execute(this::writeQueued);
        } catch (RejectedExecutionException stopped) {
            synchronized (this) {
                writing = false;
            }
            close(Closure.goingAway());
        }
    }

    /** Whether a non-exclusive lane may take more without its sender waiting; also once the connection is closed. */
    private synchronized boolean hasRoom() {
        return closed || exclusive != null || queuedBytes <= settings.subscriberBuffer();
    }

    /**
     * Runs the actions waiting for room on a writer thread, never on this one: it may be writing
     * for a lane whose feeder holds a lock of its own.
     */
    private void wakeRoomWaiters() {
        List<Runnable> waiting;
        synchronized (this) {
            if (roomWaiters.isEmpty()) {
                return;
            }
            waiting = List.copyOf(roomWaiters);
            roomWaiters.clear();
        }
        for (Runnable action : waiting) {
            try {
                threads.execute(action);
            } catch (RejectedExecutionException stopped) {
                // The application is stopping: its connections close, and nothing more is fed.
            }
        }
    }

    /** Whether there is something to write now: a half-written exclusive message waits for its own next part. */
    private boolean hasNext() {
        if (exclusive != null) {
            return !exclusive.items.isEmpty();
        }
        return !turns.isEmpty() && (holders == 0 || turns.peek().items.peek().entry() == null);
    }

    /** A thread relaying files that arrived together no longer holds this connection back ({@link HeldWrites}). */
    private void unhold() {
        boolean start;
        synchronized (this) {
            holders--;
            start = !writing && hasNext();
            writing |= start;
        }
        if (start) {
            startWriter();
        }
    }

    /** The lane to write next, when {@link #hasNext()}: a half-written exclusive message comes first. */
    private Lane nextLane() {
        return exclusive != null ? exclusive : turns.poll();
    }

    /**
     * Writes one message or fragment, or one or more bundle entries as one bundle. A blocking transport
     * that does not accept it within the send timeout is dropped.
     */
    private void write(List<Queued> batch) throws IOException {
        if (transport instanceof NonBlockingTransport) {
            writeNow(batch);
            return;
        }
        ScheduledFuture<?> stalled = dropUnlessDoneInTime();
        try {
            writeNow(batch);
        } finally {
            stalled.cancel(false);
        }
    }

    private void writeNow(List<Queued> batch) throws IOException {
        if (batch.get(0).item().entry() == null) {
            batch.get(0).item().writeTo(transport);
        } else {
            transport.sendBinary(BundleFrames.frame(batch.stream().map(queued -> queued.item().entry()).toList()));
        }
    }

    /** One file's way through the outbox. */
    final class Lane {
        private final boolean exclusive;
        private final Consumer<String> onAbandoned;
        private final ArrayDeque<Item> items = new ArrayDeque<>();
        private long bytes;
        private boolean finished;
        private boolean abandoned;

        private Lane(boolean exclusive, Consumer<String> onAbandoned) {
            this.exclusive = exclusive;
            this.onAbandoned = onAbandoned;
        }

        /** Queues a message or fragment. Never blocks. */
        void add(Item item) {
            enqueue(item);
        }

        /** Queues the lane's last message or fragment, which closes it. Never blocks. */
        void finish(Item item) {
            enqueue(item.asLast());
        }

        private void enqueue(Item queued) {
            boolean overBuffer;
            boolean startWriter;
            synchronized (Outbox.this) {
                if (abandoned || finished) {
                    return;
                }
                // A file that may be one of several relayed together waits for the others, to leave in one bundle with them.
                if (queued.entry() != null && HeldWrites.hold(Outbox.this, Outbox.this::unhold)) {
                    holders++;
                }
                items.add(queued);
                bytes += queued.size();
                queuedBytes += queued.size();
                if (items.size() == 1 && Outbox.this.exclusive != this) {
                    turns.add(this);
                }
                overBuffer = queuedBytes > settings.subscriberMaxBuffer();
                startWriter = !overBuffer && !writing && hasNext();
                writing |= startWriter;
            }
            if (overBuffer) {
                tooMuchWaiting();
            } else if (startWriter) {
                startWriter();
            }
        }

        /**
         * Only a lane that must wait for another exclusive message ever gets here, as its sender is not
         * slowed down (see {@link #awaitRoom()}): that file alone is given up for this connection.
         * Anything else means the connection itself cannot keep up.
         */
        private void tooMuchWaiting() {
            String waiting = queuedBytes + " bytes waiting, more than " + settings.subscriberMaxBuffer();
            if (exclusive && Outbox.this.exclusive != this && Outbox.this.exclusive != null) {
                abandon();
                onAbandoned.accept("busy receiving another file: " + waiting);
            } else {
                drop("too far behind: " + waiting);
            }
        }

        /**
         * Blocks while more than the subscriber buffer waits to be written. While an exclusive
         * message is being written only its own sender waits: the others' bytes cannot move until
         * it ends, so waiting for them could wait for ever (two senders, each behind the other on
         * a different connection).
         */
        void awaitRoom() throws InterruptedException {
            releaseHeldUnlessRoom();
            synchronized (Outbox.this) {
                while (!over() && mustWait()) {
                    Outbox.this.wait();
                }
            }
        }

        private boolean mustWait() {
            Lane started = Outbox.this.exclusive;
            return started == null ? queuedBytes > settings.subscriberBuffer()
                    : started == this && bytes > settings.subscriberBuffer();
        }

        /**
         * As {@link #awaitRoom()}, for at most {@code nanos}.
         *
         * @return whether the lane has room (or is over)
         */
        boolean awaitRoom(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            releaseHeldUnlessRoom();
            synchronized (Outbox.this) {
                while (!over() && mustWait()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(Outbox.this, left);
                }
                return true;
            }
        }

        /**
         * Lets the connections this thread holds ({@link HeldWrites}) write before it waits for room:
         * the writer it would wait for may be one of them.
         */
        private void releaseHeldUnlessRoom() {
            if (!hasRoom()) {
                HeldWrites.release();
            }
        }

        /** Whether {@link #awaitRoom()} would return at once. */
        boolean hasRoom() {
            synchronized (Outbox.this) {
                return over() || !mustWait();
            }
        }

        /** Whether nothing more of the lane will be written: its end was, or it or its connection was given up. */
        private boolean over() {
            return closed || abandoned || finished;
        }

        /** Whether more than twice the subscriber buffer waits on the connection: it is far behind its senders. */
        boolean farBehind() {
            synchronized (Outbox.this) {
                return !closed && queuedBytes > 2 * settings.subscriberBuffer();
            }
        }

        /**
         * Runs {@code action} on a writer thread once the lane has room or is over.
         *
         * @return false, without running it, if it has room now
         */
        boolean whenRoom(Runnable action) {
            synchronized (Outbox.this) {
                if (over() || !mustWait()) {
                    return false;
                }
                roomWaiters.add(action);
                return true;
            }
        }

        /** Whether the lane was given up (its connection closed) before its end. */
        boolean gone() {
            synchronized (Outbox.this) {
                return abandoned;
            }
        }

        /** Blocks until the lane's last message is written or the lane is given up. */
        void awaitWritten() throws InterruptedException {
            synchronized (Outbox.this) {
                if (over()) {
                    return;
                }
            }
            HeldWrites.release(); // the writer this thread would wait for may be one it holds
            synchronized (Outbox.this) {
                while (!over()) {
                    Outbox.this.wait();
                }
            }
        }

        /**
         * Gives the lane up before its end. Returns true if part of its message was already
         * written, in which case the message cannot be completed and the caller must end the connection.
         */
        boolean abandon() {
            boolean started;
            synchronized (Outbox.this) {
                if (abandoned || finished) {
                    return false;
                }
                abandoned = true;
                lanes.remove(this);
                turns.remove(this);
                queuedBytes -= bytes;
                bytes = 0;
                items.clear();
                Outbox.this.notifyAll();
                started = Outbox.this.exclusive == this;
                if (started) {
                    Outbox.this.exclusive = null;
                }
            }
            wakeRoomWaiters(); // its bytes no longer wait, and its own feeder, if any, must stop
            return started;
        }
    }

    /**
     * A message, or a fragment of one, waiting to be written.
     *
     * @param writer writes it; null for a bundle entry, which the outbox writes in a bundle
     * @param entry  the file it carries if it is a bundle entry, which the writer may bundle with others; else null
     */
    record Item(Writer writer, long size, boolean last, Runnable afterWrite, Bundles.Entry entry) {
        /** Writes itself to the connection. */
        interface Writer {
            void writeTo(Transport transport) throws IOException;
        }

        static Item text(String text, boolean lastOfMessage) {
            return new Item(transport -> transport.sendText(text, lastOfMessage), text.length(), false, () -> { }, null);
        }

        /** A text encoded once for all the connections it goes to. */
        static Item text(Utf8Text text, boolean lastOfMessage) {
            return new Item(transport -> transport.sendText(text, lastOfMessage), text.length(), false, () -> { }, null);
        }

        static Item binary(ByteBuffer message) {
            return new Item(transport -> transport.sendBinary(message), message.remaining(), false, () -> { }, null);
        }

        /** A whole file in a bundle of its own, unless the writer finds others to bundle it with. */
        static Item bundled(Bundles.Entry entry) {
            return new Item(null, entry.size(), false, () -> { }, entry);
        }

        /** The same item, followed by an action once it is written. */
        Item then(Runnable action) {
            return new Item(writer, size, last, action, entry);
        }

        Item asLast() {
            return new Item(writer, size, true, afterWrite, entry);
        }

        void writeTo(Transport transport) throws IOException {
            writer.writeTo(transport);
        }
    }
}
