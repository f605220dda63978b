package org.wsfile.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.history.History;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.Units;
import org.wsfile.protocol.stream.BundleReader;
import org.wsfile.protocol.stream.Bundles;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ControlMessage;
import org.wsfile.protocol.stream.ControlParser;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.protocol.stream.ServerMessage;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.HeldWrites;
import org.wsfile.relay.Hub;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;

/**
 * What one connection sends in the streaming protocol: control frames and data frames. Calls come
 * from the connection's reading thread, one at a time; a refusal is answered with an error frame
 * and the connection stays usable. A transfer whose sender sends nothing for
 * {@link Settings#senderIdleTimeout()} is aborted, so its subscribers are not kept waiting.
 */
final class StreamInbound {
    /** The largest data frame read, id included. */
    static final int MAX_CHUNK_SIZE = 1024 * 1024;
    /** Refused transfers remembered at most: far more than a client that ends what it starts ever has. */
    static final int MAX_REMEMBERED_REFUSALS = 256;
    /** How often a sender that asked for it hears how its file fares while subscribers are still receiving it. */
    static final Duration RECEIVING_REPORTS = Duration.ofSeconds(1);
    /** How long a connection that sends an upload its sender continues elsewhere may stay busy before it gives it up. */
    static final Duration HAND_OVER_WAIT = Duration.ofSeconds(2);

