package org.wsfile.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the original protocol on the JDK's WebSocket client. Deliveries are decoded and
 * hashed as their fragments arrive, so large files are never held in the test.
 */
public final class LegacyClient implements AutoCloseable {
    /** Enough characters to hold any delivery header: mime (≤255) and name (≤1024) with separators. */
    private static final int HEADER_WINDOW = 4096;

    /** Something the server sent. */
    public sealed interface Received {
    }

    /** A file delivered as {@code {mime}:{file name}:{base64}}. */
    public record Delivery(String mime, String name, long size, String sha256) implements Received {
    }

    /** An {@code error:{code}:{sentence}} frame. */
    public record ErrorFrame(String text) implements Received {
    }

    /** How the server closed the connection. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private LegacyClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener())
                .join();
    }

    public static LegacyClient connect(URI uri) {
        return new LegacyClient(uri);
    }

    /** Sends {@code subscribe:{topic}}. */
    public void subscribe(String topic) {
        sendText(LegacyFrame.subscribe(topic));
    }

    /** Sends a small file as {@code message:…}; returns its SHA-256 in hex. */
    public String sendFile(String topic, String mime, String name, byte[] content) {
        sendText(LegacyFrame.message(topic, mime, name, content));
        return sha256(content);
    }

    public void sendText(String frame) {
        socket.sendText(frame, true).orTimeout(60, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** The next thing the server sent; fails if nothing arrives in time. */
    public Received next(Duration timeout) throws InterruptedException {
        return poll(timeout).orElseThrow(() -> new AssertionError("nothing received within " + timeout));
    }

    /** The next delivered file; fails on anything else. */
    public Delivery nextDelivery(Duration timeout) throws InterruptedException {
        Received next = next(timeout);
        if (next instanceof Delivery delivery) {
            return delivery;
        }
        throw new AssertionError("expected a file, got " + next);
    }

    /** The next error frame; fails on anything else. */
    public ErrorFrame nextError(Duration timeout) throws InterruptedException {
        Received next = next(timeout);
        if (next instanceof ErrorFrame error) {
            return error;
        }
        throw new AssertionError("expected an error frame, got " + next);
    }

    public Optional<Received> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** How the server closed the connection; fails if it stays open. */
    public Close awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(RawWebSocket.sha256().digest(content));
    }

    /** Splits each message into header and content on the fly. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder head = new StringBuilder();
        private final StringBuilder base64 = new StringBuilder();
        private boolean inContent;
        private String mime;
        private String name;
        private MessageDigest sha;
        private long size;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (inContent) {
                decode(data, last);
            } else {
                head.append(data);
                if (last && head.toString().startsWith("error:")) {
                    received.add(new ErrorFrame(head.toString()));
                    head.setLength(0);
                } else if (last || head.length() >= HEADER_WINDOW) {
                    startContent(last);
                }
            }
            if (last && inContent) {
                received.add(new Delivery(mime, name, size, HexFormat.of().formatHex(sha.digest())));
                inContent = false;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(1006, String.valueOf(error)));
        }

        private void startContent(boolean last) {
            String text = head.toString();
            head.setLength(0);
            int dataStart = text.lastIndexOf(':');
            int mimeEnd = text.indexOf(':');
            mime = text.substring(0, mimeEnd);
            name = text.substring(mimeEnd + 1, dataStart);
            sha = RawWebSocket.sha256();
            size = 0;
            inContent = true;
            decode(text.substring(dataStart + 1), last);
        }

        private void decode(CharSequence data, boolean last) {
            base64.append(data);
            int usable = last ? base64.length() : base64.length() / 4 * 4;
            byte[] bytes = Base64.getDecoder().decode(base64.substring(0, usable).getBytes(StandardCharsets.US_ASCII));
            base64.delete(0, usable);
            sha.update(bytes);
            size += bytes.length;
        }
    }
}
