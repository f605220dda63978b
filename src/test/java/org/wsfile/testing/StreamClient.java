package org.wsfile.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.stream.ClientMessages;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.protocol.stream.DataFrameReader;
import org.wsfile.protocol.stream.ServerMessage;
import org.wsfile.protocol.stream.ServerMessages;

/**
 * A client of the streaming protocol on the JDK's WebSocket client, for the integration tests: it
 * speaks through the protocol's own codec but, unlike the application's client, lets a test do
 * what a real client would not (send raw frames, stop confirming, end with a wrong checksum).
 * Incoming files are hashed as their data frames arrive and confirmed to the server, so large
 * files are never held; outgoing files are pseudo-random bytes generated chunk by chunk.
 */
public final class StreamClient implements AutoCloseable {
    /** The chunk size senders use unless told otherwise. */
    public static final int CHUNK_SIZE = 256 * 1024;
    /** How long one send may take before the test fails: a server that stops reading must not hang it. */
    private static final long SEND_TIMEOUT_SECONDS = 60;

    /** Something the server sent about a file or a request. */
    public sealed interface Event {
    }

    /** A file that arrived whole: its SHA-256 matched the one in its end message. */
    public record Received(long id, String topic, String name, String mime, long size, String sha256, Instant sentAt,
                           boolean text) implements Event {
    }

    /** A file whose sender or the server gave it up. */
    public record Aborted(long id, String reason) implements Event {
    }

    /** A file whose bytes did not match its end message. */
    public record Corrupt(long id, String name) implements Event {
    }

    /** An error frame. */
    public record Error(String code, String message, Optional<Long> id) implements Event {
    }

    /** A sender's receipt for one file. */
    public record Receipt(long id, int offered, int completed, List<String> failed) {
    }

    /** Random bytes to build file content from, by seed. */
    private static final Map<Long, byte[]> PATTERNS = new ConcurrentHashMap<>();

    private final WebSocket socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Receipt>> receipts = new ConcurrentHashMap<>();
    private final Map<Long, Incoming> incoming = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong lastId = new AtomicLong();
    private final boolean confirm;
    /** While paused the client reads nothing, as a receiver on a slow network; the server's writes to it back up. */
    private boolean paused;
    private boolean readOwed;

    private StreamClient(URI uri, boolean confirm) {
        this.confirm = confirm;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .subprotocols(ServerMessages.PROTOCOL)
                .buildAsync(uri, new Listener())
                .join();
    }

    public static StreamClient connect(URI uri) {
        return new StreamClient(uri, true);
    }

    /** A client that never confirms the files it gets, as an old or broken receiver would. */
    public static StreamClient connectWithoutConfirming(URI uri) {
        return new StreamClient(uri, false);
    }

    /** The subprotocol the server agreed to at the handshake, empty if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Subscribes and waits for the server's acknowledgement. */
    public void subscribe(String topic) {
        subscribe(topic, Optional.empty());
    }

