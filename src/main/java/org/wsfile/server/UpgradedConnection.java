package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.StrictUtf8;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.protocol.legacy.LegacyUploadReader;
import org.wsfile.websocket.WebSocketFrames;

/**
 * A WebSocket connection the server runs itself, over the Servlet API's HTTP upgrade, instead of
 * the container's WebSocket engine ({@link OwnUpgrade} says which connections and why). Its
 * frames are read as their bytes arrive ({@link WebSocketFrames}): a file sent in the original
 * protocol, one text frame of any size, is decoded on the way into an {@link UploadSpool} and
 * relayed once whole; every other message is gathered whole, within the endpoint's limits, and
 * handed to the {@link Connection} as the endpoint hands it on. Frames are read on the
 * container's thread, one read at a time, as the endpoint's are; but each whole message is
 * handled on a writer thread, which may wait for subscribers (a file is relayed at their pace)
 * and then reads on if the container will not call the reader again (see {@link
 * #readOnWhenHandled}): a container may read and write many connections on one thread (Undertow
 * does), which must never wait for one of them.
 * <p>
 * Tomcat (TomEE) is the exception: whenever bytes arrive it fills the connection's read buffer on
 * its own thread before it calls the reader, whether or not the reader asked, so a writer thread
 * reading on at that moment would share the buffer with it (the bytes came out mixed). There each
 * message is handled on the container's thread that read it, which then reads on: Tomcat's threads
 * may wait, and it calls nothing else of the connection's meanwhile. Its writes to the client
 * wait for that thread only when the network has no room for them, and a file's relay never waits
 * for its own sender's connection (a sender never receives its own files).
 */
public class UpgradedConnection implements HttpUpgradeHandler {
    private static final Logger LOG = Logger.getLogger(UpgradedConnection.class.getName());
    /** The longest text message other than a file: control frames and subscriptions are far shorter. */
    static final int MAX_TEXT_MESSAGE = 64 * 1024;

    private final String id = UUID.randomUUID().toString();
    private final WebSocketFrames frames = WebSocketFrames.fromClient();
    private final AtomicBoolean ended = new AtomicBoolean();
    private ServerContext server;
    private Map<String, List<String>> parameters;
    /** Whether the client asked for the streaming protocol at the handshake. */
    private boolean streaming;
    private FrameTransport transport;
    private ServletInputStream in;
    /** Whether a message is handled on the container's thread that read it (Tomcat), not on a writer thread. */
    private boolean handledWhereRead;
    /**
     * Held while frames are read and parsed, by the container's thread or a writer thread, and
     * while a message that arrived whole is marked handled: until then nothing more is read.
     */
    private final Object reading = new Object();
    private Connection connection;
    /**
     * Guarded by {@link #reading}: whether the thread that handles a message that arrived whole reads
     * on after it, because the container will not call the reader: the stream still had bytes when
     * the message arrived whole, or the container called while it was handled. Otherwise the
     * container calls once bytes arrive, and a thread of wsfile's reading then could meet one of the
     * container's reading the same stream.
     */
    private boolean readOnWhenHandled;
    /** Reading thread only: the message under way. */
    private final Message message = new Message();

    /** What it needs of the handshake; called before the container calls {@link #init}. */
    void prepare(ServerContext server, Map<String, List<String>> parameters, boolean streaming) {
        this.server = server;
        this.parameters = parameters;
        this.streaming = streaming;
    }

    @Override
    public void init(WebConnection web) {
        try {
            transport = new FrameTransport(id, web, server.threads, this::end);
            in = web.getInputStream();
            handledWhereRead = fillsOnEveryDispatch(in);
            connection = new Connection(transport, server, parameters, streaming);
            transport.startNonBlocking();
            in.setReadListener(new Reader());
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection " + id + " failed as it opened", e);
            end();
        }
    }

    @Override
    public void destroy() {
        end();
    }

    /** Whether the container fills the stream's read buffer on its own whenever bytes arrive (see the class's comment). */
    private static boolean fillsOnEveryDispatch(ServletInputStream in) {
        return in.getClass().getName().startsWith("org.apache.coyote.");
    }

