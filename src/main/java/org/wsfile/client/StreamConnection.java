package org.wsfile.client;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.stream.BundleReader;
import org.wsfile.protocol.stream.Bundles;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ClientMessages;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.protocol.stream.DataFrameReader;
import org.wsfile.protocol.stream.ServerMessage;
import org.wsfile.protocol.stream.ServerMessages;

/**
 * A connection in wsfile's streaming protocol (docs/PROTOCOL.md): files go out as binary chunks
 * read from disk one at a time, files come in chunk by chunk into a {@link FileSink}, and every
 * file received is confirmed or reported as failed, so the sender's receipt is true.
 */
public final class StreamConnection implements FileConnection {
    /** Bytes per data frame: large enough that per-message costs stay small, well under the server's limit. */
    public static final int CHUNK_SIZE = 256 * 1024;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Confirmations of received files are gathered while files keep coming, so that a burst of
     * small files is confirmed in a few frames rather than one each: they go once a tick passes
     * with no new file, and at least every {@code CONFIRMATION_TICKS} ticks while files keep coming.
     */
    private static final long CONFIRMATION_TICK_MILLIS = 10;
    private static final int CONFIRMATION_TICKS = 10;
    /** Confirmations in one frame at most, well within the server's limit on a control frame. */
    private static final int MAX_CONFIRMATIONS = 500;
    /** Small files to send are gathered into bundles for this long. */
    private static final long BUNDLE_WINDOW_MILLIS = 2;

    private final FileSink sink;
    private final Consumer<String> notices;
    private final WebSocketLink link;
    private final CompletableFuture<ServerMessage.Welcome> welcome = new CompletableFuture<>();
    /** Requests answered without an id (subscribe), oldest first; an error without an id answers the oldest. */
    private final ArrayDeque<Pending> unanswered = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<Optional<Receipt>>> sending = new ConcurrentHashMap<>();
    /** Files asked to be resumed, by key, until the server sends them or says it cannot. */
    private final Map<String, CompletableFuture<Void>> resuming = new ConcurrentHashMap<>();
    /** Uploads being resumed, by id, until the server says how many of their bytes it has. */
    private final Map<Long, CompletableFuture<Long>> resumedUploads = new ConcurrentHashMap<>();
    /** Told how a file fares while subscribers are still receiving it after its upload, by id, until its receipt. */
    private final Map<Long, Consumer<Receipt>> meanwhile = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final Batches<Long> confirmations;
    /** Small files waiting to leave in a bundle, if the server takes bundles. */
    private final Batches<Bundles.Entry> bundled;
    /** Sends the subscriber's answers, so that the reading thread never waits for the network. */
    private final ExecutorService replies = Executors.newSingleThreadExecutor(DaemonThreads.named("wsfile-replies"));
    /** Incoming files begun and not yet ended, as the server numbered them. Reading thread only. */
    private final Set<Long> arriving = new HashSet<>();
    private final StringBuilder text = new StringBuilder();
    /** Held while an incoming message is handled. */
    private final Object reading = new Object();

    private record Pending(String topic, CompletableFuture<Void> answer) {
    }

    private StreamConnection(URI uri, FileSink sink, Consumer<String> notices) throws ConnectionLostException,
            InterruptedException {
        this.sink = sink;
        this.notices = notices;
        this.link = WebSocketLink.open(uri, ServerMessages.PROTOCOL, new Reader());
        this.confirmations = new Batches<>(CONFIRMATION_TICK_MILLIS, CONFIRMATION_TICKS, id -> 1, MAX_CONFIRMATIONS,
                ids -> send(ClientMessages.received(ids)));
        this.bundled = new Batches<>(BUNDLE_WINDOW_MILLIS, 1, Bundles.Entry::size, Bundles.PREFERRED_SIZE - Bundles.emptySize(),
                this::sendBundle);
    }

