package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import org.eclipse.jetty.websocket.core.OpCode;
import org.wsfile.websocket.WebSocketFrames;

/**
 * A connection's {@link Transport} when the server runs the connection itself
 * ({@link UpgradedConnection}): writes WebSocket frames to the upgraded HTTP connection without
 * ever blocking (the Servlet API's non-blocking output), and closes it with a close frame. A
 * frame's bytes are written as they are, so a text encoded once for thousands of subscribers is
 * never copied per subscriber here; what the stream cannot take yet waits, in order, until the
 * container says it can. After its close frame the server waits a moment for the client's before
 * it drops the connection, so that the client reads the code and reason.
 */
final class FrameTransport implements NonBlockingTransport {
    private static final Logger LOG = Logger.getLogger(FrameTransport.class.getName());
    /** How long the client has to answer the server's close frame. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String id;
    private final WebConnection web;
    private final ServletOutputStream out;
    private final DeliveryThreads threads;
    private final Runnable onDropped;
    /** Bytes written but not yet taken by the stream, whole frames in order. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    /** Whether the stream took bytes since it was last flushed. */
    private boolean unflushed;
    /** Whether the stream is in non-blocking mode: from {@link #startNonBlocking()} on. */
    private boolean nonBlocking;
    /**
     * Whether nothing may be written until the container says the stream is ready: after the stream
     * said it is not, and before the container's first word, which the Servlet API promises.
     */
    private boolean waiting = true;
    private Runnable whenWritable = () -> { };
    /** Whether {@link #writable()} said no, so that {@link #whenWritable} is due once it can. */
    private boolean owesCallback;
    /** Whether a text message was begun and not yet ended, so that its next fragment continues it. */
    private boolean continuing;
    private boolean closeSent;
    private boolean dropped;

    /** @param onDropped told once the underlying connection is ended, whoever ended it */
    FrameTransport(String id, WebConnection web, DeliveryThreads threads, Runnable onDropped) throws IOException {
        this.onDropped = onDropped;
        this.id = id;
        this.web = web;
        this.threads = threads;
        this.out = web.getOutputStream();
    }

