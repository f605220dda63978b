package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.internal.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the server writes on a connection it runs itself, read back by a client's frame parser. */
class FrameTransportTest {
    private final DeliveryThreads threads = new DeliveryThreads();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private ContainerStream stream;

    FrameTransportTest() {
        threads.start();
    }

    @AfterEach
    void stop() {
        threads.stop();
    }

    @Test
    void aTextSentInPartsIsOneFramePerPartWhateverItsSize() throws Exception {
        FrameTransport transport = new FrameTransport("t", connection(), threads, () -> { });
        transport.startNonBlocking();
        String first = "text/plain:größe.txt:" + "QUJD".repeat(100_000);
        String second = "日本".repeat(50_000);
        awaitWritable(transport);

        transport.sendText(first, false);
        transport.sendText(second, true);
        transport.sendText("subscribed", true);

        List<Frame> frames = read();
        assertEquals(List.of(OpCode.TEXT, OpCode.CONTINUATION, OpCode.TEXT), frames.stream().map(Frame::getOpCode).toList());
        assertEquals(List.of(false, true, true), frames.stream().map(Frame::isFin).toList());
        assertEquals(List.of(first, second, "subscribed"), frames.stream().map(Frame::getPayloadAsUTF8).toList());
    }

    @Test
    void whatTheStreamCannotTakeYetWaitsAndFollowsInOrderWhenTheContainerSaysItCan() throws Exception {
        FrameTransport transport = new FrameTransport("t", connection(1000), threads, () -> { });
        transport.startNonBlocking();
        String big = "QUJD".repeat(1000);
        awaitWritable(transport);
        // Told only from here on: waiting for the container's first word above may owe a call of its own.
        CountDownLatch writableAgain = new CountDownLatch(1);
        transport.whenWritable(writableAgain::countDown);

        transport.sendText(big, true);
        transport.sendText("second", true);
        transport.pong(ByteBuffer.wrap(new byte[] {7}));
        assertFalse(transport.writable(), "the stream holds more than it takes");
        assertEquals(List.of(big), read().stream().map(Frame::getPayloadAsUTF8).toList());

        stream.networkTookAll();

        assertTrue(writableAgain.await(10, TimeUnit.SECONDS), "the outbox was told it can write again");
        assertTrue(transport.writable());
        List<Frame> frames = read();
        assertEquals(List.of(OpCode.TEXT, OpCode.TEXT, OpCode.PONG), frames.stream().map(Frame::getOpCode).toList());
        assertEquals("second", frames.get(1).getPayloadAsUTF8());
    }

