package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A connection's {@link Transport} when the server runs the connection itself
 * ({@link UpgradedConnection}): writes WebSocket frames to the upgraded HTTP connection, one at a
 * time, and closes it with a close frame. After its close frame the server waits a moment for the
 * client's before it drops the connection, so that the client reads the code and reason.
 */
final class FrameTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(FrameTransport.class.getName());
    /** How long the client has to answer the server's close frame. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** Bytes of ASCII text copied at a time. */
    static final int ASCII_PIECE = 8 * 1024;

    private final String id;
    private final WebConnection web;
    private final ServletOutputStream out;
    /** For buffers without an array to write from (read-only ones): copies through a small buffer of its own. */
    private final WritableByteChannel channel;
    private final DeliveryThreads threads;
    private final Runnable onDropped;
    /** Whether a text message was begun and not yet ended, so that its next fragment continues it. */
    private boolean continuing;
    private boolean closeSent;
    private boolean dropped;

    /** @param onDropped told once the underlying connection is ended, whoever ended it */
    FrameTransport(String id, WebConnection web, DeliveryThreads threads, Runnable onDropped) throws IOException {
        this.onDropped = onDropped;
        this.id = id;
        this.web = web;
        this.out = web.getOutputStream();
        this.channel = Channels.newChannel(out);
        this.threads = threads;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Writes the text as one frame. An original-protocol file is written as hundreds of megabytes
     * of base64 text to each of its subscribers, and thousands of connections may be written to at
     * once: ASCII text, which base64 is, is copied into a small piece at a time, one byte per
     * character, rather than encoded into a copy of the whole; other text (names, sentences) is
     * short and simply encoded.
     */
    @Override
    public void sendText(String text, boolean last) throws IOException {
        sendText(MeasuredText.of(text), last);
    }

    @Override
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact, and fast, for ASCII
    public synchronized void sendText(MeasuredText measured, boolean last) throws IOException {
        String text = measured.value();
        int length = measured.utf8Length();
        write(WebSocketFrames.header(continuing ? OpCode.CONTINUATION : OpCode.TEXT, last, length));
        if (length == text.length()) {
            byte[] piece = new byte[Math.min(ASCII_PIECE, length)];
            for (int from = 0; from < length; from += piece.length) {
                int to = Math.min(length, from + piece.length);
                text.getBytes(from, to, piece, 0);
                out.write(piece, 0, to - from);
            }
        } else {
            write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        continuing = !last;
        out.flush();
    }

    @Override
    public synchronized void sendBinary(ByteBuffer message) throws IOException {
        write(WebSocketFrames.header(OpCode.BINARY, true, message.remaining()), message.duplicate());
        out.flush();
    }

    /** Answers a ping. */
    synchronized void pong(ByteBuffer payload) throws IOException {
        write(WebSocketFrames.pong(payload));
        out.flush();
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
            out.flush();
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection " + id + ": the close frame could not be sent", e);
        }
        closeSent = true;
        return true;
    }

    /** Ends the underlying connection. */
    void drop() {
        synchronized (this) {
            if (dropped) {
                return;
            }
            dropped = true;
            try {
                web.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "connection " + id + " could not be closed cleanly", e);
            }
        }
        onDropped.run();
    }

    private void write(ByteBuffer... buffers) throws IOException {
        if (closeSent || dropped) {
            throw new IOException("the connection is closing");
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasArray()) {
                out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            } else {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }
    }
}