    /**
     * Puts the stream in non-blocking mode. Until then (while the container upgrades the
     * connection, when a connection refused at once is closed) writes block, on the container's
     * thread: Payara would otherwise call the listener on another thread while it still finishes the
     * upgrade, and a frame written then may be lost.
     */
    synchronized void startNonBlocking() {
        nonBlocking = true;
        out.setWriteListener(new Listener());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void whenWritable(Runnable callback) {
        whenWritable = callback;
    }

    @Override
    public synchronized boolean writable() throws IOException {
        if (!nonBlocking || closeSent || dropped || drain()) {
            return true; // a write to a closing connection fails at once
        }
        owesCallback = true;
        return false;
    }

    @Override
    public void sendText(String text, boolean last) throws IOException {
        sendText(Utf8Text.of(text), last);
    }

    /** Writes the text as one frame: the frame's bytes, shared with every other connection it goes to, are written as they are. */
    @Override
    public synchronized void sendText(Utf8Text text, boolean last) throws IOException {
        write(ByteBuffer.wrap(text.framed(WebSocketFrames.header(continuing ? OpCode.CONTINUATION : OpCode.TEXT, last,
                text.length()))));
        continuing = !last;
    }

    @Override
    public synchronized void sendBinary(ByteBuffer message) throws IOException {
        write(WebSocketFrames.header(OpCode.BINARY, true, message.remaining()), message.duplicate());
    }

    /** Answers a ping; after the frame being written, if one is. */
    synchronized void pong(ByteBuffer payload) throws IOException {
        write(WebSocketFrames.pong(payload));
    }

    @Override
    public void close(Closure closure) {
        if (sendClose(closure.code(), closure.reason())) {
            try {
                threads.schedule(this::drop, CLOSE_GRACE);
            } catch (RejectedExecutionException stopping) {
                // The application is stopping and its timer with it: no grace.
                drop();
            }
        }
    }

    /** The client closed: answers with its code, unless the server had closed first, and drops the connection. */
    void closedByClient(int code) {
        sendClose(code == 1005 ? 1000 : code, "");
        drop();
    }

    /** @return true if this call sent the close frame */
    private synchronized boolean sendClose(int code, String reason) {
        if (closeSent || dropped) {
            return false;
        }
        try {
            write(WebSocketFrames.close(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection " + id + ": the close frame could not be sent", e);
        }
        closeSent = true;
        return true;
    }

    /**
     * Ends the underlying connection. The container closes it on a writer thread that holds no lock:
     * Payara takes its own locks in one order when the server closes an upgraded connection and in
     * the other when it notices the client hang up, which it tells this connection's reader (and so
     * this method) under the first lock; a close made while holding this transport, or from within
     * the container's call of the reader, left two of its threads waiting for each other for good,
     * and once every thread of its pool was caught so the server answered nobody.
     */
    void drop() {
        synchronized (this) {
            if (dropped) {
                return;
            }
            dropped = true;
            pending.clear();
        }
        try {
            threads.execute(this::closeConnection);
        } catch (RejectedExecutionException stopping) {
            closeConnection(); // the application is stopping and its writer threads with it
        }
        onDropped.run();
    }

    private void closeConnection() {
        try {
            web.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "connection " + id + " could not be closed cleanly", e);
        }
    }

    /** Queues the buffers, then writes what the stream takes now. */
    private void write(ByteBuffer... buffers) throws IOException {
        if (closeSent || dropped) {
            throw new IOException("the connection is closing");
        }
        for (ByteBuffer buffer : buffers) {
            pending.add(wholeArray(buffer));
        }
        drain();
    }

    /**
     * The buffer's bytes as an array of their own, unless they are one already (a shared text's
     * are): Undertow's upgraded stream (2.3) writes the whole array, whatever offset and length it
     * is given, and a read-only buffer has no array to give.
     */
    private static ByteBuffer wholeArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() + buffer.position() == 0 && buffer.remaining() == buffer.array().length) {
            return buffer;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return ByteBuffer.wrap(copy);
    }

    /**
     * Writes pending bytes while the stream is ready for them, and flushes them: the Servlet API
     * allows a write or a flush only after the stream said it is ready, and calls
     * {@link Listener#onWritePossible()} once it is after it said it is not.
     *
     * @return true if nothing is pending and the stream takes more
     */
    private boolean drain() throws IOException {
        if (!nonBlocking) {
            for (ByteBuffer next = pending.poll(); next != null; next = pending.poll()) {
                out.write(next.array());
            }
            out.flush();
            return true;
        }
        while (ready()) {
            ByteBuffer next = pending.poll();
            if (next == null) {
                if (!unflushed) {
                    return true;
                }
                out.flush();
                unflushed = false;
            } else {
                out.write(next.array());
                unflushed = true;
            }
        }
        return false;
    }

    private boolean ready() {
        if (!waiting) {
            waiting = !out.isReady();
        }
        return !waiting;
    }

    /**
     * The container's word that the stream takes more. It may come on a thread that holds the
     * container's locks, or on the very thread that just asked: the rest is done on a writer thread.
     */
    private final class Listener implements WriteListener {
        @Override
        public void onWritePossible() {
            try {
                threads.execute(this::resume);
            } catch (RejectedExecutionException stopping) {
                drop();
            }
        }

        private void resume() {
            Runnable callBack = null;
            Exception failure = null;
            synchronized (FrameTransport.this) {
                waiting = false;
                if (dropped) {
                    return;
                }
                try {
                    if (drain() && owesCallback) {
                        callBack = whenWritable;
                        owesCallback = false;
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                LOG.log(Level.FINE, "connection " + id + " failed", failure);
                drop();
            } else if (callBack != null) {
                callBack.run();
            }
        }

        @Override
        public void onError(Throwable problem) {
            LOG.log(Level.FINE, "connection " + id + " failed", problem);
            drop();
        }
    }
}