    /**
     * Connects and greets the server.
     *
     * @param sink    where received files go
     * @param notices told of things worth a line on the terminal, such as an error frame about nothing the caller asked
     * @throws ConnectionLostException if the server cannot be reached or does not speak the streaming protocol
     */
    public static StreamConnection connect(URI uri, FileSink sink, Consumer<String> notices)
            throws ConnectionLostException, InterruptedException {
        StreamConnection connection = new StreamConnection(uri, sink, notices);
        connection.link.sendText(ClientMessages.hello(List.of(Bundles.FEATURE, ServerMessage.Receiving.FEATURE)), true);
        try {
            connection.welcome.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            connection.link.close();
            throw new ConnectionLostException(uri + " did not answer as a wsfile server"
                    + " (an original server needs --legacy)");
        }
        return connection;
    }

    @Override
    public void subscribe(String topic) throws IOException, RefusedException, InterruptedException {
        subscribe(topic, Optional.empty());
    }

    /**
     * Subscribes, asking first for the files of the topic's history that {@code history} names
     * (docs/PROTOCOL.md, "History"); they arrive as any file, oldest first, with the time they were
     * first sent. A server that keeps no history sends none.
     */
    public void subscribe(String topic, Optional<HistoryRequest> history)
            throws IOException, RefusedException, InterruptedException {
        Pending pending = new Pending(topic, new CompletableFuture<>());
        synchronized (unanswered) {
            unanswered.add(pending);
        }
        link.sendText(ClientMessages.subscribe(topic, history), true);
        await(pending.answer());
    }

    /**
     * Asks for the rest of a file that an earlier connection was cut off from: the server sends it
     * from {@code offset} on, to the sink, as a file whose header says so. The result completes when
     * it starts to arrive, or with a {@link RefusedException} if the server no longer holds it.
     */
    public CompletableFuture<Void> resume(String key, long offset) throws ConnectionLostException {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        resuming.put(key, answer);
        link.sendText(ClientMessages.resume(key, offset), true);
        return answer;
    }

    @Override
    public OptionalLong maxFileSize() {
        return OptionalLong.of(welcome.join().maxFileSize());
    }

    @Override
    public CompletableFuture<Optional<Receipt>> send(String topic, OutgoingFile file, LongConsumer progress,
                                                     Consumer<Receipt> meanwhile) throws IOException, InterruptedException {
        return upload(topic, file, UUID.randomUUID().toString(), progress, meanwhile);
    }