    private final Connection connection;
    private final String connectionId;
    private final StreamSubscriber subscriber;
    private final Outbox outbox;
    private final Hub hub;
    private final History history;
    private final TopicRelay relay;
    private final Settings settings;
    private final DeliveryThreads threads;
    private final ResumableUploads uploads;
    private final ReceiverResumes resumes;
    private final ControlRate requests;
    private final Permissions permissions;
    /** Held while a frame is handled; the idle check only looks when no frame is being handled. */
    private final ReentrantLock handling = new ReentrantLock();
    /** The sender's open transfers, by the id the sender gave them. */
    private final Map<Long, Sending> open = new HashMap<>();
    /**
     * Ids of transfers refused at their header, whose data frames are dropped without a word until
     * their end; the oldest are forgotten past {@link #MAX_REMEMBERED_REFUSALS}, so that a client
     * that never ends what was refused cannot make the server remember without bound.
     */
    private final Set<Long> refused = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > MAX_REMEMBERED_REFUSALS;
        }
    });
    private final BundleReader bundleReader = new BundleReader();
    private Transfer previous;
    private volatile ScheduledFuture<?> idleCheck;
    /** Whether the client named {@link ServerMessage.Receiving#FEATURE} in its {@code hello}. */
    private volatile boolean reportsReceiving;

    /** An open transfer, the key its sender may resume it by, and when its sender last sent or was waited for. */
    private static final class Sending {
        final Transfer transfer;
        final Optional<String> key;
        long lastActive = System.nanoTime();

        Sending(Transfer transfer, Optional<String> key) {
            this.transfer = transfer;
            this.key = key;
        }
    }

    StreamInbound(Connection connection) {
        this.connection = connection;
        this.connectionId = connection.id();
        this.subscriber = connection.streamSubscriber();
        this.outbox = connection.outbox();
        this.hub = connection.server().hub;
        this.relay = connection.server().relay;
        this.history = connection.server().history;
        this.settings = connection.server().settings;
        this.threads = connection.server().threads;
        this.uploads = connection.server().uploads;
        this.resumes = new ReceiverResumes(connection);
        this.requests = connection.requests();
        this.permissions = connection.permissions();
    }

    /** Handles one JSON control frame. */
    void control(String frame) throws InterruptedException {
        handling.lock();
        try {
            handleControl(frame);
        } finally {
            handling.unlock();
        }
    }

    /** Handles one binary data frame. */
    void data(ByteBuffer frame) throws InterruptedException {
        handling.lock();
        try {
            handleData(frame);
        } finally {
            handling.unlock();
        }
    }

    /** Whether the connection is sending a file; a frame being handled right now counts as sending. */
    boolean sending() {
        if (!handling.tryLock()) {
            return true;
        }
        try {
            return !open.isEmpty();
        } finally {
            handling.unlock();
        }
    }

    /**
     * Gives up the upload named {@code key} to another connection its sender continues it on, and
     * closes this one, which the sender has left (the server had not noticed: a network that drops
     * away can leave no trace). Waits a little while a frame is being relayed.
     *
     * @return the upload, or empty if this connection no longer sends it or stays busy
     */
    Optional<Transfer> handOver(String key) throws InterruptedException {
        if (!handling.tryLock(HAND_OVER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        Optional<Transfer> given;
        try {
            given = open.entrySet().stream().filter(entry -> entry.getValue().key.equals(Optional.of(key))).findFirst()
                    .map(entry -> open.remove(entry.getKey()).transfer);
        } finally {
            handling.unlock();
        }
        given.ifPresent(transfer -> outbox.close(Closure.continuedElsewhere()));
        return given;
    }

    /**
     * The connection closed: every transfer it was still sending is aborted, but for those its
     * sender may resume, which wait for it to come back ({@link ResumableUploads}).
     */
    void closed() {
        handling.lock();
        try {
            if (idleCheck != null) {
                idleCheck.cancel(false);
            }
            for (Sending sending : open.values()) {
                if (sending.key.isEmpty() || !uploads.detach(sending.key.get(), sending.transfer)) {
                    sending.transfer.abort("the sender disconnected");
                }
            }
            open.clear();
        } finally {
            handling.unlock();
        }
        subscriber.closed();
    }

    private void handleControl(String frame) throws InterruptedException {
        ControlMessage message;
        try {
            message = ControlParser.parse(frame);
        } catch (ProtocolException problem) {
            // A refused header's data frames are dropped quietly, as for any transfer refused at its header.
            problem.transferId().ifPresent(id -> {
                if (!open.containsKey(id)) {
                    refused.add(id);
                }
            });
            refuse(problem, problem.transferId());
            return;
        }
        try {
            if (isRequest(message) && !requests.tryTake()) {
                throw ConnectionLimits.rateLimited(settings.limits().controlMessagesPerSecond());
            }
            handle(message);
        } catch (ProtocolException problem) {
            refuse(problem, idOf(message));
        }
    }

    private void handleData(ByteBuffer frame) throws InterruptedException {
        ChunkFrames.Chunk chunk;
        try {
            chunk = ChunkFrames.parse(frame);
        } catch (ProtocolException problem) {
            refuse(problem, OptionalLong.empty());
            return;
        }
        if (chunk.id() == Bundles.MARKER && subscriber.usesBundles()) {
            handleBundle(chunk.data());
            return;
        }
        if (refused.contains(chunk.id())) {
            return;
        }
        try {
            Sending sending = sending(chunk.id());
            sending.lastActive = System.nanoTime();
            sending.transfer.write(chunk.data());
            // Time spent waiting for slow subscribers is not the sender's.
            sending.lastActive = System.nanoTime();
        } catch (ProtocolException problem) {
            // The transfer is over (the relay aborted it); its remaining data frames are dropped quietly.
            if (open.remove(chunk.id()) != null) {
                refused.add(chunk.id());
            }
            refuse(problem, OptionalLong.of(chunk.id()));
        }
    }

    private void handle(ControlMessage message) throws ProtocolException, InterruptedException {
        if (message instanceof ControlMessage.Hello hello) {
            Set<String> granted = new TreeSet<>(hello.features());
            granted.retainAll(Set.of(Bundles.FEATURE, ServerMessage.Receiving.FEATURE));
            if (granted.contains(Bundles.FEATURE)) {
                subscriber.useBundles();
            }
            reportsReceiving = granted.contains(ServerMessage.Receiving.FEATURE);
            outbox.sendText(ServerMessages.welcome(settings.maxFileSize(), MAX_CHUNK_SIZE - ChunkFrames.ID_BYTES, granted,
                    history.filesPerTopic()));
        } else if (message instanceof ControlMessage.Subscribe subscribe) {
            ConnectionLimits.checkSubscription(hub, subscriber, permissions, subscribe.topic(),
                    settings.limits().maxTopicsPerConnection());
            hub.subscribe(subscriber, subscribe.topic());
            outbox.sendText(ServerMessages.subscribed(subscribe.topic()));
            subscribe.history().ifPresent(request -> threads.execute(() -> replay(subscribe.topic(), request)));
        } else if (message instanceof ControlMessage.Resume resume) {
            resumes.resume(resume);
        } else if (message instanceof ControlMessage.ResumeSend resume) {
            resumeSend(resume);
        } else if (message instanceof ControlMessage.Unsubscribe unsubscribe) {
            hub.unsubscribe(subscriber, unsubscribe.topic());
            outbox.sendText(ServerMessages.unsubscribed(unsubscribe.topic()));
        } else if (message instanceof ControlMessage.Send send) {
            start(send);
        } else if (message instanceof ControlMessage.End end) {
            finish(end);
        } else if (message instanceof ControlMessage.Cancel cancel) {
            if (!refused.remove(cancel.id())) {
                sending(cancel.id()).transfer.abort("cancelled by the sender");
                open.remove(cancel.id());
            }
        } else if (message instanceof ControlMessage.Received received) {
            confirm(received.ids());
        } else if (message instanceof ControlMessage.Failed failed) {
            subscriber.failed(failed.id(), failed.reason());
        }
    }

    /**
     * A bundle of whole files: each is relayed as if it had come as {@code send}, one data frame
     * and {@code end}, and refused or not on its own. Files after a break in the bundle's format are refused.
     */
    private void handleBundle(ByteBuffer entries) throws InterruptedException {
        List<BundledEntry> files = new ArrayList<>();
        Optional<ProtocolException> broken = Optional.empty();
        try {
            bundleReader.fragment(entries, true, new BundleReader.Handler() {
                private String header;
                private ByteBuffer content;

                @Override
                public void begin(String header, int contentLength) {
                    this.header = header;
                    this.content = ByteBuffer.allocate(0);
                }

                @Override
                public void content(ByteBuffer bytes) {
                    // The frame is whole, so a file's content comes in one piece, valid while the frame is handled.
                    content = bytes;
                }

                @Override
                public void end() {
                    files.add(new BundledEntry(header, content));
                }
            });
        } catch (ProtocolException problem) {
            broken = Optional.of(problem);
        }
        // Relayed together, so that each subscriber gets them in as few messages as its outbox can bundle.
        HeldWrites.during(() -> {
            for (BundledEntry file : files) {
                relayWhole(file);
            }
        });
        broken.ifPresent(problem -> refuse(problem, OptionalLong.empty()));
    }

    /** One file of a bundle: its header and all its bytes. */
    private record BundledEntry(String header, ByteBuffer content) {
    }

    private void relayWhole(BundledEntry file) throws InterruptedException {
        ControlParser.BundledFile bundled;
        try {
            bundled = ControlParser.parseBundled(file.header());
        } catch (ProtocolException problem) {
            refuse(problem, problem.transferId());
            return;
        }
        ControlMessage.Send send = bundled.send();
        Transfer transfer;
        try {
            checkNotOpen(send.id());
            Optional<ProtocolException> refusal = refusalOf(send);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            transfer = open(send);
        } catch (ProtocolException refusal) {
            refuse(refusal, OptionalLong.of(send.id()));
            return;
        }
        // The whole file is here: it leaves the open transfers before it is relayed, and a relay
        // that fails (a size or checksum that does not match) has aborted it already.
        open.remove(send.id());
        try {
            if (file.content().hasRemaining()) {
                transfer.write(file.content());
            }
            transfer.finish(Optional.of(bundled.sha256()));
            reportWhileReceiving(send.id(), transfer);
        } catch (ProtocolException problem) {
            refuse(problem, OptionalLong.of(send.id()));
        }
    }

    /** Each confirmation stands alone: one for a file the server does not know is refused, the others count. */
    private void confirm(List<Long> ids) {
        for (long id : ids) {
            try {
                subscriber.received(id);
            } catch (ProtocolException problem) {
                refuse(problem, OptionalLong.of(id));
            }
        }
    }

    private void start(ControlMessage.Send send) throws ProtocolException, InterruptedException {
        checkNotOpen(send.id());
        Optional<ProtocolException> refusal = refusalOf(send);
        if (refusal.isPresent()) {
            refused.add(send.id());
            throw refusal.get();
        }
        open(send);
    }

    /** The topic's kept files the subscriber asked for, on a thread of their own: they go at the subscriber's pace. */
    private void replay(String topic, HistoryRequest request) {
        try {
            history.replay(subscriber, topic, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkNotOpen(long id) throws ProtocolException {
        if (open.containsKey(id) || refused.contains(id)) {
            throw new ProtocolException(ErrorCode.BAD_ORDER, "transfer " + id + " is already open");
        }
    }

    private Transfer open(ControlMessage.Send send) throws InterruptedException {
        // A sender that sends one file after another waits until its previous file no longer holds
        // up subscribers that take one file at a time; one that interleaves files does not.
        if (open.isEmpty() && previous != null) {
            previous.awaitReadyForNext();
        }
        Transfer transfer = send.text() ? relay.openText(send.topic(), send.size(), connectionId)
                : relay.open(send.topic(), send.name(), send.mime(), send.size(), connectionId);
        previous = transfer;
        adopt(send.id(), transfer, send.key());
        return transfer;
    }

    /** A transfer this connection sends, as {@code id}: watched for idleness, and answered with a receipt. */
    private void adopt(long id, Transfer transfer, Optional<String> key) {
        open.put(id, new Sending(transfer, key));
        key.ifPresent(name -> uploads.sending(name, this, transfer));
        if (idleCheck == null) {
            idleCheck = threads.schedule(this::checkIdle, settings.senderIdleTimeout());
        }
        transfer.fanOut().done().thenAccept(fanOut -> sendReceipt(id, transfer, fanOut));
    }

    /**
     * Continues, as {@code id}, an upload whose sender's connection dropped: the sender hears how
     * many bytes the server has and sends the rest; its subscribers see the file go on.
     */
    private void resumeSend(ControlMessage.ResumeSend resume) throws ProtocolException, InterruptedException {
        checkNotOpen(resume.id());
        Transfer transfer = uploads.resume(resume.key(), this).orElseThrow(() -> new ProtocolException(ErrorCode.NOT_RESUMABLE,
                "no upload named " + resume.key() + " waits on this server (it was never sent here, ended, or waited"
                        + " longer than " + Units.formatDuration(settings.senderResumeWindow()) + "): send the file again"));
        Optional<ProtocolException> notAllowed = ConnectionLimits.publishRefusal(permissions, transfer.offer().topic());
        if (notAllowed.isPresent()) {
            uploads.detach(resume.key(), transfer);
            throw notAllowed.get();
        }
        adopt(resume.id(), transfer, Optional.of(resume.key()));
        outbox.sendText(ServerMessages.resumed(resume.id(), transfer.written()));
    }

    /** Why a file must be refused at its header, if it must: its topic, its size or the files already in flight. */
    private Optional<ProtocolException> refusalOf(ControlMessage.Send send) {
        Optional<ProtocolException> notAllowed = ConnectionLimits.publishRefusal(permissions, send.topic());
        if (notAllowed.isPresent()) {
            return notAllowed;
        }
        if (send.size() > settings.maxFileSize()) {
            return Optional.of(Names.tooLarge(send.size(), settings.maxFileSize()));
        }
        if (send.text() && send.size() > settings.maxTextSize()) {
            return Optional.of(new ProtocolException(ErrorCode.TOO_LARGE, "a text may have at most "
                    + Sizes.exact(settings.maxTextSize()) + " of UTF-8; this one has " + Sizes.exact(send.size())
                    + " (send it as a file instead)"));
        }
        if (send.key().isPresent() && uploads.known(send.key().get())) {
            return Optional.of(new ProtocolException(ErrorCode.BAD_ORDER, "an upload named " + send.key().get()
                    + " is already open; resume it, or give this one another key"));
        }
        int maxTransfers = settings.limits().maxTransfersPerConnection();
        if (open.size() >= maxTransfers) {
            return Optional.of(new ProtocolException(ErrorCode.TOO_MANY_TRANSFERS,
                    "a connection may send at most " + maxTransfers + " files at once; end or cancel one first"));
        }
        return Optional.empty();
    }

    private void finish(ControlMessage.End end) throws ProtocolException {
        if (refused.remove(end.id())) {
            return;
        }
        Transfer transfer = sending(end.id()).transfer;
        open.remove(end.id());
        transfer.finish(Optional.of(end.sha256()));
        reportWhileReceiving(end.id(), transfer);
    }

    /**
     * Tells a sender that asked for it, every {@link #RECEIVING_REPORTS}, how its file fares while
     * subscribers are still receiving it after its upload ended (fed from the spool at their pace).
     */
    private void reportWhileReceiving(long senderId, Transfer transfer) {
        FanOut fanOut = transfer.fanOut();
        if (!reportsReceiving || fanOut.done().toCompletableFuture().isDone()) {
            return;
        }
        ScheduledFuture<?> report = threads.schedule(() -> {
            if (!fanOut.done().toCompletableFuture().isDone() && !outbox.isClosed()) {
                FanOut.Count count = fanOut.count();
                outbox.sendText(ServerMessages.receiving(senderId, count.offered(), count.completed(), count.failed()));
                reportWhileReceiving(senderId, transfer);
            }
        }, RECEIVING_REPORTS);
        fanOut.done().thenRun(() -> report.cancel(false));
    }

    private void sendReceipt(long senderId, Transfer transfer, FanOut fanOut) {
        outbox.sendText(ServerMessages.receipt(senderId, transfer.sha256().orElse(null), fanOut.offered(),
                fanOut.completed(), fanOut.failures()));
    }

    private Sending sending(long id) throws ProtocolException {
        Sending sending = open.get(id);
        if (sending == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no transfer " + id + " is open on this connection");
        }
        return sending;
    }

    /** Aborts the transfers whose sender has been idle too long, and looks again when the next one could be. */
    private void checkIdle() {
        if (!handling.tryLock()) {
            // A frame is being relayed, so the sender is not idle; look again later.
            idleCheck = threads.schedule(this::checkIdle, settings.senderIdleTimeout());
            return;
        }
        try {
            idleCheck = null;
            long timeout = settings.senderIdleTimeout().toNanos();
            long now = System.nanoTime();
            long nextDeadline = Long.MAX_VALUE;
            for (Iterator<Map.Entry<Long, Sending>> entries = open.entrySet().iterator(); entries.hasNext(); ) {
                Map.Entry<Long, Sending> entry = entries.next();
                long deadline = entry.getValue().lastActive + timeout;
                if (deadline - now > 0) {
                    nextDeadline = Math.min(nextDeadline, deadline);
                    continue;
                }
                entries.remove();
                refused.add(entry.getKey());
                ProtocolException idle = new ProtocolException(ErrorCode.SENDER_IDLE, "the transfer got no data for "
                        + settings.senderIdleTimeout().toMillis() + " ms and was aborted");
                entry.getValue().transfer.abort(idle.getMessage());
                refuse(idle, OptionalLong.of(entry.getKey()));
            }
            if (nextDeadline != Long.MAX_VALUE) {
                idleCheck = threads.schedule(this::checkIdle, Duration.ofNanos(nextDeadline - now));
            }
        } finally {
            handling.unlock();
        }
    }

    /** Answers a refusal with an error frame, as far as the connection's request rate allows (see {@link Connection#recordRefusal}). */
    private void refuse(ProtocolException problem, OptionalLong id) {
        if (connection.recordRefusal(problem)) {
            outbox.sendText(ServerMessages.error(problem, id));
        }
    }

    /** How many refused transfers are remembered, so that their data frames can be dropped quietly. */
    int rememberedRefusals() {
        return refused.size();
    }

    /** Messages that carry no file and cost the server work: these are rate-limited; a file's messages are paced by its bytes. */
    private static boolean isRequest(ControlMessage message) {
        return message instanceof ControlMessage.Hello || message instanceof ControlMessage.Subscribe
                || message instanceof ControlMessage.Unsubscribe || message instanceof ControlMessage.Resume
                || message instanceof ControlMessage.ResumeSend;
    }

    private static OptionalLong idOf(ControlMessage message) {
        return message instanceof ControlMessage.AboutTransfer about ? OptionalLong.of(about.id()) : OptionalLong.empty();
    }
}