    /** The connection is over, whoever ended it: its files in flight are aborted and its subscriptions end. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        message.giveUp();
        if (connection != null) {
            connection.closed();
        }
        if (transport != null) {
            transport.drop();
        }
    }

    /**
     * What a read takes in, one per reading thread rather than per connection, so that idle
     * connections hold none: a read's bytes are all handled, or copied, before it returns.
     */
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[WebSocketFrames.SLICE]);

    /**
     * Reads while the stream has bytes, until the connection ends or a message has arrived whole:
     * then the message is handled on a writer thread, which reads on after it if the container will
     * not call the reader again ({@link #readOnWhenHandled}). One thread reads at a time; a call of
     * the container's while a message is handled (Undertow makes them) reads nothing, and leaves the
     * reading to the handling thread.
     */
    private void readOn() {
        synchronized (reading) {
            if (message.awaitsHandling()) {
                // The container calls once bytes are ready and not again until the stream is read.
                readOnWhenHandled = true;
                return;
            }
            ByteBuffer rest = readWhileReady();
            if (rest != null) {
                handOn(copy(rest));
            }
        }
    }

    /**
     * Holds {@link #reading}.
     *
     * @return the bytes read after a message that arrived whole and awaits handling, in this
     *         thread's read buffer; null if reading stopped otherwise
     */
    private ByteBuffer readWhileReady() {
        byte[] buffer = READ_BUFFER.get();
        try {
            boolean ready = in.isReady();
            while (!ended.get() && ready) {
                int read = in.read(buffer);
                if (read < 0) {
                    end();
                    return null;
                }
                // Asked at once: a read that empties the container's buffer may hand the reading back
                // to the container, which may then read on its own thread (Undertow does); from then
                // on, until it calls the reader, no other thread may touch the stream.
                ready = in.isReady();
                readOnWhenHandled = ready;
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                if (!parse(bytes)) {
                    return message.awaitsHandling() ? bytes : null;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection " + id + " failed", e);
            end();
        }
        return null;
    }

    /**
     * Holds {@link #reading}.
     *
     * @return false if parsing stopped: a message arrived whole and awaits handling, the bytes after
     *         it left in {@code bytes}, or the connection is over
     */
    private boolean parse(ByteBuffer bytes) {
        while (true) {
            try {
                frames.read(bytes, message);
            } catch (WebSocketFrames.BrokenFrame broken) {
                message.giveUp();
                connection.outbox().close(Closure.brokenFrame(broken.code(), broken.getMessage()));
                return false;
            }
            if (!message.awaitsHandling()) {
                return true;
            }
            if (!handledWhereRead) {
                return false;
            }
            message.handle();
            message.handled();
            if (ended.get()) {
                return false;
            }
        }
    }

    private static ByteBuffer copy(ByteBuffer bytes) {
        return ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
    }

    /**
     * Has the message that arrived whole handled on a writer thread, which then parses these bytes,
     * handling each message that arrives whole among them in turn, and, if the container will not
     * call the reader again, reads on.
     */
    private void handOn(ByteBuffer rest) {
        try {
            server.threads.execute(() -> handleThenReadOn(rest));
        } catch (RejectedExecutionException stopping) {
            message.giveUp();
            connection.outbox().close(Closure.goingAway());
        }
    }

    private void handleThenReadOn(ByteBuffer rest) {
        ByteBuffer bytes = rest;
        while (bytes != null) {
            message.handle();
            synchronized (reading) {
                message.handled();
                bytes = ended.get() ? null : parseThenReadOn(bytes);
            }
        }
    }

    /**
     * Holds {@link #reading}; on a writer thread, after a message was handled.
     *
     * @return the bytes after the next message that arrived whole, which this thread handles next; null if there is none
     */
    private ByteBuffer parseThenReadOn(ByteBuffer bytes) {
        if (!parse(bytes)) {
            return message.awaitsHandling() ? bytes : null;
        }
        if (!readOnWhenHandled) {
            return null;
        }
        ByteBuffer rest = readWhileReady();
        // Copied: the thread lends its read buffer for one read at a time (see READ_BUFFER).
        return rest == null ? null : copy(rest);
    }

    /** What a message asks of the connection once it arrived whole. */
    private interface Handling {
        void run() throws IOException, InterruptedException;
    }

    private final class Reader implements ReadListener {
        @Override
        public void onDataAvailable() {
            readOn();
        }

        @Override
        public void onAllDataRead() {
            end();
        }

        @Override
        public void onError(Throwable problem) {
            LOG.log(Level.FINE, "connection " + id + " failed", problem);
            end();
        }
    }

    /**
     * The message under way, slice by slice: a text message is gathered until its first bytes say
     * whether it is a file; a file goes through a {@link LegacyUploadReader} into a spool, anything
     * else is gathered whole.
     */
    private final class Message implements WebSocketFrames.Handler {
        private final GatheredBytes gathered = new GatheredBytes();
        private boolean text;
        private LegacyUploadReader upload;
        /** Also given up when the connection ends on another thread. */
        private volatile UploadSpool spool;
        /** The rest of a refused message is dropped. */
        private boolean skipping;
        /** What the message that arrived whole asks of the connection, done before anything else is read. */
        private Handling handling;

        /** @return false once a message has arrived whole: it is handled before the next frame is read */
        @Override
        public boolean message(boolean text, ByteBuffer slice, boolean first, boolean last) {
            if (first) {
                this.text = text;
                skipping = false;
                gathered.clear();
            }
            if (!skipping) {
                try {
                    take(slice);
                    if (last) {
                        finish();
                    }
                } catch (ProtocolException refused) {
                    giveUp();
                    skipping = true;
                    connection.refuseLegacy(refused);
                } catch (IOException e) {
                    giveUp();
                    skipping = true;
                    LOG.log(Level.WARNING, "connection " + id + ": could not store a file as it arrived", e);
                    connection.outbox().close(Closure.serverError("the server could not store the file: " + e.getMessage()));
                }
            }
            return handling == null;
        }

        /** Whether a message arrived whole and is not yet handled. */
        boolean awaitsHandling() {
            return handling != null;
        }

        /** Handles the message that arrived whole: a file is relayed at the pace of its subscribers. */
        void handle() {
            try {
                handling.run();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "connection " + id + ": could not read back a spooled file", e);
                connection.outbox().close(Closure.serverError("the server could not relay the file: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end();
            }
        }

        /** The message that arrived whole is handled: the next may be read. Holds {@link #reading}. */
        void handled() {
            handling = null;
        }

        private void take(ByteBuffer slice) throws ProtocolException, IOException {
            if (text && upload == null && gathered.size() < LegacyUploadReader.bytesToTell()) {
                int take = Math.min(LegacyUploadReader.bytesToTell() - gathered.size(), slice.remaining());
                append(slice, take);
                ByteBuffer start = gathered.view();
                if (LegacyUploadReader.isFile(start)) {
                    spool = new UploadSpool(gathered.size() + slice.remaining() + frames.payloadToCome());
                    upload = new LegacyUploadReader(server.settings.maxFileSize(), connection::checkUpload, spool);
                    upload.read(start);
                    gathered.clear();
                }
            }
            if (upload != null) {
                upload.read(slice);
                return;
            }
            int limit = text ? MAX_TEXT_MESSAGE : StreamInbound.MAX_CHUNK_SIZE;
            if (gathered.size() + slice.remaining() > limit) {
                skipping = true;
                connection.outbox().close(Closure.brokenFrame(1009, "a " + (text ? "text" : "binary")
                        + " message of more than " + limit + " bytes"));
                return;
            }
            append(slice, slice.remaining());
        }

        private void append(ByteBuffer slice, int length) {
            gathered.append(slice, length, slice.remaining() - length + frames.payloadToCome());
        }

        private void finish() throws ProtocolException, IOException {
            if (upload != null) {
                LegacyFile file = upload.end();
                upload = null;
                UploadSpool content = spool;
                handling = () -> {
                    try {
                        connection.upload(file, content);
                    } finally {
                        giveUp();
                    }
                };
            } else if (!text) {
                ByteBuffer data = gathered.take();
                handling = () -> connection.binary(data);
            } else {
                try {
                    String frame = StrictUtf8.decode(gathered.take());
                    handling = () -> connection.text(frame);
                } catch (CharacterCodingException e) {
                    connection.outbox().close(Closure.brokenFrame(1007, "a text message that is not UTF-8"));
                }
            }
            gathered.clear();
        }

        @Override
        public void ping(ByteBuffer payload) {
            try {
                transport.pong(payload);
            } catch (IOException e) {
                end();
            }
        }

        @Override
        public void close(int code, String reason) {
            transport.closedByClient(code);
            end();
        }

        /** Drops the file under way, if any, and deletes what was spooled of it. */
        void giveUp() {
            upload = null;
            UploadSpool given = spool;
            spool = null;
            if (given != null) {
                try {
                    given.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "connection " + id + ": could not delete a spooled upload", e);
                }
            }
        }
    }
}