    /**
     * As {@link #send}, naming the upload {@code key}: if the connection drops before the file's last
     * byte, the upload waits on the server for a while, and {@link #resumeUpload} on a new connection
     * continues it. A small file leaves whole in a bundle, and has nothing to resume.
     */
    public CompletableFuture<Optional<Receipt>> upload(String topic, OutgoingFile file, String key, LongConsumer progress,
                                                       Consumer<Receipt> meanwhile) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path())) {
            long id = lastId.incrementAndGet();
            CompletableFuture<Optional<Receipt>> result = expectReceipt(id, meanwhile);
            if (file.size() <= Bundles.MAX_FILE_SIZE && welcome.join().features().contains(Bundles.FEATURE)) {
                ByteBuffer content = ByteBuffer.allocate((int) file.size());
                if (readFully(channel, content) != file.size() || channel.read(ByteBuffer.allocate(1)) > 0) {
                    sending.remove(id);
                    throw new IOException(file.path() + " changed size while it was being sent");
                }
                MessageDigest sha256 = Sha256.digest();
                sha256.update(content.flip().duplicate());
                bundled.add(Bundles.Entry.of(ClientMessages.bundledSend(id, topic, file.name(), file.mime(), file.size(),
                        Sha256.hex(sha256)),
                        content));
                progress.accept(file.size());
                return result;
            }
            link.sendText(ClientMessages.send(id, topic, file.name(), file.mime(), file.size(), key), true);
            stream(id, file, channel, 0, Sha256.digest(), progress, result);
            return result;
        }
    }

    /**
     * Continues the upload named {@code key} that a dropped connection cut off (see {@link #upload}):
     * the server says how many bytes it has, and the rest of the file follows. The result completes
     * as for {@link #send}, or with a {@link RefusedException} ({@code not-resumable}) if the server no
     * longer keeps the upload; the file must then be sent again.
     */
    public CompletableFuture<Optional<Receipt>> resumeUpload(OutgoingFile file, String key, LongConsumer progress,
                                                             Consumer<Receipt> meanwhile)
            throws IOException, InterruptedException {
        long id = lastId.incrementAndGet();
        CompletableFuture<Long> offset = new CompletableFuture<>();
        resumedUploads.put(id, offset);
        CompletableFuture<Optional<Receipt>> result = expectReceipt(id, meanwhile);
        result.whenComplete((receipt, problem) -> {
            if (problem != null) {
                offset.completeExceptionally(problem);
            }
        });
        link.sendText(ClientMessages.resumeSend(id, key), true);
        long from;
        try {
            from = offset.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectionLostException lost) {
                throw lost;
            }
            return result; // refused: the result says why
        } catch (TimeoutException e) {
            throw new ConnectionLostException("the server did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } finally {
            resumedUploads.remove(id);
        }
        try (FileChannel channel = FileChannel.open(file.path())) {
            // The checksum covers the whole file: the bytes the server has are read again, not sent.
            MessageDigest sha256 = Sha256.digest();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_SIZE);
            for (long hashed = 0; hashed < from; ) {
                buffer.clear().limit((int) Math.min(CHUNK_SIZE, from - hashed));
                int read = readFully(channel, buffer);
                if (read == 0) {
                    link.sendText(ClientMessages.cancel(id), true);
                    throw new IOException(file.path() + " became shorter than the " + from + " bytes already sent");
                }
                sha256.update(buffer.flip());
                hashed += read;
            }
            progress.accept(from);
            stream(id, file, channel, from, sha256, progress, result);
        }
        return result;
    }

    /** A transfer's receipt to come, and who hears meanwhile how it fares. */
    private CompletableFuture<Optional<Receipt>> expectReceipt(long id, Consumer<Receipt> meanwhile) {
        CompletableFuture<Optional<Receipt>> result = new CompletableFuture<>();
        this.meanwhile.put(id, meanwhile);
        result.whenComplete((receipt, problem) -> this.meanwhile.remove(id));
        sending.put(id, result);
        return result;
    }

    /**
     * Sends the file's bytes from {@code from} on as transfer {@code id}, read from {@code channel} at
     * that position, then its end with the SHA-256 that {@code sha256} (holding the bytes before) ends with.
     */
    private void stream(long id, OutgoingFile file, FileChannel channel, long from, MessageDigest sha256,
                        LongConsumer progress, CompletableFuture<Optional<Receipt>> result) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(ChunkFrames.ID_BYTES + CHUNK_SIZE);
        long sent = from;
        // A refusal (over the limit, say) may come while the file streams: then stop.
        while (sent < file.size() && !result.isDone()) {
            int length = (int) Math.min(CHUNK_SIZE, file.size() - sent);
            frame.clear().putInt((int) id).limit(ChunkFrames.ID_BYTES + length);
            int read = readFully(channel, frame);
            if (read == 0) {
                link.sendText(ClientMessages.cancel(id), true);
                sending.remove(id);
                throw new IOException(file.path() + " became shorter while it was being sent");
            }
            sha256.update(frame.array(), ChunkFrames.ID_BYTES, read);
            link.sendBinary(frame.flip());
            sent += read;
            progress.accept(sent);
        }
        link.sendText(result.isDone() ? ClientMessages.cancel(id)
                : ClientMessages.end(id, Sha256.hex(sha256)), true);
    }

    /**
     * Sends a text (docs/PROTOCOL.md, "Texts"): receivers that know texts show it, others get it as a
     * plain-text file. The result completes as for {@link #send}; a text over the server's limit
     * (64 KiB unless set otherwise) is refused.
     */
    public CompletableFuture<Optional<Receipt>> sendText(String topic, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long id = lastId.incrementAndGet();
        CompletableFuture<Optional<Receipt>> result = expectReceipt(id, receipt -> { });
        MessageDigest sha256 = Sha256.digest();
        sha256.update(bytes);
        link.sendText(ClientMessages.sendText(id, topic, bytes.length), true);
        link.sendBinary(ChunkFrames.frame(id, ByteBuffer.wrap(bytes)));
        link.sendText(ClientMessages.end(id, Sha256.hex(sha256)), true);
        return result;
    }

    private void sendBundle(List<Bundles.Entry> entries) {
        try {
            link.sendBinary(Bundles.frame(entries));
        } catch (ConnectionLostException e) {
            // the reader hears of the closed connection and tells everyone waiting
        }
    }

    @Override
    public CompletableFuture<String> closed() {
        return link.closed();
    }

    /**
     * Closes the connection once the files and confirmations still waiting have been sent, so
     * that they count. A file whose end is being handled (which may be what made the caller close) is
     * confirmed too: the reading thread finishes the message first.
     */
    @Override
    public void close() {
        bundled.flushNow();
        synchronized (reading) {
            confirmations.flushNow();
            replies.shutdown();
        }
        try {
            replies.awaitTermination(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    /** Reads until the buffer is full or the file ends; returns the bytes read. */
    private static int readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    private void await(CompletableFuture<Void> answer) throws RefusedException, ConnectionLostException,
            InterruptedException {
        try {
            answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RefusedException refused) {
                throw refused;
            }
            throw new ConnectionLostException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectionLostException("the server did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Sends an answer from the replies thread. */
    private void send(String message) {
        if (replies.isShutdown()) {
            return;
        }
        replies.execute(() -> {
            try {
                link.sendText(message, true);
            } catch (ConnectionLostException e) {
                // the reader hears of the closed connection and tells everyone waiting
            }
        });
    }

    /** Turns incoming frames into events for the waiting callers and the sink. */
    private final class Reader implements WebSocketLink.Handler {
        private final DataFrameReader dataFrames = new DataFrameReader();
        private final BundleReader bundles = new BundleReader();
        private final BundledFiles bundledFiles = new BundledFiles();

        @Override
        public void text(CharSequence part, boolean last) {
            synchronized (reading) {
                text.append(part);
                if (last) {
                    String frame = text.toString();
                    text.setLength(0);
                    try {
                        control(ServerMessages.parse(frame));
                    } catch (ProtocolException e) {
                        // The server is not one this client understands.
                        notices.accept("ignored a malformed message from the server: " + e.getMessage());
                    }
                }
            }
        }

        @Override
        public void binary(ByteBuffer part, boolean last) {
            synchronized (reading) {
                dataFrames.fragment(part, last, (id, bytes, end) -> {
                    if (id == Bundles.MARKER && welcome.join().features().contains(Bundles.FEATURE)) {
                        bundle(bytes, end);
                    } else if (arriving.contains(id)) {
                        sink.data(id, bytes);
                    }
                });
            }
        }

        private void bundle(ByteBuffer bytes, boolean end) {
            try {
                bundles.fragment(bytes, end, bundledFiles);
            } catch (ProtocolException e) {
                bundledFiles.broken(e.getMessage());
                notices.accept("ignored the rest of a malformed bundle from the server: " + e.getMessage());
            }
        }

        @Override
        public void closed(String reason) {
            bundledFiles.broken("the connection closed");
            arriving.forEach(id -> sink.cut(id, "the connection closed before the file was complete"));
            arriving.clear();
            ConnectionLostException lost = new ConnectionLostException("the connection closed: " + reason);
            welcome.completeExceptionally(lost);
            sending.values().forEach(result -> result.completeExceptionally(lost));
            resuming.values().forEach(answer -> answer.completeExceptionally(lost));
            synchronized (unanswered) {
                unanswered.forEach(pending -> pending.answer().completeExceptionally(lost));
            }
        }

        private void control(ServerMessage message) {
            if (message instanceof ServerMessage.Welcome hello) {
                welcome.complete(hello);
            } else if (message instanceof ServerMessage.Subscribed subscribed) {
                answered(subscribed.topic()).ifPresent(answer -> answer.complete(null));
            } else if (message instanceof ServerMessage.File file) {
                arriving.add(file.id());
                file.key().map(resuming::remove).ifPresent(answer -> answer.complete(null));
                sink.begin(file.id(), new FileHeader(file.topic(), file.name(), file.mime(), file.size(), file.text(),
                        file.key(), file.offset()));
            } else if (message instanceof ServerMessage.End end) {
                if (arriving.remove(end.id())) {
                    ended(end.id(), end.sha256());
                }
            } else if (message instanceof ServerMessage.Aborted aborted) {
                if (arriving.remove(aborted.id())) {
                    sink.abort(aborted.id(), aborted.reason());
                }
            } else if (message instanceof ServerMessage.Receipt receipt) {
                Optional.ofNullable(sending.remove(receipt.id())).ifPresent(result -> result.complete(
                        Optional.of(new Receipt(receipt.offered(), receipt.completed(), receipt.failed()))));
            } else if (message instanceof ServerMessage.Resumed resumed) {
                Optional.ofNullable(resumedUploads.get(resumed.id())).ifPresent(offset -> offset.complete(resumed.offset()));
            } else if (message instanceof ServerMessage.Receiving receiving) {
                Optional.ofNullable(meanwhile.get(receiving.id())).ifPresent(listener -> listener.accept(
                        new Receipt(receiving.offered(), receiving.completed(), receiving.failed())));
            } else if (message instanceof ServerMessage.Error error) {
                error(error);
            } else if (message instanceof ServerMessage.Unknown unknown) {
                notices.accept("the server sent a message this client does not know: " + unknown.type());
            }
        }

        /** A file's bytes have all arrived: the sink checks them, and the server hears whether they were whole. */
        private void ended(long id, String sha256) {
            Optional<String> problem = sink.end(id, Optional.of(sha256));
            problem.ifPresentOrElse(reason -> send(ClientMessages.failed(id, reason)), () -> confirmations.add(id));
        }

        /** The files of the bundles that arrive, each into the sink as if it had come as {@code file}, data and {@code end}. */
        private final class BundledFiles implements BundleReader.Handler {
            private ServerMessage.BundledFile current;

            @Override
            public void begin(String header, int contentLength) {
                try {
                    current = ServerMessages.parseBundled(header);
                } catch (ProtocolException e) {
                    notices.accept("ignored a malformed file in a bundle from the server: " + e.getMessage());
                    return;
                }
                ServerMessage.File file = current.file();
                sink.begin(file.id(), new FileHeader(file.topic(), file.name(), file.mime(), file.size(), file.text()));
            }

            @Override
            public void content(ByteBuffer bytes) {
                if (current != null) {
                    sink.data(current.file().id(), bytes);
                }
            }

            @Override
            public void end() {
                if (current != null) {
                    ended(current.file().id(), current.sha256());
                    current = null;
                }
            }

            /** The bundle broke off: the file under way cannot be completed. */
            void broken(String reason) {
                if (current != null) {
                    long id = current.file().id();
                    current = null;
                    sink.abort(id, "the server sent a malformed bundle: " + reason);
                    send(ClientMessages.failed(id, "malformed bundle: " + reason));
                }
            }
        }

        private void error(ServerMessage.Error error) {
            RefusedException refused = new RefusedException(error.code(), error.message());
            Optional<CompletableFuture<Void>> resume = error.key().map(resuming::remove);
            if (resume.isPresent()) {
                resume.get().completeExceptionally(refused);
                return;
            }
            if (error.id().isPresent()) {
                CompletableFuture<Optional<Receipt>> result = sending.remove(error.id().getAsLong());
                if (result != null) {
                    result.completeExceptionally(refused);
                } else {
                    notices.accept("the server reported: " + refused.getMessage());
                }
                return;
            }
            Pending oldest;
            synchronized (unanswered) {
                oldest = unanswered.poll();
            }
            if (oldest != null) {
                oldest.answer().completeExceptionally(refused);
            } else {
                notices.accept("the server reported: " + refused.getMessage());
            }
        }

        private Optional<CompletableFuture<Void>> answered(String topic) {
            synchronized (unanswered) {
                // Removed through the iterator: the deque's remove(Object) would call the record's
                // equals, whose first call has the JVM generate some 45 classes in a fresh JVM.
                for (Iterator<Pending> waiting = unanswered.iterator(); waiting.hasNext(); ) {
                    Pending pending = waiting.next();
                    if (pending.topic().equals(topic)) {
                        waiting.remove();
                        return Optional.of(pending.answer());
                    }
                }
            }
            return Optional.empty();
        }
    }
}
