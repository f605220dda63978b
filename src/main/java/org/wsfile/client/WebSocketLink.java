package org.wsfile.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One WebSocket connection on the JDK's client: sends one message at a time (the client refuses
 * overlapping sends) and hands what arrives, fragment by fragment, to a {@link Handler}. A
 * connection that hears nothing for {@link #SILENCE} pings the server, and one that then hears
 * nothing for as long again is given up as lost: a network that drops away (a laptop's Wi-Fi)
 * often leaves no trace on the connection, and the JDK's client does not always notice even a
 * connection closed under it; either would otherwise wait for ever. A message the server takes
 * counts as hearing from it: a sender whose server reads slowly is not alone.
 */
final class WebSocketLink {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SILENCE = Duration.ofSeconds(5);
    /** How often the watch looks at each connection. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** One daemon thread watches every connection's silence. */
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "wsfile-connection-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** What arrives; calls come one at a time. */
    interface Handler {
        void text(CharSequence part, boolean last);

        void binary(ByteBuffer part, boolean last);

        /** The connection is over; {@code reason} says how. Called once. */
        void closed(String reason);
    }

    private final WebSocket socket;
    private final CompletableFuture<String> closed;
    private volatile CompletableFuture<Void> pong = new CompletableFuture<>();
    private volatile int closeCode = -1;
    /** When something last arrived, as {@link System#nanoTime()}. */
    private volatile long lastHeard = System.nanoTime();
    /** When the watch pinged the server, having heard nothing for {@link #SILENCE}; 0 once it hears something. */
    private volatile long pingedAt;
    /** Held while a message is sent: the JDK's client refuses a send while another is under way. */
    private final ReentrantLock sending = new ReentrantLock();
    private ScheduledFuture<?> watch;

    private WebSocketLink(WebSocket socket, CompletableFuture<String> closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /**
     * Opens a connection.
     *
     * @param subprotocol the subprotocol to ask for, or null
     */
    static WebSocketLink open(URI uri, String subprotocol, Handler handler) throws ConnectionLostException,
            InterruptedException {
        CompletableFuture<String> closed = new CompletableFuture<>();
        Listener listener = new Listener(handler, closed);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        try {
            WebSocketLink link = new WebSocketLink(builder.buildAsync(uri, listener).get(), closed);
            listener.link = link;
            long every = WATCH_EVERY.toMillis();
            link.watch = WATCH.scheduleWithFixedDelay(() -> link.checkSilence(listener), every, every, TimeUnit.MILLISECONDS);
            closed.whenComplete((reason, problem) -> link.watch.cancel(false));
            return link;
        } catch (ExecutionException e) {
            throw new ConnectionLostException("cannot connect to " + withoutQuery(uri) + ": " + whyNotConnected(e.getCause(), uri),
                    e.getCause());
        }
    }

    void sendText(String text, boolean last) throws ConnectionLostException {
        sending.lock();
        try {
            await(socket.sendText(text, last));
            heard();
        } finally {
            sending.unlock();
        }
    }

    void sendBinary(ByteBuffer data) throws ConnectionLostException {
        sending.lock();
        try {
            await(socket.sendBinary(data, true));
            heard();
        } finally {
            sending.unlock();
        }
    }

    /** Sends a ping and waits for the pong: everything sent before has then been read by the server. */
    void roundTrip(Duration timeout) throws ConnectionLostException, InterruptedException {
        CompletableFuture<Void> answer;
        sending.lock();
        try {
            answer = pong = new CompletableFuture<>();
            await(socket.sendPing(ByteBuffer.allocate(0)));
        } finally {
            sending.unlock();
        }
        try {
            CompletableFuture.anyOf(answer, closed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectionLostException("the server did not answer a ping within " + timeout.toSeconds() + " s");
        }
        if (!answer.isDone()) {
            throw new ConnectionLostException("the connection closed: " + closed.join());
        }
    }

    CompletableFuture<String> closed() {
        return closed;
    }

    /** The close code the server closed with, or -1 if it has not (or the connection just failed). */
    int closeCode() {
        return closeCode;
    }

    /**
     * Pings the server after {@link #SILENCE} without a word from it, and gives the connection up
     * if the silence lasts as long again. A send under way (the server reading slowly) is no silence
     * to act on: the ping waits for the next round.
     */
    private void checkSilence(Listener listener) {
        long now = System.nanoTime();
        if (now - lastHeard < SILENCE.toNanos()) {
            return;
        }
        long pinged = pingedAt;
        if (pinged != 0) {
            if (now - pinged >= SILENCE.toNanos()) {
                socket.abort();
                listener.finish("the server fell silent: no answer for " + SILENCE.toSeconds() + " s to a ping after "
                        + SILENCE.toSeconds() + " s without a word");
            }
            return;
        }
        if (sending.tryLock()) {
            try {
                pingedAt = now;
                socket.sendPing(ByteBuffer.allocate(0));
            } finally {
                sending.unlock();
            }
        }
    }

    /** Something arrived, or the server took what was sent: it is there. */
    private void heard() {
        lastHeard = System.nanoTime();
        pingedAt = 0;
    }

    /**
     * Closes with a close handshake, waiting a few seconds for the server's answer; without one if a
     * send stays stuck that long (a network gone silent), which the close then ends.
     */
    void close() {
        if (!socket.isOutputClosed()) {
            try {
                if (sending.tryLock(5, TimeUnit.SECONDS)) {
                    try {
                        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                    } finally {
                        sending.unlock();
                    }
                    closed.get(5, TimeUnit.SECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                // the connection is gone either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.abort();
    }

    private void await(CompletableFuture<WebSocket> sending) throws ConnectionLostException {
        try {
            sending.join();
        } catch (CompletionException e) {
            throw new ConnectionLostException("the connection failed: " + describe(e.getCause()), e.getCause());
        }
    }

    private static String describe(Throwable problem) {
        return problem.getMessage() == null ? problem.getClass().getSimpleName() : problem.getMessage();
    }

    /** Why a connection could not be opened, in words that say what to check. */
    static String whyNotConnected(Throwable problem, URI uri) {
        for (Throwable cause = problem; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "there is no host called " + uri.getHost() + " (check the address)";
            }
        }
        if (problem instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            return status == 404
                    ? "the server has no WebSocket endpoint at " + uri.getRawPath() + " (HTTP 404); wsfile's is at /wsfile/ws,"
                            + " as in ws://" + uri.getRawAuthority() + "/wsfile/ws"
                    : "the server answered HTTP " + status + " instead of opening a WebSocket connection";
        }
        if (problem instanceof HttpConnectTimeoutException) {
            return "nothing answered within " + CONNECT_TIMEOUT.toSeconds() + " s (check the address, and that no firewall is in the way)";
        }
        if (problem instanceof ConnectException) {
            return "nothing answers on port " + port(uri) + " there (connection refused): is the server running, on that port?";
        }
        return describe(problem);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
    }

    /** The address without its query, which may hold a token that has no place on a terminal. */
    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    private static final class Listener implements WebSocket.Listener {
        private final Handler handler;
        private final CompletableFuture<String> closed;
        volatile WebSocketLink link;

        Listener(Handler handler, CompletableFuture<String> closed) {
            this.handler = handler;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            heard();
            handler.text(data, last);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            heard();
            handler.binary(data, last);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heard();
            WebSocketLink current = link;
            if (current != null) {
                current.pong.complete(null);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            heard();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        /** Tells the link that something arrived, once it is made. */
        private void heard() {
            WebSocketLink current = link;
            if (current != null) {
                current.heard();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            WebSocketLink current = link;
            if (current != null) {
                current.closeCode = statusCode;
            }
            finish("closed by the server (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish("the connection failed: " + describe(error));
        }

        private void finish(String reason) {
            if (closed.complete(reason)) {
                handler.closed(reason);
            }
        }
    }
}
