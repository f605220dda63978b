package org.wsfile.server;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

/**
 * A WebSocket session without a network, for unit tests of what the server writes: it records
 * every write and the close, and can be told to stop accepting writes, as a client that stops
 * reading would.
 */
final class FakeConnection {
    /** Every fragment written, in order: a String or a ByteBuffer. */
    final List<Object> written = new CopyOnWriteArrayList<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    /** Writes begun, including those still blocked. */
    private final AtomicInteger writesBegun = new AtomicInteger();
    private volatile CountDownLatch accepting;

    private FakeConnection(boolean accepting) {
        this.accepting = new CountDownLatch(accepting ? 0 : 1);
    }

    /** A connection that takes everything written to it. */
    static FakeConnection reading() {
        return new FakeConnection(true);
    }

    /** A connection whose writes block until {@link #resume()}. */
    static FakeConnection stalled() {
        return new FakeConnection(false);
    }

    void resume() {
        accepting.countDown();
    }

    /** Makes writes that begin from now on block again until {@link #resume()}. */
    void stall() {
        accepting = new CountDownLatch(1);
    }

    /** Waits until this many fragments have been written whole. */
    void awaitWritten(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(written.size() + " fragments written, not " + count);
            }
            Thread.sleep(5);
        }
    }

    Session session() {
        RemoteEndpoint.Basic remote = proxy(RemoteEndpoint.Basic.class, (method, args) -> {
            if (method.startsWith("send")) {
                writesBegun.incrementAndGet();
                accepting.await();
                written.add(args[0]);
            }
            return null;
        });
        return proxy(Session.class, (method, args) -> switch (method) {
            case "getId" -> "fake";
            case "getBasicRemote" -> remote;
            case "close" -> {
                closed.complete((CloseReason) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /** Waits until the server has begun a write, whether or not the connection accepts it. */
    void awaitWriteBegun() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writesBegun.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never wrote");
            }
            Thread.sleep(5);
        }
    }

    /** Written text fragments joined, for checks on what a client would have read. */
    String text() {
        StringBuilder text = new StringBuilder();
        written.stream().filter(String.class::isInstance).forEach(text::append);
        return text.toString();
    }

    private interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> handler.handle(method.getName(), args)));
    }
}
