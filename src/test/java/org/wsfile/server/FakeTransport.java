package org.wsfile.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.wsfile.testing.Waiting;

/**
 * A connection's transport without a network, for unit tests of what the server writes: it
 * records every write and the close, and can be told to stop accepting writes, as a client that
 * stops reading would.
 */
final class FakeTransport implements Transport {
    /** Every fragment written, in order: a String or a ByteBuffer. */
    final List<Object> written = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closure> closed = new CompletableFuture<>();
    /** Writes begun, including those still blocked. */
    private final AtomicInteger writesBegun = new AtomicInteger();
    private final String id;
    private volatile CountDownLatch accepting;

    private FakeTransport(String id, boolean accepting) {
        this.id = id;
        this.accepting = new CountDownLatch(accepting ? 0 : 1);
    }

    /** A connection that takes everything written to it. */
    static FakeTransport reading() {
        return new FakeTransport("fake", true);
    }

    /** A connection with this id that takes everything written to it. */
    static FakeTransport reading(String id) {
        return new FakeTransport(id, true);
    }

    /** A connection whose writes block until {@link #resume()}. */
    static FakeTransport stalled() {
        return new FakeTransport("fake", false);
    }

    void resume() {
        accepting.countDown();
    }

    /** Makes writes that begin from now on block again until {@link #resume()}. */
    void stall() {
        accepting = new CountDownLatch(1);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendText(String text, boolean last) {
        write(text);
    }

    /** Texts written as bytes encoded once for all their connections. */
    final List<Utf8Text> encoded = new CopyOnWriteArrayList<>();

    @Override
    public void sendText(Utf8Text text, boolean last) {
        encoded.add(text);
        write(text.toString());
    }

    @Override
    public void sendBinary(ByteBuffer message) {
        write(message);
    }

    @Override
    public void close(Closure closure) {
        closed.complete(closure);
    }

    private void write(Object fragment) {
        writesBegun.incrementAndGet();
        try {
            if (!accepting.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let a stalled write through");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        written.add(fragment);
    }

    /** Waits until the server has begun a write, whether or not the connection accepts it. */
    void awaitWriteBegun() throws InterruptedException {
        awaitWritesBegun(1);
    }

    /** Waits until the server has begun this many writes, whether or not the connection accepted them. */
    void awaitWritesBegun(int count) throws InterruptedException {
        await(() -> writesBegun.get() >= count, "the server began fewer than " + count + " writes");
    }

    /** Waits until this many fragments have been written whole. */
    void awaitWritten(int count) throws InterruptedException {
        await(() -> written.size() >= count, "fewer than " + count + " fragments were written");
    }

    /** Written text fragments joined, for checks on what a client would have read. */
    String text() {
        StringBuilder text = new StringBuilder();
        written.stream().filter(String.class::isInstance).forEach(text::append);
        return text.toString();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Waiting.until(condition, Duration.ofSeconds(10), what);
    }
}