    /** The container's first word that the stream is ready comes on another thread. */
    private static void awaitWritable(FrameTransport transport) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!transport.writable()) {
            assertTrue(System.nanoTime() < deadline, "not writable within 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void aTextWrittenToManyConnectionsIsOneFrameTheyShare() throws Exception {
        Utf8Text text = Utf8Text.of("text/plain:a.txt:" + "QUJD".repeat(1000));
        List<ContainerStream> streams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            FrameTransport transport = new FrameTransport("t" + i, connection(), threads, () -> { });
            transport.startNonBlocking();
            awaitWritable(transport);
            transport.sendText(text, true);
            streams.add(stream);
        }

        assertEquals(1, streams.get(0).arrays.size());
        assertSame(streams.get(0).arrays.get(0), streams.get(1).arrays.get(0));
        wire.reset();
        wire.writeBytes(streams.get(0).arrays.get(0));
        assertEquals(text.toString(), read().get(0).getPayloadAsUTF8());
    }

    /** As when a connection is refused as it opens, before the container has finished upgrading it. */
    @Test
    void aCloseFrameWrittenBeforeTheStreamTurnsNonBlockingGoesOutAtOnce() throws Exception {
        FrameTransport transport = new FrameTransport("t", connection(), threads, () -> { });

        transport.close(Closure.goingAway());

        Frame close = read().get(0);
        assertEquals(OpCode.CLOSE, close.getOpCode());
        assertEquals(1001, new CloseStatus(close.getPayload()).getCode());
    }

    /** Payara deadlocked when the server closed a connection while holding a lock, or on the container's own thread. */
    @Test
    void theContainerClosesTheConnectionOnAnotherThreadThatHoldsNoLockOfTheTransports() throws Exception {
        AtomicReference<FrameTransport> transport = new AtomicReference<>();
        CompletableFuture<Thread> closedOn = new CompletableFuture<>();
        AtomicBoolean closedHoldingTheTransport = new AtomicBoolean();
        WebConnection web = connection(Integer.MAX_VALUE, () -> {
            closedHoldingTheTransport.set(Thread.holdsLock(transport.get()));
            closedOn.complete(Thread.currentThread());
        });
        CountDownLatch dropped = new CountDownLatch(1);
        transport.set(new FrameTransport("t", web, threads, dropped::countDown));
        transport.get().startNonBlocking();

        synchronized (transport.get()) {
            transport.get().closedByClient(1000);
        }

        assertNotEquals(Thread.currentThread(), closedOn.get(10, TimeUnit.SECONDS), "closed on the thread that dropped the connection");
        assertFalse(closedHoldingTheTransport.get(), "closed holding the transport");
        assertTrue(dropped.await(10, TimeUnit.SECONDS), "the connection was told it is dropped");
    }

    private List<Frame> read() {
        Configuration.ConfigurationCustomizer whole = new Configuration.ConfigurationCustomizer();
        whole.setAutoFragment(false);
        whole.setMaxFrameSize(10 << 20);
        Parser client = new Parser(ByteBufferPool.NON_POOLING, whole);
        ByteBuffer bytes = ByteBuffer.wrap(wire.toByteArray());
        List<Frame> frames = new ArrayList<>();
        Frame.Parsed frame;
        while ((frame = client.parse(bytes)) != null) {
            frames.add(Frame.copy(frame));
        }
        return frames;
    }

    private WebConnection connection() {
        return connection(Integer.MAX_VALUE);
    }

    /** A connection whose stream takes writes until {@code capacity} bytes wait in it; see {@link ContainerStream}. */
    private WebConnection connection(int capacity) {
        return connection(capacity, () -> { });
    }

    /** The same, telling {@code onClose} when the transport closes it. */
    private WebConnection connection(int capacity, Runnable onClose) {
        stream = new ContainerStream(wire, capacity);
        return new WebConnection() {
            @Override
            public ServletInputStream getInputStream() {
                throw new UnsupportedOperationException("the transport only writes");
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return stream;
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }

    /**
     * Acts as a container's stream in non-blocking mode: takes writes until {@code capacity} bytes
     * wait, then says it is not ready until the network has taken them, and fails a write or flush
     * made while it is not, as containers may, and a write of part of an array, which Undertow
     * would write whole.
     */
    private static final class ContainerStream extends ServletOutputStream {
        private final ByteArrayOutputStream wire;
        private final int capacity;
        private WriteListener listener;
        /** Every array written, as given. */
        final List<byte[]> arrays = new ArrayList<>();
        private int waiting;
        private boolean ready = true;

        ContainerStream(ByteArrayOutputStream wire, int capacity) {
            this.wire = wire;
            this.capacity = capacity;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (!ready) {
                throw new IllegalStateException("written while not ready");
            }
            if (offset != 0 || length != bytes.length) {
                throw new IllegalArgumentException("part of an array: Undertow's stream would write all of it");
            }
            wire.write(bytes, offset, length);
            arrays.add(bytes);
            waiting += length;
        }

        @Override
        public synchronized void flush() {
            if (!ready) {
                throw new IllegalStateException("flushed while not ready");
            }
        }

        @Override
        public synchronized boolean isReady() {
            ready = waiting < capacity;
            return ready;
        }

        /** As a container does, tells the listener at once that it may write. */
        @Override
        public void setWriteListener(WriteListener listener) {
            this.listener = listener;
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The network took everything waiting, and the container tells the listener. */
        void networkTookAll() throws IOException {
            synchronized (this) {
                waiting = 0;
                ready = true;
            }
            listener.onWritePossible();
        }
    }
}