    /** Subscribes asking for files of the topic's history, and waits for the server's acknowledgement. */
    public void subscribe(String topic, Optional<HistoryRequest> history) {
        CompletableFuture<Void> ack = subscriptions.computeIfAbsent(topic, t -> new CompletableFuture<>());
        sendText(ClientMessages.subscribe(topic, history));
        ack.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Unsubscribes and waits for the server's acknowledgement. */
    public void unsubscribe(String topic) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        subscriptions.put("-" + topic, ack);
        sendText(ClientMessages.unsubscribe(topic));
        ack.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** An outgoing file whose bytes are sent by the caller, chunk by chunk. */
    public final class Outgoing {
        private final long id;
        private final byte[] pattern;
        private final MessageDigest sha = sha256();
        private final long size;
        private long sent;

        private Outgoing(long id, long size, long seed) {
            this.id = id;
            this.size = size;
            this.pattern = PATTERNS.computeIfAbsent(seed, StreamClient::pattern);
        }

        public long id() {
            return id;
        }

        /** Sends up to {@code bytes} more pseudo-random bytes; returns how many. */
        public long sendChunk(int bytes) {
            int length = (int) Math.min(bytes, size - sent);
            ByteBuffer frame = ByteBuffer.allocate(4 + length).putInt((int) id);
            // The content repeats a random pattern at an odd stride, so no two chunks of a file are alike.
            int at = (int) ((sent + sent / pattern.length * 7) % pattern.length);
            for (int left = length; left > 0; ) {
                int run = Math.min(left, pattern.length - at);
                frame.put(pattern, at, run);
                left -= run;
                at = 0;
            }
            sha.update(frame.array(), 4, length);
            sendBinary(frame.flip());
            sent += length;
            return length;
        }

        public boolean hasMore() {
            return sent < size;
        }

        /** Sends the end message with the true checksum; returns the checksum. */
        public String end() {
            String hex = HexFormat.of().formatHex(sha.digest());
            sendEnd(id, hex);
            return hex;
        }

        public void cancel() {
            sendText(ClientMessages.cancel(id));
        }

        public CompletableFuture<Receipt> receipt() {
            return receipts.get(id);
        }

        /** Waits for the receipt; fails if it does not come in time. */
        public Receipt awaitReceipt(Duration timeout) {
            return receipt().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    /** Announces a file; its bytes are then sent through the returned object. */
    public Outgoing start(String topic, String name, String mime, long size, long seed) {
        long id = lastId.incrementAndGet();
        receipts.put(id, new CompletableFuture<>());
        sendText(ClientMessages.send(id, topic, name, mime, size));
        return new Outgoing(id, size, seed);
    }

    /** Sends a whole file of pseudo-random bytes; returns its SHA-256 and, later, its receipt. */
    public Sent send(String topic, String name, long size, long seed) {
        Outgoing file = start(topic, name, "application/octet-stream", size, seed);
        while (file.hasMore()) {
            file.sendChunk(CHUNK_SIZE);
        }
        return new Sent(file.end(), file.receipt());
    }

    /** A file sent: its checksum and the receipt to come. */
    public record Sent(String sha256, CompletableFuture<Receipt> receipt) {
        public Receipt awaitReceipt(Duration timeout) {
            return receipt.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        }
    }

    /** The receipt to come for a transfer of this id, however it was sent (raw frames too). */
    public CompletableFuture<Receipt> receipt(long id) {
        return receipts.computeIfAbsent(id, i -> new CompletableFuture<>());
    }

    /** Sends one data frame as it is, id included. */
    public void sendRaw(long id, byte[] data) {
        ByteBuffer frame = ByteBuffer.allocate(4 + data.length).putInt((int) id).put(data).flip();
        sendBinary(frame);
    }

    public void sendEnd(long id, String sha256) {
        sendText(ClientMessages.end(id, sha256));
    }

    /** Sends a text frame as it is. Sends are one at a time, as the JDK's client refuses overlapping ones. */
    public synchronized void sendText(String frame) {
        socket.sendText(frame, true).orTimeout(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    private synchronized void sendBinary(ByteBuffer frame) {
        socket.sendBinary(frame, true).orTimeout(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** The next event; fails if none arrives in time. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("nothing received within " + timeout);
        }
        return event;
    }

    /** The next event, or empty if none arrives in time. */
    public Optional<Event> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The next event, which must be a whole file. */
    public Received nextFile(Duration timeout) throws InterruptedException {
        Event event = next(timeout);
        if (event instanceof Received file) {
            return file;
        }
        throw new AssertionError("expected a file, got " + event);
    }

    /** The next event, which must be an error. */
    public Error nextError(Duration timeout) throws InterruptedException {
        Event event = next(timeout);
        if (event instanceof Error error) {
            return error;
        }
        throw new AssertionError("expected an error, got " + event);
    }

    /** Stops reading from the connection until {@link #resumeReading()}. */
    public synchronized void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        boolean owed;
        synchronized (this) {
            paused = false;
            owed = readOwed;
            readOwed = false;
        }
        if (owed) {
            socket.request(1);
        }
    }

    private void readOn(WebSocket webSocket) {
        synchronized (this) {
            if (paused) {
                readOwed = true;
                return;
            }
        }
        webSocket.request(1);
    }

    /** How many files are arriving right now. */
    public int filesArriving() {
        return incoming.size();
    }

    /** Closes the connection without a close handshake, as a crashed client would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private static byte[] pattern(long seed) {
        byte[] bytes = new byte[1 << 20];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file being received. */
    private static final class Incoming {
        final ServerMessage.File header;
        final MessageDigest sha = sha256();
        long size;

        Incoming(ServerMessage.File header) {
            this.header = header;
        }
    }

    private void control(ServerMessage message) {
        if (message instanceof ServerMessage.Subscribed subscribed) {
            subscriptions.computeIfAbsent(subscribed.topic(), t -> new CompletableFuture<>()).complete(null);
        } else if (message instanceof ServerMessage.Unsubscribed unsubscribed) {
            Optional.ofNullable(subscriptions.remove("-" + unsubscribed.topic())).ifPresent(ack -> ack.complete(null));
        } else if (message instanceof ServerMessage.File file) {
            incoming.put(file.id(), new Incoming(file));
        } else if (message instanceof ServerMessage.End end) {
            end(end.id(), end.sha256());
        } else if (message instanceof ServerMessage.Aborted aborted) {
            incoming.remove(aborted.id());
            events.add(new Aborted(aborted.id(), aborted.reason()));
        } else if (message instanceof ServerMessage.Receipt receipt) {
            receipts.computeIfAbsent(receipt.id(), id -> new CompletableFuture<>()).complete(new Receipt(receipt.id(), receipt.offered(), receipt.completed(), receipt.failed()));
        } else if (message instanceof ServerMessage.Error error) {
            events.add(new Error(error.code(), error.message(),
                    error.id().isPresent() ? Optional.of(error.id().getAsLong()) : Optional.empty()));
        } else {
            throw new AssertionError("unexpected message " + message);
        }
    }

    private void end(long id, String sha256) {
        Incoming file = incoming.remove(id);
        String actual = HexFormat.of().formatHex(file.sha.digest());
        ServerMessage.File header = file.header;
        if (actual.equals(sha256) && file.size == header.size()) {
            if (confirm) {
                sendText(ClientMessages.received(List.of(id)));
            }
            events.add(new Received(id, header.topic(), header.name(), header.mime(), file.size, actual, header.sentAt(),
                    header.text()));
        } else {
            if (confirm) {
                sendText(ClientMessages.failed(id, "checksum mismatch"));
            }
            events.add(new Corrupt(id, header.name()));
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final DataFrameReader dataFrames = new DataFrameReader();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    control(ServerMessages.parse(text.toString()));
                } catch (ProtocolException e) {
                    throw new AssertionError("the server sent a malformed message: " + text, e);
                }
                text.setLength(0);
            }
            readOn(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            dataFrames.fragment(data, last, (id, bytes, end) -> {
                Incoming file = incoming.get(id);
                if (file != null) {
                    file.size += bytes.remaining();
                    file.sha.update(bytes);
                }
            });
            readOn(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
