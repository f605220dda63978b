package org.wsfile.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.OpCode;
import org.wsfile.websocket.WebSocketFrames;

/**
 * One WebSocket connection ({@code ws://} or {@code wss://}, opened by {@link OpeningHandshake}), on
 * a socket of its own, framed by the codec the server uses too ({@link WebSocketFrames}): sends one
 * message at a time on the caller's thread and hands what arrives, slice by slice, to a
 * {@link Handler} on a reading thread of its own. The JDK's WebSocket client took about half of a
 * sender's and a receiver's CPU in {@code bench/cli.sh}, most of it compiling and running its many
 * asynchronous stages; a plain socket read and written in large pieces costs a fraction of that.
 *
 * <p>A connection that hears nothing for {@link #SILENCE} pings the server, and one that then hears
 * nothing for as long again is given up as lost: a network that drops away (a laptop's Wi-Fi)
 * often leaves no trace on the connection, which would otherwise wait for ever. A message the
 * server takes counts as hearing from it: a sender whose server reads slowly is not alone.
 */
final class WebSocketLink {
    static final Duration SILENCE = Duration.ofSeconds(5);
    /** How often the watch looks at each connection. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** Bytes read at a time: a file's chunk (256 KiB) in one read where the network allows. */
    private static final int READ_SIZE = 256 * 1024;
    /**
     * The most of a payload masked and written at once; a multiple of four, so that every piece
     * starts at the mask's first byte.
     */
    private static final int WRITE_PIECE = 64 * 1024;
    /** The longest header of a frame a client sends: two bytes, a 64-bit length, the mask. */
    private static final int MAX_HEADER = 2 + 8 + 4;
    /** One daemon thread watches every connection's silence. */
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("wsfile-connection-watch"));
    /** Pings the watch sends: a write may wait on a full network, and the watch must not. */
    private static final ExecutorService PINGS = Executors.newCachedThreadPool(DaemonThreads.named("wsfile-connection-ping"));

    /** What arrives; calls come one at a time. */
    interface Handler {
        void text(CharSequence part, boolean last);

        /** A slice of a binary message, valid during the call only. */
        void binary(ByteBuffer part, boolean last);

        /** The connection is over; {@code reason} says how. Called once. */
        void closed(String reason);
    }

    private final Socket socket;
    private final OutputStream out;
    private final Handler handler;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    /** Masks of the frames sent: unpredictable, as RFC 6455 asks of a client. */
    private final SecureRandom random = new SecureRandom();
    /** Held while a frame is written; guards what follows. */
    private final ReentrantLock sending = new ReentrantLock();
    private final byte[] mask = new byte[4];
    private final byte[] written = new byte[MAX_HEADER + WRITE_PIECE];
    /** Whether a text message sent in parts is under way: its next part is a continuation. */
    private boolean continuing;
    private boolean closeSent;
    private volatile CompletableFuture<Void> pong = new CompletableFuture<>();
    private volatile int closeCode = -1;
    /** When something last arrived, as {@link System#nanoTime()}. */
    private volatile long lastHeard = System.nanoTime();
    /** When the watch pinged the server, having heard nothing for {@link #SILENCE}; 0 once it hears something. */
    private volatile long pingedAt;
    private ScheduledFuture<?> watch;

    private WebSocketLink(Socket socket, Handler handler) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.handler = handler;
    }

    /**
     * Opens a connection.
     *
     * @param subprotocol the subprotocol to ask for, or null
     */
    static WebSocketLink open(URI uri, String subprotocol, Handler handler) throws ConnectionLostException {
        OpeningHandshake.Opened opened = OpeningHandshake.open(uri, subprotocol);
        WebSocketLink link;
        try {
            link = new WebSocketLink(opened.socket(), handler);
        } catch (IOException e) {
            opened.close();
            throw new ConnectionLostException("the connection failed: " + describe(e), e);
        }
        byte[] early = opened.early();
        DaemonThreads.named("wsfile-connection-reader").newThread(() -> link.read(early)).start();
        long every = WATCH_EVERY.toMillis();
        link.watch = WATCH.scheduleWithFixedDelay(link::checkSilence, every, every, TimeUnit.MILLISECONDS);
        link.closed.whenComplete((reason, problem) -> link.watch.cancel(false));
        return link;
    }

    void sendText(String text, boolean last) throws ConnectionLostException {
        sending.lock();
        try {
            byte opcode = continuing ? OpCode.CONTINUATION : OpCode.TEXT;
            continuing = !last;
            send(opcode, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } finally {
            sending.unlock();
        }
    }

    /** Sends the buffer's remaining bytes as one binary message; the buffer itself is left as it is. */
    void sendBinary(ByteBuffer data) throws ConnectionLostException {
        sending.lock();
        try {
            send(OpCode.BINARY, true, data);
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
            send(OpCode.PING, true, ByteBuffer.allocate(0));
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

    /** Holds {@link #sending}. */
    private void send(byte opcode, boolean fin, ByteBuffer payload) throws ConnectionLostException {
        try {
            write(opcode, fin, payload);
        } catch (IOException e) {
            throw new ConnectionLostException("the connection failed: " + describe(e), e);
        }
        heard();
    }

    /** Writes one masked frame, its payload a piece at a time. Holds {@link #sending}. */
    private void write(byte opcode, boolean fin, ByteBuffer payload) throws IOException {
        if (closeSent) {
            throw new IOException("the connection is closing");
        }
        closeSent = opcode == OpCode.CLOSE;
        random.nextBytes(mask);
        ByteBuffer header = WebSocketFrames.header(opcode, fin, payload.remaining(), mask);
        int at = header.remaining();
        header.get(written, 0, at);
        ByteBuffer rest = payload.duplicate();
        do {
            int piece = Math.min(WRITE_PIECE, rest.remaining());
            rest.get(written, at, piece);
            WebSocketFrames.mask(written, at, at + piece, mask);
            out.write(written, 0, at + piece);
            at = 0;
        } while (rest.hasRemaining());
    }

    /** Reads until the connection is over, handing on what arrives. */
    private void read(byte[] early) {
        WebSocketFrames frames = WebSocketFrames.fromServer();
        Incoming incoming = new Incoming();
        byte[] bytes = new byte[READ_SIZE];
        try {
            frames.read(ByteBuffer.wrap(early), incoming);
            InputStream in = socket.getInputStream();
            int read;
            while (!closed.isDone() && (read = in.read(bytes)) >= 0) {
                heard();
                frames.read(ByteBuffer.wrap(bytes, 0, read), incoming);
            }
            finish("the server closed the connection without a close frame");
        } catch (WebSocketFrames.BrokenFrame broken) {
            closeWith(broken.code(), broken.getMessage());
            finish("the server broke the WebSocket protocol: " + broken.getMessage());
        } catch (IOException e) {
            finish("the connection failed: " + describe(e));
        } finally {
            abort();
        }
    }

    /**
     * Pings the server after {@link #SILENCE} without a word from it, and gives the connection up
     * if the silence lasts as long again. A send under way (the server reading slowly) is no silence
     * to act on: the ping waits for the next round.
     */
    private void checkSilence() {
        long now = System.nanoTime();
        if (now - lastHeard < SILENCE.toNanos()) {
            return;
        }
        long pinged = pingedAt;
        if (pinged != 0) {
            if (now - pinged >= SILENCE.toNanos()) {
                finish("the server fell silent: no answer for " + SILENCE.toSeconds() + " s to a ping after "
                        + SILENCE.toSeconds() + " s without a word");
                abort();
            }
            return;
        }
        if (!sending.isLocked()) {
            pingedAt = now;
            PINGS.execute(this::ping);
        }
    }

    /** A ping from the watch, unless a send is under way: the server reading it is news enough. */
    private void ping() {
        if (sending.tryLock()) {
            try {
                write(OpCode.PING, true, ByteBuffer.allocate(0));
            } catch (IOException e) {
                // the reader hears of a connection that failed
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
        if (!closed.isDone()) {
            try {
                closeWith(CloseStatus.NORMAL, "");
                closed.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the connection is gone either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        abort();
    }

    /** Sends a close frame, unless one was sent or a send stays stuck for seconds. */
    private void closeWith(int code, String reason) {
        try {
            if (sending.tryLock(5, TimeUnit.SECONDS)) {
                try {
                    if (!closeSent) {
                        write(OpCode.CLOSE, true, CloseStatus.isTransmittableStatusCode(code)
                                ? WebSocketFrames.closePayload(code, reason) : ByteBuffer.allocate(0));
                    }
                } finally {
                    sending.unlock();
                }
            }
        } catch (IOException e) {
            // the connection is gone either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the connection at once: a read or write under way fails. */
    private void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    private void finish(String reason) {
        if (closed.complete(reason)) {
            handler.closed(reason);
        }
    }

    /** A problem in a few words: its message, or its kind if it has none. */
    static String describe(Throwable problem) {
        return problem.getMessage() == null ? problem.getClass().getSimpleName() : problem.getMessage();
    }

    /** The frames read, turned into the handler's calls; on the reading thread. */
    private final class Incoming implements WebSocketFrames.Handler {
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        /** The bytes of a character split between two slices, before the next slice. */
        private ByteBuffer split = ByteBuffer.allocate(0);

        @Override
        public boolean message(boolean text, ByteBuffer slice, boolean first, boolean last) {
            if (closed.isDone()) {
                return false;
            }
            if (!text) {
                handler.binary(slice, last);
                return true;
            }
            ByteBuffer bytes = split.hasRemaining()
                    ? ByteBuffer.allocate(split.remaining() + slice.remaining()).put(split).put(slice).flip() : slice;
            // UTF-8 never has more characters than bytes.
            CharBuffer chars = CharBuffer.allocate(bytes.remaining());
            CoderResult result = utf8.decode(bytes, chars, last);
            if (!result.isError() && last) {
                result = utf8.flush(chars);
                utf8.reset();
            }
            if (result.isError()) {
                closeWith(CloseStatus.BAD_PAYLOAD, "text that is not UTF-8");
                finish("the server sent text that is not UTF-8");
                return false;
            }
            split = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
            handler.text(chars.flip(), last);
            return true;
        }

        @Override
        public void ping(ByteBuffer payload) {
            sending.lock();
            try {
                write(OpCode.PONG, true, payload);
            } catch (IOException e) {
                // the reading that follows hears of it
            } finally {
                sending.unlock();
            }
        }

        @Override
        public void pong(ByteBuffer payload) {
            pong.complete(null);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeWith(code, reason);
            finish("closed by the server (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
        }
    }
}
